"""Checked before? Find reviewed claims that resemble a new one (CheckThat! verified-claim retrieval).

Candidates come from an inverted index of content tokens (rare tokens first, so a query touches a
few short posting lists); they are ranked by the larger of token_sort_ratio and token_set_ratio,
the latter only when the shorter sentence has at least ``min_length_ratio`` of the longer one's
tokens (token_set scores 100 for any subset, research/extraction.md §1.11).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from workbench.text.matching.fold import content_tokens, fold
from workbench.text.matching.inputs import MatchClaim


@dataclass(frozen=True, slots=True)
class SimilarReviewed:
    claim_id: int
    verdict: str
    similarity: float

    def to_json(self) -> dict[str, object]:
        return {"claim_id": self.claim_id, "verdict": self.verdict, "similarity": round(self.similarity, 1)}


class ReviewedIndex:
    """Reviewed claims indexed for repeated look-ups."""

    def __init__(self, reviewed: Sequence[tuple[MatchClaim, str]], *, max_candidates: int = 200) -> None:
        self.ids: list[int] = []
        self.verdicts: list[str] = []
        self.texts: list[str] = []
        self.lengths: list[int] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.max_candidates = max_candidates
        for claim, verdict in reviewed:
            self.add(claim, verdict)

    def add(self, claim: MatchClaim, verdict: str) -> None:
        folded = fold(claim.text)
        n = len(self.ids)
        self.ids.append(claim.id)
        self.verdicts.append(verdict)
        self.texts.append(folded)
        tokens = set(content_tokens(folded))
        self.lengths.append(len(tokens))
        for token in tokens:
            self.postings[token].append(n)

    def query(
        self, claim: MatchClaim, k: int = 5, threshold: float = 70.0, min_length_ratio: float = 0.6
    ) -> list[SimilarReviewed]:
        folded = fold(claim.text)
        tokens = sorted(set(content_tokens(folded)), key=lambda t: len(self.postings.get(t, ())))
        shared: Counter[int] = Counter()
        for token in tokens[:8]:  # the rarest tokens carry the match; common ones only add noise
            posting = self.postings.get(token, ())
            if len(posting) <= 20 * self.max_candidates:
                shared.update(posting)
        found = []
        for n, _ in shared.most_common(self.max_candidates):
            if self.ids[n] == claim.id:
                continue
            score = fuzz.token_sort_ratio(folded, self.texts[n])
            short, long_ = sorted((len(tokens), self.lengths[n]))
            if long_ and short / long_ >= min_length_ratio:
                score = max(score, fuzz.token_set_ratio(folded, self.texts[n]))
            if score >= threshold:
                found.append(SimilarReviewed(self.ids[n], self.verdicts[n], score))
        found.sort(key=lambda s: (-s.similarity, s.claim_id))
        return found[:k]


def similar_reviewed(
    query: MatchClaim,
    reviewed: Sequence[tuple[MatchClaim, str]] | ReviewedIndex,
    k: int = 5,
    threshold: float = 70.0,
) -> list[SimilarReviewed]:
    """Reviewed claims resembling ``query``, best first: (claim_id, verdict, similarity 0-100)."""
    index = reviewed if isinstance(reviewed, ReviewedIndex) else ReviewedIndex(reviewed)
    return index.query(query, k=k, threshold=threshold)
