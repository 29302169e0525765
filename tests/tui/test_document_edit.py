"""Correcting a document's metadata from the documents screen is one audited event."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp


async def test_e_on_the_documents_screen_corrects_the_outlet(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentEditScreen"
        outlet = app.screen.query_one("#edit-outlet", Input)
        assert outlet.value == "RT"  # today's value, ready to correct
        outlet.value = "RT (Russia Today)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentsScreen"
        await pilot.press("escape")
        await pilot.press("d", "e")
        await settle(pilot)
        assert app.screen.query_one("#edit-outlet", Input).value == "RT (Russia Today)"
        await pilot.press("escape")  # cancelling writes nothing
        await settle(pilot)
    assert db_rows(review_db, "SELECT outlet FROM documents WHERE id = 1") == [("RT (Russia Today)",)]
    events = db_rows(review_db, "SELECT actor, before, after FROM events WHERE action = 'document.edit'")
    assert len(events) == 1
    actor, before, after = events[0]
    assert actor == "ana"
    assert json.loads(str(before))["outlet"] == "RT" and json.loads(str(after))["outlet"] == "RT (Russia Today)"
