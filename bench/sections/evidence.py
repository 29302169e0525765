"""Evidence checking at scale: 200 links against a local server (50 ms per page), through the same
action the TUI runs in a worker, while a reviewer keeps moving through the queue.

Figures: links/s, and the TUI's key-to-handled latency during the check against a quiet baseline
measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from bench.registry import Row, section

ROOT = Path(__file__).resolve().parents[2]
LINKS = 200


async def _presses(app: object, pilot: object, n: int) -> list[float]:
    from workbench.tui.queue import QueueScreen

    queue = app.screen  # type: ignore[attr-defined]
    assert isinstance(queue, QueueScreen)
    times = []
    for i in range(n):
        t = time.perf_counter()
        await pilot.press("j" if i % 20 < 10 else "k")  # type: ignore[attr-defined]
        times.append(time.perf_counter() - t)
    return times


async def _measure(db_path: Path, port: int) -> dict[str, float]:
    from workbench.actions.evidence import check_command, check_environment
    from workbench.store.database import open_database
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.data import TuiData
    from workbench.tui.queue import QueueScreen

    app = WorkbenchApp(TuiData(db_path), reviewer="bench", poll_interval=3600)
    async with app.run_test(size=(140, 40)) as pilot:
        while not (isinstance(app.screen, QueueScreen) and app.screen.rows):
            await pilot.pause(0.01)
        quiet = await _presses(app, pilot, 40)
        done = threading.Event()
        outcome: dict[str, float] = {}

        def check() -> None:
            # What the TUI does: the check runs in its own process with its own connection.
            started = time.perf_counter()
            subprocess.run(
                check_command(db_path, None, actor="bench", allow_private=True),
                check=True,
                env=check_environment(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            outcome["seconds"] = time.perf_counter() - started
            with open_database(db_path) as database:
                outcome["ok"] = database.conn.execute(
                    "SELECT count(*) FROM evidence WHERE status = 'ok'"
                ).fetchone()[0]
            done.set()

        worker = threading.Thread(target=check, daemon=True)
        worker.start()
        busy: list[float] = []
        while not done.is_set():
            busy.extend(await _presses(app, pilot, 10))
        worker.join()
    return {
        "links_per_s": LINKS / outcome["seconds"],
        "ok": outcome["ok"],
        "quiet_p50": statistics.median(quiet) * 1000,
        "busy_p50": statistics.median(busy) * 1000,
        "busy_p95": statistics.quantiles(busy, n=20)[-1] * 1000,
        "presses": len(busy),
    }


@section("evidence")
def evidence_section(args: argparse.Namespace) -> list[Row]:
    from bench.bench_fetch import serve
    from workbench.actions import evidence
    from workbench.actions.ingest import ingest_paths
    from workbench.store.database import open_database

    server, port = serve(0.05)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    folder = Path(tempfile.mkdtemp(dir=args.workdir))
    try:
        db_path = folder / "evidence.db"
        with open_database(db_path) as database:
            ingest_paths(database, [str(ROOT / "seeds")], workers=1)
            claim_ids = [r[0] for r in database.conn.execute("SELECT id FROM claims WHERE checkworthy = 1")]
            for i in range(LINKS):
                evidence.add_evidence(
                    database,
                    claim_ids[i % len(claim_ids)],
                    f"http://127.0.0.1:{port}/article/{i}",
                    actor="bench",
                )
        figures = asyncio.run(_measure(db_path, port))
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    return [
        (
            "links checked and recorded",
            f"{figures['links_per_s']:.0f} links/s",  # incl. process start
            f"{LINKS} links, 50 ms server delay; `evidence check --all` in its own process (start-up "
            f"included); {figures['ok']:.0f} ok",
        ),
        (
            "TUI key press while idle (median)",
            f"{figures['quiet_p50']:.0f} ms",
            "Pilot press to idle, same run",
        ),
        (
            "TUI key press during the check (median)",
            f"{figures['busy_p50']:.0f} ms",
            f"p95 {figures['busy_p95']:.0f} ms over {figures['presses']:.0f} presses",
        ),
    ]
