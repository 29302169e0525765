"""Editors sign off from the keyboard; the claim view shows quorum progress and stale approvals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from tests.tui.conftest import SIZE, db_rows, settle
from workbench.actions import review, signoff
from workbench.store.database import open_database
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen


def _team(review_db: Path) -> int:
    with open_database(review_db) as database:
        signoff.add_reviewer(database, "ana", "admin", actor="ana")
        signoff.add_reviewer(database, "ed", "editor", actor="ana")
        signoff.add_reviewer(database, "bo", "reviewer", actor="ana")
        claim_id = signoff.next_claim(database, actor="bo")
        assert claim_id is not None
        review.set_verdict(database, claim_id, "false", actor="bo")
    return claim_id


async def test_editor_approves_and_rejects_with_keys(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    claim_id = _team(review_db)
    app = make_app("ed")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_claim(claim_id)
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        await pilot.press("A")
        await settle(pilot)
        assert db_rows(review_db, "SELECT final FROM claims WHERE id = ?", claim_id) == [(1,)]
        side = str(app.screen.query_one("#claim-side", Static).render())
        assert "final: 1/1 proposal(s), 1/1 approval(s)" in side
        await pilot.press("X")
        await settle(pilot)
        app.screen.query_one(Input).value = "Police figures only."
        await pilot.press("enter")
        await settle(pilot)
        kinds = db_rows(
            review_db,
            "SELECT reviewer, kind, reason FROM judgements WHERE claim_id = ? ORDER BY id",
            claim_id,
        )
        assert kinds == [
            ("bo", "proposal", None),
            ("ed", "approval", None),
            ("ed", "rejection", "Police figures only."),
        ]


async def test_a_reviewer_cannot_approve_and_sees_why(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    claim_id = _team(review_db)
    app = make_app("bo")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_claim(claim_id)
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert db_rows(review_db, "SELECT count(*) FROM judgements WHERE kind = 'approval'") == [(0,)]
        assert any("only an admin or an editor" in str(n.message) for n in app._notifications)


async def test_team_screen_and_lease_next(make_app: Callable[..., WorkbenchApp], review_db: Path) -> None:
    _team(review_db)
    app = make_app("ed")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        body = str(app.screen.query_one("#team-body", Static).render())
        assert "Sign-off quorum: 1 proposal(s) + 1 approval(s)" in body and "ed (editor)" in body
        await pilot.press("escape", "N")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        leased = db_rows(review_db, "SELECT claim_id FROM leases WHERE reviewer = 'ed'")
        assert leased == [(app.screen.claim_id,)]
