"""`similar` over 10k and 1M stored claim vectors: the exact scan against the approximate index (usearch
HNSW), its build time, file size and peak RSS, and its recall@10 against the exact scan.

Vectors are real: the claims of news-scale articles encoded by the real model (taken from the
``vectors-news`` section's database in the work folder when it is there, else the claims of the first
``--limit`` (default 600) articles are ingested and encoded here). The big database repeats them with
noise: each stored row is a real claim's vector plus Gaussian noise (cosine about 0.86 to its
original), as int8 + scale blobs, so near-duplicates come in clusters as paraphrases across outlets do.
Rows are written straight into a review database as reviewed claims (verdict "false", text of the claim
they copy, 10 per document), so `similar` and the claim view search all of them.

Each configuration runs in its own process (its own peak RSS). ``BENCH_ANN_SIZES`` (default
``10000,1000000``) sets the sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.registry import Row, peak_rss_mb, section

ROOT = Path(__file__).resolve().parents[2]
QUERIES = 100


def _real(args: argparse.Namespace) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Real claim texts, their int8 codes and scales."""
    from workbench.text import encoder as enc

    source = args.workdir / "bench-vectors-news.db"
    if not source.exists():
        from bench.corpus import news_articles, raw_documents
        from workbench.actions.ingest import ingest_documents
        from workbench.actions.same_claim import fill_vectors
        from workbench.store.database import open_database

        source = args.workdir / "bench-ann-real.db"
        if not source.exists():
            scratch = source.with_suffix(".building")
            for stale in args.workdir.glob(scratch.name + "*"):
                stale.unlink()
            articles = news_articles(args.corpus, args.limit or 600)
            with open_database(scratch, bulk=True) as database:
                ingest_documents(database, raw_documents(articles), total=len(articles))
                encoder = enc.load_encoder()
                assert encoder is not None, enc.unavailable_message()
                fill_vectors(database, encoder, all_claims=True)
                database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            scratch.rename(source)
    conn = sqlite3.connect(source)
    rows = conn.execute(
        "SELECT c.text, v.vector FROM vectors v JOIN claims c ON c.id = v.item_id "
        "WHERE v.kind = 'claim' ORDER BY c.id"
    ).fetchall()
    conn.close()
    texts = [r[0] for r in rows]
    scales = np.frombuffer(b"".join(bytes(r[1][:4]) for r in rows), dtype="<f4")
    codes = np.frombuffer(b"".join(bytes(r[1][4:]) for r in rows), dtype=np.int8).reshape(len(rows), -1)
    return texts, codes, scales


