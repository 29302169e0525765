"""The real review TUI in a process of its own, driven by Pilot, reporting each change it acknowledged.

    python tests/sharing/tui_driver.py DB REVIEWER COUNT

Gives COUNT verdicts from the keyboard, walking down the queue. After each key press it waits until the
screen has settled; a verdict the screen shows as stored by this reviewer is acknowledged, and one JSON
line ``{"claim": ID, "verdict": LABEL}`` goes to stdout at once. Ends with ``{"done": N}``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from workbench.tui.app import WorkbenchApp
from workbench.tui.data import TuiData
from workbench.tui.queue import QueueScreen


async def drive(db: Path, reviewer: str, count: int) -> int:
    app = WorkbenchApp(TuiData(db), reviewer=reviewer, poll_interval=0.5)
    acknowledged = 0
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        for turn in range(count):
            claim = queue.current_claim()
            if claim is None:
                break
            number = 1 + turn % 3
            label = app.scale.by_key(number)
            assert label is not None
            await pilot.press(str(number))
            await settle(pilot)
            shown = next((row for row in queue.rows if row.id == claim.id), None)
            if shown is not None and shown.verdict == label.id and shown.updated_by == reviewer:
                acknowledged += 1
                print(json.dumps({"claim": claim.id, "verdict": label.id}), flush=True)
            else:
                # Not acknowledged (a conflict or a refusal): move on as a reviewer would.
                await pilot.press("j")
                await settle(pilot)
    print(json.dumps({"done": acknowledged}), flush=True)
    return 0


async def settle(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for _ in range(4):
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(drive(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))))
