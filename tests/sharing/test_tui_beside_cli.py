"""The real TUI, in its own long-lived process, judging claims while CLI commands, an ingest, matching
and evidence checks run on the same file in other processes. Every verdict the TUI acknowledged must be
stored, the file must pass SQLite's integrity check and the audit trail must verify.

Before the fix the TUI's second connection read the file header with Python's open(), dropping the
process's SQLite locks at start-up: the first CLI command to close its connection then unlinked the WAL
under the TUI, and the verdicts it showed afterwards never reached the database.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.evidence.localserver import running_server
from tests.sharing.procs import ROOT, deleted_database_files, env, fresh_rows, integrity, workbench

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")

VERDICTS = 8


def test_tui_verdicts_survive_cli_ingest_match_and_evidence_in_other_processes(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    last_claim = int(fresh_rows(db, "SELECT max(id) FROM claims")[0][0])
    tui = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "sharing" / "tui_driver.py"), str(db), "ana", str(VERDICTS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    stop = threading.Event()
    failures: list[str] = []
    wal_seen_deleted: list[str] = []

    def others() -> None:
        with running_server() as server:
            round_no = 0
            while not stop.is_set() and round_no < 12:
                article = tmp_path / f"extra-{round_no}.txt"
                article.write_text(
                    f"Police said {round_no + 30} protesters were detained in Belgrade on Monday (round {round_no}).\n"
                )
                steps = [
                    ("--db", str(db), "claims", "--json"),
                    ("--db", str(db), "audit", "log"),
                    ("--db", str(db), "note", str(last_claim), f"cli note {round_no}", "--reviewer", "bo"),
                    ("--db", str(db), "ingest", str(article), "--workers", "1"),
                    ("--db", str(db), "match"),
                    (
                        "--db",
                        str(db),
                        "evidence",
                        "add",
                        str(last_claim),
                        server.url(f"/ok?r={round_no}"),
                        "--allow-private",
                        "--reviewer",
                        "bo",
                    ),
                    (
                        "--db",
                        str(db),
                        "evidence",
                        "check",
                        str(last_claim),
                        "--allow-private",
                        "--reviewer",
                        "bo",
                    ),
                ]
                for step in steps:
                    done = workbench(*step, check=False)
                    if done.returncode != 0:
                        failures.append(f"{' '.join(step[2:])}: {done.stderr.strip()}")
                    if tui.poll() is None:
                        wal_seen_deleted.extend(deleted_database_files(tui.pid, db))
                round_no += 1

    worker = threading.Thread(target=others)
    worker.start()
    acknowledged: dict[int, str] = {}
    try:
        assert tui.stdout is not None
        for line in tui.stdout:
            message = json.loads(line)
            if "done" in message:
                break
            acknowledged[int(message["claim"])] = str(message["verdict"])
    finally:
        stop.set()
        worker.join(timeout=300)
        tui.wait(timeout=60)
    assert tui.returncode == 0, tui.stderr.read() if tui.stderr else ""
    assert not failures, failures
    assert len(acknowledged) == VERDICTS
    assert wal_seen_deleted == []
    stored = dict(fresh_rows(db, "SELECT id, verdict FROM claims WHERE updated_by = 'ana'"))
    lost = {claim: verdict for claim, verdict in acknowledged.items() if stored.get(claim) != verdict}
    assert lost == {}, f"acknowledged on screen but not stored: {lost}"
    events = fresh_rows(db, "SELECT count(*) FROM events WHERE actor = 'ana' AND action = 'claim.verdict'")
    assert events[0][0] == VERDICTS
    assert integrity(db) == "ok"
    assert workbench("--db", str(db), "audit", "verify").returncode == 0
