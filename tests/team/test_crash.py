"""A writer killed with SIGKILL in the middle of its transactions, ten times: every change it
acknowledged (fsynced to its result file after the commit returned) survives, nothing half-written
is visible, the chain verifies, and a reviewer writing beside it all along is never stuck."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.team.consistency import check, iter_ack_files
from tests.team.workload import (
    Team,
    WorkerSpec,
    kill_inside_transaction,
    start,
    worker_main,
)
from workbench.store import audit
from workbench.store.database import open_database

KILLS = 10


def _started(ack_file: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ack_file.exists() and ack_file.stat().st_size > 0:
            return
        time.sleep(0.005)
    raise AssertionError(f"the writer did not start ({ack_file})")


@pytest.mark.slow
def test_sigkilled_writers_leave_only_whole_committed_changes(
    tmp_path: Path, team_db: tuple[Path, Team]
) -> None:
    path, team = team_db
    acks = tmp_path / "acks"
    acks.mkdir()
    rng = random.Random(6)
    survivor = start(
        worker_main,
        WorkerSpec(
            str(path),
            team.editors[0],
            "editor",
            3600,
            seed=99,
            fsync=True,
            ack_path=str(acks / "survivor.jsonl"),
        ),
    )
    acknowledged_before_kill: list[int] = []
    inside: list[bool] = []
    for k in range(KILLS):
        ack_file = acks / f"victim-{k}.jsonl"
        victim = start(
            worker_main,
            WorkerSpec(
                str(path),
                team.reviewers[k % 2],
                "reviewer",
                3600,
                seed=k,
                fsync=True,
                think_ms=0,
                ingest_every=4,
                ack_path=str(ack_file),
            ),
        )
        _started(ack_file)
        time.sleep(rng.uniform(0.1, 0.6))
        assert victim.pid is not None
        # Every other kill waits until the writer is seen inside a write transaction.
        inside.append(kill_inside_transaction(victim.pid, path, timeout=2.0 if k % 2 == 0 else 0.0))
        victim.join(timeout=10)
        assert victim.exitcode == -signal.SIGKILL
        acknowledged_before_kill.append(
            sum(
                1
                for line in ack_file.read_text().splitlines()
                if json.loads(line)["op"] not in ("start", "conflict", "refused")
            )
        )
    assert survivor.pid is not None and survivor.is_alive(), "the reviewer beside the killed writers died"
    os.kill(survivor.pid, signal.SIGKILL)  # it is a victim too, at a random moment of its own
    survivor.join(timeout=10)

    report = check(path, iter_ack_files(acks), strict=False)

    assert report.problems() == []
    assert report.lost == [] and report.inconsistent == []
    assert report.chain_ok and report.integrity == "ok" and report.foreign_keys == 0
    assert report.errors == []
    # Each kill can leave at most the one change it committed but had not yet acknowledged.
    assert report.unacknowledged <= KILLS + 1
    if Path("/proc/locks").exists():
        assert sum(inside) >= KILLS // 4, f"too few kills landed inside a transaction: {inside}"
    assert sum(acknowledged_before_kill) > KILLS, acknowledged_before_kill
    assert report.acks["ingest"] > 0 and report.acks["verdict"] > 0
    # The file is whole and usable afterwards: it opens, takes a write and still verifies.
    with open_database(path) as database:
        review_claim = int(database.conn.execute("SELECT min(id) FROM claims").fetchone()[0])
        from workbench.actions import review

        review.add_note(database, review_claim, "Checked after the crashes.", actor=team.admin)
        assert audit.verify(database.conn).ok
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _pause_inside_write_unit(db: str, action: str, claim_id: int, actor: str, ready: str) -> None:
    """Child process: run a real action, but stop just before its audit event is inserted (the change
    itself is already written inside the open transaction), tell the parent, and wait to be killed."""
    from workbench.actions import review, signoff
    from workbench.actions.ingest import ingest_documents
    from workbench.reading.sources import RawDocument

    def stop_here(*args: object, **kwargs: object) -> None:
        Path(ready).write_text("inside", encoding="utf-8")
        time.sleep(3600)

    audit.append = stop_here  # type: ignore[assignment]  # this forked child only
    with open_database(db) as database:
        if action == "verdict":
            review.set_verdict(database, claim_id, "false", actor=actor, rationale="Half-written.")
        elif action == "note":
            review.add_note(database, claim_id, "Half-written note.", actor=actor)
        elif action == "approve":
            signoff.approve(database, claim_id, actor=actor)
        else:
            text = "Half-written article. The minister said 40 people were detained on Tuesday."
            ingest_documents(database, [RawDocument("half", text, "text/plain", "utf-8")], workers=1)


def _snapshot(path: Path) -> dict[str, object]:
    with sqlite3.connect(path) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("events", "documents", "claims", "notes", "judgements")
        } | {
            "claim": conn.execute(
                "SELECT verdict, rationale, version, final FROM claims WHERE id = "
                "(SELECT min(id) FROM claims WHERE checkworthy = 1)"
            ).fetchone()
        }


@pytest.mark.parametrize("action", ["verdict", "note", "approve", "ingest"])
def test_a_writer_killed_inside_its_transaction_leaves_nothing(
    tmp_path: Path, team_db: tuple[Path, Team], action: str
) -> None:
    path, team = team_db
    with open_database(path) as database:
        from workbench.actions import review

        claim_id = int(
            database.conn.execute("SELECT min(id) FROM claims WHERE checkworthy = 1").fetchone()[0]
        )
        if action == "approve":
            review.set_verdict(database, claim_id, "misleading", actor=team.reviewers[0])
    before = _snapshot(path)
    ready = tmp_path / "ready"
    actor = team.editors[0] if action == "approve" else team.reviewers[1]
    child = start(_pause_inside_write_unit, str(path), action, claim_id, actor, str(ready))
    _started(ready)
    # The child holds the write lock with its change written but not committed.
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError, match=r"locked|busy"):
        probe.execute("BEGIN IMMEDIATE")
    probe.close()
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(timeout=10)

    assert _snapshot(path) == before
    report = check(path, [], strict=False)
    assert report.problems() == []
    with open_database(path) as database:  # the lock died with the writer: the next write goes through
        from workbench.actions import review

        review.add_note(database, claim_id, "After the crash.", actor=team.admin)
        assert audit.verify(database.conn).ok
