"""SVG snapshots of each screen at a fixed size and theme, over the seeded database.

Update only after looking at the report: ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import SIZE, settle
from workbench.tui.app import WorkbenchApp


async def _settled(pilot: Pilot[None]) -> None:
    await settle(pilot)


def _before(*keys: str) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


SCREENS = {
    "queue": (),
    "claim": ("j", "enter"),
    "guidelines": ("g",),
    "documents": ("d",),
    "document": ("d", "j", "enter"),
    "progress": ("p",),
    "help": ("f1",),
    "filters": ("ctrl+f",),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen_snapshot(
    name: str, snap_compare: Any, make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app("ana")
    assert snap_compare(app, terminal_size=SIZE, run_before=_before(*SCREENS[name]))
