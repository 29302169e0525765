"""The TUI's export dialog writes the report where it says, never over an existing file, and names the full path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import SIZE, settle
from workbench.actions import review
from workbench.store.database import open_database
from workbench.tui.app import WorkbenchApp


def _messages(app: WorkbenchApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_export_dialog_writes_html_to_the_path_it_names(
    make_app: Callable[..., WorkbenchApp], review_db: Path, tmp_path: Path
) -> None:
    with open_database(review_db) as database:
        claim_id = database.conn.execute(
            "SELECT id FROM claims WHERE text LIKE 'At least 19 people were detained%'"
        ).fetchone()[0]
        review.set_verdict(database, claim_id, "false", actor="ana", rationale="Police said 19.")
    target = tmp_path / "reports" / "desk" / "report.html"  # the folder does not exist yet
    app = make_app("ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        default = app.screen.query_one("#export-path", Input).value
        assert default == str(review_db.resolve().parent / "verdict-report.html")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await settle(pilot, rounds=20)
        assert target.exists()
        first = target.read_text()
        assert "At least 19 people were detained" in first and "Police said 19." in first
        message = _messages(app)[-1]
        assert f"Report written to {target}" in message and "created the folder" in message

        # Again to the same name: the first report is kept, the new one gets the next number.
        app.action_export()
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(target)
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")  # enter in the path field exports
        await settle(pilot, rounds=20)
        second = target.with_name("report-2.html")
        assert second.exists() and target.read_text() == first
        message = _messages(app)[-1]
        assert (
            f"Report written to {second}" in message and "report.html already existed and was kept" in message
        )


async def test_export_dialog_refuses_an_uncreatable_folder_in_one_line(
    make_app: Callable[..., WorkbenchApp], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = make_app("ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = str(blocker / "sub" / "report.html")
        await pilot.click("#export-go")
        await settle(pilot, rounds=20)
        message = _messages(app)[-1]
        assert message.startswith(f"cannot create the folder {blocker / 'sub'}")
        assert "\n" not in message
    assert blocker.read_text() == "not a folder"
