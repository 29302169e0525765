"""Every review key drives the same action as the CLI: asserted on the database and its audit events."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from tests.conftest import run_cli
from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen
from workbench.tui.queue import QueueScreen


def _queue(app: WorkbenchApp) -> QueueScreen:
    assert isinstance(app.screen, QueueScreen)
    return app.screen


async def test_verdict_key_commits_an_audited_verdict_and_moves_on(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = _queue(app)
        first = queue.current_claim()
        assert first is not None
        await pilot.press("3")  # the third label of the default scale: False
        await settle(pilot)
        assert db_rows(
            review_db, "SELECT verdict, status, updated_by FROM claims WHERE id = ?", first.id
        ) == [("false", "reviewed", "ana")]
        events = db_rows(review_db, "SELECT actor, action, after FROM events WHERE claim_id = ?", first.id)
        assert events[-1][:2] == ("ana", "claim.verdict")
        assert json.loads(str(events[-1][2]))["verdict"] == "false"
        following = queue.current_claim()
        assert following is not None and following.id != first.id
        assert queue.query_one(DataTable).cursor_row == 1


async def test_triage_flag_and_undo(make_app: Callable[..., WorkbenchApp], review_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = _queue(app)
        claim = queue.current_claim()
        assert claim is not None
        await pilot.press("n")
        await settle(pilot)
        assert db_rows(review_db, "SELECT triage, status FROM claims WHERE id = ?", claim.id) == [
            ("not_checkworthy", "dismissed")
        ]
        await pilot.press("k", "f")
        await settle(pilot)
        assert db_rows(review_db, "SELECT flagged, status FROM claims WHERE id = ?", claim.id) == [
            (1, "needs_second_opinion")
        ]
        await pilot.press("u")
        await settle(pilot)
        assert db_rows(review_db, "SELECT flagged, status FROM claims WHERE id = ?", claim.id) == [
            (0, "dismissed")
        ]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert db_rows(review_db, "SELECT triage, status FROM claims WHERE id = ?", claim.id) == [
            (None, "unreviewed")
        ]
        actions = [
            r[0]
            for r in db_rows(review_db, "SELECT action FROM events WHERE claim_id = ? ORDER BY id", claim.id)
        ]
        assert actions == ["claim.triage", "claim.flag", "claim.undo", "claim.undo"]
        await pilot.press("s")
        await settle(pilot)
        assert db_rows(review_db, "SELECT triage FROM claims WHERE id = ?", claim.id) == [("skipped",)]


async def test_rationale_and_note_from_the_keyboard(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = _queue(app).current_claim()
        assert claim is not None
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one(TextArea).insert("Police figures say 19 officers.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert db_rows(review_db, "SELECT rationale FROM claims WHERE id = ?", claim.id) == [
            ("Police figures say 19 officers.",)
        ]
        await pilot.press("c")
        await settle(pilot)
        app.screen.query_one(TextArea).insert("Ask UNMIK for the list.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert db_rows(review_db, "SELECT author, text FROM notes WHERE claim_id = ?", claim.id) == [
            ("ana", "Ask UNMIK for the list.")
        ]
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")  # cancelling writes nothing
        await settle(pilot)
        assert len(db_rows(review_db, "SELECT id FROM notes")) == 1


async def test_search_filters_the_queue_with_fts(make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = _queue(app)
        before = len(queue.rows)
        await pilot.press("slash")
        await settle(pilot)
        app.screen.query_one(Input).value = "detained"
        await pilot.press("enter")
        await settle(pilot)
        assert 0 < len(queue.rows) < before
        assert all("detain" in row.text.lower() for row in queue.rows)
        await pilot.press("x")
        await settle(pilot)
        assert len(queue.rows) == before
        await pilot.press("a")  # every sentence
        await settle(pilot)
        assert len(queue.rows) > before


async def test_enter_opens_the_claim_and_a_verdict_opens_the_next(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = _queue(app).current_claim()
        assert first is not None
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClaimScreen) and screen.claim_id == first.id
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen) and app.screen.claim_id != first.id
        assert db_rows(review_db, "SELECT verdict FROM claims WHERE id = ?", first.id) == [("verified",)]
        opened = app.screen.claim_id
        await pilot.press("escape")
        await settle(pilot)
        queue = _queue(app)
        current = queue.current_claim()
        assert current is not None and current.id == opened


async def test_moving_on_skips_claims_already_settled(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    """After a verdict the next claim still open comes up, in the queue and in the claim view: claims
    another reviewer judged, dismissed or skipped meanwhile (or a re-fit moved below) are passed over."""
    # every claim's vector first: the claim view would otherwise fill them and re-score (re-order) the queue
    assert run_cli("--db", str(review_db), "vectors").code == 0
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = _queue(app)
        ids = [row.id for row in queue.rows[:7]]
        # another reviewer, in another process, settles rows 2, 3 and 4 of this queue
        assert run_cli("--db", str(review_db), "verdict", str(ids[1]), "false", "--reviewer", "bo").code == 0
        assert (
            run_cli("--db", str(review_db), "triage", str(ids[2]), "not_checkworthy", "--reviewer", "bo").code
            == 0
        )
        assert run_cli("--db", str(review_db), "triage", str(ids[3]), "skipped", "--reviewer", "bo").code == 0
        await queue.reload(keep_claim=ids[0])
        await settle(pilot)
        assert [row.id for row in queue.rows[:7]] == ids
        await pilot.press("3")
        await settle(pilot)
        current = queue.current_claim()
        assert current is not None and current.id == ids[4]
        assert queue.query_one(DataTable).cursor_row == 4
        # the claim view moves on the same way
        assert run_cli("--db", str(review_db), "verdict", str(ids[5]), "false", "--reviewer", "bo").code == 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen) and app.screen.claim_id == ids[4]
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen) and app.screen.claim_id == ids[6]


async def test_help_documents_progress_and_guidelines_open(make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("d")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentsScreen"
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentScreen"
        await pilot.press("escape", "escape", "p")
        await settle(pilot)
        assert type(app.screen).__name__ == "ProgressScreen"
        await pilot.press("escape", "g")
        await settle(pilot)
        assert not app.screen.query_one("#guidelines").has_class("hidden")


async def test_without_a_reviewer_the_start_screen_asks(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app(reviewer=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "ReviewerPrompt"
        await pilot.press(*"bo")
        await pilot.press("enter")
        await settle(pilot)
        assert app.reviewer == "bo"
        await pilot.press("y")
        await settle(pilot)
        assert db_rows(review_db, "SELECT DISTINCT actor FROM events WHERE action = 'claim.triage'") == [
            ("bo",)
        ]


async def test_filter_dialog_narrows_the_queue(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = _queue(app)
        first = queue.current_claim()
        assert first is not None
        await pilot.press("3")  # one reviewed claim
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        app.screen.query_one("#f-status", Select).value = "reviewed"
        await pilot.click("#apply")
        await settle(pilot)
        assert [row.id for row in queue.rows] == [first.id]
        assert queue.filter.status == "reviewed"
        await pilot.press("x")
        await settle(pilot)
        assert len(queue.rows) > 1


async def test_keys_are_remapped_by_binding_id_from_the_config(
    review_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.config import load_settings
    from workbench.tui.data import TuiData

    config = tmp_path / "config.toml"
    config.write_text(
        'reviewer = "cy"\ntheme = "nord"\n[keymap]\n"review.flag" = "ctrl+g"\n"queue.next" = "l"\n'
    )
    monkeypatch.setenv("WORKBENCH_CONFIG", str(config))
    settings = load_settings()
    app = WorkbenchApp(TuiData(review_db), reviewer=settings.reviewer, settings=settings, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord" and app.reviewer == "cy"
        queue = _queue(app)
        await pilot.press("l")
        await settle(pilot)
        assert queue.query_one(DataTable).cursor_row == 1
        claim = queue.current_claim()
        assert claim is not None
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert db_rows(review_db, "SELECT flagged FROM claims WHERE id = ?", claim.id) == [(1,)]


async def test_evidence_key_adds_a_link_and_checks_it_in_the_background(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = _queue(app).current_claim()
        assert claim is not None
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(Input).value = "http://127.0.0.1:9/never"  # loopback: refused unless allowed
        await pilot.press("enter")
        await settle(pilot, rounds=10)
        for _ in range(100):  # the check runs in its own process
            rows = db_rows(review_db, "SELECT status, error FROM evidence WHERE claim_id = ?", claim.id)
            if rows and rows[0][0] != "not checked":
                break
            await pilot.pause(0.1)
        assert rows[0][0] == "refused_by_policy" and "loopback" in str(rows[0][1])
        actions = [r[0] for r in db_rows(review_db, "SELECT action FROM events WHERE claim_id = ?", claim.id)]
        assert actions[-2:] == ["evidence.add", "evidence.check"]


async def test_free_text_scale_takes_a_written_conclusion(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    from workbench.actions import review
    from workbench.store.database import open_database

    with open_database(review_db) as database:
        review.set_scale(database, "fullfact", actor="ana")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = _queue(app).current_claim()
        assert claim is not None and app.scale.free_text
        await pilot.press("1")  # no labels on this scale: the digit does nothing
        await settle(pilot)
        assert db_rows(review_db, "SELECT verdict FROM claims WHERE id = ?", claim.id) == [(None,)]
        await pilot.press("v")
        await settle(pilot)
        app.screen.query_one(Input).value = "Police counted 19 officers, not 19 civilians."
        await pilot.press("enter")
        await settle(pilot)
        assert db_rows(review_db, "SELECT verdict FROM claims WHERE id = ?", claim.id) == [
            ("Police counted 19 officers, not 19 civilians.",)
        ]


async def test_palette_switches_the_rating_scale(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.use_scale("politifact")
        await settle(pilot)
        assert app.scale.id == "politifact"
        assert db_rows(review_db, "SELECT value FROM meta WHERE key = 'rating_scale'") == [("politifact",)]
        claim = _queue(app).current_claim()
        assert claim is not None
        await pilot.press("6")  # Pants on Fire exists only on this scale
        await settle(pilot)
        assert db_rows(review_db, "SELECT verdict FROM claims WHERE id = ?", claim.id) == [("pants-on-fire",)]
