"""Growing stored stories with new claims, without regrouping the old ones.

The links a new claim brings (found by ``StoryIndex.add`` against the old claims it could match) join
it to stored stories or to other claims: a stored story is one node, so new links can add to it or
merge two stories but never split one (a reviewer's split, or a full ``workbench match``, does that).
The result equals a full run's wherever a full run would not split or regroup old claims:

* a story stays "same wording" only if every part was and the wording links alone connect them;
* a "possible" link only groups claims no stronger link placed, so a member of a stored possible story
  that a new claim now links strongly leaves it (and a possible story left with one claim ends);
* reviewers' cannot-links (splits) are never merged over.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workbench.text.matching.disagreements import find_disagreements
from workbench.text.matching.features import Features, features
from workbench.text.matching.inputs import MatchClaim
from workbench.text.matching.stories import (
    _WORDING,
    POSSIBLE,
    SAME_EVENT,
    SAME_WORDING,
    Story,
    StoryIndex,
    _title,
)

Node = tuple[str, int]
"""("story", id) for a stored story taken whole, ("claim", id) for a claim on its own."""


@dataclass(frozen=True, slots=True)
class StoredStory:
    id: int
    strength: str
    claim_ids: tuple[int, ...]


@dataclass(slots=True)
class Growth:
    """Stories to write (id, claim ids, strength) and stored story ids that merged into others."""

    upserts: list[tuple[int, tuple[int, ...], str]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)


class _Groups:
    """Union-find over nodes, each root holding its claims, refusing unions a cannot-link forbids."""

    def __init__(self, cannot: Mapping[int, set[int]]) -> None:
        self.parent: dict[Node, Node] = {}
        self.members: dict[Node, set[int]] = {}
        self.cannot = cannot

    def add(self, node: Node, claims: Iterable[int]) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.members[node] = set(claims)

    def find(self, node: Node) -> Node:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def allowed(self, a: Node, b: Node) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, big = sorted((self.members[ra], self.members[rb]), key=len)
        return not any(self.cannot.get(c, set()) & big for c in small)

    def union(self, a: Node, b: Node) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.allowed(ra, rb):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        return True

    def roots(self) -> dict[Node, list[Node]]:
        out: dict[Node, list[Node]] = defaultdict(list)
        for node in self.parent:
            out[self.find(node)].append(node)
        return out


def grow(
    new_ids: Iterable[int],
    stored: Mapping[int, StoredStory],
    story_of: Mapping[int, int],
    strong: Iterable[tuple[int, int, bool]],
    possible: Iterable[tuple[int, int, float]],
    cannot: Mapping[int, set[int]],
    next_id: int,
) -> Growth:
    """Apply new claims' links to the stored stories.

    ``stored``: the stored stories any link touches (whole); ``story_of``: claim id -> story id for
    their claims; ``strong``: (claim, claim, is_wording) links, each with a new claim; ``possible``:
    (claim, claim, score) weak links; ``cannot``: claim id -> claims it must not be grouped with.
    """
    new = set(new_ids)
    groups, wording = _Groups(cannot), _Groups(cannot)

    def node(claim: int) -> Node:
        story = story_of.get(claim)
        if story is not None and stored[story].strength != POSSIBLE:
            n: Node = ("story", story)
            members: Iterable[int] = stored[story].claim_ids
        else:
            n, members = ("claim", claim), (claim,)
        groups.add(n, members)
        wording.add(n, members)
        return n

    for a, b, is_wording in sorted(strong, key=lambda e: not e[2]):  # wording links first
        na, nb = node(a), node(b)
        if groups.union(na, nb) and is_wording:
            wording.union(na, nb)
    growth = Growth()
    placed: set[int] = set()  # claims now in a strong group of two or more
    for root, nodes in groups.roots().items():
        claims = groups.members[root]
        if len(claims) < 2 or not claims & new:
            continue
        placed |= claims
        old = sorted((n[1] for n in nodes if n[0] == "story"), key=lambda s: (-len(stored[s].claim_ids), s))
        if old:
            story_id, merged = old[0], old[1:]
            growth.removed += merged
        else:
            story_id, next_id = next_id, next_id + 1
        by_wording = len({wording.find(n) for n in nodes}) == 1
        all_wording = all(stored[s].strength == SAME_WORDING for s in old)
        strength = SAME_WORDING if by_wording and all_wording else SAME_EVENT
        growth.upserts.append((story_id, tuple(sorted(claims)), strength))
    _grow_possible(growth, new, stored, story_of, possible, cannot, placed, next_id)
    return growth


def _grow_possible(
    growth: Growth,
    new: set[int],
    stored: Mapping[int, StoredStory],
    story_of: Mapping[int, int],
    possible: Iterable[tuple[int, int, float]],
    cannot: Mapping[int, set[int]],
    placed: set[int],
    next_id: int,
) -> None:
    weak = _Groups(cannot)
    touched: set[int] = set()  # stored possible stories whose membership changes

    def node(claim: int) -> Node | None:
        if claim in placed:
            return None
        story = story_of.get(claim)
        if story is None:
            n: Node = ("claim", claim)
            members: set[int] = {claim}
        elif stored[story].strength == POSSIBLE:
            n, members = ("story", story), set(stored[story].claim_ids) - placed
        else:
            return None  # in a strong story: weak links do not pull it out
        weak.add(n, members)
        return n

    for a, b, _ in sorted(possible, key=lambda p: -p[2]):
        na, nb = node(a), node(b)
        if na is not None and nb is not None:
            weak.union(na, nb)
    for story in {story_of[c] for c in placed if c in story_of}:
        if stored[story].strength == POSSIBLE:
            touched.add(story)
    kept: set[int] = set()
    for root, nodes in weak.roots().items():
        claims = weak.members[root]
        old = sorted((n[1] for n in nodes if n[0] == "story"), key=lambda s: (-len(stored[s].claim_ids), s))
        if len(claims) < 2 or not (claims & new or any(s in touched for s in old)):
            continue
        if old:
            story_id = old[0]
            growth.removed += old[1:]
            kept.update(old)
        else:
            story_id, next_id = next_id, next_id + 1
        growth.upserts.append((story_id, tuple(sorted(claims)), POSSIBLE))
        kept.add(story_id)
    for story in touched - kept:  # a possible story all but one of whose claims were placed elsewhere
        remaining = set(stored[story].claim_ids) - placed
        if len(remaining) >= 2:
            growth.upserts.append((story, tuple(sorted(remaining)), POSSIBLE))
        else:
            growth.removed.append(story)


def describe(
    story_id: int, claims: list[MatchClaim], strength: str, known: Mapping[int, Features] | None = None
) -> Story:
    """A story of these claims: title, outlets, disagreements and agreements (as a full run gives them).
    ``known``: features already computed, by claim id."""
    claims = sorted(claims, key=lambda c: c.id)
    disagreements, agreements = find_disagreements(claims)
    known = known or {}
    return Story(
        id=story_id,
        title=_title([known[c.id] if c.id in known else features(c)[0] for c in claims], claims),
        claim_ids=tuple(c.id for c in claims),
        outlets=tuple(sorted({c.outlet for c in claims if c.outlet})),
        strength=strength,
        disagreements=disagreements,
        agreements=agreements,
    )


def links(index: StoryIndex) -> tuple[list[tuple[int, int, bool]], list[tuple[int, int, float]]]:
    """The index's links as claim ids: (a, b, is_wording) strong links and (a, b, score) possible ones."""
    ids = [c.id for c in index.claims]
    strong = [
        (ids[a], ids[b], bool(kind == _WORDING))
        for part_a, part_b, part_kind in zip(index.edge_a, index.edge_b, index.edge_kind, strict=True)
        for a, b, kind in zip(part_a.tolist(), part_b.tolist(), part_kind.tolist(), strict=True)
    ]
    possible = [(ids[a], ids[b], score) for a, b, score in index.possible]
    return strong, possible


def event_keys(index: StoryIndex, start: int = 0) -> list[tuple[str, str, int, int]]:
    """(event, place, day, claim id) of the indexed claims from ``start`` on: what later claims are
    blocked against."""
    return [
        (f.event, place, f.day, index.claims[i].id)
        for i, f in enumerate(index.features[start:], start)
        if f.event is not None
        for place in f.places
    ]
