"""Resumable ingest: killed with SIGKILL mid-folder, a re-run finishes with no duplicates, intact file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def test_sigkill_mid_ingest_then_rerun_finishes_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(400):
        (folder / f"{i:04d}.txt").write_text(
            f"Article {i}\n\nThe minister said {i} people were detained on Tuesday in district {i}. "
            "Police confirmed the arrests later that day.\n"
        )
    db = tmp_path / "review.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "workbench", "--db", str(db), "ingest", str(folder), "--workers", "1"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if db.exists():
            try:
                conn = sqlite3.connect(db, timeout=1)
                count = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
                conn.close()
            except sqlite3.Error:
                continue
            if count >= 20:
                break
    process.send_signal(signal.SIGKILL)
    process.wait()
    conn = sqlite3.connect(db)
    partial = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    assert 0 < partial < 400, "the kill should land mid-batch"
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 400
    assert conn.execute("SELECT count(DISTINCT sha256) FROM documents").fetchone()[0] == 400
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM events WHERE action = 'document.ingest'").fetchone()[0] == 400
    orphans = conn.execute("SELECT count(*) FROM claims WHERE document_id NOT IN (SELECT id FROM documents)")
    assert orphans.fetchone()[0] == 0
    conn.close()
    verify = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db), "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
