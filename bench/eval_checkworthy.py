"""Leave-one-debate-out evaluation of check-worthiness on CLEF-2019 CheckThat! Task 1 (training debates).

    python bench/eval_checkworthy.py [--data PATH] [--claimbuster [DIR]] [--grid] [--team]

For each of the 19 debates, fit on the other 18 and rank the held-out debate's sentences by score;
report Average Precision (the official CLEF metric, averaged over debates = MAP), P@10 and
R-precision, MAP over all 19 and over the 10 longest debates with bootstrap intervals, next to
trivial baselines scored the same way (ties broken by line order):
  model       the shipped recipe (hand features + learned words and word pairs), one sentence at a time
              (vocabulary, weights and context weight all fitted inside the fold)
  model+ctx   the same with the neighbour context (score_many(..., context=True)); the context
              weight is picked inside each fold on the training debates only
  hand-only   the same fit without cue words (every reason is a hand feature)
  model+cb    with ``--claimbuster``: the model fitted with ClaimBuster as extra training data
              (``bench/claimbuster.py``), its weight picked inside each fold by 3-fold CV over the
              fold's training debates; ``cb+head`` adds the semantic head (fitted on CLEF only).
              This is what ships since 2026-12-06 (``model+head`` before).
  prior       the hand-set weights of the research notes, untrained
  length      number of words
  has-number  1 if the sentence contains a digit
Also measures single-threaded throughput of the shipped model (CPU time and wall clock).
``--team`` measures learning from a team's decisions (``team_adaptation.py``: the first third of each
held-out debate's labels adapts the fold's model four ways, MAP on the rest against the unadapted
baseline), and the older recipe: that third added to its fold's training data.
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

import claimbuster
import numpy as np
import team_adaptation
from checkworthy_semantic import SemanticFolds, clef_vectors, logit
from train_checkworthy import (
    DEFAULT_DATA,
    EXTRA_WEIGHTS,
    Config,
    Example,
    average_precision,
    by_debate,
    choose_extra_weight,
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
EXTRA: list[Example] = []
"""ClaimBuster examples (``--claimbuster``), never held out."""
CHOOSE = -1.0
"""``Config.extra_weight`` meaning: pick the extra data's weight inside each fold (``choose_extra_weight``)."""
EXTRA_CHOSEN: dict[str, float] = {}


def fold_model(fold: str, cfg: Config, train: Sequence[Example]) -> CheckworthyModel:
    """The fold's fitted model (memoised by fold and config), with the extra data when ``cfg`` asks."""
    key = (fold, cfg)
    if key not in _FOLD_MODELS:
        use = cfg
        if cfg.extra_weight == CHOOSE:
            weight, _ = choose_extra_weight(train, EXTRA, replace(cfg, extra_weight=0.0))
            EXTRA_CHOSEN[fold] = weight
            use = replace(cfg, extra_weight=weight)
        _FOLD_MODELS[key] = fit_context(fit(train, use, EXTRA), train)
    return _FOLD_MODELS[key]


def trained(cfg: Config, context: bool = False) -> Scorer:
    """Fit on the training debates (once per fold and config); with ``context``, also the context weight."""

    def run(train: Sequence[Example], held: Sequence[Example]) -> list[float]:
        scores: list[float] = document_scores(fold_model(held[0].doc, cfg, train), held, context)
        return scores

    return run


_LEX_LOGITS: dict[tuple[str, str, Config, bool], list[float]] = {}
ALPHAS = [a / 10 for a in range(21)]
CHOSEN: dict[str, list[float]] = {}
PAIRED = (
    ("model+head", "model"),
    ("model+knn", "model"),
    ("ctx+head", "model+ctx"),
    ("ctx+knn", "model+ctx"),
    ("model+cb", "model"),
    ("cb+head", "model+head"),
)
"""The semantic weight each fold picked, by scorer name (reported after the table)."""


def lexical_logits(cfg: Config, fold: str, held: Sequence[Example], context: bool) -> list[float]:
    """Logits of the fold's lexical model on one debate (memoised: several scorers share them)."""
    key = (fold, held[0].doc, cfg, context)
    if key not in _LEX_LOGITS:
        _LEX_LOGITS[key] = [logit(p) for p in document_scores(_FOLD_MODELS[(fold, cfg)], held, context)]
    return _LEX_LOGITS[key]


