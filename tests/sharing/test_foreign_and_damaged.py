"""Files that are not ours are refused unchanged; a damaged page is one line; workers die with their parent."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EVAL_DEV, SEEDS
from tests.sharing.procs import env, fresh_rows, workbench


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_someone_elses_sqlite_file_is_refused_unchanged_until_adopted(tmp_path: Path) -> None:
    other = tmp_path / "inventory.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE stock (item TEXT, qty INTEGER)")
    conn.execute("INSERT INTO stock VALUES ('paper', 3)")
    conn.commit()
    conn.close()
    before = _digest(other)
    for command in (("claims",), ("audit", "log"), ("documents",), ("ingest", str(SEEDS))):
        done = workbench("--db", str(other), *command, check=False)
        assert done.returncode == 1
        assert "not a workbench one" in done.stderr and "init --adopt" in done.stderr
        assert "Traceback" not in done.stderr
    assert _digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inventory.sqlite"]  # no -wal, no -shm left
    conn = sqlite3.connect(other)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    workbench("--db", str(other), "init", "--adopt")
    workbench("--db", str(other), "ingest", str(SEEDS), "--workers", "1")
    assert fresh_rows(other, "SELECT qty FROM stock") == [(3,)]


def test_a_damaged_page_is_one_line_naming_the_file(tmp_path: Path) -> None:
    db = tmp_path / "workbench.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims'").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:  # no connection is open in this process
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    for command in (("claims",), ("verdict", "1", "false", "--reviewer", "ana")):
        done = workbench("--db", str(db), *command, check=False)
        assert done.returncode == 1, done.stdout
        assert done.stderr.count("\n") == 1, done.stderr
        assert str(db) in done.stderr and "damaged" in done.stderr and "backup" in done.stderr
        assert "Traceback" not in done.stderr


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_ingest_workers_exit_when_ingest_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    source = EVAL_DEV / "news-scale.jsonl"
    if source.exists():
        import json

        with source.open(encoding="utf-8") as lines:
            for index, line in zip(range(400), lines, strict=False):
                (folder / f"{index:04d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    else:
        for index in range(400):
            (folder / f"{index:04d}.txt").write_text(
                (SEEDS / "000_24d4c95b88186933.txt").read_text() + f"\n{index}"
            )
    ingest = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "workbench",
            "--db",
            str(tmp_path / "w.db"),
            "ingest",
            str(folder),
            "--workers",
            "2",
        ],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 2 and ingest.poll() is None:
        workers = _children(ingest.pid)
        time.sleep(0.05)
    assert workers, "the ingest started no worker processes"
    os.kill(ingest.pid, signal.SIGKILL)
    ingest.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed ingest"


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_audit_verify_reports_a_damaged_index_the_chain_cannot_see(tmp_path: Path) -> None:
    db = tmp_path / "workbench.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    workbench("--db", str(db), "verdict", "1", "false", "--reviewer", "ana")
    assert workbench("--db", str(db), "audit", "verify").returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'claims_verdict'").fetchone()[0]
    conn.close()
    with db.open("r+b") as handle:  # no connection is open in this process
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\x00" * (page_size - 1))  # an empty leaf: every entry gone from the index
    assert workbench("--db", str(db), "audit", "verify", "--chain-only").returncode == 0
    done = workbench("--db", str(db), "audit", "verify", check=False)
    assert done.returncode == 1
    assert "integrity:" in done.stderr and "is damaged" in done.stderr and "Traceback" not in done.stderr
