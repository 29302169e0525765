"""The semantic re-score ``workbench vectors`` runs after encoding: time and peak memory on many claims.

A database of the first ``BENCH_RESCORE_ARTICLES`` (default 8,000) news-scale articles is ingested, and
every claim gets a random unit vector stored directly with its text's real SHA-1 (encoding them would
take many minutes; the re-score reads the vectors but no figure here depends on their values). Each run
re-scores a fresh copy in its own process, so its peak RSS is its own: the former path (every waiting
claim read, re-scored and written in one piece: ``rescore.CHUNK`` set above the claim count) against
the current one (chunks of ``rescore.CHUNK`` inside the same single transaction and event), runs
interleaved, medians of ``max(3, --repeats)``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.corpus import news_articles, raw_documents
from bench.registry import Row, fresh_db, section

_RUN = """
import json, sys, time
from bench.registry import peak_rss_mb
from workbench.actions import rescore
from workbench.store.database import open_database
if sys.argv[2] != "0":
    rescore.CHUNK = int(sys.argv[2])
with open_database(sys.argv[1]) as database:
    started = time.perf_counter()
    changed = rescore.rescore_semantic(database, actor="system:bench")
    seconds = time.perf_counter() - started
print(json.dumps({"changed": changed, "seconds": seconds,
                  "rss_mb": peak_rss_mb()}))
"""


def _build(path: Path, articles: list[dict[str, str]]) -> int:
    from workbench.actions.ingest import ingest_documents
    from workbench.store import factchecks as fc_store
    from workbench.store.database import open_database
    from workbench.text import checkworthy_semantic as semantic
    from workbench.text.encoder import to_blob

    rng = np.random.default_rng(2026)
    with open_database(path, bulk=True) as database:
        ingest_documents(database, raw_documents(articles), total=len(articles))
        claims = database.conn.execute("SELECT id, text FROM claims ORDER BY id").fetchall()
        for start in range(0, len(claims), 5000):
            chunk = claims[start : start + 5000]
            vectors = rng.standard_normal((len(chunk), 384)).astype(np.float32)
            vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
            rows = [
                ("claim", int(cid), "text", fc_store.text_sha1(text), to_blob(vec))
                for (cid, text), vec in zip(chunk, vectors, strict=True)
            ]
            with database.write_unit() as conn:
                fc_store.store_vectors(conn, semantic.ENCODER, rows)
        database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return len(claims)


def _run(copy: Path, chunk: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(copy), str(chunk)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@section("rescore-memory")
def rescore_memory(args: argparse.Namespace) -> list[Row]:
    from workbench.actions import rescore

    count = int(os.environ.get("BENCH_RESCORE_ARTICLES", "8000"))
    articles = news_articles(args.corpus, args.limit or count)
    base = fresh_db(args.workdir, "bench-rescore.db")
    started = time.perf_counter()
    claims = _build(base, articles)
    build_s = time.perf_counter() - started
    copy = args.workdir / "bench-rescore-copy.db"
    runs: dict[str, list[dict[str, float]]] = {"one piece": [], "chunks": []}
    for _ in range(max(3, args.repeats)):
        for name, chunk in (("one piece", claims + 1), ("chunks", 0)):
            fresh_db(args.workdir, copy.name)
            shutil.copyfile(base, copy)
            runs[name].append(_run(copy, chunk))
    rows: list[Row] = []
    for name, results in runs.items():
        assert all(r["changed"] == claims for r in results), results
        label = "before: in one piece" if name == "one piece" else f"after: chunks of {rescore.CHUNK}"
        rows.append(
            (
                f"re-score {claims:,} claims, {label}",
                f"{statistics.median(r['seconds'] for r in results):.1f} s",
                f"peak RSS {statistics.median(r['rss_mb'] for r in results):,.0f} MB (its own process)",
            )
        )
    rows.append(
        ("  database built (ingest + random vectors)", f"{build_s:.0f} s", f"{len(articles):,} articles")
    )
    return rows
