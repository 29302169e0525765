"""Story matching by meaning: sentence-vector neighbours in other documents as one more candidate source.

Used by full and incremental matching runs. Only stored vectors are read (the model is never loaded
here): the model most claims have vectors of is used, and claims without a vector simply get no
candidates from this source until `workbench vectors` (or the TUI) encodes them. An exact scan:
an incremental run compares its new claims with up to ``LIMIT`` stored vectors; a full run compares
every pair, which grows with the square (50,000 vectors took 107 s on a loaded 2-core box), so it uses
this source up to ``FULL_RUN_LIMIT`` vectors. Beyond those, the source is skipped (an approximate
index such as usearch would be needed).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from workbench.store import factchecks as fc_store
from workbench.text import encoder as enc
from workbench.text.matching import StoryIndex
from workbench.text.matching.meaning import neighbour_pairs

LIMIT = 200_000
"""Claim vectors up to which new claims' neighbours are found by an exact scan (300 MB as float32)."""
FULL_RUN_LIMIT = 20_000
"""Claim vectors up to which a full run finds every claim's neighbours (all pairs: 19 s at 20,000 on a
loaded 2-core box)."""


@dataclass(frozen=True, slots=True)
class ClaimMatrix:
    ids: np.ndarray
    documents: np.ndarray
    matrix: np.ndarray
    row_of: dict[int, int]


def load(conn: sqlite3.Connection, limit: int = LIMIT) -> ClaimMatrix | None:
    found = fc_store.claim_vector_model(conn)
    if found is None or found[1] > limit:
        return None
    rows = fc_store.claim_vectors(conn, found[0])
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    documents = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
    return ClaimMatrix(
        ids, documents, enc.from_blobs([r[2] for r in rows]), {int(i): n for n, i in enumerate(ids.tolist())}
    )


def pairs(vectors: ClaimMatrix, of: Iterable[int] | None = None) -> list[tuple[int, int, float]]:
    """(claim id, claim id, cosine) of the vector neighbours of the claims ``of`` (default: all)."""
    rows = None
    if of is not None:
        rows = np.fromiter((vectors.row_of[i] for i in of if i in vectors.row_of), dtype=np.int64)
        if not len(rows):
            return []
    a, b, cos = neighbour_pairs(vectors.matrix, vectors.documents, rows=rows)
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
