"""The semantic part of check-worthiness, measured: sentence vectors of the CLEF debates, fitted per fold.

Two candidate parts, both fitted on the training debates of a fold only:
  head   balanced L2 logistic regression on the 384-d unit vectors (a linear head: 385 floats)
  knn    mean cosine to the k nearest check-worthy training sentences minus the mean cosine to
         the k nearest other ones
Each is added to the lexical model's logit with a weight picked inside the fold, by MAP on the
training debates of semantic scores that are themselves out-of-fold (inner leave-one-debate-out).

Vectors are what matching stores (``encoder.to_blob``: int8 codes and a scale) decoded again, so
the evaluation sees what the scorer would read from the ``vectors`` table. They are computed once
and cached in ``bench/.cache`` (keyed by the data file's SHA-256 and the encoder's name).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from train_checkworthy import lbfgs

from workbench.text import encoder as enc

CACHE = Path(__file__).resolve().parent / ".cache"
Matrix = npt.NDArray[np.float32]


def clef_vectors(texts: Sequence[str], data: Path) -> Matrix:
    """Unit vectors of ``texts`` (the data file's sentences, in file order), int8 round-tripped, cached."""
    model = enc.load_encoder()
    if model is None:
        raise SystemExit(f"the semantic part needs the encoder: {enc.unavailable_message()}")
    key = hashlib.sha256(data.read_bytes() + model.name.encode()).hexdigest()[:16]
    file = CACHE / f"clef-vectors-{key}.npy"
    if file.is_file():
        cached: Matrix = np.load(file)
        if cached.shape[0] == len(texts):
            return cached
    raw = model.encode(list(texts))
    stored = enc.from_blobs([enc.to_blob(v) for v in raw])
    CACHE.mkdir(exist_ok=True)
    np.save(file, stored)
    return stored


def fit_head(x: Matrix, y: npt.NDArray[np.int8], lam: float = 1e-3) -> tuple[npt.NDArray[np.float64], float]:
    """Balanced logistic regression with an L2 penalty on the weights (not the bias): ``(w, b)``."""
    n_pos = int(y.sum())
    c = np.where(y == 1, 0.5 / n_pos, 0.5 / (len(y) - n_pos))
    xd = x.astype(np.float64)
    yd = y.astype(np.float64)

    def fg(theta: list[float]) -> tuple[float, list[float]]:
        w = np.asarray(theta[1:])
        z = xd @ w + theta[0]
        lz = np.logaddexp(0.0, z)
        loss = float(np.sum(c * (lz - yd * z))) + 0.5 * lam * float(w @ w)
        gz = c * (1.0 / (1.0 + np.exp(-z)) - yd)
        grad = np.concatenate(([gz.sum()], xd.T @ gz + lam * w))
        return loss, [float(g) for g in grad]

    theta = lbfgs(fg, [0.0] * (x.shape[1] + 1), iters=500)
    return np.asarray(theta[1:]), theta[0]


def knn_margin(
    queries: Matrix, train: Matrix, labels: npt.NDArray[np.int8], k: int = 10
) -> npt.NDArray[np.float64]:
    """Mean cosine to the ``k`` nearest positive rows minus the mean cosine to the ``k`` nearest negatives."""
    pos, neg = train[labels == 1], train[labels == 0]
    out = np.empty(len(queries))
    for start in range(0, len(queries), 512):
        q = queries[start : start + 512]
        top_pos = np.sort(q @ pos.T, axis=1)[:, -k:].mean(axis=1)
        top_neg = np.sort(q @ neg.T, axis=1)[:, -k:].mean(axis=1)
        out[start : start + 512] = top_pos - top_neg
    return out


def logit(p: float) -> float:
    p = min(max(p, 1e-12), 1 - 1e-12)
    return math.log(p / (1 - p))


class SemanticFolds:
    """Out-of-fold semantic scores for leave-one-debate-out evaluation, with nested scores for tuning.

    ``scores(excluded, rows)`` fits on every debate not in ``excluded`` and scores ``rows``; fits are
    cached by the excluded set (excluding {a, b} is the same fit for outer a/inner b and outer b/inner a).
    """

    def __init__(
        self,
        vectors: Matrix,
        labels: Sequence[int],
        docs: Sequence[str],
        kind: str,
        lam: float = 1e-3,
        k: int = 10,
    ) -> None:
        self.x = vectors
        self.y = np.asarray(labels, dtype=np.int8)
        self.docs = np.asarray(docs)
        self.kind = kind
        self.lam = lam
        self.k = k
        self._heads: dict[frozenset[str], tuple[npt.NDArray[np.float64], float]] = {}

    def scores(self, excluded: frozenset[str], rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        train = ~np.isin(self.docs, list(excluded))
        if self.kind == "knn":
            return knn_margin(self.x[rows], self.x[train], self.y[train], self.k)
        w, b = self.scores_head(excluded)
        out: npt.NDArray[np.float64] = self.x[rows].astype(np.float64) @ w + b
        return out

    def scores_head(self, excluded: frozenset[str]) -> tuple[npt.NDArray[np.float64], float]:
        """The linear head fitted on every debate not in ``excluded`` (cached)."""
        if excluded not in self._heads:
            train = ~np.isin(self.docs, list(excluded))
            self._heads[excluded] = fit_head(self.x[train], self.y[train], self.lam)
        return self._heads[excluded]

    def rows_of(self, doc: str) -> npt.NDArray[np.int64]:
        return np.flatnonzero(self.docs == doc)
