"""A process holding the database notices when the file at its path was replaced, moved or deleted,
stops writing and says so in one line, instead of writing into a file nobody else sees."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli
from tests.tui.conftest import SIZE, settle
from workbench.errors import DatabaseReplacedError
from workbench.store.database import copy_database, open_database
from workbench.tui.app import WorkbenchApp
from workbench.tui.data import TuiData
from workbench.tui.queue import QueueScreen


@pytest.mark.parametrize("change", ["replaced", "moved", "deleted"])
def test_writes_refuse_a_file_that_changed_under_them(tmp_path: Path, change: str) -> None:
    db = tmp_path / "workbench.db"
    assert run_cli("--db", str(db), "ingest", str(SEEDS), "--workers", "1").code == 0
    database = open_database(db)
    try:
        if change == "replaced":
            copy_database(db, tmp_path / "copy.db")
            os.replace(tmp_path / "copy.db", db)
        elif change == "moved":
            os.rename(db, tmp_path / "elsewhere.db")
        else:
            os.unlink(db)
        with (
            pytest.raises(DatabaseReplacedError, match="was replaced, moved or deleted"),
            database.write_unit(),
        ):
            raise AssertionError("the write unit must not start")
    finally:
        database.close()


async def test_the_tui_says_once_that_its_database_was_replaced_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = Path("review.db")
    assert run_cli("--db", str(db), "ingest", str(SEEDS), "--workers", "1").code == 0
    app = WorkbenchApp(TuiData(db), reviewer="ana", poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        copy_database(db, tmp_path / "copy.db")
        os.replace(tmp_path / "copy.db", db)
        for _ in range(10):
            await pilot.pause(0.05)
        await settle(pilot)
        assert app.database_gone
        messages = [str(n.message) for n in app._notifications]
        assert sum("was replaced" in m for m in messages) == 1
        await pilot.press("3")
        await settle(pilot)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE actor = 'ana'").fetchone()[0] == 0
