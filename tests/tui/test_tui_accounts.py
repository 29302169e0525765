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


def _set_password(db: Path, name: str, password: str) -> None:
    result = run_cli(
        "--db", str(db), "reviewers", "passwd", name, "--password-stdin", "--reviewer", "ana", stdin=password
    )
    assert result.code == 0, result.err


async def test_a_served_session_shows_nothing_until_a_reviewer_signs_in(review_db: Path) -> None:
    from workbench.store import reviewers as reviewer_store
    from workbench.tui.data import TuiData

    assert (
        run_cli(
            "--db", str(review_db), "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana"
        ).code
        == 0
    )
    assert (
        run_cli(
            "--db", str(review_db), "reviewers", "add", "bo", "--os-user", OTHER, "--reviewer", "ana"
        ).code
        == 0
    )
    _set_password(review_db, "bo", "bo's long secret")
    app = WorkbenchApp(TuiData(review_db), reviewer="ana", poll_interval=60.0, served=True)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert type(app.screen).__name__ == "SignInPrompt" and app.reviewer == ""
            await pilot.press("escape", "ctrl+p")  # no way past it: the palette (jump to claims) stays shut
            await settle(pilot)
            assert type(app.screen).__name__ == "SignInPrompt"
            await pilot.press(*"bo", "enter", *"wrong password", "enter")
            await settle(pilot, 20)
            assert type(app.screen).__name__ == "SignInPrompt" and app.reviewer == ""
            assert "wrong name or password" in str(app.screen.query_one("#signin-message").render())
            await pilot.press(*"bo", "enter", *"bo's long secret", "enter")
            await settle(pilot, 20)
            assert app.reviewer == "bo" and type(app.screen).__name__ == "QueueScreen"
            await pilot.press("y")  # bo is bound to another account, but signed in with his password
            await settle(pilot)
            app.action_change_reviewer()  # a served session changes reviewer only with a password
            await settle(pilot)
            assert type(app.screen).__name__ == "SignInPrompt"
            await pilot.press(*"ana", "enter", *"no password", "enter")  # ana has none: refused
            await settle(pilot, 20)
            assert app.reviewer == "bo" and type(app.screen).__name__ == "SignInPrompt"
            await pilot.press("escape")  # bo stays bo
            await settle(pilot)
            assert app.reviewer == "bo" and type(app.screen).__name__ == "QueueScreen"
    finally:
        reviewer_store.SIGNED_IN.clear()
    assert db_rows(review_db, "SELECT DISTINCT actor FROM events WHERE action = 'claim.triage'") == [("bo",)]
    assert db_rows(review_db, "SELECT os_user FROM reviewers WHERE name = 'bo'") == [(OTHER,)]


async def test_a_served_session_closes_after_five_failed_sign_ins(review_db: Path) -> None:
    from workbench.tui.data import TuiData

    app = WorkbenchApp(TuiData(review_db), reviewer=None, poll_interval=60.0, served=True)
    async with app.run_test(size=SIZE) as pilot:
        for attempt in range(5):
            assert app.return_code is None, attempt
            await settle(pilot)
            await pilot.press(*"ana", "enter", *"not the password", "enter")
            await settle(pilot, 20)
        assert app.return_code == 1