def semantic(sem: SemanticFolds, name: str, cfg: Config | None = None, context: bool = False) -> Scorer:
    """The semantic part alone (``cfg`` None) or added to the lexical model with a weight fitted in the fold.

    The weight multiplies the semantic score standardised on the training debates; it is the one that
    maximises MAP on the training debates of (lexical logit + weight * semantic score), where each
    training debate's semantic scores come from a fit without it (nested leave-one-debate-out).
    """

    def run(train: Sequence[Example], held: Sequence[Example]) -> list[float]:
        fold = held[0].doc
        if cfg is not None:
            fold_model(fold, cfg, train)
        rows = sem.rows_of(fold)
        assert len(rows) == len(held)
        if cfg is None:
            return [float(v) for v in sem.scores(frozenset({fold}), rows)]
        inner = []
        for d, debate in by_debate(train).items():
            s = sem.scores(frozenset({fold, d}), sem.rows_of(d))
            inner.append((lexical_logits(cfg, fold, debate, context), s, debate))
        pooled = np.concatenate([s for _, s, _ in inner])
        mu, sd = float(pooled.mean()), float(pooled.std()) or 1.0
        best = (-1.0, 0.0)
        for a in ALPHAS:
            aps = [
                average_precision(
                    [
                        (lx + a * (v - mu) / sd, ex.line, ex.label)
                        for lx, v, ex in zip(lex, s, debate, strict=True)
                    ]
                )[0]
                for lex, s, debate in inner
            ]
            best = max(best, (sum(aps) / len(aps), a))
        alpha = best[1]
        CHOSEN.setdefault(name, []).append(alpha)
        s_held = sem.scores(frozenset({fold}), rows)
        lex_held = lexical_logits(cfg, fold, held, context)
        return [lx + alpha * (float(v) - mu) / sd for lx, v in zip(lex_held, s_held, strict=True)]

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
    before: list[float] = []
    after: list[float] = []
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
    ap.add_argument(
        "--no-semantic",
        dest="semantic",
        action="store_false",
        help="skip the semantic parts (sentence vectors, cached in bench/.cache)",
    )
    ap.add_argument(
        "--claimbuster",
        type=Path,
        nargs="?",
        const=claimbuster.DEFAULT_DIR,
        help="also score the recipe with ClaimBuster as extra training data (bench/claimbuster.py)",
    )
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    examples = featurize(load(args.data))
    groups = by_debate(examples)
    cfg = Config()
    cfg_cb = replace(cfg, extra_weight=CHOOSE)
    if args.claimbuster:
        extra, dropped = claimbuster.load(args.claimbuster, (ex.text for ex in examples))
        EXTRA.extend(extra)
        print(
            f"ClaimBuster: {len(extra)} sentences ({sum(ex.label for ex in extra)} check-worthy), "
            f"{dropped} dropped as near a CLEF sentence; weight picked inside each fold from {EXTRA_WEIGHTS}"
        )
    scorers: dict[str, Scorer] = {
        "model": trained(cfg),
        "model+ctx": trained(cfg, context=True),
        "hand-only": trained(replace(cfg, use_vocab=False)),
        **({"model+cb": trained(cfg_cb), "ctx+cb": trained(cfg_cb, context=True)} if EXTRA else {}),
        "prior": prior,
        "length": length,
        "has-number": has_number,
    }
    if args.semantic:
        vectors = clef_vectors([ex.text for ex in examples], args.data)
        labels, docs = [ex.label for ex in examples], [ex.doc for ex in examples]
        head = SemanticFolds(vectors, labels, docs, "head")
        knn = SemanticFolds(vectors, labels, docs, "knn")
        scorers.update(
            {
                "sem-head": semantic(head, "sem-head"),
                "sem-knn": semantic(knn, "sem-knn"),
                "model+head": semantic(head, "model+head", cfg),
                "model+knn": semantic(knn, "model+knn", cfg),
                "ctx+head": semantic(head, "ctx+head", cfg, context=True),
                "ctx+knn": semantic(knn, "ctx+knn", cfg, context=True),
            }
        )
        if EXTRA:
            # ClaimBuster in the lexical part only: also in the head it measured worse (all 19 debates
            # 0.2248, 10 longest 0.1396, against 0.2401 / 0.1537 for this; run of 2026-12-06).
            scorers["cb+head"] = semantic(head, "cb+head", cfg_cb)
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
    pairs = [(b, a) for b, a in PAIRED if b in res and a in res]
    if pairs:
        print(
            "\nsemantic part, paired by debate (difference of AP, 95% bootstrap interval, debates improved):"
        )
    for better, base in pairs:
        for subset, docs in (("all 19 debates", list(groups)), ("10 longest debates", long_docs)):
            diffs = [res[better][d][0] - res[base][d][0] for d in docs]
            lo, hi = bootstrap_interval(diffs)
            wins = sum(x > 0 for x in diffs)
            print(
                f"  {subset:20} {better:11} - {base:10} {sum(diffs) / len(diffs):+.4f}  "
                f"[{lo:+.4f}, {hi:+.4f}]  {wins}/{len(diffs)}"
            )
    if EXTRA_CHOSEN:
        picked = sorted(EXTRA_CHOSEN.values())
        print(f"  ClaimBuster weight picked per fold: {picked}")
    for n, alphas in CHOSEN.items():
        print(
            f"  {n}: semantic weight picked per fold {min(alphas):.1f}..{max(alphas):.1f}, "
            f"median {sorted(alphas)[len(alphas) // 2]:.1f}"
        )
    if args.grid:
        print("\ngrid (leave-one-debate-out MAP):")
        for lam in (3e-3, 1e-2, 3e-2):
            for lam_vocab in (1e-3, 3e-3, 1e-2):
                c = replace(cfg, lam=lam, lam_vocab=lam_vocab)
                r = evaluate(examples, {"m": trained(c)})["m"]
                print(f"  lam={lam:g} lam_vocab={lam_vocab:g}: {sum(v[0] for v in r.values()) / len(r):.4f}")
    if args.team and args.semantic:
        team_result = team_adaptation.learning_from_team(examples, vectors, head, cfg)
        team_adaptation.report(team_result, long_docs, bootstrap_interval)
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
