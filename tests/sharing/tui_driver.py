"""The real review TUI in a process of its own, driven by Pilot, reporting each change it acknowledged.

    python tests/sharing/tui_driver.py DB REVIEWER

Prints ``{"ready": true}`` once the queue shows. Then, for each line ``verdict`` on stdin, gives one
verdict from the keyboard, walking down the queue: after the key press it waits until the screen has
settled, and answers one JSON line, ``{"claim": ID, "verdict": LABEL}`` when the screen shows the verdict
stored by this reviewer (acknowledged), else ``{"claim": ID, "refused": true}``. ``quit`` ends it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from workbench.tui.app import WorkbenchApp
from workbench.tui.data import TuiData
from workbench.tui.queue import QueueScreen


async def drive(db: Path, reviewer: str) -> int:
    app = WorkbenchApp(TuiData(db), reviewer=reviewer, poll_interval=0.5)
    acknowledged = 0
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        print(json.dumps({"ready": True}), flush=True)
        turn = 0
        while (await asyncio.to_thread(sys.stdin.readline)).strip() == "verdict":
            claim = queue.current_claim()
            if claim is None:
                print(json.dumps({"claim": None, "refused": True}), flush=True)
                continue
            number = 1 + turn % 3
            turn += 1
            label = app.scale.by_key(number)
            assert label is not None
            await pilot.press(str(number))
            await settle(pilot)
            shown = next((row for row in queue.rows if row.id == claim.id), None)
            if shown is not None and shown.verdict == label.id and shown.updated_by == reviewer:
                acknowledged += 1
                print(json.dumps({"claim": claim.id, "verdict": label.id}), flush=True)
            else:
                print(json.dumps({"claim": claim.id, "refused": True}), flush=True)
                # Not acknowledged (a conflict or a refusal): move on as a reviewer would.
                await pilot.press("j")
                await settle(pilot)
    return 0


async def settle(pilot: object) -> None:
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    for _ in range(4):
        await pilot.pause(0.02)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(drive(Path(sys.argv[1]), sys.argv[2])))
