"""Sign-off: proposals, approvals by editors (never one's own), quorum, stale approvals, dissent kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench import queries
from workbench.actions import evidence, review, signoff
from workbench.errors import InputError, PermissionDenied
from workbench.store.database import ReviewDatabase, open_database


@pytest.fixture
def team_db(seeded_db: Path) -> ReviewDatabase:
    database = open_database(seeded_db)
    signoff.add_reviewer(database, "ana", "admin", actor="ana")
    signoff.add_reviewer(database, "ed", "editor", actor="ana")
    signoff.add_reviewer(database, "eve", "editor", actor="ana")
    signoff.add_reviewer(database, "bo", "reviewer", actor="ana")
    return database


def _claim(database: ReviewDatabase) -> int:
    return queries.claims_page(database, queries.ClaimFilter(), limit=1)[0].id


def test_quorum_of_two_approvals(team_db: ReviewDatabase) -> None:
    signoff.set_quorum(team_db, "1+2", actor="ana")
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="ed")
    assert not queries.signoff_status(team_db, claim_id).final
    with pytest.raises(PermissionDenied, match="proposed this verdict"):
        signoff.approve(team_db, claim_id, actor="ed")
    status = signoff.approve(team_db, claim_id, actor="eve")
    assert status.approvals == 1 and not status.final
    status = signoff.approve(team_db, claim_id, actor="ana")
    assert status.final and queries.claim(team_db, claim_id).verdict == "false"


def test_reviewers_cannot_approve_and_only_admins_change_settings(team_db: ReviewDatabase) -> None:
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="ed")
    with pytest.raises(PermissionDenied, match="only an admin or an editor"):
        signoff.approve(team_db, claim_id, actor="bo")
    with pytest.raises(PermissionDenied):
        signoff.set_quorum(team_db, "1+3", actor="ed")
    with pytest.raises(PermissionDenied):
        review.set_scale(team_db, "politifact", actor="bo")
    with pytest.raises(PermissionDenied):
        signoff.add_reviewer(team_db, "mallory", "admin", actor="bo")
    with pytest.raises(InputError):
        signoff.set_quorum(team_db, "two", actor="ana")


def test_evidence_or_rationale_change_makes_approvals_stale(team_db: ReviewDatabase) -> None:
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="bo", rationale="Police said 19.")
    signoff.approve(team_db, claim_id, actor="ed")
    assert queries.signoff_status(team_db, claim_id).final
    item = evidence.add_evidence(team_db, claim_id, "https://example.org/report", actor="bo")
    evidence.edit_evidence(team_db, item.id, actor="bo", stance="refutes")
    status = queries.signoff_status(team_db, claim_id)
    assert not status.final and status.approvals == 0
    assert [j.stale for j in status.judgements if j.kind == "approval"] == [True]
    signoff.approve(team_db, claim_id, actor="eve")
    assert queries.signoff_status(team_db, claim_id).final
    review.set_rationale(team_db, claim_id, "Police said 19; UNMIK said fewer.", actor="bo")
    assert not queries.signoff_status(team_db, claim_id).final
    actions = [e.action for e in queries.history(team_db, claim_id)]
    assert actions.count("approval.stale") == 2


def test_dissent_is_recorded_not_overwritten(team_db: ReviewDatabase) -> None:
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="bo")
    signoff.reject(team_db, claim_id, actor="ed", reason="The count is from police, not independent.")
    review.set_verdict(team_db, claim_id, "misleading", actor="ed")
    status = queries.signoff_status(team_db, claim_id)
    kinds = [(j.reviewer, j.kind, j.verdict) for j in status.judgements]
    assert kinds == [
        ("bo", "proposal", "false"),
        ("ed", "rejection", "false"),
        ("ed", "proposal", "misleading"),
    ]
    disagreements = queries.adjudication(team_db)
    assert disagreements[claim_id] == {"false": ["bo"], "misleading": ["ed"]}


def test_undoing_a_verdict_withdraws_its_proposal(team_db: ReviewDatabase) -> None:
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="bo")
    review.undo_last(team_db, actor="bo")
    status = queries.signoff_status(team_db, claim_id)
    assert status.verdict is None and status.judgements == [] and not status.final


def test_leases_serve_different_claims_and_overlap_serves_the_same(team_db: ReviewDatabase) -> None:
    first = signoff.next_claim(team_db, actor="bo")
    second = signoff.next_claim(team_db, actor="ed")
    assert first is not None and second is not None and first != second
    assert signoff.next_claim(team_db, actor="bo") == first  # your own lease comes back to you
    review.set_verdict(team_db, first, "false", actor="bo")
    assert signoff.next_claim(team_db, actor="bo") not in (first, second)
    signoff.set_overlap(team_db, 2, actor="ana")
    shared = signoff.next_claim(team_db, actor="eve")
    assert shared == first  # with overlap 2, a second reviewer judges bo's claim blind
    events = [e.action for e in queries.audit_log(team_db)]
    assert events.count("claim.lease") >= 4
