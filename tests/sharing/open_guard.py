"""Run workbench commands in this process while it holds the database open, and report every time
Python code (not SQLite) opened, copied, renamed or removed the database file or one of its SQLite files.

    python tests/sharing/open_guard.py DB WORKDIR

Prints one JSON object: {"touched": [[event, path], ...], "codes": {command: exit code}}.
A Python audit hook sees ``open`` (builtins.open, io.open, os.open, pathlib), ``shutil.copyfile``,
``os.rename``, ``os.remove`` and friends; SQLite's own C-level opens are not audited, which is the point.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

from workbench.store.database import open_database

WATCHED_EVENTS = {
    "open",
    "shutil.copyfile",
    "shutil.copymode",
    "os.rename",
    "os.remove",
    "os.truncate",
    "os.link",
}


def main(db: Path, workdir: Path) -> int:
    names = {os.path.realpath(f"{db}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")}
    touched: list[tuple[str, str]] = []

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in WATCHED_EVENTS or not args:
            return
        for arg in args[:2]:
            if isinstance(arg, (str, bytes, os.PathLike)):
                path = os.fsdecode(arg)  # type: ignore[arg-type]
                if os.path.realpath(path) in names:
                    touched.append((event, path))

    hard_link = workdir / "looks-like-an-article.txt"
    os.link(db, hard_link)
    holder = open_database(db)  # held for the whole run, as a TUI would
    sys.addaudithook(hook)
    from workbench.cli import main as workbench

    claim = str(holder.conn.execute("SELECT min(id) FROM claims").fetchone()[0])
    commands = {
        "claims": ["claims", "--json"],
        "documents": ["documents"],
        "audit log": ["audit", "log"],
        "audit verify": ["audit", "verify"],
        "verdict": ["verdict", claim, "false", "--reviewer", "ana"],
        "note": ["note", claim, "checked", "--reviewer", "ana"],
        "ingest folder": ["ingest", str(db.parent), "--workers", "1"],
        "ingest files": ["ingest", str(db), f"{db}-wal", f"{db}-shm", str(hard_link), "--workers", "1"],
        "export over db": ["export", "--format", "csv", "-o", str(db), "--force"],
        "export over wal": ["export", "--format", "csv", "-o", f"{db}-wal", "--force"],
        "export": ["export", "--format", "md", "-o", str(workdir / "report.md")],
        "evidence db": ["evidence", "add", claim, str(db), "--reviewer", "ana"],
        "restore over db": ["backup", "restore", str(workdir / "replica"), "-o", str(db)],
        "match": ["match"],
    }
    codes = {}
    for name, args in commands.items():
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            codes[name] = workbench(["--db", str(db), *args])
    holder.close()
    print(json.dumps({"touched": touched, "codes": codes}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
