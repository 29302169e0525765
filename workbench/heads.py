"""The audit heads this client has verified, kept outside the database so truncation shows.

Heads are remembered under the database's id and under the file's resolved path, so deleting the
id from the database (which gets a new one on open) cannot make a truncated log look new.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from workbench.config import state_path
from workbench.errors import InputError
from workbench.store.audit import Head


def _file() -> Path:
    return state_path() / "verified-heads.json"


def _load() -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _path_key(db_path: Path) -> str:
    return "path:" + os.path.realpath(db_path)


def remembered_head(database_id: str, db_path: Path | None = None) -> tuple[Head | None, str | None]:
    """The head verified last for this database, and a warning when its identity changed."""
    data = _load()
    entry = data.get(database_id)
    warning = None
    if entry is None and db_path is not None:
        entry = data.get(_path_key(db_path))
        if entry is not None and entry.get("database_id") not in (None, database_id):
            warning = (
                f"{db_path} has a new database id since you last verified it "
                "(the file was replaced or its id deleted); checking against the head verified then"
            )
    try:
        head = None if entry is None else Head(int(str(entry["event_id"])), str(entry["hash"]))
    except (KeyError, ValueError):
        head = None
    return head, warning


def remember_head(database_id: str, head: Head, db_path: Path | None = None) -> None:
    path = _file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = _load()
        entry = {"event_id": head.event_id, "hash": head.hash, "database_id": database_id}
        data[database_id] = entry
        if db_path is not None:
            data[_path_key(db_path)] = entry
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


_PRINTED_HEAD = re.compile(r"event (\d+), hash (?:<span class=\"hash\">)?([0-9a-f]{64})")


def head_in_report(report: Path) -> Head:
    """The audit head a Markdown, HTML or JSONL report was made from (its header names it)."""
    try:
        with report.open(encoding="utf-8", errors="replace") as handle:
            start = handle.read(65536)
    except OSError as exc:
        raise InputError(f"cannot read the report {report}: {exc.strerror}") from None
    first = start.split("\n", 1)[0]
    if first.startswith("{"):
        try:
            pinned = json.loads(first).get("audit_head")
            return Head(int(pinned["event_id"]), str(pinned["hash"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            pass
    found = _PRINTED_HEAD.search(start)
    if found is None:
        raise InputError(
            f"{report} names no audit head (Markdown, HTML and JSONL exports do; CSV and ClaimReview do not)"
        )
    return Head(int(found.group(1)), found.group(2))
