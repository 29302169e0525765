"""The learned re-ranker of "checked before?": its packaged coefficients and what they do."""

from __future__ import annotations

from workbench.text.matching import rerank
from workbench.text.matching.same_claim import hybrid

QUERY = "Bill Gates: vaccines contain 5 microchips"
BM25 = {"a": -12.0, "b": -11.9, "c": -3.0, "d": -2.0}
COSINE = {"a": 0.62, "b": 0.64, "c": 0.55, "d": 0.50}


def _order(texts: dict[str, str]) -> list[str]:
    ranked = hybrid(BM25, COSINE)
    return [r.scored.key for r in rerank.rerank(QUERY, ranked, BM25, texts)]


def test_the_packaged_model_is_versioned_and_every_feature_has_a_why() -> None:
    m = rerank.model()
    assert m.version == rerank.MODEL_VERSION
    assert set(m.features) == set(rerank.GROUPS)
    assert len(m.features) == len(m.mean) == len(m.scale) == len(m.coef)
    assert all(sd > 0 for sd in m.scale)


def test_the_best_by_words_can_overtake_a_slightly_higher_hybrid_score() -> None:
    texts = {
        "a": "Vaccines contain 5 microchips, says Gates",
        "b": "Vaccines contain 5 microchips, says Gates",
    }
    assert [s.key for s in hybrid(BM25, COSINE)][:2] == ["b", "a"]
    assert _order(texts)[:2] == ["a", "b"]


def test_figures_that_differ_lower_the_probability() -> None:
    same = {
        "a": "Vaccines contain 5 microchips, says Gates",
        "b": "Vaccines contain 5 microchips, says Gates",
    }
    differ = {**same, "b": "Vaccines contain 7 microchips, says Gates"}

    def probability(texts: dict[str, str]) -> float:
        out = rerank.rerank(QUERY, hybrid(BM25, COSINE), BM25, texts)
        return next(r.probability for r in out if r.scored.key == "b")

    assert probability(differ) < probability(same)


def test_probabilities_fall_down_the_order_and_the_tail_keeps_the_hybrids_order() -> None:
    ranked = hybrid(BM25, COSINE)
    out = rerank.rerank(QUERY, ranked, BM25, {}, pool=2)
    assert out[0].probability >= out[1].probability > 0
    assert [r.scored.key for r in out[2:]] == ["c", "d"]
    assert all(r.probability == 0.0 and r.weighed == () for r in out[2:])
    assert set(out[0].weighed) <= set(rerank.GROUPS.values())
