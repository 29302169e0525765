"""ClaimReview JSON-LD: structure, Google's required/recommended fields, and the validator."""

from __future__ import annotations

import copy
import io
import json
from dataclasses import replace
from typing import Any

import pytest

from workbench.export import render, validate_claimreview
from workbench.export.claimreview import claimreview_for
from workbench.export.model import ClaimProblem

from .reportdata import FULL_FACT, ORG, TRUTH_O_METER, seed_claims, seed_report


def emitted(report: Any) -> tuple[list[dict[str, Any]], tuple[ClaimProblem, ...]]:
    buf = io.StringIO()
    result = render(report, "claimreview", buf)
    data = json.loads(buf.getvalue())
    assert isinstance(data, list) and len(data) == result.written
    return data, result.problems


def valid_object() -> dict[str, Any]:
    claim = replace(seed_claims()[4], text="Police in Kosovo killed three Serbs, Vucic said.")
    obj = claimreview_for(claim, TRUTH_O_METER, ORG)
    obj["itemReviewed"]["appearance"][0]["url"] = "https://tass.example/politics/1"
    assert validate_claimreview(obj, numeric_scale=True) == []
    return obj


def test_seed_report_emits_json_ld_claimreviews() -> None:
    data, problems = emitted(seed_report())
    assert [d["url"] for d in data] == [f"https://factcheck.example.org/reviews/{i}" for i in (1, 2, 4, 5)]
    for d in data:
        assert d["@context"] == "https://schema.org" and d["@type"] == "ClaimReview"
        assert d["reviewRating"]["@type"] == "Rating" and d["reviewRating"]["alternateName"]
        assert d["author"] == {
            "@type": "Organization",
            "name": "Example Fact Desk",
            "url": "https://factcheck.example.org/",
        }
        assert d["itemReviewed"]["@type"] == "Claim"
        appearance = d["itemReviewed"]["appearance"][0]
        assert appearance["@type"] == "CreativeWork" and appearance["headline"]
    vucic = data[3]
    assert vucic["itemReviewed"]["author"] == {"@type": "Person", "name": "Aleksandar Vucic"}
    assert vucic["reviewRating"] | {} == {
        "@type": "Rating",
        "alternateName": "True",
        "name": "True",
        "ratingValue": 6,
        "bestRating": 6,
        "worstRating": 1,
        "ratingExplanation": vucic["reviewRating"]["ratingExplanation"],
    }
    # No speaker: the outlet is the claim's author.
    assert data[0]["itemReviewed"]["author"] == {"@type": "Organization", "name": "RT"}
    skipped = {p.claim_id: p for p in problems if p.skipped}
    assert set(skipped) == {3, 6}
    assert "error: missing url (required: the http(s) address of the published review)" in skipped[3].messages
    assert "error: missing reviewRating (required: a Rating)" in skipped[6].messages
    by_id = {p.claim_id: p.messages for p in problems}
    assert "warning: missing itemReviewed.datePublished (recommended)" in by_id[2]  # Moscow Times: no date
    assert any("118 characters" in m for m in by_id[1])


def test_full_fact_conclusion_becomes_alternate_name_without_numbers() -> None:
    claim = replace(seed_claims()[1], verdict=None, conclusion="Correct: police arrested 19 officers.")
    data, problems = emitted(seed_report([claim], scale=FULL_FACT))
    rating = data[0]["reviewRating"]
    assert rating["alternateName"] == "Correct: police arrested 19 officers."
    assert not {"ratingValue", "bestRating", "worstRating"} & set(rating)
    assert not any("ratingValue" in m for p in problems for m in p.messages)


def test_on_problem_receives_problems_instead_of_collecting() -> None:
    seen: list[ClaimProblem] = []
    result = render(seed_report(), "claimreview", io.StringIO(), on_problem=seen.append)
    assert result.problems == () and len(seen) == 6


MISSING_URL = "error: missing url (required: the http(s) address of the published review)"
NUMERIC = "(recommended on a numeric scale)"
REMOVALS = [
    (("claimReviewed",), "error: missing claimReviewed (required)"),
    (("reviewRating",), "error: missing reviewRating (required: a Rating)"),
    (
        ("reviewRating", "alternateName"),
        "error: missing reviewRating.alternateName (required: the textual verdict)",
    ),
    (("url",), MISSING_URL),
    (("@context",), "error: @context is not https://schema.org"),
    (("@type",), "error: @type is not ClaimReview"),
    (("author",), "warning: missing author (recommended: the fact-checking Organization)"),
    (("datePublished",), "warning: missing datePublished (recommended)"),
    (("itemReviewed",), "warning: missing itemReviewed (recommended: a Claim)"),
    (("itemReviewed", "author"), "warning: missing itemReviewed.author (recommended: who made the claim)"),
    (("itemReviewed", "datePublished"), "warning: missing itemReviewed.datePublished (recommended)"),
    (
        ("itemReviewed", "appearance"),
        "warning: missing itemReviewed.appearance (recommended: where the claim appeared)",
    ),
    (("reviewRating", "ratingValue"), f"warning: missing reviewRating.ratingValue {NUMERIC}"),
    (("reviewRating", "bestRating"), f"warning: missing reviewRating.bestRating {NUMERIC}"),
    (("reviewRating", "worstRating"), f"warning: missing reviewRating.worstRating {NUMERIC}"),
]


@pytest.mark.parametrize(("path", "message"), REMOVALS, ids=[".".join(p) for p, _ in REMOVALS])
def test_validator_catches_each_missing_property(path: tuple[str, ...], message: str) -> None:
    obj = valid_object()
    parent = obj
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    assert message in validate_claimreview(obj, numeric_scale=True)


def test_validator_flags_bad_values() -> None:
    obj = valid_object()
    bad = copy.deepcopy(obj)
    bad["url"] = "javascript:alert(1)"
    assert MISSING_URL in validate_claimreview(bad)
    bad = copy.deepcopy(obj)
    bad["reviewRating"]["ratingValue"] = 9
    assert "error: reviewRating.ratingValue lies outside worstRating..bestRating" in validate_claimreview(bad)
    bad = copy.deepcopy(obj)
    bad["reviewRating"]["bestRating"] = "six"
    assert "error: reviewRating.bestRating is not a number" in validate_claimreview(bad)
    bad = copy.deepcopy(obj)
    bad["claimReviewed"] = "x" * 76
    assert validate_claimreview(bad) == ["warning: claimReviewed is 76 characters; Google advises under 75"]
    bad = copy.deepcopy(obj)
    bad["url"] = "https://elsewhere.example/review"
    assert validate_claimreview(bad) == [
        "warning: url host elsewhere.example is not the author's domain factcheck.example.org"
    ]
    bad = copy.deepcopy(obj)
    bad["datePublished"] = "yesterday"
    assert validate_claimreview(bad) == ["warning: datePublished is not an ISO date"]


def test_textual_scale_does_not_require_numbers_but_a_partial_triple_is_flagged() -> None:
    obj = valid_object()
    for key in ("ratingValue", "bestRating", "worstRating"):
        del obj["reviewRating"][key]
    assert validate_claimreview(obj, numeric_scale=False) == []
    obj["reviewRating"]["ratingValue"] = 3
    assert f"warning: missing reviewRating.bestRating {NUMERIC}" in validate_claimreview(obj)


def test_empty_selection_is_an_empty_array() -> None:
    data, problems = emitted(seed_report([]))
    assert data == [] and problems == ()
