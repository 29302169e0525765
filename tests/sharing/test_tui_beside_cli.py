"""The real TUI, in its own long-lived process, judging claims while CLI commands, an ingest, matching
and evidence checks run on the same file in other processes, one verdict between each of them. Every
verdict the TUI acknowledged must be stored, the file must pass SQLite's integrity check and the audit
trail must verify.

Before the fix the TUI's second connection read the file header with Python's open(), dropping the
process's SQLite locks at start-up: the first CLI command to close its connection then unlinked the WAL
under the TUI, and the verdicts it showed afterwards never reached the database.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.evidence.localserver import running_server
from tests.sharing.procs import (
    ROOT,
    env,
    fresh_rows,
    integrity,
    not_stored,
    run_beside,
    workbench,
)

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")


class Tui:
    def __init__(self, db: Path, reviewer: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "sharing" / "tui_driver.py"), str(db), reviewer],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env(),
        )
        assert self.answer() == {"ready": True}

    def answer(self) -> dict[str, object]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the TUI process ended (exit {self.process.wait()})"
        return dict(json.loads(line))

    def verdict(self) -> dict[str, object]:
        assert self.process.stdin is not None
        self.process.stdin.write("verdict\n")
        self.process.stdin.flush()
        return self.answer()

    def quit(self) -> int:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
        return self.process.wait(timeout=60)


def test_tui_verdicts_survive_cli_ingest_match_and_evidence_in_other_processes(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    last_claim = int(fresh_rows(db, "SELECT max(id) FROM claims")[0][0])
    acknowledged: dict[int, str] = {}
    failures: list[str] = []
    tui = Tui(db, "ana")
    try:
        with running_server() as server:
            for round_no in range(3):
                article = tmp_path / f"extra-{round_no}.txt"
                article.write_text(
                    f"Police said {round_no + 30} protesters were detained in Belgrade on Monday (round {round_no}).\n"
                )
                steps = [
                    ("claims", "--json"),
                    ("audit", "log"),
                    ("note", str(last_claim), f"cli note {round_no}", "--reviewer", "bo"),
                    ("ingest", str(article), "--workers", "1"),
                    ("match",),
                    (
                        "evidence",
                        "add",
                        str(last_claim),
                        server.url(f"/ok?r={round_no}"),
                        "--allow-private",
                        "--reviewer",
                        "bo",
                    ),
                    ("evidence", "check", str(last_claim), "--allow-private", "--reviewer", "bo"),
                ]
                for step in steps:
                    answer = tui.verdict()
                    if "verdict" in answer:
                        acknowledged[int(str(answer["claim"]))] = str(answer["verdict"])
                    failure = run_beside(tui.process.pid, db, step)
                    if failure:
                        failures.append(failure)
            answer = tui.verdict()
            if "verdict" in answer:
                acknowledged[int(str(answer["claim"]))] = str(answer["verdict"])
    finally:
        code = tui.quit()
    assert code == 0
    assert not failures, failures
    assert len(acknowledged) == 22
    lost = not_stored(db, "ana", acknowledged)
    assert lost == {}, f"acknowledged on screen but not stored: {lost}"
    events = fresh_rows(db, "SELECT count(*) FROM events WHERE actor = 'ana' AND action = 'claim.verdict'")
    assert events[0][0] == len(acknowledged)
    assert integrity(db) == "ok"
    assert workbench("--db", str(db), "audit", "verify").returncode == 0
