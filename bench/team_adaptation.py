"""Learning from a team's decisions, measured: adapt a fold's model with the first third of a debate's labels.

    python bench/team_adaptation.py [--claimbuster 16]   (also part of ``eval_checkworthy.py --team``)

Protocol (``eval_checkworthy.py --team``): for each held-out debate, the lexical model and the semantic
head are fitted on the other debates (the semantic weight picked inside the fold as for ``model+head``);
that is the baseline. The first third of the held-out debate (by line) stands in for a team's decisions;
each candidate adapts the baseline with them, and MAP is measured on the remaining two thirds.

Candidates (each has one knob, chosen inside the fold by simulating the same thing on every training
debate: its first third adapts the fold's model, MAP on its other two thirds):
  knn       the team part: mean cosine of a sentence's vector to the k nearest team-positive vectors
            minus that to the k nearest team-negative ones, times a weight (the knob)
  centroid  the same with the cosine to the team's positive and negative centroids
  combine   the shipped parts' combination refitted on the team's labels: logit + a0 + a1*hand +
            a2*words + a3*semantic, balanced logistic loss, L2 pull of (a0..a3) to 0 (the shipped
            weights); the knob is the L2 strength
  words     the team's own words and word pairs (those in 2+ of its decisions), balanced logistic
            regression with the baseline's logit as offset, L2 strength the knob
Debates whose first third has no check-worthy line (or no other line) are not adapted (a team with
one class of decision cannot teach a ranking); every candidate then scores as the baseline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from checkworthy_semantic import SemanticFolds
from train_checkworthy import Config, Example, average_precision, by_debate, fit, lbfgs

from workbench.text.checkworthy import STOPWORDS, CheckworthyModel, words

Vec = npt.NDArray[np.float64]
ALPHAS = [a / 10 for a in range(21)]


@dataclass
class Debate:
    """One debate under one fold's model: the parts of each line's logit, labels, lines, vectors."""

    hand: Vec
    """Bias plus the hand features' contributions."""
    words: Vec
    sem: Vec
    """The semantic part, already weighted as the fold combines it."""
    labels: npt.NDArray[np.int8]
    lines: list[int]
    vectors: npt.NDArray[np.float32]
    bags: list[set[str]]

    @property
    def logit(self) -> Vec:
        out: Vec = self.hand + self.words + self.sem
        return out

    def split(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """Row indices of the first third (the team's decisions) and of the rest, by line order."""
        order = np.argsort(np.asarray(self.lines), kind="stable")
        cut = len(order) // 3
        return order[:cut], order[cut:]


def team_words(text: str) -> set[str]:
    """Words and word pairs of a sentence, without lone function words."""
    return {w for w in words(text) if " " in w or (w not in STOPWORDS and len(w) > 2)}


def _parts(model: CheckworthyModel, texts: Sequence[str]) -> tuple[Vec, Vec]:
    hand, wpart = [], []
    for t in texts:
        reasons = model.reasons(t)
        w = math.fsum(r.weight for r in reasons if r.feature == "words")
        hand.append(model.bias + math.fsum(r.weight for r in reasons) - w)
        wpart.append(w)
    return np.asarray(hand), np.asarray(wpart)


def fold_debates(
    examples: Sequence[Example],
    vectors: npt.NDArray[np.float32],
    sem: SemanticFolds,
    fold: str,
    cfg: Config,
    extra: Sequence[Example] = (),
) -> tuple[Debate, dict[str, Debate]]:
    """The held-out debate and every training debate, scored by the fold's model (lexical + semantic;
    ``extra``, ClaimBuster, joins the lexical fit as in the shipped recipe)."""
    groups = by_debate(examples)
    train = [ex for ex in examples if ex.doc != fold]
    model = fit(train, cfg, extra)
    raw: dict[str, tuple[Vec, Vec, Vec]] = {}
    for d, held in groups.items():
        excluded = frozenset({fold}) if d == fold else frozenset({fold, d})
        hand, wpart = _parts(model, [ex.text for ex in held])
        raw[d] = (hand, wpart, sem.scores(excluded, sem.rows_of(d)))
    inner = [d for d in groups if d != fold]
    pooled = np.concatenate([raw[d][2] for d in inner])
    mu, sd = float(pooled.mean()), float(pooled.std()) or 1.0
    best = (-1.0, 0.0)
    for a in ALPHAS:
        aps = [_ap(raw[d][0] + raw[d][1] + a * (raw[d][2] - mu) / sd, groups[d]) for d in inner]
        best = max(best, (sum(aps) / len(aps), a))
    alpha = best[1]

    def debate(d: str) -> Debate:
        hand, wpart, s = raw[d]
        rows = sem.rows_of(d)
        held = groups[d]
        return Debate(
            hand,
            wpart,
            alpha * (s - mu) / sd,
            np.asarray([ex.label for ex in held], dtype=np.int8),
            [ex.line for ex in held],
            vectors[rows],
            [team_words(ex.text) for ex in held],
        )

    return debate(fold), {d: debate(d) for d in inner}


def _ap(scores: Vec, held: Sequence[Example]) -> float:
    return average_precision([(float(s), ex.line, ex.label) for s, ex in zip(scores, held, strict=True)])[0]


def ap_of(scores: Vec, deb: Debate, rows: npt.NDArray[np.int64]) -> float:
    return average_precision([(float(scores[i]), deb.lines[i], int(deb.labels[i])) for i in rows])[0]


# --- the candidates: (debate, team rows, rest rows, knob) -> adjusted logits of the rest rows ---------

Adapter = Callable[[Debate, npt.NDArray[np.int64], npt.NDArray[np.int64], float], Vec]


def knn_part(
    queries: npt.NDArray[np.float32], team: npt.NDArray[np.float32], y: npt.NDArray[np.int8], k: int
) -> Vec:
    sims = queries @ team.T
    pos, neg = np.sort(sims[:, y == 1], axis=1), np.sort(sims[:, y == 0], axis=1)
    out: Vec = pos[:, -k:].mean(axis=1) - neg[:, -k:].mean(axis=1)
    return out


def centroid_part(
    queries: npt.NDArray[np.float32], team: npt.NDArray[np.float32], y: npt.NDArray[np.int8]
) -> Vec:
    def unit(v: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        out: npt.NDArray[np.float32] = v / max(float(np.linalg.norm(v)), 1e-12)
        return out

    cp, cn = unit(team[y == 1].mean(axis=0)), unit(team[y == 0].mean(axis=0))
    out: Vec = (queries @ cp - queries @ cn).astype(np.float64)
    return out


def adapt_knn(k: int) -> Adapter:
    def run(deb: Debate, team: npt.NDArray[np.int64], rest: npt.NDArray[np.int64], weight: float) -> Vec:
        part = knn_part(deb.vectors[rest], deb.vectors[team], deb.labels[team], k)
        out: Vec = deb.logit[rest] + weight * part
        return out

    return run


def adapt_centroid(
    deb: Debate, team: npt.NDArray[np.int64], rest: npt.NDArray[np.int64], weight: float
) -> Vec:
    out: Vec = deb.logit[rest] + weight * centroid_part(
        deb.vectors[rest], deb.vectors[team], deb.labels[team]
    )
    return out


def offset_logistic(
    x: Vec, offset: Vec, y: npt.NDArray[np.int8], lam: float, free_first: bool = False
) -> Vec:
    """Balanced logistic regression of ``y`` on ``x`` with a fixed ``offset`` logit, L2 pull of every weight
    to 0 (``free_first``: not the first, the intercept, so re-centring never has to bend the other weights)."""
    n_pos = int(y.sum())
    c = np.where(y == 1, 0.5 / n_pos, 0.5 / (len(y) - n_pos))
    yd = y.astype(np.float64)
    pull = np.full(x.shape[1], lam)
    if free_first:
        pull[0] = 0.0

    def fg(theta: list[float]) -> tuple[float, list[float]]:
        w = np.asarray(theta)
        z = offset + x @ w
        loss = float(np.sum(c * (np.logaddexp(0.0, z) - yd * z))) + 0.5 * float(w @ (pull * w))
        gz = c * (1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0))) - yd)
        return loss, [float(g) for g in x.T @ gz + pull * w]

    return np.asarray(lbfgs(fg, [0.0] * x.shape[1], iters=200))


