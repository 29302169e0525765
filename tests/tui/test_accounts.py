"""The TUI and names bound to accounts: "Change reviewer" refuses a name bound to another account; a
new database's first reviewer is told they are its admin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import run_cli
from tests.tui.conftest import SIZE, db_rows, settle
from workbench.accounts import current_account
from workbench.tui.app import WorkbenchApp

OTHER = next(name for name in ("nobody", "daemon", "bin") if name != current_account())


def _notes(app: WorkbenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_change_reviewer_refuses_a_name_bound_to_another_account(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    assert (
        run_cli(
            "--db", str(review_db), "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana"
        ).code
        == 0
    )
    added = run_cli("--db", str(review_db), "reviewers", "add", "bo", "--os-user", OTHER, "--reviewer", "ana")
    assert added.code == 0, added.err
    app = make_app(reviewer="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_change_reviewer()
        await settle(pilot)
        await pilot.press("B", "o", "enter")
        await settle(pilot)
        assert app.reviewer == "ana"
        assert any(f"'bo' is bound to the account '{OTHER}'" in note for note in _notes(app))
        await pilot.press("y")
        await settle(pilot)
    assert db_rows(review_db, "SELECT DISTINCT actor FROM events WHERE action = 'claim.triage'") == [("ana",)]


async def test_opening_as_a_name_bound_elsewhere_asks_for_another(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    assert (
        run_cli(
            "--db", str(review_db), "reviewers", "add", "bo", "--os-user", OTHER, "--reviewer", "ana"
        ).code
        == 0
    )
    app = make_app(reviewer="bo")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "ReviewerPrompt" and app.reviewer == ""


async def test_the_first_reviewer_of_a_new_database_is_told_they_are_its_admin(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app(reviewer="ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any("admin" in note for note in _notes(app))
        await pilot.press("y")
        await settle(pilot)
        assert app.reviewer_role == "admin"
        told = [note for note in _notes(app) if "is the admin of this new database" in note]
        assert len(told) == 1
        await pilot.press("y")
        await settle(pilot)
        assert len([note for note in _notes(app) if "admin of this new database" in note]) == 1
