"""A live refresh that lands while its screen is being closed must not crash the app (the soak found
`NoMatches '#claim-main'` when the palette closed the claim view during a refresh)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from tests.tui.conftest import SIZE, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen
from workbench.tui.queue import QueueScreen


async def test_refresh_while_the_claim_view_closes(make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app("ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        claim_view = app.screen
        assert isinstance(claim_view, ClaimScreen)
        refresh = asyncio.ensure_future(claim_view.load(claim_view.claim_id))
        await asyncio.sleep(0)  # the load is now waiting on its first read
        app.pop_screen()
        await refresh
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.is_running and app.return_code is None