def adapt_combine(deb: Debate, team: npt.NDArray[np.int64], rest: npt.NDArray[np.int64], lam: float) -> Vec:
    x = np.column_stack([np.ones(len(deb.hand)), deb.hand, deb.words, deb.sem])
    a = offset_logistic(x[team], deb.logit[team], deb.labels[team], lam)
    out: Vec = deb.logit[rest] + x[rest] @ a
    return out


def adapt_combine_free(
    deb: Debate, team: npt.NDArray[np.int64], rest: npt.NDArray[np.int64], lam: float
) -> Vec:
    """``combine`` with the intercept left free: the team's base rate is absorbed there, not in the parts."""
    x = np.column_stack([np.ones(len(deb.hand)), deb.hand, deb.words, deb.sem])
    a = offset_logistic(x[team], deb.logit[team], deb.labels[team], lam, free_first=True)
    out: Vec = deb.logit[rest] + x[rest] @ a
    return out


def adapt_words(deb: Debate, team: npt.NDArray[np.int64], rest: npt.NDArray[np.int64], lam: float) -> Vec:
    counts: dict[str, int] = {}
    for i in team:
        for w in deb.bags[i]:
            counts[w] = counts.get(w, 0) + 1
    vocab = sorted(w for w, n in counts.items() if n >= 2)
    if not vocab:
        return deb.logit[rest]
    index = {w: j for j, w in enumerate(vocab)}

    def matrix(rows: npt.NDArray[np.int64]) -> Vec:
        m = np.zeros((len(rows), len(vocab)))
        for r, i in enumerate(rows):
            for w in deb.bags[i]:
                if w in index:
                    m[r, index[w]] = 1.0
        return m

    w = offset_logistic(matrix(team), deb.logit[team], deb.labels[team], lam)
    out: Vec = deb.logit[rest] + matrix(rest) @ w
    return out


