"""Nearest stored sentence vectors: an exact scan up to ``ann_from()`` rows, an approximate index above.

The approximate index is HNSW from usearch (the ``ann`` extra). Like the vectors it is derived data:
built from the stored int8 codes as they are (a row's cosine with any other does not depend on its
scale, so the codes give the exact scan's cosines), cached in a file beside the database whose name
says what it was built from (the database, the model, the vectors' generation, the rows), and rebuilt
when that changed. Without usearch the exact scan is used at any size, and that is said once.

The exact path gives the same results as before this module (the pure functions of
``workbench.text.matching.meaning``); the approximate path may miss a few neighbours (recall@10 against
the exact scan: ``python bench/run.py ann``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from workbench.text import encoder as enc
from workbench.text.matching import meaning

log = logging.getLogger(__name__)

ANN_FROM = 200_000
"""Rows from which the approximate index is used (an exact scan below: under a second per query)."""
ANN_FROM_ENV = "WORKBENCH_ANN_FROM"
"""Overrides ``ANN_FROM`` (tests lower it; a team may raise it)."""
CONNECTIVITY = 32
EXPANSION_ADD = 128
EXPANSION_SEARCH = 512
"""HNSW settings. On the 170,166 real news-scale claim vectors (their 10th neighbour at cosine 0.57, no
tight clusters) recall@10 against the exact scan was 0.933 with 16/128/128 and 0.979-0.990 over three
builds with these: build 1.45x as long (29 s), 1.3-1.6 ms a query instead of 0.35
(``python bench/run.py ann``)."""
EXPANSION_FEW = 1024
"""Search expansion for a few queries at once (the claim view, ``similar`` on one text): recall@10
0.997-0.998 on the same vectors for 2.8-3.0 ms a query, small beside the 35 ms of ``similar``. Bulk
searches (every row's neighbours in a matching run) keep ``EXPANSION_SEARCH``; two threads searching at
once may each run with the other's setting, which costs only speed or a little recall."""
OVERFETCH = 4
"""Neighbours in other documents are taken from ``OVERFETCH * k + 16`` approximate neighbours, since
claims of the query's own document are dropped after the search."""
BLOCK = 4096
"""Queries searched at once when every row's neighbours are wanted."""
RESCORE = 8
"""Below this many queries at once, the approximate neighbours' cosines are recomputed from the float
query (the search itself compares the query quantised to int8, about 0.002 off)."""
SEED_ROWS = 1024
"""Rows inserted one at a time before the rest go in on every core: usearch's parallel insertion into an
empty graph leaves early nodes unreachable (on the seeds' 80 claims, half of the builds missed exact
top-10 neighbours; one thread, none)."""

Rows = npt.NDArray[np.int64]
Cosines = npt.NDArray[np.float32]


def ann_from() -> int:
    raw = os.environ.get(ANN_FROM_ENV)
    if raw:
        with contextlib.suppress(ValueError):
            return max(1, int(raw))
    return ANN_FROM


_fallback: str | None = None
_said = False


def fallback_message() -> str | None:
    """Why a set above the threshold is scanned exactly (usearch missing), once one was; else None."""
    return _fallback


def take_notice() -> str | None:
    """``fallback_message()`` the first time it is asked for in this process, then None (say it once)."""
    global _said
    if _fallback is None or _said:
        return None
    _said = True
    return _fallback


def _usearch() -> Any | None:
    global _fallback
    try:
        from usearch import index as usearch_index
    except ImportError:
        if _fallback is None:
            _fallback = (
                "approximate vector index off: usearch is not installed "
                "(pip install 'factcheck-workbench[ann]'); scanning every vector instead"
            )
            log.info(_fallback)
        return None
    return usearch_index


class Nearest(Protocol):
    approximate: bool

    def __len__(self) -> int: ...

    def search(self, queries: enc.Vectors, k: int) -> tuple[Rows, Cosines]:
        """The ``k`` rows most similar to each query (unit rows), best first: rows (-1 where fewer) and
        cosines, each of shape (queries, k)."""
        ...

    def vectors(self, rows: Rows) -> enc.Vectors:
        """These rows as unit vectors."""
        ...


class ExactScan:
    """Every row compared with the query: one matrix product."""

    approximate = False

    def __init__(self, matrix: enc.Vectors) -> None:
        self.matrix = matrix

    def __len__(self) -> int:
        return len(self.matrix)

    def search(self, queries: enc.Vectors, k: int) -> tuple[Rows, Cosines]:
        queries = np.atleast_2d(queries)
        k = min(k, len(self.matrix))
        if k == 0:
            return np.full((len(queries), 0), -1, np.int64), np.zeros((len(queries), 0), np.float32)
        sims = queries @ self.matrix.T
        if sims.shape[1] <= ANN_FROM:  # a full sort: ties in the order `similar` always gave them
            top = np.argsort(-sims, axis=1)[:, :k]
            return top.astype(np.int64), np.take_along_axis(sims, top, axis=1)
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        cos = np.take_along_axis(sims, top, axis=1)
        order = np.argsort(-cos, axis=1, kind="stable")
        return np.take_along_axis(top, order, axis=1).astype(np.int64), np.take_along_axis(cos, order, axis=1)

    def vectors(self, rows: Rows) -> enc.Vectors:
        return self.matrix[rows]


class ApproximateIndex:
    """An HNSW graph over the rows' int8 codes (keys: row numbers), searched by cosine."""

    approximate = True

    def __init__(self, index: Any) -> None:
        self.index = index

    def __len__(self) -> int:
        return int(self.index.size)

    def search(self, queries: enc.Vectors, k: int) -> tuple[Rows, Cosines]:
        queries = np.atleast_2d(np.asarray(queries, dtype=np.float32))
        k = min(k, len(self))
        if k == 0:
            return np.full((len(queries), 0), -1, np.int64), np.zeros((len(queries), 0), np.float32)
        # queries quantised as the rows are: per-row scale to int8 (cosine is unchanged by the scale)
        few = len(queries) < RESCORE
        self.index.expansion_search = EXPANSION_FEW if few else EXPANSION_SEARCH
        found = self.index.search(_codes(queries), k, threads=1 if few else 0)
        rows = np.full((len(queries), k), -1, np.int64)
        cos = np.full((len(queries), k), -1.0, np.float32)
        keys, distances = np.atleast_2d(found.keys), np.atleast_2d(found.distances)  # one query: 1-d
        counts = np.atleast_1d(np.asarray(getattr(found, "counts", keys.shape[1])))
        for n, count in enumerate(counts.tolist()):
            rows[n, :count] = keys[n, :count]
            cos[n, :count] = 1.0 - distances[n, :count]
        if few:  # a few queries: their cosines as the exact scan gives them
            for n, query in enumerate(queries):
                ok = rows[n] >= 0
                cos[n, ok] = self.vectors(rows[n, ok]) @ query
                order = np.argsort(-cos[n], kind="stable")
                rows[n], cos[n] = rows[n, order], cos[n, order]
        return rows, cos

    def vectors(self, rows: Rows) -> enc.Vectors:
        if not len(rows):
            return np.zeros((0, self.index.ndim), np.float32)
        got = self.index.get(np.asarray(rows, dtype=np.uint64))
        codes = np.stack(got) if isinstance(got, tuple) else np.atleast_2d(got)
        return enc.normalise(codes.astype(np.float32))


def _codes(matrix: npt.NDArray[Any]) -> npt.NDArray[np.int8]:
    m = np.asarray(matrix, dtype=np.float32)
    peak = np.abs(m).max(axis=1, keepdims=True)
    scale = np.where(peak > 0, peak / 127.0, 1.0)
    return np.clip(np.rint(m / scale), -127, 127).astype(np.int8)


def cache_file(conn: sqlite3.Connection, name: str, key: Sequence[object]) -> Path | None:
    """Where the index of the set ``name`` built from ``key`` is kept: a folder beside the database
    (None for a database in memory)."""
    main = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), "")
    if not main:
        return None
    row = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()
    settings = (CONNECTIVITY, EXPANSION_ADD)  # an index built with other settings is rebuilt
    digest = hashlib.sha256(repr((row and row[0], *key, *settings)).encode()).hexdigest()[:20]
    path = Path(main)
    return path.with_name(f"{path.name}.ann") / f"{name}-{digest}.usearch"


