"""Story matching by meaning: sentence-vector neighbours in other documents as one more candidate source.

Used by full and incremental matching runs. Only stored vectors are read (the model is never loaded
here): the model most claims have vectors of is used, and claims without a vector simply get no
candidates from this source until `workbench vectors` (or the TUI) encodes them. Neighbours come from
``nearest``: an incremental run scans exactly up to ``nearest.ann_from()`` (200k) stored vectors and
uses the approximate index above; a full run compares every claim with every other, which grows with
the square (50,000 vectors took 107 s exactly on a loaded 2-core box), so it scans exactly up to
``FULL_RUN_LIMIT`` vectors and uses the approximate index above. Without usearch, a full run above
``FULL_RUN_LIMIT`` skips this source (an exact all-pairs scan would take hours), while an incremental run
scans exactly at any size.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from workbench.actions import nearest
from workbench.store import factchecks as fc_store
from workbench.text.matching import StoryIndex

FULL_RUN_LIMIT = 20_000
"""Claim vectors up to which a full run finds every claim's neighbours by an exact scan (all pairs: 19 s
at 20,000 on a loaded 2-core box)."""


@dataclass(frozen=True, slots=True)
class ClaimMatrix:
    ids: np.ndarray
    documents: np.ndarray
    nearest: nearest.Nearest
    row_of: dict[int, int]


def load(conn: sqlite3.Connection, *, full_run: bool = False) -> ClaimMatrix | None:
    """The stored claim vectors of the model most claims have, ready to search (None: none, or a full run
    above ``FULL_RUN_LIMIT`` without usearch)."""
    found = fc_store.claim_vector_model(conn)
    if found is None:
        return None
    exact_up_to = min(FULL_RUN_LIMIT, nearest.ann_from()) if full_run else nearest.ann_from()
    if found[1] > exact_up_to and full_run and not nearest.available():
        return None
    rows = fc_store.claim_vectors(conn, found[0])
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    documents = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    cache = nearest.cache_file(conn, "claims", (found[0], fc_store.vector_generation(conn)))
    index = nearest.build([r[2] for r in rows], 0, exact_up_to=exact_up_to, cache=cache)
    return ClaimMatrix(ids, documents, index, {int(i): n for n, i in enumerate(ids.tolist())})


def pairs(vectors: ClaimMatrix, of: Iterable[int] | None = None) -> list[tuple[int, int, float]]:
    """(claim id, claim id, cosine) of the vector neighbours of the claims ``of`` (default: all)."""
    rows = None
    if of is not None:
        rows = np.fromiter((vectors.row_of[i] for i in of if i in vectors.row_of), dtype=np.int64)
        if not len(rows):
            return []
    a, b, cos = nearest.neighbour_pairs(vectors.nearest, vectors.documents, rows=rows)
    ids = vectors.ids
    return list(zip(ids[a].tolist(), ids[b].tolist(), cos.tolist(), strict=True))


def link(index: StoryIndex, found: list[tuple[int, int, float]]) -> int:
    """Hand the neighbours whose claims are both in ``index`` to its meaning rule; returns links made."""
    at = index.index_of
    kept = [(at[x], at[y], c) for x, y, c in found if x in at and y in at]
    if not kept:
        return 0
    a = np.fromiter((k[0] for k in kept), dtype=np.int64, count=len(kept))
    b = np.fromiter((k[1] for k in kept), dtype=np.int64, count=len(kept))
    cos = np.fromiter((k[2] for k in kept), dtype=np.float64, count=len(kept))
    return index.link_by_meaning(a, b, cos)
