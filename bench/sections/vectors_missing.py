"""What still lacks a sentence vector: the full scan every claim view, ``similar`` and ``factchecks import``
ran before (kept in the store as the marks-less call, ``above=0``) against the vector marks of db/0017,
on a database of 100,000 imported fact-checks (200,000 texts: claim and title) whose vectors are all
stored (``BENCH_FACTCHECKS=N`` for another size).

The stored vectors are random unit vectors written directly with each text's real SHA-1, not encoded
(encoding 200,000 texts takes about an hour on this box; no figure here depends on the values). One
process; each figure is the median over ``max(5, --repeats)`` runs, before and after interleaved. The
exact vector scan is forced (``WORKBENCH_ANN_FROM``) so that ``similar`` does not build an HNSW index.

Before and after for ``factchecks import`` (a new small file each run, its texts encoded on the spot as
the CLI does) use a copy of the same database with the 0017 triggers dropped and the scans without
marks, i.e. the former path: two full scans (``fill_vectors_if_few`` then ``fill_vectors``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from bench.registry import Row, fresh_db, section

SMALL = 20
"""Fact-checks in each small import."""


def _feed(path: Path, start: int, count: int) -> Path:
    words = ("unemployment", "crime", "bread prices", "rents", "waiting lists", "exports", "fuel duty")
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + count):
            topic = words[i % len(words)]
            row = {
                "claim": f"Claim {i}: {topic} rose {i % 97} percent in {1990 + i % 35} in region {i % 311}.",
                "title": f"Did {topic} really rise {i % 97} percent? Check number {i}",
                "url": f"https://fc.example/{i}",
            }
            fh.write(json.dumps(row) + "\n")
    return path


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _ms(seconds: list[float]) -> str:
    return f"{statistics.median(seconds) * 1000:.1f} ms"


def _ratio(before: list[float], after: list[float]) -> str:
    return f"{statistics.median(before) / max(statistics.median(after), 1e-9):.1f}x"


@section("vectors-missing")
def vectors_missing(args: argparse.Namespace) -> list[Row]:
    from workbench.actions import nearest, other_outlets, same_claim
    from workbench.store import factchecks as fc_store
    from workbench.store.database import ReviewDatabase, open_database
    from workbench.text import encoder as enc

    os.environ[nearest.ANN_FROM_ENV] = str(10**9)
    size = int(os.environ.get("BENCH_FACTCHECKS", "100000"))
    repeats = max(5, args.repeats)
    encoder = same_claim.shared_encoder()
    assert encoder is not None, enc.unavailable_message()
    model = encoder.name
    rows: list[Row] = []
    db_path = fresh_db(args.workdir, "bench-vectors-missing.db")
    base_path = fresh_db(args.workdir, "bench-vectors-missing-before.db")
    feeds = args.workdir / "vectors-missing-feeds"
    shutil.rmtree(feeds, ignore_errors=True)
    feeds.mkdir()

    built = time.perf_counter()
    with open_database(db_path) as db:
        same_claim.import_factchecks(
            db, str(_feed(feeds / "all.jsonl", 0, size)), actor="bench", max_bytes=10**9
        )
        rng = np.random.default_rng(13)
        texts = [
            (kind, int(r[0]), field, str(r[1]))
            for kind, field, sql in (
                ("factcheck", "text", "SELECT id, claim FROM factchecks"),
                ("factcheck", "title", "SELECT id, title FROM factchecks WHERE title IS NOT NULL"),
            )
            for r in db.conn.execute(sql)
        ]
        for start in range(0, len(texts), 20_000):
            chunk = texts[start : start + 20_000]
            vectors = enc.normalise(rng.standard_normal((len(chunk), encoder.dim)).astype(np.float32))
            stored = [
                (k, i, f, fc_store.text_sha1(t), enc.to_blob(v))
                for (k, i, f, t), v in zip(chunk, vectors, strict=True)
            ]
            with db.write_unit() as conn:
                fc_store.store_vectors(conn, model, stored)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(db_path, base_path)
    with open_database(base_path) as base, base.write_unit() as conn:
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'vector_marks_%'"
        ).fetchall():
            conn.execute(f"DROP TRIGGER {name}")
    rows.append(("database", f"{len(texts):,} texts", f"{size:,} fact-checks imported, random vectors stored; "
                 f"built in {time.perf_counter() - built:.0f} s"))  # fmt: skip

    db = open_database(db_path)
    base = open_database(base_path)
    try:
        first = _timed(lambda: same_claim.fill_vectors_if_few(db, encoder))
        rows.append(
            ("first scan after the upgrade (sets the marks)", f"{first * 1000:.0f} ms", "once per model")
        )

        def old_missing(database: ReviewDatabase) -> int:
            return fc_store.claims_without_vector(
                database.conn, model
            ) + fc_store.factcheck_texts_without_vector(database.conn, model)

        assert old_missing(db) == 0 == other_outlets.missing_vectors(db, encoder)
        assert fc_store.texts_to_encode(db.conn, model).texts == [] == same_claim.waiting(db, encoder)
        times: dict[str, list[float]] = {
            k: [] for k in ("mb", "ma", "tb", "ta", "ib", "ia", "eb", "ea", "sb", "sa")
        }
        query = "Did unemployment rise 12 percent in 2003?"
        same_claim.similar(db, [query], encoder=encoder)  # builds the vector index once (cached per key)
        for n in range(repeats):
            times["mb"].append(_timed(lambda: old_missing(db)))
            times["ma"].append(_timed(lambda: other_outlets.missing_vectors(db, encoder)))
            times["tb"].append(_timed(lambda: fc_store.texts_to_encode(db.conn, model)))
            times["ta"].append(_timed(lambda: same_claim.waiting(db, encoder)))
            # store only: the triggers' cost on insert
            small = _feed(feeds / f"small-{n}.jsonl", size + 1000 * n, SMALL)
            times["ib"].append(_timed(partial(same_claim.import_factchecks, base, str(small), actor="bench")))
            times["ia"].append(_timed(partial(same_claim.import_factchecks, db, str(small), actor="bench")))
            # the import command's path: store, then encode what waits on the spot (this file's texts and
            # the store-only one's, in both databases)
            small = _feed(feeds / f"encoded-{n}.jsonl", size + 1000 * n + 500, SMALL)

            def before_import(small: Path = small) -> None:
                same_claim.import_factchecks(base, str(small), actor="bench")
                fc_store.texts_to_encode(base.conn, model)  # fill_vectors_if_few's count, then fill_vectors'
                same_claim._encode(base, encoder, fc_store.texts_to_encode(base.conn, model).texts, 256)

            def after_import(small: Path = small) -> None:
                same_claim.import_factchecks(db, str(small), actor="bench")
                same_claim.fill_vectors_if_few(db, encoder)

            times["eb"].append(_timed(before_import))
            times["ea"].append(_timed(after_import))
            # `similar`, one query as the CLI runs it: the check for texts waiting, then the ranking
            same_claim._REVIEWED.clear()

            def before_similar() -> None:
                fc_store.texts_to_encode(db.conn, model)
                same_claim._REVIEWED.clear()  # the reviewed-claims key computed on every call, as before
                same_claim.similar(db, [query], encoder=encoder)

            def after_similar() -> None:
                same_claim.fill_vectors_if_few(db, encoder)
                same_claim.similar(db, [query], encoder=encoder)

            after_similar()  # the index rebuilt for this run's new vectors, outside the timings
            times["sb"].append(_timed(before_similar))
            times["sa"].append(_timed(after_similar))
        assert other_outlets.missing_vectors(db, encoder) == old_missing(db) == 0 == old_missing(base)
    finally:
        db.close()
        base.close()
    for label, b, a in (
        ("missing count (claim view, every claim opened)", "mb", "ma"),
        ("texts to encode (similar, factchecks import)", "tb", "ta"),
        (f"factchecks import of {SMALL} items, store only (triggers' cost)", "ib", "ia"),
        (f"factchecks import of {SMALL} items, {2 * SMALL} texts encoded on the spot", "eb", "ea"),
        ("similar, one query (the waiting check + the ranking)", "sb", "sa"),
    ):
        rows.append((label, f"{_ms(times[b])} -> {_ms(times[a])}", f"before/after {_ratio(times[b], times[a])}, "
                     f"median of {repeats}"))  # fmt: skip
    return rows
