"""One hybrid score for "has this claim been checked before?": BM25 and sentence-vector cosine.

Pure: the store hands in BM25 scores (SQLite ``bm25()``, lower is better) and cosine
similarities; this module cleans queries, builds the FTS5 query and ranks. BM25 is normalised
per query (min-max over its candidates) so one weight fits short tweets and long speeches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from workbench.text.matching.fold import STOPWORDS

WEIGHT = 0.8
"""Share of the cosine in the hybrid score that ranks; tuned on CLEF-2020 train with BM25 min-max
normalised (bench/eval_checked_before.py: ct20 dev MAP@5 0.859, was 0.848 dividing by the best)."""
LABEL_WEIGHT = 0.75
"""Share of the cosine in ``strength``, with BM25 divided by the query's best: the scale LIKELY and
POSSIBLY were chosen on. Min-max gives a query's weakest lexical candidate 0, which orders well but
would say little about whether a match is the same claim."""
LIKELY = 0.70
"""Strength (``strength``) from which a match is labelled "likely the same claim". Chosen on CLEF-2020
train (800 tweets, top 3 shown each): matches at or above 0.70 are right 78% of the time (the most
precision reaches: 0.80 at 0.75-0.90, for far fewer queries), and 66% of queries get a right one; on
ct20 dev 77% and 59% (``python bench/eval_checked_before.py --sets ct20 --labels``)."""
POSSIBLY = 0.60
"""Strength below which a match is not shown in the claim view: from 0.60 most shown matches are right
(CLEF-2020 train 63%, 87% of queries get a right one; dev 59% and 82%); at 0.55 about half are."""

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_HANDLE = re.compile(r"@(\w+)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def clean_query(text: str) -> str:
    """Text without links and without the markup of handles and tags, camel-cased tags split.

    A tweet's signature ("— Name (@handle) date") stays: the names in it help (MAP@5 on ct20 dev
    0.745 without it, 0.82 with it, BM25 alone).
    """
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(r"\1", text).replace("#", " ")
    text = _CAMEL.sub(" ", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def fts_query(text: str, max_terms: int = 64) -> str:
    """An FTS5 OR query of the text's distinct non-stop words, or "" when none remain."""
    seen: dict[str, None] = {}
    for word in words(clean_query(text)):
        token = word.replace("'", "").replace("’", "")
        if len(token) > 1 and token not in STOPWORDS and token not in seen:
            seen[token] = None
    return " OR ".join(f'"{t}"' for t in list(seen)[:max_terms])


@dataclass(frozen=True, slots=True)
class Scored:
    key: str
    score: float
    lexical: float
    """BM25 relative to the query's best candidate (divided by it), 0-1."""
    cosine: float | None


def hybrid(
    bm25: Mapping[str, float],
    cosine: Mapping[str, float],
    weight: float = WEIGHT,
) -> list[Scored]:
    """Candidates from either source ranked by ``weight * cosine + (1 - weight) * bm25``, BM25
    min-max normalised over its candidates (1 alone).

    ``bm25`` holds SQLite bm25() values (negative, lower is better); ``cosine`` may be empty when
    no encoder is available, and then the lexical part alone ranks.
    """
    best = min(bm25.values(), default=0.0)
    worst = max(bm25.values(), default=0.0)
    keys = set(bm25) | set(cosine)
    out: list[Scored] = []
    for key in keys:
        raw = bm25.get(key)
        lexical, ranked = 0.0, 0.0
        if raw is not None and best < 0:
            lexical = raw / best
            ranked = (raw - worst) / (best - worst) if best < worst else 1.0
        cos = cosine.get(key)
        score = weight * (cos or 0.0) + (1.0 - weight) * ranked if cosine else ranked
        out.append(Scored(key, score, lexical, cos))
    out.sort(key=lambda s: (-s.score, s.key))
    return out


def strength(scored: Scored) -> float:
    """How sure a match is, for the claim view's words: ``LABEL_WEIGHT`` of the cosine plus the rest of
    ``lexical``, or the cosine when higher (a paraphrase sharing no words still counts by its meaning);
    0 without a cosine (lexical only: BM25 normalised per query says which is best, not whether any is
    the same claim)."""
    if scored.cosine is None:
        return 0.0
    return max(LABEL_WEIGHT * scored.cosine + (1.0 - LABEL_WEIGHT) * scored.lexical, scored.cosine)


def label(scored: Scored) -> str | None:
    """The claim view's words for a match; a paraphrase sharing no words still counts by its cosine."""
    if scored.cosine is None:
        return None
    strength_ = strength(scored)
    if strength_ >= LIKELY:
        return "likely the same claim"
    if strength_ >= POSSIBLY:
        return "possibly"
    return None
