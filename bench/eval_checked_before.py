"""MAP@5 of "checked before?" rankers on the CheckThat! dev data, and the hybrid weight tuned on train.

    python bench/eval_checked_before.py [--data DIR] [--cache DIR] [--sets ct20,ct21b,ct22a] [--labels]

Rankers: today's ReviewedIndex (rare words + token ratio), BM25 (SQLite FTS5 over claim and title),
vectors (max cosine over claim and title, exact scan), and the hybrid of workbench.text.matching.same_claim.
The weight is chosen on each benchmark's train split (ct22a: 5-fold cross-validation) and reported on dev,
next to what ``similar`` ships: the hybrid's top 40 re-ranked by ``workbench.text.matching.rerank`` (its
coefficients fitted on ct20 train by ``bench/rerank_explore.py``; on ct21b also fitted by CV on ct21b
train, on ct22a fitted inside each fold).
``--labels`` also prints, for the claim view's words, how precise the top 3 matches are above each
strength (``same_claim.strength``) on the train split and on dev: LIKELY and POSSIBLY come from there.

Tried for issue 13 (weight chosen on train, MAP@5 on dev; the hybrid before: ct20 0.848, ct21b 0.420).
Kept: BM25 min-max normalised over its candidates instead of divided by the best, ct20 0.859 (w=0.8),
ct21b 0.430 (w=0.9); labels keep the old scale (``same_claim.LABEL_WEIGHT``), since min-max puts the
weaker of two lexical matches at 0. In a separate script (its baseline 0.837 on ct20 dev, ties broken
differently): mean of the claim and title cosines instead of the max, ct20 +0.023 but ct21b -0.007;
rank-based normalisation, RRF (k=10, 60), BM25 fields ranked apart with max, 200 or 20 candidates
instead of 50: none better on both. Every claim a candidate by cosine there gave ct20 train 0.901, dev
0.848 (+0.011) only by breaking ties otherwise: ct20's claims hold duplicates with the same cosine, and
which one ranks first moves MAP@5 by about 0.01, the size of the gains above (``hybrid`` breaks ties by
key, so runs of this script compare like with like).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from workbench.text import encoder as enc
from workbench.text.matching import rerank, same_claim

DATA = Path("/work/shared/eval-dev/checked-before")
Ranking = list[str]


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def map_at_5(rankings: Sequence[Ranking], relevant: Sequence[Sequence[str]]) -> float:
    total = 0.0
    for ranked, rel in zip(rankings, relevant, strict=True):
        hits, precision = 0, 0.0
        for i, key in enumerate(ranked[:5]):
            if key in rel:
                hits += 1
                precision += hits / (i + 1)
        total += precision / max(1, len(rel))
    return total / max(1, len(rankings))


def vectors(name: str, texts: list[str], cache: Path, model: enc.SentenceEncoder) -> np.ndarray:
    file = cache / f"{name}.npy"
    if file.exists():
        return np.load(file)
    start = time.perf_counter()
    out = model.encode(texts)
    print(f"  encoded {len(texts)} {name} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    np.save(file, out)
    return out


class Corpus:
    def __init__(self, rows: list[dict[str, object]]) -> None:
        self.ids = [str(r["id"]) for r in rows]
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE VIRTUAL TABLE v USING fts5(claim, title, tokenize='porter unicode61')")
        self.conn.executemany(
            "INSERT INTO v(rowid, claim, title) VALUES (?, ?, ?)",
            [(i, str(r["claim"]), str(r.get("title") or "")) for i, r in enumerate(rows)],
        )

    def bm25(self, text: str, k: int = 50) -> dict[str, float]:
        query = same_claim.fts_query(text)
        if not query:
            return {}
        rows = self.conn.execute(
            "SELECT rowid, bm25(v) FROM v WHERE v MATCH ? ORDER BY bm25(v) LIMIT ?", (query, k)
        ).fetchall()
        return {self.ids[r]: float(s) for r, s in rows}


Prepared = list[tuple[dict[str, float], dict[str, float], list[str]]]


def reranked(query: str, bm: dict[str, float], cos: dict[str, float], texts: dict[str, str]) -> Ranking:
    """The keys in the order ``similar`` shows them: the hybrid's top 40 re-ranked by the packaged model."""
    return [r.scored.key for r in rerank.rerank(query, same_claim.hybrid(bm, cos), bm, texts)]


