"""Across outlets: linking names, grouping claims into stories, disagreements, checked-before look-ups.

Pure functions over plain frozen dataclasses; the store, CLI and TUI keep and show the results.
"""

from workbench.text.matching.disagreements import Agreement, Disagreement, ValueRef, find_disagreements
from workbench.text.matching.inputs import MatchClaim, NameMentionRef, from_claim, name_refs
from workbench.text.matching.names import NameCluster, link_names, link_names_incremental, persons_match
from workbench.text.matching.similar import ReviewedIndex, SimilarReviewed, similar_reviewed
from workbench.text.matching.speakers import SpeakerLink, speaker_links
from workbench.text.matching.stories import (
    POSSIBLE,
    SAME_EVENT,
    SAME_WORDING,
    Settings,
    Story,
    StoryIndex,
    group_stories,
)

__all__ = [
    "POSSIBLE",
    "SAME_EVENT",
    "SAME_WORDING",
    "Agreement",
    "Disagreement",
    "MatchClaim",
    "NameCluster",
    "NameMentionRef",
    "ReviewedIndex",
    "Settings",
    "SimilarReviewed",
    "SpeakerLink",
    "Story",
    "StoryIndex",
    "ValueRef",
    "find_disagreements",
    "from_claim",
    "group_stories",
    "link_names",
    "link_names_incremental",
    "name_refs",
    "persons_match",
    "similar_reviewed",
    "speaker_links",
]