CANDIDATES: dict[str, tuple[Adapter, list[float]]] = {
    "knn": (adapt_knn(5), [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]),
    "centroid": (adapt_centroid, [0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0]),
    "combine": (adapt_combine, [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]),
    "words": (adapt_words, [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]),
    "free": (adapt_combine_free, [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]),
    "shipped": (adapt_combine, [0.01]),  # what `workbench learn` did until 2026-12-06: no choice
}


def teachable(deb: Debate, team: npt.NDArray[np.int64]) -> bool:
    n_pos = int(deb.labels[team].sum())
    return 0 < n_pos < len(team)


@dataclass
class TeamResult:
    """Per held-out debate (that has a check-worthy line in its last two thirds): AP on those two thirds."""

    ap: dict[str, dict[str, float]]
    knobs: dict[str, list[float]]
    adapted: int


def learning_from_team(
    examples: Sequence[Example],
    vectors: npt.NDArray[np.float32],
    sem: SemanticFolds,
    cfg: Config,
    extra: Sequence[Example] = (),
) -> TeamResult:
    groups = by_debate(examples)
    ap: dict[str, dict[str, float]] = {"baseline": {}, **{n: {} for n in CANDIDATES}}
    knobs: dict[str, list[float]] = {n: [] for n in CANDIDATES}
    adapted = 0
    for fold in groups:
        held, training = fold_debates(examples, vectors, sem, fold, cfg, extra)
        team, rest = held.split()
        if not held.labels[rest].any():
            continue
        ap["baseline"][fold] = ap_of(held.logit, held, rest)
        sims = []
        for deb in training.values():
            t, r = deb.split()
            if teachable(deb, t) and deb.labels[r].any():
                sims.append((deb, t, r))
        ok = teachable(held, team)
        adapted += ok
        for name, (adapter, grid) in CANDIDATES.items():
            best = (-1.0, grid[0])
            for knob in grid:
                aps = [ap_of(_scatter(adapter(d, t, r, knob), r, len(d.labels)), d, r) for d, t, r in sims]
                best = max(best, (sum(aps) / len(aps), knob))
            knobs[name].append(best[1])
            if not ok:
                ap[name][fold] = ap["baseline"][fold]
                continue
            scores = _scatter(adapter(held, team, rest, best[1]), rest, len(held.labels))
            ap[name][fold] = ap_of(scores, held, rest)
    return TeamResult(ap, knobs, adapted)


