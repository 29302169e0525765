"""Stories by meaning in the pure text layer: vector neighbours are linked only when the mean of cosine
and wording reaches the rule and no figure, count or date veto stands."""

from __future__ import annotations

from datetime import date

import numpy as np

from workbench.text.matching import MatchClaim, StoryIndex
from workbench.text.matching.features import features
from workbench.text.matching.meaning import neighbour_pairs, veto
from workbench.text.quantities import find_quantities


def _claim(claim_id: int, document: int, text: str, published: date | None = date(2019, 5, 29)) -> MatchClaim:
    return MatchClaim(
        id=claim_id,
        document_id=document,
        outlet=f"outlet {document}",
        published=published,
        text=text,
        quantities=find_quantities(text),
    )


def _unit(*rows: list[float]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


ALERT = "Belgrade has put its police and army units on highest alert in response."
TROOPS = "Serbia reacted by putting its troops on full alert."


def test_neighbour_pairs_skip_the_same_document_and_come_once() -> None:
    matrix = _unit([1, 0, 0], [0.9, 0.1, 0], [0.95, 0.05, 0], [0, 0, 1])
    documents = np.array([1, 1, 2, 3])
    a, b, cos = neighbour_pairs(matrix, documents, k=2, floor=0.5)
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    assert pairs == {(0, 2), (1, 2)}  # 0-1 share a document; 3 is far from all
    assert all(x < y for x, y in pairs) and len(cos) == 2


def test_a_paraphrase_with_a_close_vector_is_linked_and_wording_alone_would_not() -> None:
    claims = [_claim(1, 1, ALERT), _claim(2, 2, TROOPS)]
    index = StoryIndex(claims)
    assert index.stories() == []  # wording and event keys miss the paraphrase
    made = index.link_by_meaning(np.array([0]), np.array([1]), np.array([0.7]))
    assert made == 1
    [story] = index.stories()
    assert story.claim_ids == (1, 2)


def test_a_weak_cosine_is_not_enough() -> None:
    index = StoryIndex([_claim(1, 1, ALERT), _claim(2, 2, TROOPS)])
    assert index.link_by_meaning(np.array([0]), np.array([1]), np.array([0.45])) == 0


def test_figures_counts_and_dates_veto_a_close_vector() -> None:
    a = _claim(1, 1, "Police detained 19 people in the raid.")
    b = _claim(2, 2, "Police detained 7 people in the raid.")
    index = StoryIndex([a, b])
    assert index.link_by_meaning(np.array([0]), np.array([1]), np.array([0.95])) == 0
    later = _claim(3, 3, "Police detained people in the raid.", published=date(2023, 9, 25))
    index = StoryIndex([_claim(1, 1, "Police detained people in the raid."), later])
    assert index.link_by_meaning(np.array([0]), np.array([1]), np.array([0.95])) == 0
    fa, fb = features(a)[0], features(b)[0]
    assert veto(fa, fb) == "the figures differ"
    assert veto(features(_claim(4, 4, "Police detained people."))[0], features(later)[0]) == "1580 days apart"
