"""Fit the check-worthiness weights on CLEF-2019 CheckThat! Task 1 and write the weights file.

    python bench/train_checkworthy.py [--data PATH] [--out workbench/text/checkworthy_weights.json]

Plain-Python logistic regression (L-BFGS, no numpy), deterministic: the objective is convex and
the optimiser has no randomness, so the same data gives the same weights. Classes are balanced
(each class carries half the total example weight). Hand features get a Gaussian prior centred on
the hand-set weights of the research notes, so a feature the debates never exercise (calls to
action, links) keeps its designed weight; the cue-word vocabulary is shrunk towards zero.
The vocabulary is chosen from the training debates only: common lower-case words (no proper
nouns, no stopwords, nothing a hand feature already covers) used in several debates.
The threshold is the cut-off that maximises F1 on leave-one-debate-out scores.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from workbench.text.checkworthy import (  # noqa: E402
    HAND_LEXICON,
    PRIOR_BIAS,
    PRIOR_WEIGHTS,
    STOPWORDS,
    CheckworthyModel,
    features,
    words,
)

DEFAULT_DATA = REPO.parent / "shared" / "eval-dev" / "clef2019-t1-train.jsonl"
DEFAULT_OUT = REPO / "workbench" / "text" / "checkworthy_weights.json"
_RAW_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@dataclass(frozen=True)
class Config:
    """Training knobs, compared by leave-one-debate-out MAP (``eval_checkworthy.py --grid``).

    ``lam_vocab`` is deliberately not the debate optimum (3e-3 scored about 0.007 MAP higher):
    the stronger shrinkage halves the weight of speaking-style words ("totally", "folks") that
    will not carry over to news.
    """

    lam: float = 1e-2
    """L2 strength pulling hand-feature weights towards their prior."""
    lam_vocab: float = 1e-2
    """L2 strength pulling cue-word weights towards zero."""
    use_vocab: bool = True
    min_debates: int = 5
    min_count: int = 8
    max_vocab: int = 400
    max_pairs: int = 300
    keep_abs: float = 0.05
    """Cue words whose fitted weight is smaller than this are dropped from the shipped file."""
    extra_weight: float = 0.0
    """Total loss weight of the extra data (ClaimBuster) against 1 for the CLEF debates."""


@dataclass
class Example:
    doc: str
    line: int
    label: int
    text: str
    feats: list[str]
    words: set[str] = field(default_factory=set)


def load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def featurize(rows: Sequence[dict[str, object]]) -> list[Example]:
    """The speaker is deliberately not passed: every debate line has one, and names are debate quirks."""
    out = []
    for r in rows:
        text = str(r["text"])
        out.append(
            Example(
                str(r["doc_id"]),
                int(str(r["line_number"])),
                int(str(r["label"])),
                text,
                [f for f, _ in features(text)],
                set(words(text)),
            )
        )
    return out


def select_vocab(examples: Sequence[Example], cfg: Config) -> list[str]:
    count: Counter[str] = Counter()
    debates: dict[str, set[str]] = defaultdict(set)
    capitalised: Counter[str] = Counter()
    for ex in examples:
        for w in ex.words:
            count[w] += 1
            debates[w].add(ex.doc)
        for i, tok in enumerate(_RAW_WORD.findall(ex.text)):
            if i and tok[0].isupper():
                capitalised[tok.lower().replace("’", "'")] += 1
    common = [w for w, n in count.items() if n >= cfg.min_count and len(debates[w]) >= cfg.min_debates]
    cands = [
        w
        for w in common
        if " " not in w
        and len(w) >= 3
        and w.isalpha()
        and w not in STOPWORDS
        and w not in HAND_LEXICON
        and capitalised[w] < 0.2 * count[w]
    ]
    cands.sort(key=lambda w: (-count[w], w))
    # A pair is kept when both words are plain words and at least one says more than a function word.
    pairs = [
        w
        for w in common
        if " " in w
        and all(p.isalpha() or "'" in p for p in w.split())
        and not all(p in STOPWORDS for p in w.split())
        and all(capitalised[p] < 0.2 * count[p] for p in w.split() if p in count)
    ]
    pairs.sort(key=lambda w: (-count[w], w))
    return sorted(cands[: cfg.max_vocab] + pairs[: cfg.max_pairs])


def lbfgs(
    fg: Callable[[list[float]], tuple[float, list[float]]],
    x0: list[float],
    iters: int = 300,
    memory: int = 10,
    gtol: float = 1e-6,
) -> list[float]:
    """Minimise a smooth convex function with L-BFGS and a backtracking (Armijo) line search."""
    x = list(x0)
    f, g = fg(x)
    hist: list[tuple[list[float], list[float], float]] = []
    for _ in range(iters):
        q = list(g)
        alphas = []
        for s, y, rho in reversed(hist):
            a = rho * sum(si * qi for si, qi in zip(s, q, strict=True))
            alphas.append(a)
            q = [qi - a * yi for qi, yi in zip(q, y, strict=True)]
        if hist:
            s, y, _ = hist[-1]
            gamma = sum(a * b for a, b in zip(s, y, strict=True)) / sum(b * b for b in y)
        else:
            gamma = 1.0 / max(1.0, math.sqrt(sum(gi * gi for gi in g)))
        r = [gamma * qi for qi in q]
        for (s, y, rho), a in zip(hist, reversed(alphas), strict=True):
            b = rho * sum(yi * ri for yi, ri in zip(y, r, strict=True))
            r = [ri + si * (a - b) for ri, si in zip(r, s, strict=True)]
        d = [-ri for ri in r]
        gd = sum(gi * di for gi, di in zip(g, d, strict=True))
        if gd >= 0:
            d, gd, hist = [-gi for gi in g], -sum(gi * gi for gi in g), []
        step = 1.0
        while True:
            xn = [xi + step * di for xi, di in zip(x, d, strict=True)]
            fn, gn = fg(xn)
            if fn <= f + 1e-4 * step * gd or step < 1e-12:
                break
            step *= 0.5
        s = [a - b for a, b in zip(xn, x, strict=True)]
        y = [a - b for a, b in zip(gn, g, strict=True)]
        sy = sum(a * b for a, b in zip(s, y, strict=True))
        if sy > 1e-12:
            hist.append((s, y, 1.0 / sy))
            hist = hist[-memory:]
        converged = abs(f - fn) < 1e-10 * max(1.0, abs(f))
        x, f, g = xn, fn, gn
        if converged or max(abs(gi) for gi in g) < gtol:
            break
    return x


def fit(examples: Sequence[Example], cfg: Config, extra: Sequence[Example] = ()) -> CheckworthyModel:
    """Balanced, prior-centred L2 logistic regression; threshold left at 0.5 (set by the caller).

    ``extra`` examples (ClaimBuster) join the loss with total weight ``cfg.extra_weight``, balanced
    within themselves like the debates; the cue vocabulary comes from ``examples`` only.
    """
    names = sorted(PRIOR_WEIGHTS)
    vocab = select_vocab(examples, cfg) if cfg.use_vocab else []
    index = {n: i + 1 for i, n in enumerate(names)}
    vindex = {w: len(names) + 1 + i for i, w in enumerate(vocab)}
    dim = 1 + len(names) + len(vocab)
    prior = [0.0] * dim
    prior[0] = PRIOR_BIAS
    strength = [0.0] * dim  # bias unregularised
    for name, i in index.items():
        prior[i], strength[i] = PRIOR_WEIGHTS[name], cfg.lam
    for i in vindex.values():
        strength[i] = cfg.lam_vocab

    grouped: Counter[tuple[tuple[int, ...], int]] = Counter()
    parts = [(examples, 1.0)] + ([(extra, cfg.extra_weight)] if extra and cfg.extra_weight > 0 else [])
    for part, scale in parts:
        n_pos = sum(ex.label for ex in part)
        c_pos, c_neg = scale * 0.5 / n_pos, scale * 0.5 / (len(part) - n_pos)
        for ex in part:
            idx = [index[f] for f in ex.feats if f in index] + [vindex[w] for w in ex.words if w in vindex]
            grouped[(tuple(sorted(idx)), ex.label)] += c_pos if ex.label else c_neg
    data = [(idx, y, c) for (idx, y), c in grouped.items()]

    def fg(w: list[float]) -> tuple[float, list[float]]:
        loss = 0.0
        grad = [0.0] * dim
        for idx, y, c in data:
            z = w[0]
            for j in idx:
                z += w[j]
            if z >= 0:
                e = math.exp(-z)
                lz, p = z + math.log1p(e), 1.0 / (1.0 + e)
            else:
                e = math.exp(z)
                lz, p = math.log1p(e), e / (1.0 + e)
            loss += c * (lz - y * z)
            gz = c * (p - y)
            grad[0] += gz
            for j in idx:
                grad[j] += gz
        for j in range(1, dim):
            diff = w[j] - prior[j]
            loss += 0.5 * strength[j] * diff * diff
            grad[j] += strength[j] * diff
        return loss, grad

    w = lbfgs(fg, prior)
    weights = {name: round(w[i], 4) for name, i in index.items()}
    vocab_w = {v: round(w[i], 4) for v, i in vindex.items() if abs(w[i]) >= cfg.keep_abs}
    return CheckworthyModel(round(w[0], 4), weights, vocab_w, 0.5)


def average_precision(scored: Sequence[tuple[float, int, int]]) -> tuple[float, float, float]:
    """``(AP, P@10, R-precision)`` for ``(score, line, label)``; ties broken by line order."""
    ranked = sorted(scored, key=lambda t: (-t[0], t[1]))
    total = sum(t[2] for t in ranked)
    if not total:
        return 0.0, 0.0, 0.0
    hits, ap = 0, 0.0
    for k, (_, _, y) in enumerate(ranked, 1):
        if y:
            hits += 1
            ap += hits / k
    p10 = sum(t[2] for t in ranked[:10]) / 10
    rprec = sum(t[2] for t in ranked[:total]) / total
    return ap / total, p10, rprec


def by_debate(examples: Sequence[Example]) -> dict[str, list[Example]]:
    groups: dict[str, list[Example]] = defaultdict(list)
    for ex in examples:
        groups[ex.doc].append(ex)
    return dict(sorted(groups.items()))


def loo_scores(
    examples: Sequence[Example], cfg: Config, extra: Sequence[Example] = ()
) -> dict[str, list[float]]:
    """Out-of-fold scores: each debate scored by a model fitted on the other debates (and ``extra``)."""
    groups = by_debate(examples)
    out: dict[str, list[float]] = {}
    for doc, held in groups.items():
        model = fit([ex for ex in examples if ex.doc != doc], cfg, extra)
        out[doc] = [model.score(ex.text).score for ex in held]
    return out


EXTRA_WEIGHTS = (0.0, 1.0, 4.0, 16.0)
INNER_FOLDS = 3


def choose_extra_weight(
    examples: Sequence[Example], extra: Sequence[Example], cfg: Config
) -> tuple[float, dict[float, float]]:
    """The extra data's weight with the best MAP by debate-wise cross-validation inside ``examples``.

    Debates go round-robin (in name order) into ``INNER_FOLDS`` folds; each weight in ``EXTRA_WEIGHTS``
    is fitted on the other folds (plus the extra data) and scored on the fold's debates. Returns the
    chosen weight and the inner MAP of each.
    """
    groups = by_debate(examples)
    fold_of = {d: i % INNER_FOLDS for i, d in enumerate(groups)}
    found: dict[float, float] = {}
    for weight in EXTRA_WEIGHTS:
        aps = []
        for k in range(INNER_FOLDS):
            model = fit(
                [ex for ex in examples if fold_of[ex.doc] != k], replace(cfg, extra_weight=weight), extra
            )
            for d, held in groups.items():
                if fold_of[d] == k:
                    aps.append(
                        average_precision([(model.score(ex.text).score, ex.line, ex.label) for ex in held])[0]
                    )
        found[weight] = sum(aps) / len(aps)
    return max(found, key=lambda w: (found[w], -w)), found


def document_scores(model: CheckworthyModel, held: Sequence[Example], context: bool) -> list[float]:
    """Scores of one debate's sentences in line order, optionally with the neighbour context."""
    order = sorted(range(len(held)), key=lambda i: held[i].line)
    scored = model.score_many([held[i].text for i in order], context=context)
    out = [0.0] * len(held)
    for i, s in zip(order, scored, strict=True):
        out[i] = s.score
    return out


