"""The palette's scale change says what it does to the verdicts already given, and asks first."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.prompts import ConfirmPrompt


async def test_palette_scale_change_says_what_changes_and_asks(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")  # False on the default scale
        await settle(pilot)
        await app.confirm_scale("politifact")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmPrompt)
        assert "1 verdict(s) given under other scales keep their labels" in app.screen.body
        await pilot.press("escape")
        await settle(pilot)
        assert app.scale.id == "check"
        await app.confirm_scale("politifact")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.scale.id == "politifact"
        assert db_rows(review_db, "SELECT value FROM meta WHERE key = 'rating_scale'") == [("politifact",)]
        assert db_rows(review_db, "SELECT verdict_scale FROM claims WHERE verdict = 'false'") == [("check",)]