def rerank_cv(queries: list[str], items: Prepared, texts: dict[str, str], k: int = 5) -> float:
    """MAP@5 of the re-ranker's features fitted inside each of ``k`` folds (the packaged model unused)."""
    from rerank_explore import fit

    names = rerank.model().features
    mats = []
    for q, (bm, cos, rel) in zip(queries, items, strict=True):
        pool = same_claim.hybrid(bm, cos)[: rerank.POOL]
        feats = rerank.features(q, pool, bm, texts)
        x = np.array([[f[n] for n in names] for f in feats]).reshape(-1, len(names))
        mats.append(([s.key for s in pool], x, np.array([float(s.key in rel) for s in pool]), rel))
    out = []
    for i in range(k):
        train = [m for j, m in enumerate(mats) if j % k != i]
        mu, sd, w = fit(np.vstack([m[1] for m in train]), np.concatenate([m[2] for m in train]))
        rankings, rels = [], []
        for keys, x, _, rel in mats[i::k]:
            z = ((x - mu) / sd) @ w[:-1] if len(keys) else np.zeros(0)
            rankings.append([keys[j] for j in sorted(range(len(keys)), key=lambda j: (-z[j], j))])
            rels.append(rel)
        out.append(map_at_5(rankings, rels))
    return float(np.mean(out))


def label_table(split: str, items: Prepared, queries: list[str], texts: dict[str, str]) -> None:
    """Precision and share of queries covered, of the top-3 matches ``similar`` shows (re-ranked) at or
    above each strength."""
    shown: list[tuple[float, bool, int]] = []
    for n, (bm, cos, rel) in enumerate(items):
        by_key = {s.key: s for s in same_claim.hybrid(bm, cos)}
        for key in reranked(queries[n], bm, cos, texts)[:3]:
            s = by_key[key]
            shown.append((same_claim.strength(s), s.key in rel, n))
    print(f"  {split}: strength  precision  matches shown  queries with a right one shown")
    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        kept = [(ok, n) for st, ok, n in shown if st >= t]
        if not kept:
            continue
        precision = sum(ok for ok, _ in kept) / len(kept)
        found = len({n for ok, n in kept if ok}) / max(1, len(items))
        print(f"  {split}:   {t:.2f}      {precision:.3f}      {len(kept):5d}          {found:.3f}")


