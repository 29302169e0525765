"""Evidence from the keyboard: stance and quote set in the TUI; a failed check reads as words, whole."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Select, Static

from tests.conftest import run_cli
from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_stance_and_quote_from_the_keyboard(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    url = f"http://127.0.0.1:{_closed_port()}/statement"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        claim_id = app.screen.claim_id
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#evidence-url", Input).value = url
        app.screen.query_one("#evidence-stance", Select).value = "refutes"
        app.screen.query_one("#evidence-quote", Input).value = "19 police officers"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=10)
        await app.workers.wait_for_complete()
        assert db_rows(review_db, "SELECT url, stance, quote FROM evidence WHERE claim_id = ?", claim_id) == [
            (url, "refutes", "19 police officers")
        ]
        await pilot.press("E")
        await settle(pilot)
        app.screen.query_one("#evidence-stance", Select).value = "supports"
        app.screen.query_one("#evidence-quote", Input).value = "19 people"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=10)
        assert db_rows(review_db, "SELECT stance, quote FROM evidence WHERE claim_id = ?", claim_id) == [
            ("supports", "19 people")
        ]
        actions = [
            r[0]
            for r in db_rows(review_db, "SELECT action FROM events WHERE claim_id = ? ORDER BY id", claim_id)
        ]
        assert "evidence.add" in actions and actions[-1] == "evidence.edit"

    # A real check against a closed port on this machine: the failure is words, with what to try.
    checked = run_cli(
        "--db", str(review_db), "evidence", "check", str(claim_id), "--allow-private", "--reviewer", "ana"
    )
    assert checked.code == 0, checked.err
    app = make_app()
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        await app.open_claim(claim_id)
        await settle(pilot, rounds=10)
        side = str(app.screen.query_one("#claim-side", Static).render())
        assert "could not check it: could not connect to 127.0.0.1" in side
        assert "is this machine offline, or the site down?" in side
