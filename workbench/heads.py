"""The audit heads this client has verified, kept outside the database so truncation shows."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.config import state_path
from workbench.store.audit import Head


def _file() -> Path:
    return state_path() / "verified-heads.json"


def remembered_head(database_id: str) -> Head | None:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
        entry = data[database_id]
        return Head(int(entry["event_id"]), str(entry["hash"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember_head(database_id: str, head: Head) -> None:
    path = _file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data[database_id] = {"event_id": head.event_id, "hash": head.hash}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass
