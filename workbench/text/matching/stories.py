"""Grouping claims from different documents that report the same fact or event into stories.

Two kinds of evidence (research/extraction.md §1.11-12, §5):

* **same wording** (wire copy, light rewrites): candidate pairs share one of each claim's three
  rarest content tokens (document frequency 2..``max_df``) or its exact sorted-token text; they are
  scored with ``fuzz.ratio`` on pre-sorted tokens (= token_sort_ratio) via ``process.cpdist``.
* **same event** (paraphrases no string scorer finds): a structured key, i.e. a shared predicate
  class (DETAIN, KILL...) and a shared place or organisation (of the sentence or its document's
  setting), blocked on (predicate, place) with a date-sorted window, then accepted when the dates
  are within ``event_days`` (or unknown) and the counted quantities overlap with compatible units.

Pairs with middling wording scores that share predicate and place are ``possible`` links: they
only group claims that no stronger link placed, for a reviewer to confirm. Only claims of
different documents are linked. Reviewer decisions (``must_link``/``cannot_link`` claim-id pairs)
are applied on every run, so they survive re-runs.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from workbench.text.matching.disagreements import Agreement, Disagreement, find_disagreements
from workbench.text.matching.features import UNKNOWN_DAY, Features, document_places, features
from workbench.text.matching.fold import fold
from workbench.text.matching.inputs import MatchClaim

SAME_WORDING = "same wording"
SAME_EVENT = "same event"
POSSIBLE = "possible"
_WORDING, _EVENT, _POSSIBLE, _MUST = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class Story:
    id: int
    title: str
    claim_ids: tuple[int, ...]
    outlets: tuple[str, ...]
    strength: str
    disagreements: tuple[Disagreement, ...] = ()
    agreements: tuple[Agreement, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "claims": list(self.claim_ids),
            "outlets": list(self.outlets),
            "strength": self.strength,
            "disagreements": [d.to_json() for d in self.disagreements],
            "agreements": [a.to_json() for a in self.agreements],
        }


@dataclass(frozen=True, slots=True)
class Settings:
    wording: float = 70.0
    """token_sort_ratio at or above which two sentences are the same wording."""
    possible: float = 50.0
    """Lowest wording score offered as a possible link (with shared predicate and place)."""
    keys: int = 3
    max_df: int = 200
    event_days: int = 4
    event_window: int = 100
    """Each claim is compared with this many date-sorted neighbours in a (predicate, place) block."""
    chunk: int = 2_000_000
    record: bool = False
    """Keep candidate pairs scoring >= ``wording`` in ``StoryIndex.wording_pairs`` (for benchmarks)."""


def _block_pairs(members: Sequence[int], window: int) -> np.ndarray:
    """Pairs (as i*2^32+j, i<j) of each member with its next ``window`` members."""
    arr = np.asarray(members, dtype=np.int64)
    parts = []
    for k in range(1, min(window, len(arr) - 1) + 1):
        a, b = arr[:-k], arr[k:]
        parts.append(np.minimum(a, b) << 32 | np.maximum(a, b))
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


class _UnionFind:
    """Union-find over claim indices that refuses merges a cannot-link pair forbids."""

    def __init__(self, cannot: dict[int, set[int]]) -> None:
        self.parent: list[int] = []
        self.cannot = cannot
        self.guard: dict[int, set[int]] = {}  # root -> constrained members

    def grow(self, n: int) -> None:
        start = len(self.parent)
        self.parent.extend(range(start, n))
        for i in self.cannot:
            if start <= i < n:
                self.guard[i] = {i}

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ga, gb = self.guard.get(ra), self.guard.get(rb)
        if ga and gb and any(self.find(x) == rb for m in ga for x in self.cannot[m]):
            return False
        self.parent[rb] = ra
        if gb:
            self.guard.setdefault(ra, set()).update(gb)
            del self.guard[rb]
        return True


class StoryIndex:
    """Everything needed to match new claims against old ones without recomputing (incremental)."""

    def __init__(
        self,
        claims: Sequence[MatchClaim] = (),
        *,
        must_link: Iterable[tuple[int, int] | frozenset[int]] = (),
        cannot_link: Iterable[tuple[int, int] | frozenset[int]] = (),
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.claims: list[MatchClaim] = []
        self.features: list[Features] = []
        self.index_of: dict[int, int] = {}
        self.df: Counter[str] = Counter()
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.blocks: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)  # sorted (day, i)
        self.possible: list[tuple[int, int, float]] = []
        self.must = [tuple(p) for p in must_link]
        self.cannot_pairs = [tuple(p) for p in cannot_link]
        self.uf = _UnionFind({})
        self.edges = 0
        self.wording_pairs: list[tuple[int, int]] = []
        self.candidates = 0
        self._kinds: dict[int, int] = {}  # root at link time -> bitmask of link kinds
        if claims:
            self.add(claims)

    # -- adding -----------------------------------------------------------------------------------

    def add(self, claims: Sequence[MatchClaim]) -> list[int]:
        """Index and link new claims; returns their indices. Old claims' keys are not recomputed."""
        s = self.settings
        start = len(self.claims)
        contexts = document_places(claims)
        token_sets = []
        for claim in claims:
            feats, tokens = features(claim, contexts.get(claim.document_id, frozenset()))
            self.index_of[claim.id] = len(self.claims)
            self.claims.append(claim)
            self.features.append(feats)
            token_sets.append(tokens)
        for tokens in token_sets:
            self.df.update(tokens)
        n = len(self.claims)
        new = range(start, n)
        self._refresh_constraints()
        self.uf.grow(n)

        key_pairs = []
        for i, tokens in zip(new, token_sets, strict=True):
            keys = sorted((t for t in tokens if 2 <= self.df[t] <= s.max_df), key=lambda t: (self.df[t], t))
            keys = [*keys[: s.keys], "\x00" + self.features[i].sorted_text]
            for key in keys:
                posting = self.postings[key]
                if posting:
                    old = posting[-s.max_df :]
                    key_pairs.append(np.asarray(old, dtype=np.int64) << 32 | i)
                posting.append(i)
        wording = self._unique(key_pairs)
        self._score_wording(wording)

        event_pairs = []
        for i in new:
            f = self.features[i]
            if f.event is None:
                continue
            for pred in (f.event,):
                for place in f.places:
                    block = self.blocks[(pred, place)]
                    if block:
                        pos = bisect.bisect_left(block, (f.day, -1))
                        lo, hi = max(0, pos - s.event_window // 2), pos + s.event_window // 2
                        near = [j for _, j in block[lo:hi]]
                        near += [j for day, j in block[: s.event_window // 2] if day == UNKNOWN_DAY]
                        event_pairs.append(np.asarray(near, dtype=np.int64) << 32 | i)
                    bisect.insort(block, (f.day, i))
        self._check_events(self._unique(event_pairs))
        return list(new)

    def _refresh_constraints(self) -> None:
        cannot: dict[int, set[int]] = defaultdict(set)
        for a, b in self.cannot_pairs:
            if a in self.index_of and b in self.index_of:
                ia, ib = self.index_of[a], self.index_of[b]
                cannot[ia].add(ib)
                cannot[ib].add(ia)
        if cannot != self.uf.cannot:
            self.uf.cannot = cannot
            self.uf.guard = {}
            for i in cannot:
                if i < len(self.uf.parent):
                    root = self.uf.find(i)
                    self.uf.guard.setdefault(root, set()).add(i)

    def _unique(self, parts: list[np.ndarray]) -> np.ndarray:
        if not parts:
            return np.empty(0, dtype=np.int64)
        pairs = np.unique(np.concatenate(parts))
        a, b = pairs >> 32, pairs & 0xFFFFFFFF
        docs = np.fromiter((c.document_id for c in self.claims), dtype=np.int64, count=len(self.claims))
        kept: np.ndarray = pairs[(docs[a] != docs[b]) & (a != b)]
        return kept

    def _score_wording(self, pairs: np.ndarray) -> None:
        s = self.settings
        self.candidates += len(pairs)
        texts = [f.sorted_text for f in self.features]
        for lo in range(0, len(pairs), s.chunk):
            chunk = pairs[lo : lo + s.chunk]
            a, b = (chunk >> 32).tolist(), (chunk & 0xFFFFFFFF).tolist()
            scores = process.cpdist(
                [texts[i] for i in a],
                [texts[j] for j in b],
                scorer=fuzz.ratio,
                score_cutoff=s.possible,
                workers=-1,
            )
            for k in np.flatnonzero(scores >= s.possible).tolist():
                i, j, score = a[k], b[k], float(scores[k])
                fi, fj = self.features[i], self.features[j]
                if s.record and score >= s.wording:
                    self.wording_pairs.append((i, j))
                if score >= s.wording and not _quantities_conflict(fi, fj):
                    self._link(i, j, _WORDING)
                elif _shares_key(fi, fj) and _days_ok(fi, fj, s.event_days):
                    self.possible.append((i, j, score))

    def _check_events(self, pairs: np.ndarray) -> None:
        if not len(pairs):
            return
        f = self.features
        a, b = pairs >> 32, pairs & 0xFFFFFFFF
        day = np.fromiter((x.day for x in f), dtype=np.int64, count=len(f))
        low = np.fromiter((x.low for x in f), dtype=np.float64, count=len(f))
        high = np.fromiter((x.high for x in f), dtype=np.float64, count=len(f))
        unit = np.fromiter((x.unit for x in f), dtype=np.int64, count=len(f))
        known = (day[a] != UNKNOWN_DAY) & (day[b] != UNKNOWN_DAY)
        ok = ~known | (np.abs(day[a] - day[b]) <= self.settings.event_days)
        ok &= (low[a] <= high[b]) & (low[b] <= high[a])
        ok &= (unit[a] == unit[b]) | (unit[a] == 0) | (unit[b] == 0)
        for i, j in zip(a[ok].tolist(), b[ok].tolist(), strict=True):
            self._link(i, j, _EVENT)

    def _link(self, i: int, j: int, kind: int) -> None:
        if self.uf.union(i, j):
            self.edges += 1
            root = self.uf.find(i)
            self._kinds[root] = self._kinds.get(root, 0) | (1 << kind)

    # -- reading ----------------------------------------------------------------------------------

    def components(self) -> tuple[dict[int, list[int]], dict[int, int]]:
        """Root -> member indices for groups of two or more, and each root's edge kinds bitmask."""
        for a, b in self.must:
            if a in self.index_of and b in self.index_of:
                self._link(self.index_of[a], self.index_of[b], _MUST)
        groups: dict[int, list[int]] = defaultdict(list)
        find = self.uf.find
        for i in range(len(self.claims)):
            groups[find(i)].append(i)
        kinds: dict[int, int] = defaultdict(int)
        for root, mask in self._kinds.items():
            kinds[find(root)] |= mask
        strong = {r: m for r, m in groups.items() if len(m) > 1}
        # possible links only among claims that no stronger link placed
        weak = _UnionFind(self.uf.cannot)
        weak.grow(len(self.claims))
        for i, j, _ in sorted(self.possible, key=lambda p: -p[2]):
            if len(groups[find(i)]) == 1 and len(groups[find(j)]) == 1:
                weak.union(i, j)
        weak_groups: dict[int, list[int]] = defaultdict(list)
        for i, j, _ in self.possible:
            for x in (i, j):
                if len(groups[find(x)]) == 1:
                    weak_groups[weak.find(x)].append(x)
        for root, members in weak_groups.items():
            unique = sorted(set(members))
            if len(unique) > 1:
                strong[-1 - root] = unique
                kinds[-1 - root] = 1 << _POSSIBLE
        return strong, dict(kinds)

    def stories(
        self, existing: Sequence[Story] | None = None, only: Iterable[int] | None = None
    ) -> list[Story]:
        """The stories (groups of 2+ claims); ids kept from ``existing`` where claims overlap most.

        ``only``: claim indices; return just the stories containing them (after an ``add``).
        """
        groups, kinds = self.components()
        if only is not None:
            wanted = set(only)
            groups = {r: m for r, m in groups.items() if any(i in wanted for i in m)}
        ordered = sorted(groups.items(), key=lambda item: self.claims[item[1][0]].id)
        ids = _assign_ids([tuple(self.claims[i].id for i in m) for _, m in ordered], existing or ())
        out = []
        for (root, members), story_id in zip(ordered, ids, strict=True):
            claims = [self.claims[i] for i in members]
            mask = kinds.get(root, 0)
            if mask == 1 << _POSSIBLE:
                strength = POSSIBLE
            elif mask == 1 << _WORDING:
                strength = SAME_WORDING
            else:
                strength = SAME_EVENT
            disagreements, agreements = find_disagreements(claims)
            out.append(
                Story(
                    id=story_id,
                    title=_title([self.features[i] for i in members], claims),
                    claim_ids=tuple(c.id for c in claims),
                    outlets=tuple(sorted({c.outlet for c in claims if c.outlet})),
                    strength=strength,
                    disagreements=disagreements,
                    agreements=agreements,
                )
            )
        return out


def _quantities_conflict(a: Features, b: Features) -> bool:
    if a.quantity is None or b.quantity is None:
        return False
    return not (a.low <= b.high and b.low <= a.high)


def _shares_key(a: Features, b: Features) -> bool:
    return bool(set(a.predicates) & set(b.predicates)) and bool(a.places & b.places)


def _days_ok(a: Features, b: Features, window: int) -> bool:
    return a.day == UNKNOWN_DAY or b.day == UNKNOWN_DAY or abs(a.day - b.day) <= window


def _title(feats: list[Features], claims: list[MatchClaim]) -> str:
    preds = Counter(p for f in feats for p in f.predicates[:1])
    counts = Counter(f.quantity.normalized for f in feats if f.quantity is not None)
    places = Counter(p for f in feats for p in f.sentence_places)
    parts = []
    if preds:
        parts.append(preds.most_common(1)[0][0].lower())
    if counts:
        parts.append(counts.most_common(1)[0][0])
    if places:
        surface = {fold(n.normalized or n.text): n.normalized or n.text for c in claims for n in c.names}
        place = places.most_common(1)[0][0]
        parts.append(surface.get(place, place))
    if len(parts) < 2:
        text = claims[0].text.strip()
        return text if len(text) <= 70 else text[:69].rstrip() + "…"
    return " · ".join(parts)


def _assign_ids(groups: list[tuple[int, ...]], existing: Sequence[Story]) -> list[int]:
    """Keep an old story's id for the new group sharing most claims with it; new groups count on."""
    owner: dict[int, int] = {}
    for story in existing:
        for cid in story.claim_ids:
            owner[cid] = story.id
    next_id = max((s.id for s in existing), default=0) + 1
    best: list[tuple[int, int, int]] = []  # (-overlap, group index, old id)
    for gi, group in enumerate(groups):
        for old, overlap in Counter(owner[c] for c in group if c in owner).items():
            best.append((-overlap, gi, old))
    ids: list[int | None] = [None] * len(groups)
    used: set[int] = set()
    for _, gi, old in sorted(best):
        if ids[gi] is None and old not in used:
            ids[gi] = old
            used.add(old)
    out = []
    for story_id in ids:
        if story_id is None:
            story_id = next_id
            next_id += 1
        out.append(story_id)
    return out


def group_stories(
    claims: Sequence[MatchClaim],
    *,
    existing: Sequence[Story] | None = None,
    must_link: Iterable[tuple[int, int] | frozenset[int]] = (),
    cannot_link: Iterable[tuple[int, int] | frozenset[int]] = (),
    settings: Settings | None = None,
) -> list[Story]:
    """Group claims of different documents into stories (see the module docstring)."""
    index = StoryIndex(claims, must_link=must_link, cannot_link=cannot_link, settings=settings)
    return index.stories(existing)
