"""Growing stored stories with new claims' links: joins, merges, weak links and reviewers' splits."""

from __future__ import annotations

from workbench.text.matching import POSSIBLE, SAME_EVENT, SAME_WORDING
from workbench.text.matching.grow import StoredStory, grow

WIRE = StoredStory(1, SAME_WORDING, (10, 11))
EVENT = StoredStory(2, SAME_EVENT, (20, 21, 22))
WEAK = StoredStory(3, POSSIBLE, (30, 31))
STORED = {s.id: s for s in (WIRE, EVENT, WEAK)}
STORY_OF = {c: s.id for s in STORED.values() for c in s.claim_ids}


def test_a_copy_joins_a_wire_story_and_it_stays_same_wording() -> None:
    growth = grow({100}, STORED, STORY_OF, [(100, 10, True)], [], {}, next_id=4)
    assert growth.upserts == [(1, (10, 11, 100), SAME_WORDING)] and growth.removed == []


def test_an_event_link_into_a_wire_story_makes_it_same_event() -> None:
    growth = grow({100}, STORED, STORY_OF, [(100, 11, False)], [], {}, next_id=4)
    assert growth.upserts == [(1, (10, 11, 100), SAME_EVENT)]


def test_a_claim_linking_two_stories_merges_them_into_the_larger() -> None:
    growth = grow({100}, STORED, STORY_OF, [(100, 10, True), (100, 20, False)], [], {}, next_id=4)
    assert growth.upserts == [(2, (10, 11, 20, 21, 22, 100), SAME_EVENT)]
    assert growth.removed == [1]


def test_new_claims_linked_only_to_each_other_make_a_new_story() -> None:
    growth = grow({100, 101}, STORED, STORY_OF, [(100, 101, True)], [], {}, next_id=4)
    assert growth.upserts == [(4, (100, 101), SAME_WORDING)]


def test_a_strong_link_pulls_a_claim_out_of_a_possible_story_which_then_ends() -> None:
    growth = grow({100}, STORED, STORY_OF, [(100, 30, True)], [], {}, next_id=4)
    assert (4, (30, 100), SAME_WORDING) in growth.upserts
    assert growth.removed == [3]  # one claim left: no longer a story


def test_weak_links_only_group_claims_no_strong_link_placed() -> None:
    growth = grow({100, 101}, STORED, STORY_OF, [], [(100, 31, 60.0), (101, 10, 65.0)], {}, next_id=4)
    assert growth.upserts == [(3, (30, 31, 100), POSSIBLE)]  # 101's partner is in a strong story


def test_a_reviewers_split_is_never_merged_over() -> None:
    cannot = {100: {20}, 20: {100}}
    growth = grow({100}, STORED, STORY_OF, [(100, 21, False)], [], cannot, next_id=4)
    assert growth.upserts == [] and growth.removed == []
    # nor through another claim of a story that holds the split-off claim
    growth = grow({100, 101}, STORED, STORY_OF, [(101, 21, False), (100, 101, True)], [], cannot, next_id=4)
    assert all(not ({100, 20} <= set(ids)) for _, ids, _ in growth.upserts)
