"""Fixtures for driving the real review TUI with Pilot over a real seeded database file."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import SEEDS, run_cli
from workbench.tui.app import WorkbenchApp
from workbench.tui.data import TuiData

SIZE = (140, 40)


@pytest.fixture
def review_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seeds in ``review.db`` inside a fresh working directory (so screens show a stable path)."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(SEEDS, tmp_path / "seeds")  # ingested by a relative path, so snapshots match anywhere
    result = run_cli("--db", "review.db", "ingest", "seeds", "--workers", "1")
    assert result.code == 0, result.err
    return Path("review.db")


@pytest.fixture
def make_app(review_db: Path) -> Callable[..., WorkbenchApp]:
    apps: list[WorkbenchApp] = []

    def make(reviewer: str | None = "ana", poll_interval: float = 60.0) -> WorkbenchApp:
        app = WorkbenchApp(TuiData(review_db), reviewer=reviewer, poll_interval=poll_interval)
        apps.append(app)
        return app

    return make


async def settle(pilot: Pilot[None], rounds: int = 6) -> None:
    """Let thread calls and the messages they cause finish."""
    for _ in range(rounds):
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def db_rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()
