"""The TUI's export dialog delivers the report file (to a folder here; as a download in a browser)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.tui.conftest import SIZE, settle
from workbench.actions import review
from workbench.store.database import open_database
from workbench.tui.app import WorkbenchApp


async def test_export_dialog_delivers_html(
    make_app: Callable[..., WorkbenchApp], review_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_database(review_db) as database:
        claim_id = database.conn.execute(
            "SELECT id FROM claims WHERE text LIKE 'At least 19 people were detained%'"
        ).fetchone()[0]
        review.set_verdict(database, claim_id, "false", actor="ana", rationale="Police said 19.")
    app = make_app("ana")
    delivered: list[Path] = []
    original = app.deliver_text

    def deliver(path_or_file, **kwargs):  # type: ignore[no-untyped-def]
        kwargs["save_directory"] = tmp_path
        result = original(path_or_file, **kwargs)
        delivered.append(tmp_path / kwargs["save_filename"])
        return result

    monkeypatch.setattr(app, "deliver_text", deliver)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_export()
        await settle(pilot)
        await pilot.click("#export-go")
        await settle(pilot, rounds=20)
    assert delivered and delivered[0].name == "verdict-report.html"
    for _ in range(50):  # delivery writes the file in a thread
        if delivered[0].exists():
            break
        time.sleep(0.05)
    html = delivered[0].read_text()
    assert "At least 19 people were detained" in html and "Police said 19." in html
