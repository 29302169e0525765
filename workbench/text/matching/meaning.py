"""Claims of other documents that say the same thing in other words: sentence-vector neighbours,
kept only when the figure, count and date vetoes of story matching let them through.

Pure: vectors (unit rows) and features in, ranked neighbours out. An exact scan (one matrix product
per claim) is used: at 384 int8 dimensions it stays well under a second up to about 200k claims;
beyond that an approximate index would be needed, rebuilt from the stored vectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from workbench.text.matching.features import UNKNOWN_DAY, Features, figures_disagree

LIST_FLOOR = 0.45
"""Cosine below which a claim in another outlet is not listed in the claim view. On the five seeds
the paraphrases a careful reader links score 0.50-0.65 with each other, unrelated claims of the same
story 0.30-0.50."""
EVENT_DAYS = 4


@dataclass(frozen=True, slots=True)
class Neighbour:
    index: int
    """Row in the matrix the neighbours were taken from."""
    cosine: float


def veto(a: Features, b: Features, event_days: int = EVENT_DAYS) -> str | None:
    """Why two claims cannot report the same fact, whatever their meaning says (None: nothing stops them)."""
    if figures_disagree(a.figures, b.figures):
        return "the figures differ"
    if a.low > b.high or b.low > a.high:  # NaN (no count) compares False: no conflict
        return "the counts differ"
    if a.day != UNKNOWN_DAY and b.day != UNKNOWN_DAY and abs(a.day - b.day) > event_days:
        return f"{abs(a.day - b.day)} days apart"
    return None


def nearest(
    query: npt.NDArray[np.float32],
    matrix: npt.NDArray[np.float32],
    documents: npt.NDArray[np.int64],
    document: int,
    *,
    k: int,
    floor: float = LIST_FLOOR,
) -> list[Neighbour]:
    """The ``k`` rows of other documents most similar to ``query`` with a cosine of at least ``floor``."""
    if not len(matrix):
        return []
    sims = matrix @ query
    sims[documents == document] = -1.0
    k = min(k, len(sims))
    top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
    top = top[np.argsort(-sims[top], kind="stable")]
    return [Neighbour(int(j), float(sims[j])) for j in top if sims[j] >= floor]


def rank(neighbours: Sequence[Neighbour], vetoes: Sequence[str | None], k: int) -> list[Neighbour]:
    """The first ``k`` neighbours no veto stops."""
    return [n for n, v in zip(neighbours, vetoes, strict=True) if v is None][:k]
