"""Sorted-neighbourhood blocking: templated wire lines become candidates, and stay apart when their
figures differ; new claims meet their neighbours among old ones. Sentences are real: Reuters
earnings lines from eval-dev news-scale and the seed articles."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.text.test_matching_stories import seed_claims
from workbench.text.extract import extract
from workbench.text.matching import SAME_EVENT, SAME_WORDING, MatchClaim, Settings, StoryIndex, from_claim
from workbench.text.matching.blocking import Neighbourhood, template_key
from workbench.text.matching.features import features

# Reuters earnings lines (news-scale), each from another article: common words only, so at corpus
# scale none of "revs", "mln", "vs" is rare enough to be a blocking key. ``max_df`` is shrunk here
# to give these twelve lines the same word frequencies relative to the cap.
REVS = [
    "Revs 1.1 mln vs 1.0 mln",
    "Revs 1.1 mln vs 1.2 mln",
    "Revs 1.1 mln vs 3.7 mln",
    "Revs 1.3 mln vs 2.2 mln",
    "Revs 1.4 mln vs 2.8 mln",
    "Revs 1.5 mln vs 1.5 mln",
    "Revs 1.7 mln vs 1.4 mln",
    "Revs 10 mln vs 15.5 mln",
    "Revs 10 mln vs 4.9 mln",
    "Revs 10.1 mln vs 4.5 mln",
    "Revs 10.3 mln vs 11.5 mln",
    "Revs 10.3 mln vs 16.7 mln",
]
SCALE = Settings(record=True, max_df=2)


def claims_of(texts: list[str], first_id: int = 1, first_doc: int = 0) -> list[MatchClaim]:
    out: list[MatchClaim] = []
    for doc, text in enumerate(texts, start=first_doc):
        for claim in extract(text, published=date(1987, 3, 2)).claims:
            out.append(from_claim(first_id + len(out), doc, f"outlet {doc}", date(1987, 3, 2), claim))
    return out


def scored(index: StoryIndex) -> set[frozenset[str]]:
    return {frozenset((index.claims[a].text, index.claims[b].text)) for a, b in index.wording_pairs}


def test_template_lines_are_candidates_but_different_figures_are_not_linked() -> None:
    claims = claims_of(REVS)
    assert len(claims) == len(REVS) and all(c.quantities for c in claims)
    pair = frozenset(("Revs 1.5 mln vs 1.5 mln", "Revs 10.3 mln vs 11.5 mln"))  # token_sort 92
    rare_only = StoryIndex(claims, settings=Settings(record=True, max_df=2, neighbours=0))
    assert pair not in scored(rare_only)  # no word of either is rare: the old blocking missed it
    index = StoryIndex(claims, settings=SCALE)
    assert pair in scored(index)
    assert len(scored(index)) > 3 * len(scored(rare_only))
    stories = index.stories()
    assert not any(pair <= {c.text for c in claims if c.id in s.claim_ids} for s in stories)
    # lines agreeing on the first figure only ("Revs 1.1 mln vs 1.0 mln" / "vs 1.2 mln") state other
    # facts: no story at all, while the same line from another outlet is linked
    assert stories == []
    copies = claims_of([REVS[0], *REVS], first_doc=50)
    linked = StoryIndex(copies, settings=SCALE).stories()
    assert [sorted(c.text for c in copies if c.id in s.claim_ids) for s in linked] == [[REVS[0], REVS[0]]]


def test_a_new_claim_meets_its_template_neighbours_among_old_claims() -> None:
    old = claims_of(REVS[:-1])
    new = claims_of(REVS[-1:], first_id=100, first_doc=100)
    for link_old in (True, False):
        index = StoryIndex(settings=SCALE)
        index.add(old, link=link_old)
        before = scored(index)
        added = index.add(new)
        assert added == [len(old)]
        fresh = scored(index) - before
        assert frozenset(("Revs 10.3 mln vs 16.7 mln", "Revs 10.3 mln vs 11.5 mln")) in fresh
        assert all("Revs 10.3 mln vs 16.7 mln" in p for p in fresh)  # old pairs are not re-scored
    batch = StoryIndex([*old, *new], settings=SCALE)
    assert scored(batch) >= fresh


def test_template_key_drops_figures_and_number_words_then_breaks_ties_by_text() -> None:
    four = features(claims_of(["Shr four cts vs 12 cts"])[0])[0].sorted_text
    other = features(claims_of(["Shr 18 cts vs 13 cts"])[0])[0].sorted_text
    assert template_key(four).split("\x00")[0] == template_key(other).split("\x00")[0] == "cts cts shr vs"
    # the tie-break is the text with number words as digits: "Pay April one" sorts by "Pay April 1"
    assert template_key(four).split("\x00")[1] == "12 4 cts cts shr vs"
    one, digit = (features(c)[0].sorted_text for c in claims_of(["Pay April one", "Pay April 1"]))
    assert template_key(one) == template_key(digit)


def test_the_seed_stories_are_those_of_rare_word_blocking() -> None:
    """On the seeds the window spans most claims, yet middling neighbours make no possible links."""
    claims = seed_claims()
    rare_only = StoryIndex(claims, settings=Settings(neighbours=0))
    index = StoryIndex(claims)
    assert index.candidates > 5 * rare_only.candidates
    assert index.stories() == rare_only.stories()
    texts = {c.id: c.text for c in claims}
    trio = next(s for s in index.stories() if any("At least 19 people" in texts[i] for i in s.claim_ids))
    assert len(trio.claim_ids) == 3 and len(trio.outlets) == 3


@settings(max_examples=60, deadline=None)
@given(
    batches=st.lists(
        st.lists(st.text(alphabet="ab #", min_size=0, max_size=4), min_size=0, max_size=12),
        min_size=1,
        max_size=5,
    ),
    window=st.integers(1, 4),
)
def test_batches_find_every_pair_within_the_window_of_the_final_order(
    batches: list[list[str]], window: int
) -> None:
    keys: list[str] = []
    hood = Neighbourhood(window, lambda i: keys[i])
    emitted: set[tuple[int, int]] = set()
    for batch in batches:
        members = list(range(len(keys), len(keys) + len(batch)))
        keys += batch
        pairs = hood.add(members, batch)
        a, b = (pairs >> 32).tolist(), (pairs & 0xFFFFFFFF).tolist()
        assert all(x < y for x, y in zip(a, b, strict=True))
        emitted.update(zip(a, b, strict=True))
    order = hood.order.tolist()
    assert sorted(order) == list(range(len(keys)))
    assert [keys[i] for i in order] == sorted(keys)
    wanted = {
        (min(order[p], order[q]), max(order[p], order[q]))
        for p in range(len(order))
        for q in range(p + 1, min(p + window + 1, len(order)))
    }
    assert wanted <= emitted


def test_sentences_whose_figures_disagree_are_not_the_same_wording() -> None:
    moscow = "On Tuesday, Kosovo police arrested 19 police officers, 11 of whom were Serbs."  # seed 001
    retold = "On Tuesday, Kosovo police arrested 19 police officers, 12 of whom were Serbs."
    fuller = "On Tuesday, May 28, Kosovo police arrested 19 police officers, 11 of whom were Serbs."
    claims = claims_of([moscow, retold, fuller])
    fig = {c.text: features(c)[0].figures for c in claims}
    assert fig[moscow] == {"19", "11", "tuesday"} and "may 28" in fig[fuller]
    (story,) = StoryIndex(claims).stories()
    # one adds a date: the same wording; "12 of whom" is not, so the three are one event, not one wording
    assert story.strength == SAME_EVENT
    (story,) = StoryIndex([c for c in claims if c.text != retold]).stories()
    assert story.strength == SAME_WORDING
