"""How long the claim view waits for "checked before?" and "similar claims in other outlets".

    python bench/bench_claim_view.py [--factchecks FILE] [--cache DIR] [--claims N] [--keep DIR]

Builds a database from the five seeds plus CLEF-2020's 10,375 Snopes claims imported as fact-checks
(the real import action), with every vector stored (from ``eval_checked_before``'s cache when it holds
the same texts, else encoded), then times ``queries.related`` as the TUI's worker calls it: the first
claim (the model loads, the vector indexes are built) and the next claims (cached per process).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path("/work/shared/eval-dev/checked-before/ct20-vclaims.jsonl")


def main() -> None:
    from workbench import queries
    from workbench.actions import same_claim
    from workbench.actions.ingest import ingest_paths
    from workbench.actions.matching import run_matching
    from workbench.actions.other_outlets import fill_claim_vectors
    from workbench.store import factchecks as fc_store
    from workbench.store.database import open_database
    from workbench.text import encoder as enc

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--factchecks", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/checked-before-vectors"))
    parser.add_argument("--claims", type=int, default=30)
    parser.add_argument("--keep", type=Path, default=None, help="build the database in this folder (kept)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.factchecks.read_text(encoding="utf-8").splitlines() if line]
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / "factchecks.jsonl"
    feed.write_text(
        "\n".join(json.dumps({"claim": r["claim"], "title": r.get("title")}) for r in rows), encoding="utf-8"
    )
    encoder = same_claim.shared_encoder()
    assert encoder is not None, enc.unavailable_message()
    with open_database(folder / "bench.db") as db:
        ingest_paths(db, [str(ROOT / "seeds")], workers=1)
        same_claim.import_factchecks(db, str(feed), actor="bench")
        cached = {f: args.cache / f"ct20-{f}.npy" for f in ("claim", "title")}
        if args.factchecks == DATA and all(p.exists() for p in cached.values()):
            matrices = {f: np.load(p) for f, p in cached.items()}
            at = {}
            for n, r in enumerate(rows):
                at.setdefault(" ".join(str(r["claim"]).split()), n)
            stored = []
            for fc in fc_store.list_factchecks(db.conn):
                n = at.get(" ".join(fc.claim.split()))
                if n is None:  # encoded below
                    continue
                stored.append(
                    (
                        "factcheck",
                        fc.id,
                        "text",
                        fc_store.text_sha1(fc.claim),
                        enc.to_blob(matrices["claim"][n]),
                    )
                )
                if fc.title:
                    blob = enc.to_blob(matrices["title"][n])
                    stored.append(("factcheck", fc.id, "title", fc_store.text_sha1(fc.title), blob))
            with db.write_unit() as conn:
                fc_store.store_vectors(conn, encoder.name, stored)
        start = time.perf_counter()
        encoded = fill_claim_vectors(db, encoder)
        print(f"vectors: {encoded} encoded now in {time.perf_counter() - start:.1f} s")
        run_matching(db, actor="bench")
        vectors = fc_store.vector_count(db.conn, encoder.name)
        claims = [r[0] for r in db.conn.execute("SELECT id FROM claims ORDER BY id LIMIT ?", (args.claims,))]
    same_claim._ENCODERS.clear()  # the first call pays for the model, as in a fresh TUI
    enc._cache.clear()
    with open_database(folder / "bench.db") as db:
        times = []
        for claim_id in claims:
            t = time.perf_counter()
            related = queries.related(db, claim_id)
            times.append(time.perf_counter() - t)
        assert related.note is None
    print(
        f"{len(rows):,} fact-checks, {vectors:,} vectors: first claim {times[0]:.2f} s (model load and "
        f"indexes), next {len(times) - 1} claims median {statistics.median(times[1:]) * 1000:.0f} ms, "
        f"max {max(times[1:]) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
