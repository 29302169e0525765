"""A learned re-ranker over the hybrid's top candidates for "checked before?".

Pure: a logistic regression over a few explainable features of each candidate (its hybrid score and
cosine relative to the best in the pool, BM25 normalised two ways, its ranks, figures that differ,
shared capitalised names). The coefficients are in ``rerank.json`` beside this module, fitted on
CLEF-2020 train only (``bench/rerank_explore.py``): ct20 dev MAP@5 0.859 -> 0.879, ct21b dev 0.427 -> 0.435.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workbench.text.matching.same_claim import Scored, clean_query

POOL = 40
"""Hybrid candidates the re-ranker orders; the rest keep the hybrid's order after them."""
MODEL_VERSION = 1

_NUM = re.compile(r"\d[\d,.]*\d|\d")
_CAP = re.compile(r"\b[A-Z][a-zA-Z]+")

GROUPS = {
    "hyb_gap": "hybrid score",
    "r_hyb": "hybrid score",
    "cos": "meaning similarity",
    "cos_gap": "meaning similarity",
    "bm_mm": "shared words (BM25)",
    "bm_rel": "shared words (BM25)",
    "r_bm": "shared words (BM25)",
    "num_diff": "the figures differ",
    "names": "shared names",
}
"""Each feature's part of the why list: contributions are summed per part."""


@dataclass(frozen=True, slots=True)
class Model:
    version: int
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float


@cache
def model() -> Model:
    raw = json.loads((Path(__file__).with_name("rerank.json")).read_text(encoding="utf-8"))
    if raw["version"] != MODEL_VERSION:
        raise ValueError(f"rerank.json version {raw['version']}, expected {MODEL_VERSION}")
    return Model(
        int(raw["version"]),
        tuple(raw["features"]),
        tuple(float(x) for x in raw["mean"]),
        tuple(float(x) for x in raw["scale"]),
        tuple(float(x) for x in raw["coef"]),
        float(raw["intercept"]),
    )


@dataclass(frozen=True, slots=True)
class Reranked:
    scored: Scored
    probability: float
    """The model's probability that this candidate states the query's claim."""
    weighed: tuple[str, ...]
    """Parts of the why that raised it most above the average candidate, strongest first."""


def features(
    query: str, pool: Sequence[Scored], bm25: Mapping[str, float], texts: Mapping[str, str]
) -> list[dict[str, float]]:
    """The features of each candidate in ``pool`` (the hybrid's order), ``texts`` their claim and title."""
    best, worst = min(bm25.values(), default=0.0), max(bm25.values(), default=0.0)
    bm_rank = {k: i for i, k in enumerate(sorted(bm25, key=lambda k: (bm25[k], k)))}
    max_cos = max((s.cosine or 0.0 for s in pool), default=0.0)
    max_hyb = pool[0].score if pool else 0.0
    q = clean_query(query)
    q_nums = set(_NUM.findall(q))
    q_caps = {c.lower() for c in _CAP.findall(q)}
    out = []
    for i, s in enumerate(pool):
        text = texts.get(s.key, "")
        nums = set(_NUM.findall(text))
        caps = {c.lower() for c in _CAP.findall(text)}
        raw = bm25.get(s.key)
        bm_mm = 0.0 if raw is None else ((raw - worst) / (best - worst) if best < worst else 1.0)
        cos = s.cosine or 0.0
        out.append(
            {
                "hyb_gap": s.score - max_hyb,
                "bm_mm": bm_mm,
                "bm_rel": s.lexical,
                "cos_gap": cos - max_cos,
                "cos": cos,
                "r_bm": 1 / (1 + bm_rank[s.key]) if s.key in bm_rank else 0.0,
                "r_hyb": 1 / (1 + i),
                "num_diff": 1.0 if q_nums and nums and not q_nums & nums else 0.0,
                "names": len(q_caps & caps) / (1 + len(q_caps)),
            }
        )
    return out


def rerank(
    query: str,
    ranked: Sequence[Scored],
    bm25: Mapping[str, float],
    texts: Mapping[str, str],
    pool: int = POOL,
) -> list[Reranked]:
    """The hybrid's top ``pool`` ordered by the model's probability (ties by the hybrid's order), then
    the rest in the hybrid's order (probability 0, nothing weighed)."""
    m = model()
    head = list(ranked[:pool])
    scored: list[tuple[float, int, Reranked]] = []
    for i, (s, f) in enumerate(zip(head, features(query, head, bm25, texts), strict=True)):
        parts: dict[str, float] = {}
        z = m.intercept
        for name, mu, sd, w in zip(m.features, m.mean, m.scale, m.coef, strict=True):
            c = w * (f[name] - mu) / sd
            z += c
            parts[GROUPS[name]] = parts.get(GROUPS[name], 0.0) + c
        p = 1 / (1 + math.exp(-z))
        weighed = tuple(k for k, v in sorted(parts.items(), key=lambda kv: -kv[1]) if v > 0.25)[:2]
        scored.append((p, i, Reranked(s, p, weighed)))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [r for _, _, r in scored] + [Reranked(s, 0.0, ()) for s in ranked[pool:]]
