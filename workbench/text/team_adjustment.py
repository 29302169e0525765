"""Learning from the team: the scorer's parts re-weighed on a database's own triage decisions and verdicts.

A claim's stored logit is ``BIAS + sum(reasons)``. Its parts are the hand features (with the bias), the
learned words and the semantic part. The adjustment adds ``shift + a_hand * hand + a_words * words +
a_meaning * meaning``, fitted by balanced logistic regression on the team's decisions with that logit as
offset and an L2 pull of the four numbers towards 0 (the shipped model). ``bench/team_adaptation.py``
(also in ``eval_checkworthy.py --team``) compared four ways on CLEF (adapt each held-out debate with its
first third's labels, MAP on the other two thirds, baseline 0.1864). With the knob chosen inside each
fold none helped measurably: this one -0.001 [-0.025, +0.026] (a coarser grid gave +0.010), nearest
vectors +0.004 [-0.003, +0.012] (worse on the 10 long debates), centroids -0.000, the team's own words
-0.003. At fixed L2 strengths this one gave +0.002 (0.01), +0.013 (0.1), +0.010 [+0.000, +0.028] (1.0,
13 of 19 debates better, 4 worse). It is built as the safest: four numbers pulled towards the shipped
model, each shown in the reason.

Re-measured with the shipped recipe (lexical with ClaimBuster + semantic head, ``python
bench/team_adaptation.py --claimbuster 16``, 2026-12-06; baseline 0.2337 all, 0.1413 on the 10 long
debates): the old ``LAM`` 0.01 lowered MAP, -0.038 [-0.101, +0.004] (13 of 19 worse) and on the long
debates -0.016 [-0.028, -0.003] (8 of 10 worse). With the strength chosen inside each fold (3.0 in 11 of
19 folds, 1.0 in 7) this fit gives +0.001 [-0.002, +0.003] (long +0.002 [-0.001, +0.005]); leaving the
intercept unpulled did not help (-0.004). So ``LAM`` is 3.0: the team's decisions nudge the parts, they
do not re-rank the queue on a few dozen examples. Learning from a team is not shown to raise MAP.

The adjustment is one more reason on a claim, ``team``, saying what changed. Its constant is set so it
averages zero over the decided claims (see :func:`fit`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.text.model import Reason

FEATURE = "team"
LAM = 3.0
"""L2 strength towards the shipped model (see above; it was 0.01 until 2026-12-06)."""
MIN_DECISIONS = 20
"""Fewer decisions than this (or none of one kind) teach nothing reliable: ``learn`` declines."""
LEARN_EVERY = 25
"""Automatic re-fits wait for this many new decisions: about one reviewer-session's triage, and on
CLEF a first third of a debate (~290 lines) moved the fit, while a handful of decisions barely does."""
_PARTS = ("shift", "hand", "words", "meaning")
_NAMES = {"hand": "hand features", "words": "words", "meaning": "meaning"}


def parts(bias: float, reasons: Sequence[Reason]) -> tuple[float, float, float]:
    """(hand features with the bias, learned words, semantic part) of a stored score, team reason left out."""
    words = math.fsum(r.weight for r in reasons if r.feature == "words")
    meaning = math.fsum(r.weight for r in reasons if r.feature == "semantic")
    rest = math.fsum(r.weight for r in reasons if r.feature not in ("words", "semantic", FEATURE))
    return bias + rest, words, meaning


@dataclass(frozen=True, slots=True)
class TeamAdjustment:
    """The four fitted numbers and the decisions they came from."""

    shift: float
    hand: float
    words: float
    meaning: float
    decisions: int
    positives: int

    def to_json(self) -> dict[str, Any]:
        return {
            "shift": self.shift,
            "hand": self.hand,
            "words": self.words,
            "meaning": self.meaning,
            "decisions": self.decisions,
            "positives": self.positives,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TeamAdjustment:
        return cls(
            float(data["shift"]),
            float(data["hand"]),
            float(data["words"]),
            float(data["meaning"]),
            int(data["decisions"]),
            int(data["positives"]),
        )

    def canonical(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))

    def digest(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()

    def describe(self) -> str:
        """What changed, in the reader's words: each part's new multiplier, largest change first."""
        changes = sorted(
            ((_NAMES[p], getattr(self, p)) for p in ("hand", "words", "meaning")), key=lambda c: -abs(c[1])
        )
        shown = ", ".join(f"{name} x{1 + a:.2f}" for name, a in changes if abs(a) >= 0.005)
        return shown or "no part re-weighed"

    def reason(self, bias: float, reasons: Sequence[Reason]) -> Reason:
        hand, words, meaning = parts(bias, reasons)
        weight = self.shift + self.hand * hand + self.words * words + self.meaning * meaning
        return Reason(
            FEATURE, weight, f"adjusted by your team's {self.decisions} decisions: {self.describe()}"
        )


def adjusted(
    bias: float, reasons: Sequence[Reason], adjustment: TeamAdjustment | None
) -> tuple[float, tuple[Reason, ...]]:
    """Score and reasons with the team reason in place of any earlier one (none when ``adjustment`` is None).

    ``bias + sum(reason weights)`` stays the logit of the score.
    """
    kept = [r for r in reasons if r.feature != FEATURE]
    if adjustment is not None:
        kept.append(adjustment.reason(bias, kept))
    out = tuple(sorted(kept, key=lambda r: -abs(r.weight)))
    z = bias + math.fsum(r.weight for r in out)
    score = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    return score, out


def fit(bias: float, labelled: Sequence[tuple[Sequence[Reason], int]], lam: float = LAM) -> TeamAdjustment:
    """Fit on ``(reasons, label)`` pairs (label 1: check-worthy) by Newton's method on the penalised loss.

    Raises ``ValueError`` when both kinds of decision are not present.
    """
    y = np.asarray([label for _, label in labelled], dtype=np.float64)
    n_pos = int(y.sum())
    if n_pos == 0 or n_pos == len(y):
        raise ValueError("both check-worthy and not check-worthy decisions are needed")
    rows = [parts(bias, reasons) for reasons, _ in labelled]
    x = np.column_stack([np.ones(len(rows)), np.asarray(rows, dtype=np.float64)])
    offset = x[:, 1:].sum(axis=1)
    c = np.where(y == 1, 0.5 / n_pos, 0.5 / (len(y) - n_pos))
    a = np.zeros(4)
    for _ in range(50):
        z = offset + x @ a
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))  # saturated logits would overflow exp
        grad = x.T @ (c * (p - y)) + lam * a
        hess = (x * (c * p * (1 - p))[:, None]).T @ x + lam * np.eye(4)
        step = np.linalg.solve(hess, grad)
        a -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    # The shift is set so the adjustment averages zero over the decided claims: it re-ranks, and the news
    # flag threshold (chosen for the shipped model) keeps flagging about as many sentences. A fitted
    # shift would re-centre scores on the team's balance of decisions (0.5 = as likely as not) and, on
    # the seed articles, halve the sentences flagged. MAP ranks within a document, so it is unchanged.
    a[0] = -float(np.mean(x[:, 1:] @ a[1:]))
    values = {name: round(float(v), 4) for name, v in zip(_PARTS, a, strict=True)}
    return TeamAdjustment(
        values["shift"], values["hand"], values["words"], values["meaning"], len(labelled), n_pos
    )
