"""The claim view puts other outlets' versions beside the claim, with the disputed values marked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from tests.conftest import run_cli
from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp


async def test_other_outlets_and_checked_before(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    assert run_cli("--db", str(review_db), "match").code == 0
    rt = db_rows(review_db, "SELECT id FROM claims WHERE text LIKE 'At least 19 people were detained%'")[0][0]
    mt = db_rows(review_db, "SELECT id FROM claims WHERE text LIKE 'On Tuesday, Kosovo police arrested 19%'")[
        0
    ][0]
    assert run_cli("--db", str(review_db), "verdict", str(mt), "false", "--reviewer", "bo").code == 0
    app = make_app("ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_claim(int(str(rt)))
        await settle(pilot)
        main = str(app.screen.query_one("#claim-main", Static).render())
        assert "Same story in other outlets" in main
        assert "The Moscow Times" in main and "Global Research" in main
        assert "≠ quantity" in main and ">12" in main
        assert "[False]" in main  # the other outlet's version already has a verdict