def fit_context(model: CheckworthyModel, examples: Sequence[Example]) -> CheckworthyModel:
    """Pick the context weight (0 to 1 in steps of 0.1) by MAP of ``model`` on its own training debates.

    The centre is the mean single-sentence logit there, so the context term averages out to zero.
    """
    groups = by_debate(examples)
    logits = {d: [model.logit(ex.text) for ex in held] for d, held in groups.items()}
    centre = math.fsum(v for vals in logits.values() for v in vals) / len(examples)
    k = model.context_window
    best = (-1.0, 0.0)
    for step in range(11):
        a = step / 10
        aps = []
        for d, held in groups.items():
            order = sorted(range(len(held)), key=[ex.line for ex in held].__getitem__)
            seq = [logits[d][i] for i in order]
            ranked = []
            for pos, i in enumerate(order):
                nb = seq[max(0, pos - k) : pos] + seq[pos + 1 : pos + 1 + k]
                ctx = a * (math.fsum(nb) / len(nb) - centre) if nb else 0.0
                ranked.append((seq[pos] + ctx, held[i].line, held[i].label))
            aps.append(average_precision(ranked)[0])
        best = max(best, (sum(aps) / len(aps), a))
    model.context_centre = centre
    model.context_weight = best[1]
    return model


def best_f1_threshold(scores: Sequence[float], labels: Sequence[int]) -> tuple[float, float, float, float]:
    """The cut-off maximising F1 (with its precision and recall), placed halfway between two scores."""
    pairs = sorted(zip(scores, labels, strict=True), key=lambda t: -t[0])
    total = sum(labels)
    best = (0.0, 1.0, 0.0, 0.0)
    tp = 0
    for k, (s, y) in enumerate(pairs, 1):
        tp += y
        if k < len(pairs) and pairs[k][0] == s:
            continue
        prec, rec = tp / k, tp / total
        f1 = 2 * prec * rec / (prec + rec) if tp else 0.0
        if f1 > best[0]:
            cut = (s + pairs[k][0]) / 2 if k < len(pairs) else s
            best = (f1, cut, prec, rec)
    return best[1], best[0], best[2], best[3]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument(
        "--no-claimbuster",
        dest="claimbuster",
        action="store_false",
        help="fit on the CLEF debates alone (the extra data is bench/.cache/claimbuster, see bench/claimbuster.py)",
    )
    ap.add_argument(
        "--extra-weight",
        type=float,
        help="use this ClaimBuster weight instead of picking one by cross-validation",
    )
    args = ap.parse_args(argv)
    cfg = Config()
    t0 = time.perf_counter()
    examples = featurize(load(args.data))
    extra: list[Example] = []
    extra_note = ""
    if args.claimbuster:
        import claimbuster

        extra, dropped = claimbuster.load(claimbuster.DEFAULT_DIR, (ex.text for ex in examples))
        if args.extra_weight is None:
            weight, inner = choose_extra_weight(examples, extra, cfg)
        else:
            weight, inner = args.extra_weight, {}
        cfg = replace(cfg, extra_weight=weight)
        extra_note = (
            f"; ClaimBuster (Arslan et al. 2020, doi:10.5281/zenodo.3609356): {len(extra)} sentences "
            f"({sum(ex.label for ex in extra)} check-worthy, {dropped} near a CLEF sentence dropped) with total "
            f"weight {weight:g} against 1 for the debates, picked by {INNER_FOLDS}-fold cross-validation by debate "
            "(MAP " + ", ".join(f"{w:g}: {m:.4f}" for w, m in inner.items()) + ")"
        )
        print(extra_note[2:])
    model = fit_context(fit(examples, cfg, extra), examples)
    print(
        f"fitted on {len(examples)} sentences in {time.perf_counter() - t0:.1f}s; "
        f"{len(model.vocab)} cue words kept"
    )
    oof = loo_scores(examples, cfg, extra)
    groups = by_debate(examples)
    aps = [
        average_precision([(s, ex.line, ex.label) for s, ex in zip(oof[d], groups[d], strict=True)])[0]
        for d in groups
    ]
    all_scores = [s for d in groups for s in oof[d]]
    all_labels = [ex.label for d in groups for ex in groups[d]]
    cut, f1, prec, rec = best_f1_threshold(all_scores, all_labels)
    loo_map = sum(aps) / len(aps)
    print(
        f"leave-one-debate-out MAP {loo_map:.4f}; threshold {cut:.4f} "
        f"(F1 {f1:.3f}, P {prec:.3f}, R {rec:.3f}); context weight {model.context_weight}"
    )
    payload = {
        "about": "Check-worthiness weights for workbench.text.checkworthy, "
        "written by bench/train_checkworthy.py.",
        "trained_on": f"CLEF-2019 CheckThat! Task 1 English training debates ({len(examples)} sentences, "
        f"{sum(all_labels)} check-worthy, {len(groups)} debates){extra_note}",
        "config": cfg.__dict__,
        "loo_map": round(loo_map, 4),
        "threshold": round(cut, 4),
        "threshold_note": f"maximises F1 of the leave-one-debate-out scores on the training debates "
        f"(F1 {f1:.3f}, precision {prec:.3f}, recall {rec:.3f}); debates are 2.7% check-worthy, "
        "so it is strict: lower it to flag more of a news article",
        "context": {
            "weight": model.context_weight,
            "centre": round(model.context_centre, 4),
            "window": model.context_window,
            "note": "score_many(..., context=True) only; weight picked by MAP on the training debates",
        },
        "bias": model.bias,
        "weights": dict(sorted(model.weights.items(), key=lambda kv: -abs(kv[1]))),
        "vocab": dict(sorted(model.vocab.items(), key=lambda kv: -abs(kv[1]))),
    }
    args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - t0:.1f}s total")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
