"""The per-process ledger: one JSON object a line, flushed and fsynced before the driver goes on.

A driver writes ``intent`` before it asks for a change and ``ack`` (or ``fail``) once the program
answered. A kill between the two leaves the intent pending: that change may or may not be stored, and
the end check accepts either (see ``bench/soak/check.py``).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any


class Ledger:
    def __init__(self, path: Path, who: str, proc: str) -> None:
        self.path = path
        self.who = who
        self.proc = proc
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, state: str, kind: str, **fields: Any) -> None:
        record = {
            "t": round(time.time(), 4),
            "who": self.who,
            "proc": self.proc,
            "state": state,
            "kind": kind,
        }
        record.update(fields)
        os.write(self._fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(self._fd)

    def close(self) -> None:
        os.close(self._fd)


def read(path: Path) -> list[dict[str, Any]]:
    """Every complete line (a line torn by SIGKILL is dropped: its intent was never fsynced)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out
