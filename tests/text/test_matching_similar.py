"""Checked before? Retrieval of reviewed claims, on seed sentences."""

from __future__ import annotations

from workbench.text.matching import MatchClaim, ReviewedIndex, similar_reviewed

REVIEWED = [
    (
        MatchClaim(
            1,
            0,
            "RT",
            None,
            "At least 19 people were detained and several injured during Tuesday's raid as some "
            "locals resisted the ROSU incursion.",
        ),
        "mostly true",
    ),
    (
        MatchClaim(
            2,
            1,
            "The Moscow Times",
            None,
            "On Tuesday, Kosovo police arrested 19 police officers, 11 of whom were Serbs.",
        ),
        "true",
    ),
    (
        MatchClaim(
            3,
            3,
            "TASS",
            None,
            "Vucic later said police in Kosovo killed three Serbs and seriously wounded two others.",
        ),
        "unverified",
    ),
    (
        MatchClaim(
            4,
            4,
            "TASS",
            None,
            "The Kosovo police detained seven local Serbs on charges of using force against KFOR "
            "troops during protests on May 29.",
        ),
        "true",
    ),
]


def test_a_rewrite_finds_the_old_verdict() -> None:
    query = MatchClaim(
        9,
        7,
        "Wire",
        None,
        "Police in Kosovo killed three Serbs and seriously wounded two others, Vucic later said.",
    )
    hits = similar_reviewed(query, REVIEWED)
    assert hits[0].claim_id == 3 and hits[0].verdict == "unverified" and hits[0].similarity >= 85
    assert hits[0].to_json()["verdict"] == "unverified"


def test_unrelated_and_subset_queries_do_not_match() -> None:
    index = ReviewedIndex(REVIEWED)
    unrelated = MatchClaim(
        10, 8, "TASS", None, "Serbia reacted to the escalation by putting its troops on full alert."
    )
    assert index.query(unrelated) == []
    # token_set_ratio would give 100 for a subset; the length guard stops a fragment matching
    fragment = MatchClaim(11, 8, "X", None, "Kosovo police detained Serbs.")
    assert all(hit.similarity < 100 for hit in index.query(fragment, threshold=0))
    assert index.query(unrelated, k=2, threshold=0)[:2] == index.query(unrelated, k=2, threshold=0)
