"""Reviewer text stays text: a rationale carrying OSC 0 (window title) and OSC 52 (clipboard) escapes,
written by another process, is shown with its escapes made visible in a second reviewer's TUI and CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from tests.conftest import run_cli
from tests.tui.conftest import SIZE, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen

ATTACK = "See report.\x1b]0;pwned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x9b31m done"
RAW = ("\x1b", "\x07", "\x9b")


def _write_from_another_process(db: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db), "--reviewer", "bo", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert not any(ch in result.stdout + result.stderr for ch in RAW)


async def test_osc_escapes_in_a_rationale_are_visible_not_executed(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ClaimScreen)
        claim_id = app.screen.claim_id
        _write_from_another_process(review_db, "verdict", str(claim_id), "false", "--rationale", ATTACK)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, rounds=10)
        assert isinstance(app.screen, ClaimScreen) and app.screen.claim_id == claim_id
        side = str(app.screen.query_one("#claim-side", Static).render())
        assert "See report." in side and "\\x1b]52;c;" in side
        assert not any(ch in side for ch in RAW)

    for args in (
        ("show", str(claim_id)),
        ("show", str(claim_id), "--json"),
        ("signoff", str(claim_id), "--json"),
        ("signoff", str(claim_id)),
    ):
        result = run_cli("--db", str(review_db), *args)
        assert result.code == 0, result.err
        assert not any(ch in result.out for ch in RAW), args
