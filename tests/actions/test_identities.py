"""Attacks on who is acting: system: names, whitespace and look-alike spellings for self-approval."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from workbench import queries
from workbench.actions import review, signoff
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


@pytest.mark.parametrize("alias", ["ed ", "ed\u00a0", "Ed", "\u0435d", "ＥＤ"])
def test_an_editor_cannot_approve_his_own_proposal_under_another_spelling(
    team_db: ReviewDatabase, alias: str
) -> None:
    signoff.set_quorum(team_db, "1+2", actor="ana")
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="ed")
    with pytest.raises(PermissionDenied, match="proposed this verdict"):
        signoff.approve(team_db, claim_id, actor=alias)
    signoff.approve(team_db, claim_id, actor="eve")
    status = queries.signoff_status(team_db, claim_id)
    assert status.approvals == 1 and not status.final
    assert {r.name for r in queries.reviewers(team_db)} == {"ana", "ed", "eve", "bo"}


def test_proposals_under_two_spellings_count_once(team_db: ReviewDatabase) -> None:
    signoff.set_quorum(team_db, "2+0", actor="ana")
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="ed")
    review.set_verdict(team_db, claim_id, "false", actor="ED ")
    status = queries.signoff_status(team_db, claim_id)
    assert status.proposals == 1 and not status.final


@pytest.mark.parametrize("name", ["Eve", "\u0435ve", "EVE "])
def test_a_name_colliding_with_an_existing_one_is_refused_at_creation(
    team_db: ReviewDatabase, name: str
) -> None:
    with pytest.raises(InputError, match="too like the existing reviewer 'eve'"):
        signoff.add_reviewer(team_db, name, "admin", actor="ana")


@pytest.mark.parametrize("name", ["system:bo", "System:ingest", "e\u200bve"])
def test_an_admin_cannot_create_a_reserved_or_invisible_name(team_db: ReviewDatabase, name: str) -> None:
    with pytest.raises(InputError):
        signoff.add_reviewer(team_db, name, "admin", actor="ana")


def test_an_internal_actor_holds_no_role(team_db: ReviewDatabase) -> None:
    with pytest.raises(PermissionDenied):
        signoff.set_quorum(team_db, "1+0", actor="system:ingest")
    claim_id = _claim(team_db)
    review.set_verdict(team_db, claim_id, "false", actor="bo")
    with pytest.raises(PermissionDenied):
        signoff.approve(team_db, claim_id, actor="system:watch")


@pytest.mark.parametrize("name", ["system:bo", "system:ingest", "SYSTEM:bo", "\u0455ystem:bo"])
def test_the_cli_refuses_a_system_name_in_one_line(seeded_db: Path, name: str) -> None:
    result = run_cli("--db", str(seeded_db), "--reviewer", name, "quorum", "1+0")
    assert result.code != 0
    assert "reserved for the program's own actors" in result.err
    assert "Traceback" not in result.err and len(result.err.strip().splitlines()) == 1
    assert not any(r.name.startswith("system") for r in queries.reviewers(open_database(seeded_db)))


def test_the_environment_cannot_choose_a_system_name(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_REVIEWER", "system:bo")
    result = run_cli("--db", str(seeded_db), "quorum", "1+0")
    assert result.code != 0 and "reserved" in result.err
