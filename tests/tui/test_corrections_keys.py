"""Corrections from the keyboard: speaker picked or typed, span extended or trimmed, each shown in the history."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen


def _invariant(db: Path, claim_id: int) -> str:
    start, end, text, doc = db_rows(
        db,
        'SELECT c.start, c."end", c.text, d.text FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?',
        claim_id,
    )[0]
    assert str(doc)[int(start) : int(end)] == text  # type: ignore[call-overload]
    return str(text)


async def test_correct_speaker_and_span_from_the_claim_view(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClaimScreen)
        claim_id = screen.claim_id
        original = _invariant(review_db, claim_id)

        await pilot.press("S")
        await settle(pilot)
        choices = app.screen.query_one(OptionList)
        assert str(choices.get_option_at_index(0).prompt) == "none: the outlet"
        for ch in "Dr Jane Roe":  # typing starts in the name field, whatever has focus
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("enter")
        await settle(pilot, rounds=10)
        assert db_rows(
            review_db, "SELECT speaker, attribution_method FROM claims WHERE id = ?", claim_id
        ) == [("Dr Jane Roe", "reviewer")]
        side = str(screen.query_one("#claim-side", Static).render())
        assert "claim.speaker speaker:" in side and "→ Dr Jane Roe" in side

        await pilot.press("S")
        await settle(pilot)
        await pilot.press("home", "enter")  # none: the outlet
        await settle(pilot, rounds=10)
        assert db_rows(review_db, "SELECT speaker FROM claims WHERE id = ?", claim_id) == [(None,)]

        await pilot.press("right_square_bracket")
        await settle(pilot, rounds=10)
        grown = _invariant(review_db, claim_id)
        assert grown.startswith(original) and len(grown) > len(original)
        main = str(screen.query_one("#claim-main", Static).render())
        assert "Corrected by a reviewer; extracted as:" in main

        await pilot.press("T")
        await settle(pilot)
        box = app.screen.query_one(Input)
        assert box.value == grown
        box.value = original[: len(original) // 2]
        await pilot.press("enter")
        await settle(pilot, rounds=10)
        assert _invariant(review_db, claim_id) == original[: len(original) // 2].strip()
        actions = [
            r[0]
            for r in db_rows(review_db, "SELECT action FROM events WHERE claim_id = ? ORDER BY id", claim_id)
        ]
        assert actions == ["claim.speaker", "claim.speaker", "claim.span", "claim.span"]
        side = str(screen.query_one("#claim-side", Static).render())
        assert "claim.span span:" in side


async def test_typing_narrows_the_speaker_list_and_keys_stay_letters(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    """Letters typed in the speaker prompt narrow the list and never fire the app's keys (t Team,
    d Documents); down moves to the narrowed list, where enter picks."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClaimScreen)
        await pilot.press("S")
        await settle(pilot)
        prompt = app.screen
        choices = prompt.query_one(OptionList)
        everyone = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        wanted = next(c for c in everyone if c != "none: the outlet")
        part = wanted.split()[-1][:4]
        for ch in part:
            await pilot.press(ch)
        await settle(pilot)
        assert app.screen is prompt and prompt.query_one("#speaker-input", Input).value == part
        shown = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert wanted in shown and all(part.casefold() in c.casefold() for c in shown)
        assert len(shown) <= len(everyone)
        await pilot.press("down")
        await settle(pilot)
        choice = shown[choices.highlighted or 0]
        await pilot.press("enter")
        await settle(pilot, rounds=10)
        assert app.screen is screen
        assert db_rows(review_db, "SELECT speaker FROM claims WHERE id = ?", screen.claim_id) == [(choice,)]

        await pilot.press("S")
        await settle(pilot)
        for ch in "tdgp":
            await pilot.press(ch)
        await settle(pilot)
        assert app.screen.query_one("#speaker-input", Input).value == "tdgp"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
