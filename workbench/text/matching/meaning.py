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


NEIGHBOURS = 5
"""Vector neighbours in other documents taken per claim as story candidates."""
CANDIDATE_FLOOR = 0.5
"""Cosine below which a vector neighbour is not a story candidate."""


def neighbour_pairs(
    matrix: npt.NDArray[np.float32],
    documents: npt.NDArray[np.int64],
    *,
    rows: npt.NDArray[np.int64] | None = None,
    k: int = NEIGHBOURS,
    floor: float = CANDIDATE_FLOOR,
    cells: int = 20_000_000,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
    """Each row's (of ``rows``, default all) ``k`` nearest rows of other documents at ``floor`` or more,
    by an exact scan in blocks of at most ``cells`` similarities (80 MB): (a, b, cosine) with a < b,
    each pair once."""
    n = len(matrix)
    block = max(1, cells // max(n, 1))
    wanted = np.arange(n, dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
    parts_a, parts_b, parts_c = [], [], []
    k = min(k, max(n - 1, 0))
    if k == 0 or not len(wanted):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32)
    for lo in range(0, len(wanted), block):
        chunk = wanted[lo : lo + block]
        sims = matrix[chunk] @ matrix.T
        sims[documents[chunk][:, None] == documents[None, :]] = -1.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        cos = np.take_along_axis(sims, top, axis=1)
        keep = cos >= floor
        parts_a.append(np.repeat(chunk, k).reshape(-1, k)[keep])
        parts_b.append(top[keep].astype(np.int64))
        parts_c.append(cos[keep].astype(np.float32))
    a, b, c = np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_c)
    lo_, hi_ = np.minimum(a, b), np.maximum(a, b)
    key = lo_ << 32 | hi_
    _, first = np.unique(key, return_index=True)
    return lo_[first], hi_[first], c[first]
