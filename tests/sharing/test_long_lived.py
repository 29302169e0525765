"""A long-lived process keeps the database open (as the TUI does) while other processes come and go.

Before the fix, opening a second connection read the file's header with Python's open(); closing that
descriptor dropped every POSIX lock the process held on the file, so the next process to close its
connection thought it was the last one, checkpointed and unlinked the WAL under the long-lived one,
whose later commits then went to a file nobody else could see.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.sharing.procs import ROOT, deleted_database_files, env, fresh_rows, integrity, workbench

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")


class Holder:
    """The long-lived process, spoken to line by line."""

    def __init__(self, db: Path, actor: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "sharing" / "holder.py"), str(db), actor],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env(),
        )
        assert self.ask_raw() == "ready"

    def ask_raw(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def ask(self, line: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer = self.ask_raw()
        assert answer.startswith("ok"), f"{line!r} -> {answer!r}"
        return answer.removeprefix("ok").strip()

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.write("quit\n")
            self.process.stdin.flush()
            self.process.wait(timeout=30)


def test_others_opening_and_closing_never_unlink_the_wal_of_a_long_lived_process(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    workbench("--db", str(db), "ingest", str(SEEDS))
    claim_ids = [int(row[0]) for row in fresh_rows(db, "SELECT id FROM claims ORDER BY id LIMIT 6")]
    article = tmp_path / "more.txt"
    holder = Holder(db, "ana")
    holder_notes: list[int] = []
    try:
        for round_no in range(4):
            # the long-lived process opens and closes short-lived connections, as the TUI's workers do
            holder.ask("peek")
            holder_notes.append(int(holder.ask(f"note {claim_ids[0]} held round {round_no}")))
            # other processes open, read, write and close
            workbench("--db", str(db), "claims", "--json")
            workbench("--db", str(db), "audit", "log")
            workbench("--db", str(db), "note", str(claim_ids[1]), f"cli round {round_no}", "--reviewer", "bo")
            article.write_text(
                f"Officials said {round_no + 20} people were detained on Monday in round {round_no}.\n"
            )
            workbench("--db", str(db), "ingest", str(article))
            holder.ask("peek")
            holder_notes.append(int(holder.ask(f"note {claim_ids[0]} held after round {round_no}")))
            assert deleted_database_files(holder.process.pid, db) == []
            stored = {int(row[0]) for row in fresh_rows(db, "SELECT id FROM notes WHERE author = 'ana'")}
            assert set(holder_notes) <= stored, f"acknowledged notes missing: {set(holder_notes) - stored}"
            cli_notes = fresh_rows(db, "SELECT count(*) FROM notes WHERE author = 'bo'")[0][0]
            assert cli_notes == round_no + 1
    finally:
        holder.close()
    assert integrity(db) == "ok"
    assert workbench("--db", str(db), "audit", "verify").returncode == 0
    stored = {int(row[0]) for row in fresh_rows(db, "SELECT id FROM notes WHERE author = 'ana'")}
    assert set(holder_notes) <= stored