def _scatter(values: Vec, rows: npt.NDArray[np.int64], n: int) -> Vec:
    out = np.zeros(n)
    out[rows] = values
    return out


def report(
    result: TeamResult, long_docs: Sequence[str], interval: Callable[[Sequence[float]], tuple[float, float]]
) -> None:
    """Print MAP on the last two thirds per candidate, paired differences with the baseline, knobs."""
    base = result.ap["baseline"]
    docs = list(base)
    print(
        f"\nlearning from the team: first third of each held-out debate's labels adapts the fold's model "
        f"(lexical + semantic); MAP on the other two thirds of the {len(docs)} debates with a check-worthy "
        f"line there ({result.adapted} had both kinds of decision in the first third; the rest stay as the baseline):"
    )
    for subset, chosen in (("all", docs), ("long", [d for d in long_docs if d in base])):
        for name, aps in result.ap.items():
            vals = [aps[d] for d in chosen]
            lo, hi = interval(vals)
            line = f"  {subset:5} {name:9} MAP {sum(vals) / len(vals):.4f} [{lo:.4f}, {hi:.4f}]"
            if name != "baseline":
                diffs = [aps[d] - base[d] for d in chosen]
                dlo, dhi = interval(diffs)
                wins = sum(x > 0 for x in diffs)
                losses = sum(x < 0 for x in diffs)
                line += (
                    f"  diff {sum(diffs) / len(diffs):+.4f} [{dlo:+.4f}, {dhi:+.4f}]  better {wins}, worse {losses}"
                    f" of {len(diffs)}"
                )
            print(line)
    for name, picked in result.knobs.items():
        print(f"  {name}: knob picked per fold {sorted(picked)}")


def main(argv: Sequence[str] | None = None) -> int:
    import argparse
    from dataclasses import replace

    import claimbuster
    from checkworthy_semantic import clef_vectors
    from eval_checkworthy import bootstrap_interval
    from train_checkworthy import DEFAULT_DATA, featurize, load

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--claimbuster",
        type=float,
        default=0.0,
        metavar="WEIGHT",
        help="the shipped recipe: ClaimBuster in the lexical fit at this total weight (16: what every "
        "fold of eval_checkworthy.py --claimbuster picks); data in bench/.cache/claimbuster",
    )
    args = ap.parse_args(argv)
    examples = featurize(load(DEFAULT_DATA))
    cfg, extra = Config(), []
    if args.claimbuster > 0:
        extra, _ = claimbuster.load(claimbuster.DEFAULT_DIR, (ex.text for ex in examples))
        cfg = replace(cfg, extra_weight=args.claimbuster)
        print(f"ClaimBuster: {len(extra)} sentences at total weight {args.claimbuster:g} in every fold")
    vectors = clef_vectors([ex.text for ex in examples], DEFAULT_DATA)
    head = SemanticFolds(vectors, [ex.label for ex in examples], [ex.doc for ex in examples], "head")
    result = learning_from_team(examples, vectors, head, cfg, extra)
    groups = by_debate(examples)
    report(result, sorted(groups, key=lambda d: -len(groups[d]))[:10], bootstrap_interval)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
