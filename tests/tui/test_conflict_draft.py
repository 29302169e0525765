"""A refused edit keeps the draft: both versions shown, one key re-applies it to the new version."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static, TextArea

from tests.tui.conftest import SIZE, db_rows, settle
from workbench.actions import review
from workbench.store.database import open_database
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen
from workbench.tui.conflict import ConflictScreen

DRAFT = "The police statement lists 19 officers, not 19 people."


async def _type_rationale_while_bo_edits(pilot, app: WorkbenchApp, review_db: Path) -> int:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ClaimScreen)
    claim_id = app.screen.claim_id
    await pilot.press("r")
    await settle(pilot)
    with open_database(review_db) as database:  # another reviewer saves first, from another connection
        review.set_rationale(database, claim_id, "Bo's reasoning.", actor="bo")
    app.screen.query_one(TextArea).text = DRAFT
    await pilot.press("ctrl+s")
    await settle(pilot, rounds=10)
    return claim_id


async def test_conflict_shows_both_versions_and_reapplies_with_one_key(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _type_rationale_while_bo_edits(pilot, app, review_db)
        assert isinstance(app.screen, ConflictScreen)
        assert str(app.screen.query_one("#conflict-theirs", Static).render()) == "Bo's reasoning."
        assert str(app.screen.query_one("#conflict-yours", Static).render()) == DRAFT
        assert db_rows(review_db, "SELECT rationale FROM claims WHERE id = ?", claim_id) == [
            ("Bo's reasoning.",)
        ]
        await pilot.press("a")
        await settle(pilot, rounds=10)
        assert db_rows(review_db, "SELECT rationale, updated_by FROM claims WHERE id = ?", claim_id) == [
            (DRAFT, "ana")
        ]
        assert not app.drafts


async def test_keeping_theirs_keeps_the_draft_for_later(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        claim_id = await _type_rationale_while_bo_edits(pilot, app, review_db)
        await pilot.press("escape")
        await settle(pilot, rounds=10)
        assert db_rows(review_db, "SELECT rationale FROM claims WHERE id = ?", claim_id) == [
            ("Bo's reasoning.",)
        ]
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one(TextArea).text == DRAFT