def available() -> bool:
    """Whether the approximate index can be built (usearch installed); says so once when not."""
    return _usearch() is not None


def build(
    blobs: Sequence[bytes], dim: int, *, exact_up_to: int | None = None, cache: Path | None = None
) -> Nearest:
    """The nearest-row search over these stored vectors: an exact scan up to ``exact_up_to`` rows
    (default ``ann_from()``) or when usearch is missing, else the approximate index (from ``cache``
    when it holds one of these rows, else built and saved there)."""
    limit = ann_from() if exact_up_to is None else exact_up_to
    usearch = _usearch() if len(blobs) > limit else None
    if usearch is None:
        return ExactScan(enc.from_blobs(blobs) if blobs else np.zeros((0, dim), np.float32))
    if cache is not None and cache.is_file():
        try:
            index = usearch.Index.restore(str(cache), view=True)
        except Exception as exc:  # a torn or foreign file: rebuild it
            log.info("rebuilding the vector index %s: %s", cache, exc)
            index = None
        if index is not None and int(index.size) == len(blobs):
            return ApproximateIndex(index)
    codes = np.frombuffer(b"".join(b[4:] for b in blobs), dtype=np.int8).reshape(len(blobs), -1)
    index = usearch.Index(
        ndim=codes.shape[1],
        metric="cos",
        dtype="i8",
        connectivity=CONNECTIVITY,
        expansion_add=EXPANSION_ADD,
        expansion_search=EXPANSION_SEARCH,
    )
    seed = min(SEED_ROWS, len(codes))
    index.add(np.arange(seed, dtype=np.uint64), codes[:seed], threads=1)
    if seed < len(codes):
        index.add(np.arange(seed, len(codes), dtype=np.uint64), codes[seed:], threads=0)
    if cache is not None:
        _save(index, cache)
    return ApproximateIndex(index)


