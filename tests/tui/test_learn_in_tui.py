"""Triage in the TUI: once enough new decisions have come, the scores adapt in the background."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.tui.conftest import SIZE, db_rows, settle
from workbench.actions import review
from workbench.store.database import open_database
from workbench.text.team_adjustment import LEARN_EVERY
from workbench.tui.app import WorkbenchApp
from workbench.tui.queue import QueueScreen


async def test_the_decision_that_makes_enough_refits_the_scores(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        current = app.screen.current_claim()
        assert current is not None
        others = [
            int(r[0])
            for r in db_rows(review_db, "SELECT id FROM claims WHERE id != ? ORDER BY id", current.id)
        ]
        with open_database(review_db) as database:
            for n, claim_id in enumerate(others[: LEARN_EVERY - 1]):
                decision = "checkworthy" if n % 2 else "not_checkworthy"
                review.triage(database, claim_id, decision, actor="bo")
        await settle(pilot)
        assert db_rows(review_db, "SELECT count(*) FROM events WHERE action = 'model.learn'") == [(0,)]
        await pilot.press("y")
        await settle(pilot)
        learned = db_rows(review_db, "SELECT actor, after FROM events WHERE action = 'model.learn'")
        assert len(learned) == 1 and learned[0][0] == "system:learn"
        assert json.loads(str(learned[0][1]))["decisions"] == LEARN_EVERY
        reasons = db_rows(review_db, "SELECT reasons FROM claims")
        assert all('"feature": "team"' in str(r[0]) for r in reasons)
