"""After a change the queue adjusts its counts and repaints one row, instead of recounting a million
claims and re-rendering the table; what it shows must equal a real recount and the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.text import Text

from tests.tui.conftest import SIZE, settle
from workbench import queries
from workbench.tui.app import WorkbenchApp
from workbench.tui.queue import QueueScreen
from workbench.tui.queue_table import QueueTable


async def test_counts_and_row_follow_each_verdict(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        first = queue.current_claim()
        assert first is not None
        for key in ("3", "1", "n", "2"):
            await pilot.press(key)
            await settle(pilot)
            assert queue.counts == app.data.sync(queries.progress, queue.filter)
        table = queue.query_one(QueueTable)
        row = table.get_row_at(0)
        assert isinstance(row[4], Text) and row[4].plain == "False"
        assert "3 of" in str(queue.query_one("#queue-status").render())

        # A filter on status: a verdict takes the claim out of "unreviewed", and the counts follow.
        queue.filter = replace(queue.filter, status="unreviewed")
        queue.page_anchor, queue.page_start = None, 0
        await queue.reload()
        await settle(pilot)
        before = queue.counts
        assert before is not None
        await pilot.press("1")
        await settle(pilot)
        assert queue.counts == app.data.sync(queries.progress, queue.filter)
        assert queue.counts == (before[0], before[1] - 1)