def _save(index: Any, path: Path) -> None:
    """Atomically, replacing the set's older files; a folder that cannot be written only costs a rebuild."""
    try:
        path.parent.mkdir(exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        index.save(str(scratch))
        os.replace(scratch, path)
        prefix = path.name.split("-")[0] + "-"
        for old in path.parent.glob(f"{prefix}*.usearch"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.info("vector index not cached at %s: %s", path, exc)


def nearest_in_other_documents(
    index: Nearest,
    documents: npt.NDArray[np.int64],
    query: enc.Vectors,
    document: int,
    *,
    k: int,
    floor: float = meaning.LIST_FLOOR,
) -> list[meaning.Neighbour]:
    """``meaning.nearest`` over either kind of index: the ``k`` rows of other documents most similar to
    ``query`` with a cosine of at least ``floor``."""
    if isinstance(index, ExactScan):
        return meaning.nearest(query, index.matrix, documents, document, k=k, floor=floor)
    rows, cos = index.search(query, OVERFETCH * k + 16)
    out = []
    for j, c in zip(rows[0].tolist(), cos[0].tolist(), strict=True):
        if j >= 0 and documents[j] != document and c >= floor:
            out.append(meaning.Neighbour(j, c))
            if len(out) == k:
                break
    return out


def neighbour_pairs(
    index: Nearest,
    documents: npt.NDArray[np.int64],
    *,
    rows: Rows | None = None,
    k: int = meaning.NEIGHBOURS,
    floor: float = meaning.CANDIDATE_FLOOR,
) -> tuple[Rows, Rows, Cosines]:
    """``meaning.neighbour_pairs`` over either kind of index: each row's (of ``rows``, default all) ``k``
    nearest rows of other documents at ``floor`` or more, as (a, b, cosine) with a < b, each pair once."""
    if isinstance(index, ExactScan):
        return meaning.neighbour_pairs(index.matrix, documents, rows=rows, k=k, floor=floor)
    n = len(index)
    wanted = np.arange(n, dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
    parts_a, parts_b, parts_c = [], [], []
    for lo in range(0, len(wanted), BLOCK):
        chunk = wanted[lo : lo + BLOCK]
        found, cos = index.search(index.vectors(chunk), OVERFETCH * k + 16)
        other = (found >= 0) & (documents[np.maximum(found, 0)] != documents[chunk][:, None]) & (cos >= floor)
        rank = np.cumsum(other, axis=1)
        keep = other & (rank <= k)
        parts_a.append(np.broadcast_to(chunk[:, None], found.shape)[keep])
        parts_b.append(found[keep])
        parts_c.append(cos[keep])
    if not parts_a:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32)
    a, b, c = np.concatenate(parts_a), np.concatenate(parts_b), np.concatenate(parts_c)
    lo_, hi_ = np.minimum(a, b), np.maximum(a, b)
    _, first = np.unique(lo_ << 32 | hi_, return_index=True)
    return lo_[first], hi_[first], c[first].astype(np.float32)
