"""Sorted-neighbourhood blocking for same-wording candidates (a second pass next to rare-token keys).

Rare-token keys miss sentences made of common words: Reuters templates ("Revs 44.1 mln vs 34.4
mln"), datelines ("Record March 16"), and long rewrites whose three rarest words are each one's own
typo or variant. Sorting the claims by their sorted words with the numbers left out, then by the
sorted text itself, puts a template's instances side by side, the ones with the same figures next
to each other; each claim is then paired with its ``window`` nearest claims in that order. The
candidate count stays ``n * window`` whatever the corpus, and new claims are placed in the kept
order by bisection, so incremental additions meet their neighbours among old claims.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

import numpy as np

from workbench.text.matching.fold import NUMBER_WORDS

_NUMBER_WORDS = frozenset(NUMBER_WORDS)


def template_key(sorted_text: str) -> str:
    """The claim's words without numbers (sorted), then its whole sorted text (number words as digits)
    as the tie-break.

    ``sorted_text`` is folded (alphanumeric tokens), so a token with a non-letter holds a digit.
    """
    tokens = sorted_text.split()
    words = [w for w in tokens if w.isalpha() and w not in _NUMBER_WORDS]
    # number words as digits in the tie-break, so "Pay April one" sorts next to "Pay April 1"
    return " ".join(words) + "\x00" + " ".join(sorted(NUMBER_WORDS.get(t, t) for t in tokens))


def neighbour_pairs(order: np.ndarray, window: int, first: int = 1) -> np.ndarray:
    """Pairs (i<<32 | j, i<j) of each member of ``order`` with its ``first``-th to ``window``-th next."""
    parts = []
    for k in range(first, min(window, len(order) - 1) + 1):
        a, b = order[:-k], order[k:]
        parts.append(np.minimum(a, b) << 32 | np.maximum(a, b))
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


class Neighbourhood:
    """Claim indices kept sorted by ``template_key``; ``add`` returns the new claims' neighbour pairs.

    Kept per claim: its place in the order and the first ``PREFIX`` bytes of its key (24 bytes on
    top of the int64), which settle most of a new claim's bisection in numpy; among old claims
    sharing that prefix the full keys are recomputed through ``key_of``.
    """

    PREFIX = 24

    def __init__(self, window: int, key_of: Callable[[int], str]) -> None:
        self.window = window
        self.key_of = key_of
        self.order = np.empty(0, dtype=np.int64)
        self.prefixes = np.empty(0, dtype=f"S{self.PREFIX}")

    def add(self, members: Sequence[int], keys: Sequence[str], *, pair: bool = True) -> np.ndarray:
        """Place ``members`` (with their ``keys``) in the order; pairs with their neighbours if ``pair``.

        New claims are paired with the ``window`` old claims on each side of where they land and
        with their ``window`` next new claims: every two claims within ``window`` of each other in
        the final order have been paired, whether they came in one batch or many.
        """
        if not len(members):
            return np.empty(0, dtype=np.int64)
        ranked = sorted(zip(keys, members, strict=True))
        new = np.fromiter((i for _, i in ranked), dtype=np.int64, count=len(ranked))
        prefixes = np.array([k.encode()[: self.PREFIX] for k, _ in ranked], dtype=f"S{self.PREFIX}")
        if not len(self.order):
            self.order, self.prefixes = new, prefixes
            return neighbour_pairs(new, self.window) if pair else np.empty(0, dtype=np.int64)
        old, key_of = self.order, self.key_of
        lows = np.searchsorted(self.prefixes, prefixes, side="left").tolist()
        highs = np.searchsorted(self.prefixes, prefixes, side="right").tolist()
        positions = [
            bisect.bisect_left(old, key, lo, hi, key=lambda m: key_of(int(m))) if hi > lo else lo
            for (key, _), lo, hi in zip(ranked, lows, highs, strict=True)
        ]
        parts = []
        if pair:
            w = self.window
            for i, pos in zip(new.tolist(), positions, strict=True):
                near = old[max(0, pos - w) : pos + w]
                parts.append(np.minimum(near, i) << 32 | np.maximum(near, i))
            parts.append(neighbour_pairs(new, w))
        self.order = np.insert(old, positions, new)
        self.prefixes = np.insert(self.prefixes, positions, prefixes)
        return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