def run_set(name: str, data: Path, cache: Path, model: enc.SentenceEncoder, labels: bool = False) -> None:
    vrows = load(data / f"{name}-vclaims.jsonl")
    corpus = Corpus(vrows)
    vtexts = {str(r["id"]): f"{r['claim']} {r.get('title') or ''}" for r in vrows}
    claim_v = vectors(f"{name}-claim", [str(r["claim"]) for r in vrows], cache, model)
    title_v = vectors(f"{name}-title", [str(r.get("title") or r["claim"]) for r in vrows], cache, model)
    splits = {
        s: load(data / f"{name}-{s}.jsonl") for s in ("train", "dev") if (data / f"{name}-{s}.jsonl").exists()
    }
    prepared: dict[str, Prepared] = {}
    raw = {split: [str(q["text"]) for q in queries] for split, queries in splits.items()}
    for split, queries in splits.items():
        texts = [same_claim.clean_query(str(q["text"])) for q in queries]
        qv = vectors(f"{name}-{split}-q", texts, cache, model)
        sims = np.maximum(qv @ claim_v.T, qv @ title_v.T)
        items = []
        for i, q in enumerate(queries):
            bm = corpus.bm25(str(q["text"]))
            top = np.argpartition(-sims[i], 50)[:50]
            keys = set(bm) | {corpus.ids[j] for j in top}
            index = {k: j for j, k in enumerate(corpus.ids)}
            cos = {k: float(sims[i, index[k]]) for k in keys}
            items.append((bm, cos, [str(x) for x in q["relevant"]]))  # type: ignore[attr-defined]
        prepared[split] = items

    if labels:
        for split, items in prepared.items():
            label_table(f"{name} {split}", items, raw[split], vtexts)

    def score(items: Prepared, rank: Callable[..., Ranking]) -> float:
        return map_at_5([rank(bm, cos) for bm, cos, _ in items], [rel for _, _, rel in items])

    def by_weight(w: float) -> Callable[..., Ranking]:
        return lambda bm, cos: [s.key for s in same_claim.hybrid(bm, cos, w)[:5]]

    grid = [round(x, 2) for x in np.arange(0.0, 1.01, 0.05)]
    if "dev" in prepared:
        tune, report = prepared["train"], prepared["dev"]
        best_w = max(grid, key=lambda w: score(tune, by_weight(w)))
        folds = None
        report_q = raw["dev"]
    else:
        items = prepared["train"]
        folds = [items[i::5] for i in range(5)]
        best_w = -1.0
        report = items
        report_q = raw["train"]
    bm25_only = score(report, lambda bm, cos: sorted(bm, key=lambda k: bm[k])[:5])
    vec_only = score(report, lambda bm, cos: sorted(cos, key=lambda k: -cos[k])[:5])
    if folds is None:
        hyb = score(report, by_weight(best_w))
        default = score(report, by_weight(same_claim.WEIGHT))
        shipped = map_at_5(
            [reranked(q, bm, cos, vtexts)[:5] for q, (bm, cos, _) in zip(report_q, report, strict=True)],
            [rel for _, _, rel in report],
        )
        own = rerank_cv(raw["train"], tune, vtexts) if name != "ct20" else None
        print(
            f"{name} dev ({len(report)} queries): BM25 {bm25_only:.3f}  vectors {vec_only:.3f}  "
            f"hybrid {hyb:.3f} (w={best_w} tuned on train)  hybrid@WEIGHT={same_claim.WEIGHT} {default:.3f}  "
            f"re-ranked (packaged, ct20 train) {shipped:.3f}"
            + (f"  [re-ranker 5-fold CV on {name} train {own:.3f}]" if own is not None else "")
        )
    else:
        results = []
        for i in range(5):
            train = [x for j, f in enumerate(folds) if j != i for x in f]
            w = max(grid, key=lambda w: score(train, by_weight(w)))
            results.append((w, score(folds[i], by_weight(w))))
        hyb = float(np.mean([r for _, r in results]))
        default = score(report, by_weight(same_claim.WEIGHT))
        # folds by position (i::5) for the hybrid and j % 5 for the re-ranker: the same split
        refit = rerank_cv(report_q, report, vtexts)
        print(
            f"{name} train 5-fold CV ({len(report)} queries): BM25 {bm25_only:.3f}  vectors {vec_only:.3f}  "
            f"hybrid {hyb:.3f} (fold weights {[float(w) for w, _ in results]})  "
            f"hybrid@WEIGHT={same_claim.WEIGHT} {default:.3f}  re-ranker fitted inside folds {refit:.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/checked-before-vectors"))
    parser.add_argument("--sets", default="ct20,ct21b,ct22a")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--labels", action="store_true", help="precision of the top 3 by strength")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    spec = enc.default_spec()
    model = enc.OnnxEncoder(spec, threads=args.threads)
    for name in args.sets.split(","):
        run_set(name, args.data, args.cache, model, labels=args.labels)


if __name__ == "__main__":
    main()
