"""Two reviewers on one database file: live refresh, conflicts, and untrusted text shown literally."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from tests.conftest import run_cli
from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.data import TuiData
from workbench.tui.queue import QueueScreen


async def test_another_reviewers_change_appears_and_a_stale_edit_is_a_conflict(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    ana = make_app("ana", poll_interval=0.2)
    bo = make_app("bo", poll_interval=0.2)
    async with ana.run_test(size=SIZE) as pilot_a, bo.run_test(size=SIZE) as pilot_b:
        await settle(pilot_a)
        await settle(pilot_b)
        queue_a, queue_b = ana.screen, bo.screen
        assert isinstance(queue_a, QueueScreen) and isinstance(queue_b, QueueScreen)
        claim = queue_b.current_claim()
        assert claim is not None and claim.verdict is None
        bo.poll_interval = 3600  # bo keeps looking at the old version of the claim
        await pilot_a.press("3")
        await settle(pilot_a)
        # bo edits on stale data: refused, nothing overwritten
        bo.queue.rows[0] = claim
        await pilot_b.press("1")
        await settle(pilot_b)
        assert db_rows(review_db, "SELECT verdict, updated_by FROM claims WHERE id = ?", claim.id) == [
            ("false", "ana")
        ]
        assert not db_rows(review_db, "SELECT id FROM events WHERE actor = 'bo' AND action = 'claim.verdict'")
        # after the conflict bo sees the current version
        current = queue_b.current_claim()
        assert current is not None and current.verdict == "false"


async def test_live_refresh_within_a_second(make_app: Callable[..., WorkbenchApp], review_db: Path) -> None:
    bo = make_app("bo", poll_interval=0.2)
    async with bo.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = bo.screen
        assert isinstance(queue, QueueScreen)
        claim = queue.current_claim()
        assert claim is not None
        result = run_cli("--db", str(review_db), "verdict", str(claim.id), "misleading", "--reviewer", "ana")
        assert result.code == 0, result.err
        for _ in range(20):
            await asyncio.sleep(0.05)
            await pilot.pause()
            row = next(r for r in queue.rows if r.id == claim.id)
            if row.verdict == "misleading":
                break
        row = next(r for r in queue.rows if r.id == claim.id)
        assert row.verdict == "misleading"


HOSTILE = (
    "Hostile Outlet [bold]headline[/bold] [@click=app.quit]\n\n"
    "The minister said [@click=app.quit] 19 people were detained [link=javascript:alert(1)]here[/link] "
    "on Tuesday \x1b[31mred\x1b[0m and \x07 rang.\n\n"
    "Officials said [b]42[/b] officers were injured in the clashes on Monday, according to police.\n"
)


async def test_markup_and_escapes_in_articles_stay_literal(tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE)
    db = tmp_path / "hostile.db"
    assert run_cli("--db", str(db), "ingest", str(source)).code == 0
    app = WorkbenchApp(TuiData(db), reviewer="[@click=app.quit]", poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen) and queue.rows
        for row in queue.rows:
            if "[@click=app.quit]" in row.text:
                while queue.current_claim() is not None and queue.current_claim().id != row.id:  # type: ignore[union-attr]
                    await pilot.press("j")
        preview = str(queue.query_one("#preview-body").render())
        assert "[@click=app.quit]" in preview or "[b]42[/b]" in preview
        assert "\x1b" not in preview and "\x07" not in preview
        await pilot.click("#preview-body")
        await settle(pilot)
        assert app.is_running
        queue.query_one("#queue").focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click("#claim-main")
        await settle(pilot)
        assert app.is_running
        await pilot.press("d", "enter")
        await settle(pilot)
        text = str(app.screen.query_one("#document-text", Static).render())
        assert "[@click=app.quit]" in text and "\\x1b" in text
        assert app.is_running


async def test_palette_search_shows_hostile_claim_text_literally(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE)
    db = tmp_path / "hostile.db"
    assert run_cli("--db", str(db), "ingest", str(source)).code == 0
    app = WorkbenchApp(TuiData(db), reviewer="ana", poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"minister")
        await settle(pilot, rounds=15)
        await pilot.pause(0.5)
        await settle(pilot)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        shown = " ".join(str(options.get_option_at_index(i).prompt) for i in range(options.option_count))
        assert "[@click=app.quit]" in shown  # literal, not parsed as markup
        await pilot.press("down", "enter")  # choosing the hit opens the claim; nothing in its text runs
        await settle(pilot)
        assert app.is_running
