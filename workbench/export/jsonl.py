"""JSONL verdict report: everything, one JSON object per line, for scripts and archives.

Line 1 is the header ``{"_type": "report", "format": "factcheck-workbench/report", "version": 1,
"database", "generated_at", "filters", "audit_head", "scale", "organisation", "summary"}``.
Then one ``{"_type": "claim", ...}`` per claim with every field of ``ReportClaim`` (document,
verdict, evidence, sign-off, disagreements, events). The last line is
``{"_type": "end", "claims": N}``: a file without it was cut short.

Strings are exact (no display cleaning); C1 controls, bidi overrides and U+2028/2029 are written
as ``\\uXXXX`` escapes (JSON already escapes C0), so printing the file cannot drive a terminal.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from typing import Any, TextIO

from .model import ExportResult, Report

_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x80, 0xA0)}
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_ESCAPES.update({ord(c): f"\\u{ord(c):04x}" for c in _BIDI})
_ESCAPES.update({0x2028: "\\u2028", 0x2029: "\\u2029"})
_TO_ESCAPE = re.compile("[" + "".join(chr(c) for c in _ESCAPES) + "]")
FORMAT = "factcheck-workbench/report"
VERSION = 1


_SCALARS = (str, int, float, bool, type(None))


def plain(obj: Any) -> Any:
    """Dataclasses, mappings and tuples as JSON-ready dicts and lists."""
    if isinstance(obj, _SCALARS):
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    return obj


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """``json.dumps`` that keeps non-ASCII text readable but escapes terminal-active characters."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent, default=str)
    return _TO_ESCAPE.sub(lambda m: _ESCAPES[ord(m.group())], text)


def header(report: Report) -> dict[str, Any]:
    return {
        "_type": "report",
        "format": FORMAT,
        "version": VERSION,
        "database": report.database,
        "generated_at": report.generated_at,
        "filters": plain(report.filters),
        "audit_head": _head(report),
        "scale": plain(report.scale) | {"numeric": report.scale.numeric},
        "organisation": plain(report.organisation),
        "summary": plain(report.summary),
    }


def render_jsonl(report: Report, out: TextIO) -> ExportResult:
    """Write the header line, one line per claim, and the end line."""
    out.write(dumps(header(report)) + "\n")
    n = 0
    for claim in report.claims:
        out.write(dumps({"_type": "claim"} | plain(claim)) + "\n")
        n += 1
    out.write(dumps({"_type": "end", "claims": n}) + "\n")
    return ExportResult(claims=n, written=n)


def _head(report: Report) -> dict[str, Any] | None:
    """The pinned head; its signer, key and signature only when its event was signed."""
    if report.audit_head is None:
        return None
    return {k: v for k, v in plain(report.audit_head).items() if v is not None}
