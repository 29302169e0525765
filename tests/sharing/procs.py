"""Helpers for tests that share one database between real, separate processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env() -> dict[str, str]:
    """The environment for child processes: this checkout first on the path, no user config."""
    child = dict(os.environ)
    child["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), child.get("PYTHONPATH")]))
    return child


def workbench(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real CLI as its own process."""
    done = subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        env=env(),
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"workbench {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done


def deleted_database_files(pid: int, db: Path) -> list[str]:
    """The process's open descriptors of the database's files that were unlinked under it."""
    found = []
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(db)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def fresh_rows(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Read through a brand-new process, so nothing cached in this one can answer."""
    code = (
        "import json, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], timeout=15)\n"
        "print(json.dumps(conn.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall()))\n"
    )
    import json

    done = subprocess.run(
        [sys.executable, "-c", code, str(db), sql, json.dumps(list(params))],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [tuple(row) for row in json.loads(done.stdout)]


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db, timeout=15)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def run_beside(pid: int, db: Path, step: tuple[str, ...]) -> str | None:
    """Run one CLI step while the process ``pid`` holds the database open: the failure, or None. The step
    must leave no deleted database file open in that process (its SQLite locks would be gone)."""
    done = workbench("--db", str(db), *step, check=False)
    assert deleted_database_files(pid, db) == [], f"after {' '.join(step)}"
    return None if done.returncode == 0 else f"{' '.join(step)}: {done.stderr.strip()}"


def not_stored(db: Path, reviewer: str, acknowledged: dict[int, str]) -> dict[int, str]:
    """The acknowledged verdicts that the database (read by a fresh process) does not hold."""
    stored = dict(fresh_rows(db, "SELECT id, verdict FROM claims WHERE updated_by = ?", reviewer))
    return {claim: verdict for claim, verdict in acknowledged.items() if stored.get(claim) != verdict}
