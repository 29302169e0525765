"""News-scale with sentence vectors: the whole of news-scale.jsonl ingested without vectors (timed),
then the vectors filled by ``workbench vectors`` (the background step the TUI also runs), in one run.

The encode runs as a subprocess under ``nice`` (its own peak RSS, through ``bench/peak.py``). A full
encode of every claim takes longer than a bench should (about 260 sentences/s on two idle cores), so by
default it encodes a fixed fraction, the first ``BENCH_VECTOR_FRACTION`` (default 0.1) of the claims in
id order, and the full time is extrapolated from it and labelled so. ``BENCH_VECTOR_FRACTION=1`` encodes all of them.
``BENCH_ENCODER_THREADS`` passes ``--threads`` (default: the command's own, every usable core).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

from bench.corpus import news_articles, raw_documents
from bench.registry import Row, fresh_db, read_peak, section, with_peak


@section("vectors-news")
def vectors_news(args: argparse.Namespace) -> list[Row]:
    from workbench.actions.ingest import ingest_documents
    from workbench.store.database import open_database

    fraction = float(os.environ.get("BENCH_VECTOR_FRACTION", "0.1"))
    threads = os.environ.get("BENCH_ENCODER_THREADS", "")
    articles = news_articles(args.corpus, args.limit)
    path = fresh_db(args.workdir, "bench-vectors-news.db")
    with open_database(path, bulk=True) as database:
        started = time.perf_counter()
        report = ingest_documents(database, raw_documents(articles), total=len(articles))
        ingest_s = time.perf_counter() - started
        claims = int(database.conn.execute("SELECT count(*) FROM claims").fetchone()[0])
        database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ingest_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    limit = max(1, round(claims * fraction))
    command = [
        "nice", "-n", "10", sys.executable, "-m", "workbench", "--db", str(path),
        "vectors", "--json", *([] if fraction >= 1 else ["--limit", str(limit)]),
        *(["--threads", threads] if threads else []),
    ]  # fmt: skip
    peak = args.workdir / "bench-vectors-news.peak"
    started = time.perf_counter()
    done = subprocess.run(with_peak(command, peak), capture_output=True, text=True, check=True)
    encode_s = time.perf_counter() - started
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    encoded = int(summary["encoded"])
    rate = encoded / encode_s
    rss = f"{read_peak(peak):,.0f} MB"
    rows: list[Row] = [
        (
            "ingest without vectors",
            f"{ingest_s:.0f} s",
            f"{report.ingested:,} articles, {claims:,} claims, 2 processes; peak RSS {ingest_rss:,.0f} MB "
            f"(each worker <= {workers_rss:,.0f} MB)",
        ),
        (
            "`workbench vectors`" + ("" if fraction >= 1 else f" on the first {fraction:.0%} of claims"),
            f"{encode_s:.0f} s",
            f"{encoded:,} texts, {rate:.1f} sentences/s (nice 10, {summary['threads']} encoder "
            f"thread(s), model load included); "
            f"peak RSS {rss}",
        ),
    ]
    if fraction < 1:
        rows.append(
            (
                "  all claims, EXTRAPOLATED",
                f"{claims / rate / 60:.0f} min",
                f"{claims:,} claims at {rate:.1f}/s (not measured: {fraction:.0%} was)",
            )
        )
    rows.append(
        (
            "ingest + vectors, all claims",
            f"{(ingest_s + claims / rate) / 60:.0f} min" + ("" if fraction >= 1 else " (extrapolated)"),
            f"vs {ingest_s / 60:.0f} min without vectors",
        )
    )
    return rows
