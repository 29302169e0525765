"""Bugs found while proving the shared database, kept as regression tests now that they are fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.team.workload import Team
from workbench.actions import review, signoff
from workbench.errors import ConflictError
from workbench.store import audit
from workbench.store import claims as claim_store
from workbench.store.database import open_database


def test_the_admin_who_adds_a_reviewer_is_the_actor_of_the_event(team_db: tuple[Path, Team]) -> None:
    path, team = team_db
    with open_database(path) as database:
        signoff.add_reviewer(database, "carla", "editor", actor=team.admin)
        added = audit.events(database.conn, action="reviewer.add")[-1]
    assert added.after == {"name": "carla", "role": "editor", "os_user": None}
    assert added.actor == team.admin  # today: "carla" granted herself the editor role, says the trail


def test_approving_a_proposal_that_changed_since_it_was_read_is_a_conflict(
    team_db: tuple[Path, Team],
) -> None:
    path, team = team_db
    with open_database(path) as editor_view, open_database(path) as reviewer_view:
        claim_id = int(
            editor_view.conn.execute("SELECT min(id) FROM claims WHERE checkworthy = 1").fetchone()[0]
        )
        review.set_verdict(
            reviewer_view, claim_id, "false", actor=team.reviewers[0], rationale="Police said 19."
        )
        seen = signoff.status(editor_view, claim_id)  # the editor reads "false" and decides to approve...
        assert seen.verdict == "false"
        seen_version = claim_store.get(editor_view.conn, claim_id).version
        review.set_verdict(reviewer_view, claim_id, "verified", actor=team.reviewers[1])  # ...meanwhile
        # Today signoff.approve(editor_view, claim_id, actor=...) succeeds and makes "verified" final.
        with pytest.raises(ConflictError):
            signoff.approve(editor_view, claim_id, actor=team.editors[0], expected_version=seen_version)


def test_undoing_a_verdict_brings_back_the_earlier_proposal(team_db: tuple[Path, Team]) -> None:
    path, team = team_db
    first, second = team.reviewers
    with open_database(path) as database:
        claim_id = int(
            database.conn.execute("SELECT min(id) FROM claims WHERE checkworthy = 1").fetchone()[0]
        )
        proposed = review.set_verdict(database, claim_id, "false", actor=first, rationale="Police said 19.")
        p1 = database.conn.execute("SELECT proposal_id FROM claims WHERE id = ?", (claim_id,)).fetchone()[0]
        review.set_verdict(database, claim_id, "verified", actor=second, expected_version=proposed.version)
        event = audit.events(database.conn, claim_id=claim_id, action="claim.verdict")[-1]
        review.undo_last(database, actor=second)
        claim = claim_store.get(database.conn, claim_id)
        current = database.conn.execute(
            "SELECT proposal_id FROM claims WHERE id = ?", (claim_id,)
        ).fetchone()[0]
        withdrawn = database.conn.execute(
            "SELECT withdrawn_at FROM judgements WHERE id = ?", (current,)
        ).fetchone()[0]
    assert claim.verdict == "false"
    assert event.before["proposal_id"] == p1  # today: the new proposal's id
    assert current == p1 and withdrawn is None  # today: the claim points at the withdrawn proposal


def test_truncation_is_caught_even_when_the_database_id_is_replaced(team_db: tuple[Path, Team]) -> None:
    import sqlite3

    from tests.conftest import run_cli

    path, team = team_db
    with open_database(path) as database:
        claim_id = int(database.conn.execute("SELECT min(id) FROM claims").fetchone()[0])
        for i in range(4):
            review.add_note(
                database, claim_id, f"Ask the ministry for the list ({i}).", actor=team.reviewers[0]
            )
    assert run_cli("--db", str(path), "audit", "verify").code == 0
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER events_no_delete")
    conn.execute("DELETE FROM events WHERE id > (SELECT max(id) - 3 FROM events)")
    conn.execute("DELETE FROM meta WHERE key = 'database_id'")  # open_database makes up a new one
    conn.commit()
    conn.close()
    assert run_cli("--db", str(path), "audit", "verify").code == 1
