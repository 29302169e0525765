"""Inter-reviewer agreement: percent agreement, Cohen's kappa per pair, Krippendorff's alpha for the team.

Input is one verdict per (claim, reviewer). Pure functions over plain tuples; no database.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    items: int
    """Claims both reviewers judged."""
    percent: float
    kappa: float | None
    """Cohen's kappa; ``None`` when chance agreement is total (both always gave one label)."""


@dataclass(frozen=True)
class LabelAgreement:
    label: str
    alpha: float | None
    """Krippendorff's alpha of the binary "this label or not" judgements."""
    uses: int


@dataclass(frozen=True)
class TeamAgreement:
    reviewers: int
    items: int
    """Claims judged by at least two reviewers."""
    percent: float | None
    """Share of agreeing reviewer pairs over all pairable judgements."""
    alpha: float | None
    pairs: list[PairAgreement]
    labels: list[LabelAgreement]


def by_claim(judgements: Iterable[tuple[int, str, str]]) -> dict[int, dict[str, str]]:
    """``(claim_id, reviewer, verdict)`` rows to ``{claim: {reviewer: verdict}}`` (the last one wins)."""
    table: dict[int, dict[str, str]] = defaultdict(dict)
    for claim_id, reviewer, verdict in judgements:
        table[claim_id][reviewer] = verdict
    return dict(table)


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for x, y in pairs if x == y) / n
    left, right = Counter(x for x, _ in pairs), Counter(y for _, y in pairs)
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha(units: Iterable[Sequence[str]]) -> float | None:
    """Nominal alpha over units (each a list of the values reviewers gave one claim; missing ones absent)."""
    coincidence: defaultdict[tuple[str, str], float] = defaultdict(float)
    for values in units:
        m = len(values)
        if m < 2:
            continue
        for i, x in enumerate(values):
            for j, y in enumerate(values):
                if i != j:
                    coincidence[(x, y)] += 1 / (m - 1)
    totals: defaultdict[str, float] = defaultdict(float)
    for (x, _), weight in coincidence.items():
        totals[x] += weight
    n = sum(totals.values())
    if n <= 1:
        return None
    observed = sum(w for (x, y), w in coincidence.items() if x != y)
    expected = sum(totals[x] * totals[y] for x in totals for y in totals if x != y) / (n - 1)
    if expected == 0:
        return None
    return 1 - observed / expected


def team_agreement(judgements: Iterable[tuple[int, str, str]]) -> TeamAgreement:
    table = by_claim(judgements)
    shared = {claim: verdicts for claim, verdicts in table.items() if len(verdicts) >= 2}
    reviewers = sorted({r for verdicts in table.values() for r in verdicts})
    pair_rows = []
    for a, b in combinations(reviewers, 2):
        both = [(v[a], v[b]) for v in shared.values() if a in v and b in v]
        if both:
            pair_rows.append(
                PairAgreement(a, b, len(both), sum(x == y for x, y in both) / len(both), cohen_kappa(both))
            )
    agree = total = 0
    for verdicts in shared.values():
        for x, y in combinations(verdicts.values(), 2):
            total += 1
            agree += x == y
    units = [list(v.values()) for v in shared.values()]
    labels = sorted({value for unit in units for value in unit})
    per_label = [
        LabelAgreement(
            label,
            krippendorff_alpha([["yes" if v == label else "no" for v in unit] for unit in units]),
            sum(unit.count(label) for unit in units),
        )
        for label in labels
    ]
    return TeamAgreement(
        len(reviewers),
        len(shared),
        agree / total if total else None,
        krippendorff_alpha(units),
        pair_rows,
        per_label,
    )


def disagreements(judgements: Iterable[tuple[int, str, str]]) -> dict[int, dict[str, list[str]]]:
    """Claims whose reviewers disagree: ``{claim: {verdict: [reviewers who gave it]}}``."""
    out: dict[int, dict[str, list[str]]] = {}
    for claim, verdicts in by_claim(judgements).items():
        grouped: dict[str, list[str]] = defaultdict(list)
        for reviewer, verdict in sorted(verdicts.items()):
            grouped[verdict].append(reviewer)
        if len(grouped) > 1:
            out[claim] = dict(sorted(grouped.items(), key=lambda kv: -len(kv[1])))
    return out
