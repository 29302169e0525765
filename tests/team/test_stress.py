"""Several reviewer processes and a bulk ingest on one database file: nothing acknowledged is lost.

Each worker process leases claims, proposes verdicts, edits rationales, adds notes and evidence,
triages, flags and undoes (editors also approve and reject) for a few seconds, recording every
acknowledged write; a fifth process ingests ~200 articles meanwhile. Then the acknowledgements are
checked against the database (see ``tests.team.workload.check``).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from tests.team.consistency import check, iter_ack_files
from tests.team.workload import Team, WorkerSpec, ingest_main, start, worker_main
from workbench.actions import review
from workbench.errors import ConflictError
from workbench.reading.sources import RawDocument
from workbench.store import claims as claim_store
from workbench.store.database import open_database

SECONDS = 5.0


@pytest.mark.slow
def test_four_reviewers_and_an_ingest_lose_nothing(
    tmp_path: Path, team_db: tuple[Path, Team], small_articles: list[RawDocument]
) -> None:
    path, team = team_db
    acks = tmp_path / "acks"
    acks.mkdir()
    members = [
        (team.editors[0], "editor"),
        (team.editors[1], "editor"),
        (team.reviewers[0], "reviewer"),
        (team.reviewers[1], "reviewer"),
    ]
    started = time.perf_counter()
    processes = [start(ingest_main, str(path), small_articles, str(acks / "ingest.jsonl"))]
    processes += [
        start(
            worker_main,
            WorkerSpec(str(path), name, role, SECONDS, seed=i, ack_path=str(acks / f"{name}.jsonl")),
        )
        for i, (name, role) in enumerate(members)
    ]
    for process in processes:
        process.join(timeout=120)
        assert process.exitcode == 0, f"a worker failed (exit {process.exitcode}); see {acks}"
    elapsed = time.perf_counter() - started

    report = check(path, iter_ack_files(acks), strict=True)

    assert report.problems() == []
    assert report.chain_ok and report.integrity == "ok" and report.events > 0
    assert report.errors == []  # no unhandled "database is locked" (busy errors were retried: report.busy)
    for op in ("lease", "verdict", "rationale", "note", "evidence", "approve"):
        assert report.acks[op] > 0, f"no acknowledged {op}: the mix did not run ({dict(report.acks)})"
    with sqlite3.connect(path) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert documents == 5 + len({d.text for d in small_articles})
    assert report.writes / elapsed > 5, f"{report.writes} writes in {elapsed:.1f} s"


def test_a_stale_version_is_refused_and_the_newer_write_stands(team_db: tuple[Path, Team]) -> None:
    """The lost-update case the stress relies on, in two connections: the second writer read version v,
    someone else wrote v + 1 meanwhile, so its write is refused and the first one is what remains."""
    path, team = team_db
    with open_database(path) as first, open_database(path) as second:
        claim_id = int(first.conn.execute("SELECT min(id) FROM claims WHERE checkworthy = 1").fetchone()[0])
        read = claim_store.get(second.conn, claim_id).version
        review.set_verdict(
            first,
            claim_id,
            "false",
            actor=team.reviewers[0],
            rationale="Police said 19.",
            expected_version=read,
        )
        with pytest.raises(ConflictError, match="changed by someone else"):
            review.set_verdict(second, claim_id, "verified", actor=team.reviewers[1], expected_version=read)
        claim = claim_store.get(second.conn, claim_id)
    assert (claim.verdict, claim.rationale, claim.version) == ("false", "Police said 19.", read + 1)
    report = check(path, [], strict=False)
    assert report.inconsistent == [] and report.chain_ok


def _copy(path: Path, to: Path, *statements: str) -> Path:
    source, target = sqlite3.connect(path), sqlite3.connect(to)
    source.backup(target)
    source.close()
    for statement in statements:
        target.execute(statement)
    target.commit()
    target.close()
    return to


def test_the_check_catches_lost_overwritten_and_unlogged_changes(
    tmp_path: Path, team_db: tuple[Path, Team]
) -> None:
    """The check itself can fail: each kind of damage it exists to find is found."""
    path, team = team_db
    acks = tmp_path / "acks"
    acks.mkdir()
    worker = start(
        worker_main,
        WorkerSpec(str(path), team.editors[0], "editor", 1.5, seed=3, ack_path=str(acks / "w.jsonl")),
    )
    worker.join(timeout=60)
    assert check(path, iter_ack_files(acks)).problems() == []
    with sqlite3.connect(path) as conn:
        note_id = conn.execute("SELECT max(id) FROM notes").fetchone()[0]
        claim_id = conn.execute(
            "SELECT id FROM claims WHERE version > 1 AND verdict IS NOT NULL ORDER BY id LIMIT 1"
        ).fetchone()[0]
    assert note_id is not None and claim_id is not None

    lost_note = _copy(path, tmp_path / "a.db", f"DELETE FROM notes WHERE id = {note_id}")
    assert any(f"'id': {note_id}" in m for m in check(lost_note, iter_ack_files(acks)).lost)
    silent_edit = _copy(
        path, tmp_path / "b.db", f"UPDATE claims SET verdict = 'verified!' WHERE id = {claim_id}"
    )
    assert any(
        f"claim {claim_id}: verdict" in m for m in check(silent_edit, iter_ack_files(acks)).inconsistent
    )
    overwrite = _copy(
        path, tmp_path / "c.db", f"UPDATE claims SET version = version + 1 WHERE id = {claim_id}"
    )
    assert any(
        f"claim {claim_id}: row version" in m for m in check(overwrite, iter_ack_files(acks)).inconsistent
    )
    forged = acks / "forged.jsonl"
    forged.write_text(
        json.dumps({"op": "verdict", "actor": "rev0", "claim": claim_id, "version": 999, "verdict": "false"})
        + "\n"
    )
    assert len(check(path, iter_ack_files(acks)).lost) == 1
    ghost = acks / "w.jsonl"
    lines = ghost.read_text().splitlines()
    first_note = next(i for i, line in enumerate(lines) if '"op": "note"' in line)
    ghost.write_text("\n".join(lines[:first_note] + lines[first_note + 1 :]) + "\n")
    forged.unlink()
    assert any("never acknowledged" in m for m in check(path, iter_ack_files(acks)).inconsistent)


def test_the_check_catches_a_claim_served_to_two_reviewers(
    tmp_path: Path, team_db: tuple[Path, Team]
) -> None:
    from workbench.actions import signoff
    from workbench.store import audit

    path, team = team_db
    with open_database(path) as database:
        claim_id = signoff.next_claim(database, actor=team.reviewers[0])
        assert claim_id is not None
        assert signoff.next_claim(database, actor=team.reviewers[1]) != claim_id  # the real path refuses
        assert check(path, []).inconsistent == []
        with database.write_unit() as conn:  # a forged second lease of the same claim
            audit.append(
                conn,
                actor=team.reviewers[1],
                action="claim.lease",
                entity="claim",
                entity_id=claim_id,
                claim_id=claim_id,
                after={"reviewer": team.reviewers[1], "expires_at": "2999-01-01"},
            )
    assert any(f"claim {claim_id} leased to {team.reviewers[1]}" in m for m in check(path, []).inconsistent)
