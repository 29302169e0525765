"""Ingest throughput on news-scale.jsonl, and database write throughput against raw executemany."""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from bench.corpus import news_articles, raw_documents
from bench.registry import Row, fresh_db, section
from workbench.actions.ingest import IngestReport, Prepared, _store, ingest_documents, prepare
from workbench.store.database import open_database


@section("ingest")
def ingest(args: argparse.Namespace) -> list[Row]:
    articles = news_articles(args.corpus, args.limit)
    chars = sum(len(a["text"]) for a in articles)
    megabytes = sum(len(a["text"].encode()) for a in articles) / 1e6
    naive = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
    started = time.perf_counter()
    sentences = sum(len(naive.split(a["text"])) for a in articles)
    baseline = time.perf_counter() - started
    path = fresh_db(args.workdir, "bench-ingest.db")
    with open_database(path, bulk=True) as database:
        started = time.perf_counter()
        report = ingest_documents(database, raw_documents(articles), total=len(articles))
        elapsed = time.perf_counter() - started
        claims = database.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    from workbench.text.extract import extract

    def per_article(text: str) -> float:
        times = []
        for _ in range(max(9, args.repeats * 3)):
            t = time.perf_counter()
            extract(text)
            times.append(time.perf_counter() - t)
        return sorted(times)[len(times) // 2]

    seed = (Path(__file__).resolve().parents[2] / "seeds" / "001_30b9182e00ee7e70.txt").read_text(
        encoding="utf-8"
    )
    typical = sorted((a["text"] for a in articles), key=len)[len(articles) // 2]
    seed_ms, typical_ms = per_article(seed) * 1000, per_article(typical) * 1000
    naive_ms = (
        min(
            (lambda t0: (naive.split(seed), time.perf_counter() - t0)[1])(time.perf_counter())
            for _ in range(9)
        )
        * 1000
    )
    return [
        (
            "articles ingested",
            f"{report.ingested:,}",
            f"{megabytes:.1f} MB, {chars:,} chars, {claims:,} claims; {report.skipped:,} duplicates skipped",
        ),
        (
            "ingest wall time (2 processes)",
            f"{elapsed:.1f} s",
            "read + extract + store + audit, whole corpus",
        ),
        (
            "ingest throughput",
            f"{megabytes / elapsed:.2f} MB/s",
            f"{report.ingested / elapsed:,.0f} documents/s",
        ),
        (
            "plain regex splitter, same text",
            f"{baseline:.2f} s",
            f"{sentences:,} pieces; ingest is {elapsed / baseline:,.0f}x its time",
        ),
        (
            "one article end to end (median)",
            f"{seed_ms:.1f} ms",
            f"seed 001, {len(seed):,} chars; naive split of it {naive_ms:.2f} ms; median-size news-scale article "
            f"({len(typical):,} chars): {typical_ms:.1f} ms",
        ),
    ]


@section("write")
def write(args: argparse.Namespace) -> list[Row]:
    """Our write path (per-document transaction + audit event + FTS) against raw executemany."""
    articles = news_articles(args.corpus, min(args.limit or 3000, 3000))
    unique: dict[str, Prepared] = {}
    for raw in raw_documents(articles):
        item = prepare(raw)
        unique.setdefault(item.sha256, item)
    prepared = list(unique.values())
    n_claims = sum(len(p.extraction.claims) for p in prepared)
    ours_path = fresh_db(args.workdir, "bench-write-ours.db")
    raw_path = fresh_db(args.workdir, "bench-write-raw.db")
    with open_database(ours_path, bulk=True) as database:
        started = time.perf_counter()
        report = IngestReport()
        known: set[str] = set()
        for item in prepared:
            _store(database, item, "bench", known, report)
        ours = time.perf_counter() - started
    with open_database(raw_path, bulk=True) as database:
        conn = database.conn
        from workbench.store.documents import claim_values

        started = time.perf_counter()
        conn.execute("BEGIN")
        for i, item in enumerate(prepared):
            cursor = conn.execute(
                "INSERT INTO documents (sha256, source, text, chars, extractor, ingested_at, ingested_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (item.sha256, item.raw.source, item.raw.text, len(item.raw.text), "1", "now", "bench"),
            )
            doc_id = cursor.lastrowid or i
            conn.executemany(
                'INSERT INTO claims (document_id, start, "end", text, score, checkworthy, reasons, speaker, '
                "speaker_start, speaker_end, cue, attribution_method, quantities, dates, names, extractor) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [claim_values(int(doc_id), c, "1") for c in item.extraction.claims],
            )
        conn.execute("COMMIT")
        raw = time.perf_counter() - started
    return [
        ("documents / claims written", f"{len(prepared):,} / {n_claims:,}", "extraction done beforehand"),
        (
            "our write path",
            f"{n_claims / ours:,.0f} claims/s",
            f"{ours:.2f} s: one transaction + audit event per document, FTS triggers",
        ),
        ("raw executemany, one transaction", f"{n_claims / raw:,.0f} claims/s", f"{raw:.2f} s, same schema"),
        ("ratio ours / raw", f"{raw / ours:.2f}", "aim >= 0.5"),
    ]
