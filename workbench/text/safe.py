"""Untrusted text made safe to show in a terminal: control characters and escapes become visible."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control characters (ESC, BEL, CR, bidi overrides...) with visible ``\\xNN`` escapes."""
    result = _CONTROL.sub(_escape, text)
    if not keep_newlines:
        result = result.replace("\n", " ").replace("\t", " ")
    return result


def one_line(text: str, limit: int | None = None) -> str:
    """Printable, on one line with collapsed whitespace, optionally cut with an ellipsis."""
    line = " ".join(printable(text, keep_newlines=False).split())
    if limit is not None and len(line) > limit:
        return line[: max(0, limit - 1)] + "…"
    return line


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
