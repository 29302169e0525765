"""The rating scale is in view where judging happens: a label strip, F1 labels, a footer that fits 120 columns."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static
from textual.widgets._footer import FooterKey, FooterLabel

from tests.tui.conftest import settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen
from workbench.tui.queue import ClaimPreview

STRIP = "1 Verified   2 Misleading   3 False   4 Inconclusive"


async def test_label_strip_in_preview_and_claim_view(make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        preview = app.screen.query_one(ClaimPreview).content.plain
        assert STRIP in preview
        assert "No verdict yet" in preview
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        claim_id = app.screen.claim_id
        main = app.screen.query_one("#claim-main", Static).render()
        assert STRIP in str(main)
        await pilot.press("3")  # False; the next claim opens, go back to see the strip mark it
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert app.screen.claim_id == claim_id
        main_text = str(app.screen.query_one("#claim-main", Static).render())
        assert "False: Reliable evidence shows the claim is not accurate." in main_text


async def test_f1_lists_each_number_with_its_label(make_app: Callable[..., WorkbenchApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        labels = str(app.screen.query_one("#help-labels", Static).render())
        for line in ("1  Verified", "2  Misleading", "3  False", "4  Inconclusive"):
            assert line in labels


def _footer_fits(app: WorkbenchApp, width: int) -> list[str]:
    """The footer items, each asserted wholly on screen (none cut at the edge)."""
    shown = []
    for item in [*app.screen.query(FooterKey), *app.screen.query(FooterLabel)]:
        region = item.region
        assert region.width > 0, f"footer item {item!r} not shown"
        assert region.right <= width, f"footer item {item!r} cut at the right edge"
        shown.append(item.description if isinstance(item, FooterKey) else str(item.render()))
    return shown


async def test_footer_keeps_the_keys_that_matter_at_120_columns(
    make_app: Callable[..., WorkbenchApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = _footer_fits(app, 120)
        for wanted in ("Help", "Next", "Verdict", "Rationale", "Evidence", "Undo", "Search", "Filters"):
            assert wanted in shown, shown
        await pilot.press("enter")
        await settle(pilot)
        shown = _footer_fits(app, 120)
        for wanted in ("Help", "Back", "Next", "Verdict", "Rationale", "Evidence", "Undo"):
            assert wanted in shown, shown
