"""Stories across outlets, built from the seeds' real sentences."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.extract import extract
from workbench.text.matching import (
    SAME_EVENT,
    SAME_WORDING,
    MatchClaim,
    StoryIndex,
    from_claim,
    group_stories,
    speaker_links,
)
from workbench.text.model import DateMention, NameMention, Quantity

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def q(text: str, low: float | None, high: float | None, unit: str, low_inclusive: bool = True) -> Quantity:
    return Quantity(0, len(text), text, low, low, high, low_inclusive=low_inclusive, unit=unit)


def place(name: str, kind: str = "PLACE") -> NameMention:
    return NameMention(0, len(name), name, kind, name)


RT = MatchClaim(
    101,
    0,
    "RT",
    date(2019, 5, 28),
    "At least 19 people were detained and several injured during Tuesday's raid as some locals "
    "resisted the ROSU incursion.",
    quantities=(q("At least 19 people", 19, None, "people"),),
    dates=(DateMention(0, 7, "Tuesday", date(2019, 5, 28)),),
    names=(place("ROSU", "ORG"), place("Kosovo")),
)
MT = MatchClaim(
    201,
    1,
    "The Moscow Times",
    None,
    "On Tuesday, Kosovo police arrested 19 police officers, 11 of whom were Serbs.",
    quantities=(q("19 police officers", 19, 19, "police officers"), q("11", 11, 11, "police officers")),
    names=(place("Kosovo"),),
)
GR = MatchClaim(
    301,
    2,
    "Global Research",
    date(2019, 5, 30),
    "ROSU units, reportedly supported by over 70 vehicles, detained more than a dozen ethnic Serbs, "
    "mostly persons "
    "influential in the local community.",
    quantities=(
        q("over 70 vehicles", 70, None, "vehicles", False),
        q("more than a dozen ethnic Serbs", 12, None, "ethnic Serbs", False),
    ),
    names=(place("ROSU", "ORG"), place("Kosovo")),
)
TASS = MatchClaim(
    401,
    4,
    "TASS",
    date(2023, 6, 23),
    "The Kosovo police detained seven local Serbs on charges of using force against KFOR troops "
    "during protests on May 29.",
    quantities=(q("seven local Serbs", 7, 7, "local Serbs"),),
    dates=(DateMention(0, 6, "May 29", date(2023, 5, 29)),),
    names=(place("Kosovo"), place("KFOR", "ORG")),
)
UNRELATED = MatchClaim(
    402,
    4,
    "TASS",
    date(2023, 6, 23),
    "During a phone call with US senators, Serbian President Aleksandar Vucic said that Prime "
    "Minister of the "
    "unrecognized republic of Kosovo Albin Kurti was provoking hostilities in the very heart of Europe.",
    names=(place("US"), place("Kosovo"), place("Europe")),
)
TRIO = [RT, MT, GR]


def story_of(stories: list, claim_id: int):  # type: ignore[no-untyped-def]
    return next((s for s in stories if claim_id in s.claim_ids), None)


def test_the_detention_trio_is_one_story_with_a_quantity_disagreement() -> None:
    stories = group_stories([*TRIO, TASS, UNRELATED])
    assert len(stories) == 1
    (story,) = stories
    assert set(story.claim_ids) == {101, 201, 301}
    assert story.strength == SAME_EVENT
    assert story.outlets == ("Global Research", "RT", "The Moscow Times")
    assert "detain" in story.title
    kinds = {d.kind: d for d in story.disagreements}
    assert {v.value for v in kinds["quantity"].values} == {"≥19", "19", ">12"}
    assert {v.value for v in kinds["subject"].values} == {"people", "police officers", "ethnic Serbs"}
    assert story.to_json()["claims"] == list(story.claim_ids)


def test_seed_extraction_end_to_end() -> None:
    claims = seed_claims()
    stories = group_stories(claims)
    texts = {c.id: c.text for c in claims}
    trio = [s for s in stories if any("At least 19 people were detained" in texts[i] for i in s.claim_ids)]
    assert len(trio) == 1
    joined = " ".join(texts[i] for i in trio[0].claim_ids)
    assert "arrested 19 police officers" in joined and "detained more than a dozen" in joined
    assert any(d.kind == "quantity" for d in trio[0].disagreements)
    assert all(len({c.document_id for c in claims if c.id in s.claim_ids}) >= 2 for s in stories)


def test_tass_botsan_kharchenko_articles_are_linked_by_speaker() -> None:
    claims = seed_claims()
    links = {link.speaker: link for link in speaker_links(claims)}
    ambassador = links["Alexander Botsan-Kharchenko"]
    docs = {c.document_id: c for c in claims}
    assert len(ambassador.document_ids) == 2
    assert {docs[d].outlet for d in ambassador.document_ids} == {"TASS"}


def test_wire_copy_is_same_wording_and_same_document_is_never_linked() -> None:
    rewrite = MatchClaim(
        501,
        5,
        "Wire",
        date(2019, 5, 28),
        "During Tuesday's raid at least 19 people were detained and several injured as some locals "
        "resisted the ROSU incursion.",
        quantities=RT.quantities,
        names=RT.names,
    )
    same_doc = MatchClaim(502, 0, "RT", RT.published, RT.text, RT.quantities, RT.dates, RT.names)
    stories = group_stories([RT, rewrite, same_doc])
    assert len(stories) == 1 and set(stories[0].claim_ids) >= {101, 501}
    assert stories[0].strength == SAME_WORDING
    assert any(a.kind == "quantity" and a.value == "≥19" for a in stories[0].agreements)
    assert group_stories([RT, same_doc]) == []


def test_manual_split_and_merge_survive_a_rerun() -> None:
    claims = [*TRIO, TASS, UNRELATED]
    first = group_stories(claims)
    cannot = {(201, 101), (201, 301)}  # reviewer: the Moscow Times count is another fact
    must = {(401, 402)}  # reviewer: these two belong together
    second = group_stories(claims, existing=first, cannot_link=cannot, must_link=must)
    trio = story_of(second, 101)
    assert trio is not None and set(trio.claim_ids) == {101, 301} and trio.id == first[0].id
    assert story_of(second, 201) is None
    merged = story_of(second, 401)
    assert merged is not None and set(merged.claim_ids) == {401, 402}
    # a re-run (new claims arriving, in any order) keeps the decisions and the ids
    extra = MatchClaim(
        601,
        6,
        "RT",
        date(2019, 5, 29),
        "Nineteen people were detained in the raid in Kosovo.",
        quantities=(q("Nineteen people", 19, 19, "people"),),
        names=(place("Kosovo"),),
    )
    third = group_stories([extra, *reversed(claims)], existing=second, cannot_link=cannot, must_link=must)
    assert story_of(third, 201) is None
    assert story_of(third, 101) is not None and story_of(third, 101).id == trio.id  # type: ignore[union-attr]
    assert 601 in story_of(third, 101).claim_ids  # type: ignore[union-attr]
    assert story_of(third, 401).id == merged.id  # type: ignore[union-attr]


def test_incremental_add_matches_the_batch_result() -> None:
    index = StoryIndex([RT, TASS])
    assert index.stories() == []
    added = index.add([MT, GR, UNRELATED])
    touched = index.stories(only=added)
    assert [set(s.claim_ids) for s in touched] == [{101, 201, 301}]
    assert [s.claim_ids for s in index.stories()] == [
        s.claim_ids for s in group_stories([RT, TASS, MT, GR, UNRELATED])
    ]


@cache
def seed_claims() -> list[MatchClaim]:
    claims: list[MatchClaim] = []
    for doc, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        extraction = extract(path.read_text(encoding="utf-8"))
        for claim in extraction.claims:
            claims.append(
                from_claim(len(claims) + 1, doc, extraction.meta.outlet, extraction.meta.published, claim)
            )
    return claims


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 4)), min_size=0, max_size=40),
    constraints=st.lists(st.tuples(st.integers(0, 45), st.integers(0, 45), st.booleans()), max_size=6),
)
def test_grouping_partitions_claims(
    picks: list[tuple[int, int]], constraints: list[tuple[int, int, bool]]
) -> None:
    pool = seed_claims()
    claims = [
        MatchClaim(n, doc, p.outlet, p.published, p.text, p.quantities, p.dates, p.names, p.speaker)
        for n, (i, doc) in enumerate(picks)
        for p in [pool[i % len(pool)]]
    ]
    must = {(a, b) for a, b, keep in constraints if keep}
    # a claim split from itself means nothing: the pipeline ignores it
    cannot = {(a, b) for a, b, keep in constraints if not keep and (a, b) not in must and a != b}
    stories = group_stories(claims, must_link=must, cannot_link=cannot)
    seen: list[int] = [cid for s in stories for cid in s.claim_ids]
    assert len(seen) == len(set(seen))
    assert set(seen) <= {c.id for c in claims}
    docs = {c.id: c.document_id for c in claims}
    for story in stories:
        assert len(story.claim_ids) >= 2
        assert not any((a, b) in cannot or (b, a) in cannot for a in story.claim_ids for b in story.claim_ids)
        if not any((a, b) in must for a in story.claim_ids for b in story.claim_ids):
            assert len({docs[c] for c in story.claim_ids}) >= 2
