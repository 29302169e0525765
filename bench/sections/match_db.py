"""Matching through the review database: a full run over 100k (and, with BENCH_BIG=1, 1M) claims, then
1,000 more documents matched incrementally (``match_new``), against a full run over the same database.

Claims are those of the ``matching`` section (extracted news-scale articles, repeated with light edits
as other outlets), written straight into a review database with their quantities, dates and names, as
ingest would store them. Each size's matched database is kept in the work folder; the incremental step
runs on a copy, so it can be repeated.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bench.registry import Row, section
from bench.sections.matching import _rss_mb, base_claims, scaled

if TYPE_CHECKING:
    from workbench.text.matching import MatchClaim

ADDED_DOCUMENTS = 1000


def _insert(conn: sqlite3.Connection, claims: list[MatchClaim]) -> None:
    from workbench.store.serialize import dates_json, names_json, quantities_json

    docs: dict[int, list[MatchClaim]] = {}
    for claim in claims:
        docs.setdefault(claim.document_id + 1, []).append(claim)
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO documents (id, sha256, source, outlet, published, text, chars, extractor, ingested_at, "
        "ingested_by) VALUES (?, ?, ?, ?, ?, ?, ?, '1', '2026-11-23T00:00:00+00:00', 'bench')",
        [
            (
                doc,
                f"bench-{doc}",
                f"bench/{doc}.txt",
                group[0].outlet,
                str(group[0].published or "") or None,
                text,
                len(text),
            )
            for doc, group in docs.items()
            for text in ["\n\n".join(c.text for c in group)]
        ],
    )
    rows = []
    for doc, group in docs.items():
        offset = 0
        for c in group:  # claims sit where they would in the document text built above
            rows.append(
                (
                    c.id,
                    doc,
                    offset,
                    offset + len(c.text),
                    c.text,
                    c.speaker,
                    json.dumps(quantities_json(c.quantities)),
                    json.dumps(dates_json(c.dates)),
                    json.dumps(names_json(c.names)),
                )
            )
            offset += len(c.text) + 2
    conn.executemany(
        'INSERT INTO claims (id, document_id, start, "end", text, score, checkworthy, speaker, quantities, '
        "dates, names, extractor) VALUES (?, ?, ?, ?, ?, 1.0, 1, ?, ?, ?, ?, '1')",
        rows,
    )
    conn.execute("COMMIT")


def _inserted(workdir: Path, claims: list[MatchClaim], n: int, tag: str) -> tuple[Path, float]:
    """A database holding the first ``n`` claims, never matched (kept): (path, seconds to write it)."""
    from workbench.store.database import open_database

    path = workdir / f"bench-match-{tag}-{n}-claims.db"
    if path.exists():
        return path, 0.0
    scratch = path.with_suffix(".building")
    for stale in workdir.glob(scratch.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    open_database(scratch).close()
    conn = sqlite3.connect(scratch, isolation_level=None)
    _insert(conn, claims[:n])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    scratch.rename(path)
    return path, time.perf_counter() - started


def _matched(workdir: Path, claims: list[MatchClaim], n: int, tag: str) -> tuple[Path, float, float]:
    """The database of the first ``n`` claims after a full run: (path, seconds to write, to match)."""
    from workbench.actions.matching import run_matching
    from workbench.store.database import copy_database, open_database

    path = workdir / f"bench-match-{tag}-{n}.db"
    if path.exists():
        return path, 0.0, 0.0
    source, built = _inserted(workdir, claims, n, tag)
    scratch = path.with_suffix(".matching")
    copy_database(source, scratch)
    with open_database(scratch) as database:
        started = time.perf_counter()
        run_matching(database, actor="bench")
        matched = time.perf_counter() - started
        database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    scratch.rename(path)
    return path, built, matched


@section("match-db")
def match_db(args: argparse.Namespace) -> list[Row]:
    from workbench.actions.match_incremental import match_new
    from workbench.actions.matching import run_matching
    from workbench.store.database import copy_database, open_database

    limit = args.limit or 3000
    base = base_claims(args.corpus, limit, args.workdir)
    rows: list[Row] = []
    sizes = [100_000] + ([1_000_000] if os.environ.get("BENCH_BIG") else [])
    for n in sizes:
        claims = scaled(base, n + 20_000)
        path, built, matched = _matched(args.workdir, claims, n, f"l{limit}")
        if matched:
            rows.append(
                (
                    f"full match through the database, {n:,} claims",
                    f"{matched:.1f} s",
                    f"read, group, link names and speakers, write (database written in {built:.0f} s); "
                    f"peak RSS {_rss_mb():,.0f} MB",
                )
            )
        old_docs = {c.document_id for c in claims[:n]}
        added = sorted({c.document_id for c in claims[n:]} - old_docs)[:ADDED_DOCUMENTS]
        wanted = set(added)
        batch = [c for c in claims[n:] if c.document_id in wanted]
        copy = args.workdir / f"bench-match-{n}-copy.db"
        copy_database(path, copy)
        conn = sqlite3.connect(copy, isolation_level=None)
        _insert(conn, batch)
        conn.close()
        with open_database(copy) as database:
            started = time.perf_counter()
            summary = match_new(database, actor="bench")
            took = time.perf_counter() - started
            event = database.conn.execute(
                "SELECT after FROM events WHERE action = 'match.add' ORDER BY id DESC LIMIT 1"
            ).fetchone()
            detail = json.loads(event[0])
            rows.append(
                (
                    f"incremental: +{len(added):,} documents onto {n:,} in the database",
                    f"{took:.2f} s",
                    f"{len(batch):,} new claims, {detail['candidates']:,} stored candidates read, "
                    f"{summary.stories_written:,} stories written, {detail['stories_merged']} merged",
                )
            )
            if n <= 100_000:  # the same claims regrouped from scratch, for the ratio
                started = time.perf_counter()
                run_matching(database, actor="bench")
                full = time.perf_counter() - started
                rows.append(
                    (
                        f"  full run over the same {n + len(batch):,} claims",
                        f"{full:.1f} s",
                        f"incremental/full = {took / full:.3f}",
                    )
                )
        for leftover in args.workdir.glob(copy.name + "*"):
            leftover.unlink()
    return rows
