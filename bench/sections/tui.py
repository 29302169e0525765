"""Review TUI speed on a database of a million claims, Pilot-driven in this process.

Figures: first frame (against a bare Textual app started in the same run), moving to the next claim,
a verdict keystroke until it is committed, and full-text search. The database is synthesised from
news-scale sentences (documents of ten claims) and kept in the work folder for later runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.corpus import news_articles
from bench.registry import Row, section

SIZE = (140, 40)


def build_database(path: Path, corpus: Path, claims: int) -> Path:
    """A review database with ``claims`` claims (sentences of news-scale, reused with varied ids)."""
    from workbench.store.database import open_database

    if path.exists():
        with open_database(path) as database:
            if database.conn.execute("SELECT count(*) FROM claims").fetchone()[0] >= claims:
                return path
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    splitter = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
    sentences = [
        s.strip()
        for a in news_articles(corpus, 5000)
        for s in splitter.split(a["text"])
        if 40 < len(s.strip()) < 300
    ]
    rng = random.Random(7)
    outlets = ["Reuters", "BBC News", "RT", "TASS", "The Moscow Times", "Global Research"]
    with open_database(path, bulk=True) as database:
        conn = database.conn
        conn.execute("BEGIN")
        per_doc = 10
        for doc in range(claims // per_doc):
            picked = [sentences[(doc * per_doc + i) % len(sentences)] for i in range(per_doc)]
            text = "\n\n".join(picked)
            cursor = conn.execute(
                "INSERT INTO documents (sha256, source, outlet, title, published, text, chars, extractor, "
                "ingested_at, ingested_by) VALUES (?, ?, ?, ?, ?, ?, ?, '1', '2026-11-22', 'bench')",
                (
                    f"bench-{doc}",
                    f"bench:{doc}",
                    outlets[doc % len(outlets)],
                    picked[0][:60],
                    f"20{10 + doc % 15}-0{1 + doc % 9}-1{doc % 9}",
                    text,
                    len(text),
                ),
            )
            doc_id = cursor.lastrowid
            offset, rows = 0, []
            for sentence in picked:
                score = rng.random()
                rows.append((doc_id, offset, offset + len(sentence), sentence, score, int(score > 0.5)))
                offset += len(sentence) + 2
            conn.executemany(
                'INSERT INTO claims (document_id, start, "end", text, score, checkworthy) VALUES (?, ?, ?, ?, ?, ?)',
                rows,
            )
            if doc % 5000 == 4999:
                conn.execute("COMMIT")
                conn.execute("BEGIN")
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
    return path


async def _bare(presses: list[float]) -> float:
    """A bare Textual app (header, a 100-row table, footer): start-up, and Pilot key presses moving its cursor."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable(cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            table: DataTable[str] = self.query_one(DataTable)
            for column in "abcdef":
                table.add_column(column, width=18)
            table.add_rows([[f"row {i} cell {c}" for c in range(6)] for i in range(100)])
            table.focus()

    started = time.perf_counter()
    async with Bare().run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = time.perf_counter() - started
        for _ in range(30):
            t = time.perf_counter()
            await pilot.press("down")
            presses.append(time.perf_counter() - t)
        return first


async def _measure(path: Path, repeats: int) -> dict[str, list[float]]:
    from workbench import queries
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.data import TuiData
    from workbench.tui.queue import QueueScreen

    out: dict[str, list[float]] = {
        "first": [],
        "bare": [],
        "bare_press": [],
        "next": [],
        "handler": [],
        "verdict": [],
        "verdict_idle": [],
        "search": [],
    }
    for _ in range(repeats):
        out["bare"].append(await _bare(out["bare_press"]))
        started = time.perf_counter()
        app = WorkbenchApp(TuiData(path), reviewer="bench", poll_interval=3600)
        async with app.run_test(size=SIZE) as pilot:
            queue = app.screen
            while not (isinstance(queue, QueueScreen) and queue.rows):
                await pilot.pause(0.001)
                queue = app.screen
            out["first"].append(time.perf_counter() - started)
            assert isinstance(queue, QueueScreen)
            for _ in range(60):
                before = queue.current_claim()
                t = time.perf_counter()
                await pilot.press("j")
                while queue.current_claim() is before:
                    await pilot.pause(0.0005)
                out["next"].append(time.perf_counter() - t)
            for _ in range(60):
                t = time.perf_counter()
                await queue.action_next_claim()  # our part alone: move, fetch if needed, build the preview
                out["handler"].append(time.perf_counter() - t)
                await pilot.pause()
            for _ in range(20):
                claim = queue.current_claim()
                assert claim is not None
                pressed = datetime.now(UTC)
                await pilot.press("3")
                # The verdict's audit event carries the time its write unit ran: key press to that, without
                # counting what Pilot waits for afterwards (the toast, the background recount).
                events = app.data.sync(queries.history, claim.id)
                committed = datetime.strptime(events[-1].ts, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
                out["verdict"].append((committed - pressed).total_seconds())
                out["verdict_idle"].append((datetime.now(UTC) - pressed).total_seconds())
        for word in ("government", "percent", "detained", "minister", "oil prices", "bank"):
            t = time.perf_counter()
            data = TuiData(path)
            rows = data.sync(
                queries.claims_page, queries.ClaimFilter(checkworthy_only=False, search=word), limit=100
            )
            out["search"].append(time.perf_counter() - t)
            data.close()
            assert rows is not None
    return out


@section("tui")
def tui(args: argparse.Namespace) -> list[Row]:
    claims = int(args.limit or 1_000_000)
    started = time.perf_counter()
    path = build_database(args.workdir / f"bench-tui-{claims}.db", args.corpus, claims)
    built = time.perf_counter() - started
    figures = asyncio.run(_measure(path, max(1, args.repeats)))
    med = {k: statistics.median(v) * 1000 for k, v in figures.items()}
    return [
        (
            "database",
            f"{claims:,} claims",
            f"{path.stat().st_size / 1e6:,.0f} MB; built or checked in {built:.0f} s",
        ),
        (
            "first frame, workbench (median)",
            f"{med['first']:.0f} ms",
            "App start to the first page of the queue",
        ),
        (
            "first frame, bare Textual app",
            f"{med['bare']:.0f} ms",
            f"same run; workbench/bare = {med['first'] / med['bare']:.2f}x (aim <= 1.5x, < 1 s)",
        ),
        (
            "next claim, key press to idle (Pilot)",
            f"{med['next']:.1f} ms",
            f"bare app's table cursor, same run: {med['bare_press']:.1f} ms ({med['next'] / med['bare_press']:.2f}x)",
        ),
        (
            "next claim, our handler (median)",
            f"{med['handler']:.1f} ms",
            f"p90 {statistics.quantiles(figures['handler'], n=10)[-1] * 1000:.1f} ms; move + preview; aim < 30 ms",
        ),
        (
            "verdict keystroke to its audited write (median)",
            f"{med['verdict']:.1f} ms",
            "key press to the timestamp its event carries, taken inside the write unit; aim < 20 ms",
        ),
        (
            "verdict, key press to next claim shown and idle (Pilot)",
            f"{med['verdict_idle']:.0f} ms",
            f"aim < 100 ms; next claim in the same run {med['next']:.0f} ms, bare table {med['bare_press']:.0f} ms",
        ),
        ("full-text search, first page (median)", f"{med['search']:.1f} ms", "FTS5, 100 rows; aim < 100 ms"),
    ]
