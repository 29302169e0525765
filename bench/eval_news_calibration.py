"""News calibration: which rule flags a fact-checker's picks on the seeds without flagging most of every article.

    python bench/eval_news_calibration.py [--polnear DIR] [--semantic]

The five seed articles' 80 extracted sentences are hand-labelled (``seed_checkworthy_labels.jsonl``,
49 worth a fact-checker's look; one reader's labels, so the figures are rough). Every rule is run on
the ``extract()`` scores of each article on its own, as ingest does, and reported as: picks flagged
(recall), precision on the seeds, and the share of PolNeAR sentences flagged (pooled, the median
article, and how many articles have more than half of their sentences flagged). ``--semantic`` adds the
semantic part to every sentence, as ``workbench vectors`` does once matching stored its vector (the
sentence vectors are cached in ``bench/.cache``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from workbench.text import checkworthy_semantic as semantic  # noqa: E402
from workbench.text import encoder as enc  # noqa: E402
from workbench.text.checkworthy import BIAS, NEWS_FLOOR, NEWS_SHARE, news_flags  # noqa: E402
from workbench.text.extract import extract  # noqa: E402
from workbench.text.model import Claim  # noqa: E402

LABELS = Path(__file__).resolve().parent / "seed_checkworthy_labels.jsonl"
SEEDS = REPO / "seeds"
DEFAULT_POLNEAR = REPO.parent / "shared" / "eval-dev" / "polnear-articles"

Rule = Callable[[Sequence[float]], list[bool]]


def semantic_scores(docs: Sequence[Sequence[Claim]]) -> list[list[float]]:
    """The same sentences' scores with the semantic part added (vectors cached by content)."""
    part = semantic.load_part()
    model = enc.load_encoder()
    if part is None or model is None:
        raise SystemExit("the semantic part needs its packaged file and the encoder")
    texts = [c.text for d in docs for c in d]
    key = hashlib.sha256("\n".join(texts).encode() + model.name.encode()).hexdigest()[:16]
    cache = Path(__file__).resolve().parent / ".cache" / f"news-vectors-{key}.npy"
    if cache.is_file():
        vectors = np.load(cache)
    else:
        vectors = enc.from_blobs([enc.to_blob(v) for v in model.encode(texts)])
        cache.parent.mkdir(exist_ok=True)
        np.save(cache, vectors)
    rows = iter(vectors)
    cpu = time.process_time()
    out = [[semantic.rescored(BIAS, c.reasons, next(rows), part)[0] for c in d] for d in docs]
    print(
        f"re-scoring with stored vectors: {len(texts) / (time.process_time() - cpu):,.0f} sentences/s by CPU time"
    )
    return out


def seed_claims() -> tuple[list[tuple[Claim, ...]], list[list[bool]]]:
    """Per seed article: its ``extract()`` sentences and their hand labels (checked verbatim)."""
    labels: dict[str, list[tuple[str, bool]]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels.setdefault(row["file"], []).append((row["sentence"], bool(row["worth_a_look"])))
    docs, marks = [], []
    for name, rows in sorted(labels.items()):
        claims = extract((SEEDS / name).read_text(encoding="utf-8")).claims
        if [c.text for c in claims] != [s for s, _ in rows]:
            raise SystemExit(f"{name}: extracted sentences no longer match the labels; relabel them")
        docs.append(claims)
        marks.append([y for _, y in rows])
    return docs, marks


def polnear_claims(folder: Path) -> list[tuple[Claim, ...]]:
    return [extract(p.read_text(encoding="utf-8")).claims for p in sorted(folder.glob("*.txt"))]


def top_share(share: float, floor: float) -> Rule:
    return lambda scores: news_flags(scores, share=share, floor=floor)


def at_least(cut: float) -> Rule:
    return lambda scores: [v >= cut for v in scores]


def rules() -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for share in (0.6, 0.7, 0.8, 1.0):
        for floor in (0.6, 0.65, 0.7, 0.75):
            out[f"top {share:.0%}, floor {floor}"] = top_share(share, floor)
    for cut in (
        0.65,
        0.66,
        0.68,
        0.7,
        0.72,
        0.73,
        0.74,
        0.75,
        0.76,
        0.77,
        0.78,
        0.79,
        0.8,
        0.81,
        0.82,
        0.84,
        0.86,
        0.88,
        0.9,
    ):
        out[f"score >= {cut}"] = at_least(cut)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--semantic", action="store_true", help="with the semantic part on every sentence")
    args = ap.parse_args(argv)
    seed_docs, marks = seed_claims()
    news_docs = polnear_claims(args.polnear)
    if args.semantic:
        seed_s, news = semantic_scores(seed_docs), semantic_scores(news_docs)
    else:
        seed_s, news = [[c.score for c in d] for d in seed_docs], [[c.score for c in d] for d in news_docs]
    seeds = list(zip(seed_s, marks, strict=True))
    picks = sum(sum(y) for y in marks)
    total = sum(len(y) for y in marks)
    n_news = sum(len(d) for d in news)
    print(f"seeds: {total} sentences, {picks} picks; PolNeAR: {len(news)} articles, {n_news} sentences")
    floor = semantic.NEWS_FLOOR if args.semantic else NEWS_FLOOR
    print(f"shipped: top {NEWS_SHARE:.0%}, floor {floor}")
    print(
        f"{'rule':24} {'picks flagged':>14} {'precision':>9} {'seeds flagged':>13} {'PolNeAR':>8} "
        f"{'median art.':>11} {'arts >50%':>9}"
    )
    for name, rule in rules().items():
        flags = [(f, y) for scores, labels in seeds for f, y in zip(rule(scores), labels, strict=True)]
        hit = sum(f and y for f, y in flags)
        flagged = sum(f for f, _ in flags)
        shares = [sum(rule(d)) / len(d) for d in news if d]
        pooled = sum(sum(rule(d)) for d in news) / n_news
        over = sum(s > 0.5 for s in shares) / len(shares)
        print(
            f"{name:24} {hit:>5}/{picks} {hit / picks:5.0%} {hit / max(1, flagged):9.2f} {flagged:>9}/{total} "
            f"{pooled:8.0%} {statistics.median(shares):11.0%} {over:9.0%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
