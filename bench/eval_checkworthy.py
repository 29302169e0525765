"""Leave-one-debate-out evaluation of check-worthiness on CLEF-2019 CheckThat! Task 1 (training debates).

    python bench/eval_checkworthy.py [--data PATH] [--grid] [--team]

For each of the 19 debates, fit on the other 18 and rank the held-out debate's sentences by score;
report Average Precision (the official CLEF metric, averaged over debates = MAP), P@10 and
R-precision, MAP over all 19 and over the 10 longest debates with bootstrap intervals, next to
trivial baselines scored the same way (ties broken by line order):
  model       the shipped recipe (hand features + learned words and word pairs), one sentence at a time
              (vocabulary, weights and context weight all fitted inside the fold)
  model+ctx   the same with the neighbour context (score_many(..., context=True)); the context
              weight is picked inside each fold on the training debates only
  hand-only   the same fit without cue words (every reason is a hand feature)
  prior       the hand-set weights of the research notes, untrained
  length      number of words
  has-number  1 if the sentence contains a digit
Also measures single-threaded throughput of the shipped model (CPU time and wall clock).
``--team`` measures learning from a team's decisions: the first third of each held-out debate's labels
added to its fold's training data, MAP on the rest before and after.
``--grid`` tries a few regularisation strengths (slow: one leave-one-debate-out run per setting).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_checkworthy import (
    DEFAULT_DATA,
    Config,
    Example,
    average_precision,
    by_debate,
    document_scores,
    featurize,
    fit,
    fit_context,
    load,
)

from workbench.text.checkworthy import (
    PRIOR_BIAS,
    PRIOR_WEIGHTS,
    CheckworthyModel,
    score_many,
)

Scorer = Callable[[Sequence[Example], Sequence[Example]], list[float]]


_FOLD_MODELS: dict[tuple[str, Config], CheckworthyModel] = {}


def trained(cfg: Config, context: bool = False) -> Scorer:
    """Fit on the training debates (once per fold and config); with ``context``, also the context weight."""

    def run(train: Sequence[Example], held: Sequence[Example]) -> list[float]:
        key = (held[0].doc, cfg)
        if key not in _FOLD_MODELS:
            _FOLD_MODELS[key] = fit_context(fit(train, cfg), train)
        scores: list[float] = document_scores(_FOLD_MODELS[key], held, context)
        return scores

    return run


def prior(train: Sequence[Example], held: Sequence[Example]) -> list[float]:
    model = CheckworthyModel(PRIOR_BIAS, PRIOR_WEIGHTS)
    return [model.score(ex.text).score for ex in held]


def length(train: Sequence[Example], held: Sequence[Example]) -> list[float]:
    return [float(len(ex.text.split())) for ex in held]


def has_number(train: Sequence[Example], held: Sequence[Example]) -> list[float]:
    return [1.0 if re.search(r"\d", ex.text) else 0.0 for ex in held]


def evaluate(
    examples: Sequence[Example], scorers: dict[str, Scorer]
) -> dict[str, dict[str, tuple[float, ...]]]:
    """``{scorer: {debate: (AP, P@10, R-prec)}}`` with leave-one-debate-out folds."""
    groups = by_debate(examples)
    out: dict[str, dict[str, tuple[float, ...]]] = {name: {} for name in scorers}
    for doc, held in groups.items():
        train = [ex for ex in examples if ex.doc != doc]
        for name, scorer in scorers.items():
            scores = scorer(train, held)
            ranked = [(s, ex.line, ex.label) for s, ex in zip(scores, held, strict=True)]
            out[name][doc] = average_precision(ranked)
    return out


def learning_from_team(examples: Sequence[Example], cfg: Config, repeat: int) -> tuple[float, float]:
    """MAP on the last two thirds of each debate: fold model vs the same refitted with the first third.

    The first third (by line order) stands in for a team's decisions on the start of a document.
    """
    groups = by_debate(examples)
    before, after = [], []
    for doc, held in groups.items():
        ordered = sorted(held, key=lambda ex: ex.line)
        cut = len(ordered) // 3
        seen, rest = ordered[:cut], ordered[cut:]
        if not any(ex.label for ex in rest):
            continue
        train = [ex for ex in examples if ex.doc != doc]
        for target, extra in ((before, []), (after, seen * repeat)):
            model = fit([*train, *extra], cfg)
            scores = [model.score(ex.text).score for ex in rest]
            target.append(
                average_precision([(s, ex.line, ex.label) for s, ex in zip(scores, rest, strict=True)])[0]
            )
    return sum(before) / len(before), sum(after) / len(after)


def bootstrap_interval(values: Sequence[float], draws: int = 2000, seed: int = 14) -> tuple[float, float]:
    """Percentile 95% interval of the mean, resampling whole debates."""
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(values, k=len(values))) / len(values) for _ in range(draws))
    return means[int(0.025 * draws)], means[int(0.975 * draws) - 1]


def throughput(texts: Sequence[str], context: bool = False) -> tuple[float, float]:
    """Sentences per second by CPU time (what one uncontended core does) and by wall clock."""
    score_many(texts[:200])
    cpu, wall = time.process_time(), time.perf_counter()
    score_many(texts, context=context)
    return len(texts) / (time.process_time() - cpu), len(texts) / (time.perf_counter() - wall)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--grid", action="store_true", help="also try a few regularisation strengths")
    ap.add_argument(
        "--team",
        action="store_true",
        help="also measure learning from the first third of each debate's labels",
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    examples = featurize(load(args.data))
    groups = by_debate(examples)
    cfg = Config()
    scorers: dict[str, Scorer] = {
        "model": trained(cfg),
        "model+ctx": trained(cfg, context=True),
        "hand-only": trained(replace(cfg, use_vocab=False)),
        "prior": prior,
        "length": length,
        "has-number": has_number,
    }
    res = evaluate(examples, scorers)
    names = list(scorers)
    print(f"{'debate':28} {'n':>5} {'pos':>4} " + " ".join(f"{n:>10}" for n in names))
    for doc, held in groups.items():
        pos = sum(ex.label for ex in held)
        print(f"{doc:28} {len(held):5} {pos:4} " + " ".join(f"{res[n][doc][0]:10.4f}" for n in names))
    for label, k in (("MAP", 0), ("mean P@10", 1), ("mean R-prec", 2)):
        vals = [sum(v[k] for v in res[n].values()) / len(groups) for n in names]
        print(f"{label:38} " + " ".join(f"{v:10.4f}" for v in vals))
    long_docs = sorted(groups, key=lambda d: -len(groups[d]))[:10]
    print("\nMAP with 95% bootstrap interval (debates resampled, 2000 draws, seed 14):")
    for subset, docs in (("all 19 debates", list(groups)), ("10 longest debates", long_docs)):
        for n in names:
            aps = [res[n][d][0] for d in docs]
            lo, hi = bootstrap_interval(aps)
            print(f"  {subset:20} {n:12} {sum(aps) / len(aps):.4f}  [{lo:.4f}, {hi:.4f}]")
    if args.grid:
        print("\ngrid (leave-one-debate-out MAP):")
        for lam in (3e-3, 1e-2, 3e-2):
            for lam_vocab in (1e-3, 3e-3, 1e-2):
                c = replace(cfg, lam=lam, lam_vocab=lam_vocab)
                r = evaluate(examples, {"m": trained(c)})["m"]
                print(f"  lam={lam:g} lam_vocab={lam_vocab:g}: {sum(v[0] for v in r.values()) / len(r):.4f}")
    if args.team:
        for repeat in (1, 5):
            before, after = learning_from_team(examples, cfg, repeat)
            print(
                f"\nlearning from the team (first third of each debate's labels, each used {repeat}x, added to "
                f"the fold's training debates): MAP on the remaining two thirds {before:.4f} -> {after:.4f} "
                f"({after - before:+.4f})"
            )
    texts = [ex.text for ex in examples]
    for context in (False, True):
        cpu, wall = throughput(texts, context)
        print(
            f"throughput, shipped weights, one thread, context={context}: {cpu:,.0f} sentences/s "
            f"by CPU time ({wall:,.0f}/s wall clock on this shared machine), {len(texts)} sentences"
        )
    print(f"total {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