def _build_db(path: Path, n: int, texts: list[str], codes: np.ndarray, scales: np.ndarray) -> float:
    from workbench.actions.same_claim import shared_encoder
    from workbench.store import factchecks as fc_store
    from workbench.store.database import open_database

    encoder = shared_encoder()
    assert encoder is not None
    started = time.perf_counter()
    scratch = path.with_suffix(".building")
    for stale in path.parent.glob(scratch.name + "*"):
        stale.unlink()
    open_database(scratch).close()
    rng = np.random.default_rng(13)
    real = codes.astype(np.float32) * scales[:, None]
    real /= np.linalg.norm(real, axis=1, keepdims=True)
    conn = sqlite3.connect(scratch, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    per_doc, step = 10, 50_000
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        base = np.arange(lo, hi) % len(texts)
        rows = real[base]
        if lo + len(texts) > 0:  # the first copy of each real claim exact, later ones with noise
            noisy = np.arange(lo, hi) >= len(texts)
            rows[noisy] += rng.normal(0.0, 0.6 / np.sqrt(rows.shape[1]), (int(noisy.sum()), rows.shape[1]))
        peak = np.abs(rows).max(axis=1, keepdims=True)
        scale = (peak / 127.0).astype("<f4")
        q = np.clip(np.rint(rows / scale), -127, 127).astype(np.int8)
        docs = sorted({i // per_doc + 1 for i in range(lo, hi)})
        conn.executemany(
            "INSERT INTO documents (id, sha256, source, outlet, text, chars, extractor, ingested_at, ingested_by) "
            "VALUES (?, ?, ?, ?, '', 0, '1', '2026-12-05T00:00:00+00:00', 'bench')",
            [(d, f"ann-{d}", f"bench/{d}", f"outlet {d % 50}") for d in docs],
        )
        conn.executemany(
            'INSERT INTO claims (id, document_id, start, "end", text, verdict, verdict_scale, status) '
            "VALUES (?, ?, ?, ?, ?, 'false', 'check', 'reviewed')",
            [
                (i + 1, i // per_doc + 1, i % per_doc, i % per_doc + 1, texts[i % len(texts)])
                for i in range(lo, hi)
            ],
        )
        conn.executemany(
            "INSERT INTO vectors (kind, item_id, field, model, text_sha1, vector) VALUES ('claim', ?, 'text', ?, ?, ?)",
            [
                (
                    i + 1,
                    encoder.name,
                    fc_store.text_sha1(texts[i % len(texts)]),
                    scale[j].tobytes() + q[j].tobytes(),
                )
                for j, i in enumerate(range(lo, hi))
            ],
        )
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('vectors_generation', '1')")
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    scratch.rename(path)
    return time.perf_counter() - started


def worker(db: str, mode: str, queries_file: str) -> None:
    """One configuration in this process: prints one JSON line of timings."""
    from workbench.actions import nearest, same_claim
    from workbench.store.database import open_database

    os.environ[nearest.ANN_FROM_ENV] = "1" if mode == "ann" else str(10**9)
    texts = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    encoder = same_claim.shared_encoder()
    assert encoder is not None
    out: dict[str, object] = {}
    with open_database(Path(db)) as database:
        started = time.perf_counter()
        index = same_claim._vector_index(database, encoder)
        out["index_s"] = time.perf_counter() - started
        out["approximate"] = index.nearest.approximate
        same_claim.similar(database, texts[:1], encoder=encoder)  # warm: FTS pages, the query path
        one = []
        for text in texts[:9]:
            started = time.perf_counter()
            same_claim.similar(database, [text], encoder=encoder)
            one.append(time.perf_counter() - started)
        out["one_s"] = statistics.median(one)
        started = time.perf_counter()
        same_claim.similar(database, texts[:QUERIES], encoder=encoder)
        out["hundred_s"] = time.perf_counter() - started
        # the vector search alone (no BM25, no encoding): median per query
        queries = encoder.encode(texts[:QUERIES])
        started = time.perf_counter()
        for q in queries:
            index.nearest.search(q, 2 * same_claim.CANDIDATES)
        out["search_ms"] = (time.perf_counter() - started) / len(queries) * 1000
    out["rss_mb"] = peak_rss_mb()
    print(json.dumps(out))


def _recall(db: Path, k: int = 10, sample: int = 300) -> tuple[float, float, float]:
    """Recall@k of the approximate index against the exact scan: queries are stored rows (their own row
    excluded) and freshly noised real vectors, searched all at once (a matching run's setting), and the
    stored rows one at a time (the claim view's and a single `similar` query's setting)."""
    from workbench.actions import nearest
    from workbench.text import encoder as enc

    conn = sqlite3.connect(db)
    blobs = [bytes(r[0]) for r in conn.execute("SELECT vector FROM vectors ORDER BY item_id")]
    conn.close()
    exact = nearest.ExactScan(enc.from_blobs(blobs))
    os.environ[nearest.ANN_FROM_ENV] = "1"
    cache = next(Path(f"{db}.ann").glob("reviewed-*.usearch"), None)
    approximate = nearest.build(blobs, 0, cache=cache)
    del blobs
    rng = np.random.default_rng(5)
    rows = rng.choice(len(exact), size=min(sample, len(exact)), replace=False)
    queries = exact.matrix[rows]
    noisy = queries + rng.normal(0.0, 0.6 / np.sqrt(queries.shape[1]), queries.shape).astype(np.float32)
    noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)

    def recall(batch: np.ndarray, skip: np.ndarray | None, one_by_one: bool = False) -> float:
        # a found row counts when its cosine reaches the exact k-th (identical claims tie)
        extra = 0 if skip is None else 1
        want, want_cos = exact.search(batch, k + extra)
        if one_by_one:
            got = np.concatenate([approximate.search(q[None, :], k + extra)[0] for q in batch])
        else:
            got, _ = approximate.search(batch, k + extra)
        out = []
        for n in range(len(batch)):
            mine = [j for j in got[n] if j >= 0 and (skip is None or j != skip[n])][:k]
            kth = [c for j, c in zip(want[n], want_cos[n], strict=True) if skip is None or j != skip[n]][
                k - 1
            ]
            cos = exact.matrix[mine] @ batch[n]
            out.append(float(np.sum(cos >= kth - 1e-5)) / k)
        return float(np.mean(out))

    return recall(queries, rows), recall(noisy, None), recall(queries, rows, one_by_one=True)


@section("ann")
def ann(args: argparse.Namespace) -> list[Row]:
    texts, codes, scales = _real(args)
    sizes = [int(s) for s in os.environ.get("BENCH_ANN_SIZES", "10000,1000000").split(",")]
    rng = np.random.default_rng(7)
    queries = args.workdir / "bench-ann-queries.json"
    picked = rng.choice(len(texts), size=min(QUERIES, len(texts)), replace=False)
    queries.write_text(json.dumps([texts[i] for i in picked]), encoding="utf-8")
    rows: list[Row] = [
        ("real claim vectors reused", f"{len(texts):,}", "news-scale claims, all-MiniLM-L6-v2 int8")
    ]
    for n in sizes:
        path = args.workdir / f"bench-ann-{n}.db"
        if not path.exists():
            built = _build_db(path, n, texts, codes, scales)
            rows.append(
                (f"{n:,}: database written", f"{built:.0f} s", f"{path.stat().st_size / 1e6:,.0f} MB")
            )
        for leftover in path.parent.glob(f"{path.name}.ann/*"):
            leftover.unlink()
        results = {}
        for mode in ("exact", "ann", "ann"):  # the second approximate run reads the cached file
            done = subprocess.run(
                [sys.executable, "-c", "import sys; from bench.sections.ann import worker; worker(*sys.argv[1:])",
                 str(path), mode, str(queries)],
                capture_output=True, text=True, check=True, cwd=ROOT,
            )  # fmt: skip
            result = json.loads(done.stdout.strip().splitlines()[-1])
            label = mode if mode not in results else "ann, cached"
            results[label] = result
        for label, r in results.items():
            what = {
                "exact": "exact scan",
                "ann": "approximate, index built",
                "ann, cached": "approximate, index from file",
            }[label]
            rows.append(
                (
                    f"{n:,}: similar, {what}",
                    f"{r['one_s'] * 1000:.0f} ms / query",
                    f"100 queries {r['hundred_s']:.1f} s; vector search alone {r['search_ms']:.2f} ms/query; "
                    f"index ready in {r['index_s']:.1f} s (read + {'build' if label == 'ann' else 'load'}); "
                    f"peak RSS {r['rss_mb']:,.0f} MB",
                )
            )
        files = list(Path(f"{path}.ann").glob("*.usearch"))
        size = sum(f.stat().st_size for f in files)
        rows.append(
            (f"{n:,}: index file", f"{size / 1e6:,.0f} MB", f"{len(files)} file(s) beside the database")
        )
        stored, noisy, single = _recall(path)
        rows.append(
            (
                f"{n:,}: recall@10 vs exact",
                f"{single:.3f}",
                f"300 stored rows, one query at a time; searched all at once {stored:.3f}, "
                f"300 noised real vectors all at once {noisy:.3f}",
            )
        )
    return rows
