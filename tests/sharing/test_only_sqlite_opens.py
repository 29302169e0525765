"""Nothing but SQLite ever opens the database or its -wal, -shm and -journal files (a Python audit hook
watches every command while the process holds a connection), and the database is never an input or an
output: ingest skips it, exports, evidence and restores refuse it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS
from tests.sharing.procs import ROOT, env, fresh_rows, workbench


def test_no_command_opens_the_database_file_but_sqlite(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    db = folder / "workbench.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    documents_before = fresh_rows(db, "SELECT count(*) FROM documents")[0][0]
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "sharing" / "open_guard.py"), str(db), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env(),
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["touched"] == []
    codes = report["codes"]
    for ok in ("claims", "documents", "audit log", "audit verify", "verdict", "note", "export", "match"):
        assert codes[ok] == 0, (ok, codes)
    for refused in ("export over db", "export over wal", "evidence db", "restore over db"):
        assert codes[refused] == 1, (refused, codes)
    # the database was not ingested as an article, by path, by glob or through a hard link
    assert fresh_rows(db, "SELECT count(*) FROM documents")[0][0] == documents_before
    assert fresh_rows(db, "SELECT count(*) FROM documents WHERE source LIKE '%workbench.db%'")[0][0] == 0


def test_ingest_says_it_skipped_the_database(tmp_path: Path) -> None:
    db = tmp_path / "workbench.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    (tmp_path / "article.txt").symlink_to(db)
    done = workbench("--db", str(db), "ingest", str(db), str(tmp_path / "article.txt"), "--json")
    report = json.loads(done.stdout)
    assert report["ingested"] == 0 and report["skipped"] == 2 and report["failed"] == []


def test_export_over_the_database_is_refused_even_with_force(tmp_path: Path) -> None:
    db = tmp_path / "workbench.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    before = fresh_rows(db, "SELECT count(*) FROM claims")
    done = workbench(
        "--db", str(db), "export", "--format", "jsonl", "--all", "-o", str(db), "--force", check=False
    )
    assert done.returncode == 1
    assert (
        done.stderr.count("\n") == 1 and "review database" in done.stderr and "Traceback" not in done.stderr
    )
    assert fresh_rows(db, "SELECT count(*) FROM claims") == before
