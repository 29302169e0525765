"""Grouping claims from different documents that report the same fact or event into stories.

Two kinds of evidence (research/extraction.md §1.11-12, §5):

* **same wording** (wire copy, light rewrites): candidate pairs share one of each claim's three
  rarest content tokens (document frequency 2..``max_df``) or its exact sorted-token text, or sit
  within ``neighbours`` of each other with the claims sorted by their words without numbers
  (templates and common-word sentences, see ``blocking``); they are scored with ``fuzz.ratio`` on
  pre-sorted tokens (= token_sort_ratio) via ``process.cpdist``, and linked at ``wording`` or more
  unless their counts conflict or their figures disagree (numbers and dates, neither sentence's set
  holding the other's: "Revs 1.1 mln vs 1.0 mln" is not "Revs 1.1 mln vs 1.2 mln").
* **same event** (paraphrases no string scorer finds): a structured key, i.e. the predicate class
  of the verb nearest the claim's count (DETAIN for "19 people were detained"), and a shared place
  or organisation (of the sentence or its document's three most named), blocked on (predicate,
  place) with a date-sorted window, then accepted when the dates are within ``event_days`` (or
  unknown), the counts overlap (an open interval reaches twice its bound: "more than a dozen"
  meets 19, not 500) with compatible units (people, one currency...), and the wording is not
  wholly different (token_sort >= ``event_floor``).

Pairs with middling wording scores that share predicate and place are ``possible`` links: they
only group claims that no stronger link placed, for a reviewer to confirm. Only claims of
different documents are linked. Reviewer decisions (``must_link``/``cannot_link`` claim-id pairs)
are applied on every run, so they survive re-runs.
"""

from __future__ import annotations

import bisect
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from workbench.text.matching.blocking import Neighbourhood, neighbour_pairs, template_key
from workbench.text.matching.disagreements import Agreement, Disagreement, find_disagreements
from workbench.text.matching.features import (
    UNKNOWN_DAY,
    Features,
    document_places,
    features,
    figures_disagree,
)
from workbench.text.matching.fold import content_tokens, fold
from workbench.text.matching.inputs import MatchClaim
from workbench.text.matching.predicates import CLASSES

_NO_PLACES: frozenset[str] = frozenset()


class _PredicateBits(dict[tuple[str, ...], int]):
    """Predicate-class tuple -> bitmask, so "shares a predicate" is one numpy AND."""

    def __missing__(self, key: tuple[str, ...]) -> int:
        value = sum(1 << CLASSES.index(c) for c in set(key))
        self[key] = value
        return value


_PRED_BITS = _PredicateBits()


class _Interned(dict[frozenset[str], int]):
    """A small id per distinct set, so "same figures" is one numpy comparison."""

    def __missing__(self, key: frozenset[str]) -> int:
        self[key] = value = len(self)
        return value


_FIGURE_IDS = _Interned()
SAME_WORDING = "same wording"
SAME_EVENT = "same event"
POSSIBLE = "possible"
_WORDING, _EVENT, _POSSIBLE, _MUST, _MEANING = 0, 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Story:
    """Claims of two or more documents reporting one fact or event, with how sure the link is."""

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
    event_floor: float = 30.0
    """Lowest token_sort_ratio for a same-event link: paraphrases score 35-55, so this only drops
    pairs with next to no words in common (research/extraction.md §2.3)."""
    min_tokens: int = 3
    """Claims with fewer content tokens are never linked by wording."""
    meaning: float = 58.0
    """Mean of the sentence vectors' cosine (x100) and token_sort_ratio at or above which two vector
    neighbours are the same event (no figure, count or date veto standing): see ``link_by_meaning``."""
    neighbours: int = 20
    """Sorted-neighbourhood pass: each claim is also a candidate with this many claims on either side
    in the order of its words without numbers (templates, common-word sentences; see ``blocking``)."""
    chunk: int = 2_000_000
    record: bool = False
    """Keep candidate pairs scoring >= ``wording`` in ``StoryIndex.wording_pairs`` (for benchmarks)."""


def window_pairs(groups: np.ndarray, members: np.ndarray, window: int) -> np.ndarray:
    """Pairs (i<<32 | j, i<j) of members with each of the next ``window`` members of the same group.

    ``groups`` must be sorted (members in the order to window over); vectorised over all groups at
    once, so millions of small blocks cost a few numpy passes instead of a Python loop each.
    """
    parts = []
    live = np.arange(len(groups) - 1)
    for k in range(1, window + 1):
        live = live[live + k < len(groups)]
        live = live[groups[live + k] == groups[live]]
        if not len(live):
            break
        a, b = members[live], members[live + k]
        parts.append(np.minimum(a, b) << 32 | np.maximum(a, b))
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def label_components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected components of an edge list: each node labelled with the smallest node of its component."""
    labels = np.arange(n, dtype=np.int64)
    if not len(a):
        return labels
    while True:
        la, lb = labels[a], labels[b]
        low = np.minimum(la, lb)
        new = labels.copy()
        np.minimum.at(new, la, low)
        np.minimum.at(new, lb, low)
        while True:  # pointer jumping
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


class _UnionFind:
    """Union-find that refuses merges a cannot-link pair forbids (used only where constraints bite)."""

    def __init__(self, cannot: dict[int, set[int]]) -> None:
        self.parent: dict[int, int] = {}
        self.cannot = cannot
        self.guard: dict[int, set[int]] = {i: {i} for i in cannot}

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(i, i) != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        ga, gb = self.guard.get(ra), self.guard.get(rb)
        if ga and gb and any(self.find(x) == rb for m in ga for x in self.cannot[m]):
            return False
        if ra > rb:
            ra, rb, ga, gb = rb, ra, gb, ga
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
        self.key_ids: dict[str | int, int] = {}  # rare token or exact-text hash -> key id
        self.key_sorted = np.empty(0, dtype=np.int64)  # the first batch's keys, sorted ...
        self.key_members = np.empty(0, dtype=np.int64)  # ... and the claim index of each
        self.extra_postings: dict[int, list[int]] = {}  # key id -> claims added incrementally
        self.neighbourhood = Neighbourhood(
            self.settings.neighbours, lambda i: template_key(self.features[i].sorted_text)
        )
        self.lengths = np.empty(0, dtype=np.int64)  # of each claim's sorted text, for a length filter
        self.timings: dict[str, float] = {}
        self.blocks: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)  # sorted (day, i)
        self.possible: list[tuple[int, int, float]] = []
        self.must = [tuple(p) for p in must_link]
        self.cannot_pairs = [tuple(p) for p in cannot_link]
        self.edge_a: list[np.ndarray] = []
        self.edge_b: list[np.ndarray] = []
        self.edge_kind: list[np.ndarray] = []
        self.wording_pairs: list[tuple[int, int]] = []
        self.candidates = 0
        self.only_from = 0
        """Link only pairs with a claim at or above this index: the stored claims below it were linked
        before (the database path adds them for their keys and features, with the new claims)."""
        self._arrays: dict[str, np.ndarray] = {}
        if claims:
            self.add(claims)

    # -- adding -----------------------------------------------------------------------------------

    def add(
        self,
        claims: Sequence[MatchClaim],
        *,
        contexts: Mapping[int, frozenset[str]] | None = None,
        link: bool = True,
    ) -> list[int]:
        """Index and link new claims; returns their indices. Old claims' keys are not recomputed.

        ``contexts``: document id -> its setting places, for claims added without the rest of their
        document (the database path stores them). ``link=False`` only indexes: the claims become
        candidates for later additions without being linked among themselves (their links are stored).
        """
        s = self.settings
        clock = time.perf_counter()
        start = len(self.claims)
        contexts = {**document_places(claims), **(contexts or {})}
        update = self.df.update
        for claim in claims:
            feats, tokens = features(claim, contexts.get(claim.document_id, _NO_PLACES))
            self.index_of[claim.id] = len(self.claims)
            self.claims.append(claim)
            self.features.append(feats)
            update(tokens)  # tokens are dropped here and re-derived below: memory, not time, is tight
        n = len(self.claims)
        self._arrays = {}
        clock = self._tick("features", clock)
        get, max_df, k, key_ids = self.df.get, s.max_df, s.keys, self.key_ids
        keys: list[int] = []
        counts: list[int] = []
        listed: list[int] = []
        templates: list[str] = []
        for i in range(start, n):
            text = self.features[i].sorted_text
            content = set(content_tokens(text))
            if len(content) < s.min_tokens:  # "REUTER", "Year": page furniture, not claims
                counts.append(0)
                continue
            listed.append(i)
            templates.append(template_key(text))
            ranked = sorted([(c, t) for t in content if 2 <= (c := get(t, 0)) <= max_df])[:k]
            chosen = [key_ids.setdefault(t, len(key_ids)) for _, t in ranked]
            chosen.append(key_ids.setdefault(hash(text), len(key_ids)))  # exact copies
            keys += chosen
            counts.append(len(chosen))
        members = np.repeat(np.arange(start, n, dtype=np.int64), counts)
        key_array = np.asarray(keys, dtype=np.int64)
        del keys, counts  # a million claims' keys as Python ints: ~150 MB less at the peak below
        clock = self._tick("keys", clock)
        if start == 0:
            # the neighbour pairs are made after the key pairs: holding both at once costs ~1 GB on 1M
            self.neighbourhood.add(listed, templates, pair=False)
            del templates
            order = np.argsort(key_array, kind="stable")
            self.key_sorted, self.key_members = key_array[order], members[order]
            del order, key_array, members
            wording = (
                self._unique([window_pairs(self.key_sorted, self.key_members, max_df)])
                if link
                else np.empty(0, dtype=np.int64)
            )
            clock = self._tick("key pairs", clock)
            if link:  # a few offsets at a time: the pairs of all 20 would be 150 MB per million claims
                order, step = self.neighbourhood.order, 5
                strong = [
                    self._strong_neighbours(
                        wording, neighbour_pairs(order, min(k + step - 1, s.neighbours), k)
                    )
                    for k in range(1, s.neighbours + 1, step)
                ]
                wording = np.concatenate([wording, *strong])
            clock = self._tick("neighbour pairs", clock)
        else:
            near = self.neighbourhood.add(listed, templates, pair=link)
            keyed = self._incremental_key_pairs(key_array, members)
            wording = np.concatenate([keyed, self._strong_neighbours(keyed, near)])
        clock = self._tick("key pairs", clock)
        if link:
            self._score_wording(wording)
        clock = self._tick("wording scores", clock)
        events = self._event_pairs(start)
        if link:
            self._check_events(events)
        self._tick("event keys", clock)
        return list(range(start, n))

    def _tick(self, stage: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - since
        return now

    def _strong_neighbours(self, keyed: np.ndarray, near: np.ndarray) -> np.ndarray:
        """The neighbour pairs not in ``keyed`` (sorted, unique) that score >= ``wording``.

        Neighbour pairs only ever become same-wording links: a middling score between neighbours in
        the template order is no evidence (on a small corpus the window spans most claims), so
        possible links keep coming from shared rare words alone. The filter on lengths is exact:
        ``fuzz.ratio`` <= 200 * shorter / (sum of lengths).
        """
        s = self.settings
        if len(near) and len(keyed):
            found = np.searchsorted(keyed, near).clip(0, len(keyed) - 1)
            near = near[keyed[found] != near]
            del found
        if not len(near):
            return near
        known = len(self.lengths)
        if known < len(self.features):
            more = (len(f.sorted_text) for f in self.features[known:])
            self.lengths = np.concatenate([self.lengths, np.fromiter(more, dtype=np.int64)])
        length = self.lengths
        la, lb = length[near >> 32], length[near & 0xFFFFFFFF]
        near = self._unique([near[200 * np.minimum(la, lb) >= s.wording * (la + lb)]])
        del la, lb
        feats = self.features
        kept = []
        for lo in range(0, len(near), s.chunk):
            chunk = near[lo : lo + s.chunk]
            scores = process.cpdist(
                [feats[i].sorted_text for i in (chunk >> 32).tolist()],
                [feats[j].sorted_text for j in (chunk & 0xFFFFFFFF).tolist()],
                scorer=fuzz.ratio,
                score_cutoff=s.wording,
                workers=-1,
            )
            kept.append(chunk[scores >= s.wording])
        strong = np.concatenate(kept) if kept else near
        self.candidates += len(near) - len(strong)  # scored here; the strong again with the key pairs
        return strong

    def _incremental_key_pairs(self, keys: np.ndarray, members: np.ndarray) -> np.ndarray:
        parts = []
        left = np.searchsorted(self.key_sorted, keys, side="left")
        right = np.searchsorted(self.key_sorted, keys, side="right")
        for key, i, lo, hi in zip(
            keys.tolist(), members.tolist(), left.tolist(), right.tolist(), strict=True
        ):
            extra = self.extra_postings.setdefault(key, [])
            old = [*self.key_members[max(lo, hi - self.settings.max_df) : hi].tolist(), *extra]
            if old:
                parts.append(np.asarray(old[-self.settings.max_df :], dtype=np.int64) << 32 | i)
            extra.append(i)
        return self._unique(parts)

    def _event_pairs(self, start: int) -> np.ndarray:
        s = self.settings
        half = s.event_window // 2
        if start > 0:
            parts = []
            for i in range(start, len(self.claims)):
                f = self.features[i]
                if f.event is None:
                    continue
                for place in f.places:
                    block = self.blocks[(f.event, place)]
                    if block:
                        pos = bisect.bisect_left(block, (f.day, -1))
                        near = [j for _, j in block[max(0, pos - half) : pos + half]]
                        near += [j for day, j in block[:half] if day == UNKNOWN_DAY]
                        parts.append(np.asarray(near, dtype=np.int64) << 32 | i)
                    bisect.insort(block, (f.day, i))
            return self._unique(parts)
        rows = [
            (f.event, place, f.day, i)
            for i, f in enumerate(self.features)
            if f.event is not None
            for place in f.places
        ]
        rows.sort()
        ids: dict[tuple[str, str], int] = {}
        for event, place, day, i in rows:
            self.blocks[(event, place)].append((day, i))
            ids.setdefault((event, place), len(ids))
        if not rows:
            return np.empty(0, dtype=np.int64)
        groups = np.fromiter((ids[(r[0], r[1])] for r in rows), dtype=np.int64, count=len(rows))
        members = np.fromiter((r[3] for r in rows), dtype=np.int64, count=len(rows))
        return self._unique([window_pairs(groups, members, s.event_window)])

    def _array(self, name: str) -> np.ndarray:
        if name not in self._arrays:
            f, n = self.features, len(self.features)
            self._arrays = {
                "doc": np.fromiter((c.document_id for c in self.claims), dtype=np.int64, count=n),
                "day": np.fromiter((x.day for x in f), dtype=np.int64, count=n),
                "low": np.fromiter((x.low for x in f), dtype=np.float64, count=n),
                "high": np.fromiter((x.high for x in f), dtype=np.float64, count=n),
                "unit": np.fromiter((x.unit for x in f), dtype=np.int64, count=n),
                # open intervals reach only so far: "more than a dozen" matches 19, not 500
                "event_low": np.fromiter(
                    (x.high / 2 if x.low == -np.inf else x.low for x in f), np.float64, n
                ),
                "event_high": np.fromiter(
                    (max(2 * x.low, x.low + 2) if x.high == np.inf else x.high for x in f), np.float64, n
                ),
                "pred": np.fromiter((_PRED_BITS[x.predicates] for x in f), dtype=np.int64, count=n),
                "figures": np.fromiter((_FIGURE_IDS[x.figures] for x in f), dtype=np.int64, count=n),
            }
        return self._arrays[name]

    def _unique(self, parts: list[np.ndarray]) -> np.ndarray:
        if not parts:
            return np.empty(0, dtype=np.int64)
        pairs = np.sort(np.concatenate(parts))
        if len(pairs):
            pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
        a, b = pairs >> 32, pairs & 0xFFFFFFFF
        docs = self._array("doc")
        keep = (docs[a] != docs[b]) & (a != b)
        if self.only_from:
            keep &= np.maximum(a, b) >= self.only_from
        kept: np.ndarray = pairs[keep]
        return kept

    def _score_wording(self, pairs: np.ndarray) -> None:
        s = self.settings
        self.candidates += len(pairs)
        texts = [f.sorted_text for f in self.features]
        low, high, pred, day = (self._array(k) for k in ("low", "high", "pred", "day"))
        for lo in range(0, len(pairs), s.chunk):
            chunk = pairs[lo : lo + s.chunk]
            a, b = chunk >> 32, chunk & 0xFFFFFFFF
            scores = process.cpdist(
                [texts[i] for i in a.tolist()],
                [texts[j] for j in b.tolist()],
                scorer=fuzz.ratio,
                score_cutoff=s.possible,
                workers=-1,
            )
            # NaN bounds (no quantity) compare False, so claims without counts never conflict
            conflict = (low[a] > high[b]) | (low[b] > high[a])
            same = scores >= s.wording
            conflict |= self._figures_disagree(a, b, same & ~conflict)
            if s.record:
                self.wording_pairs += zip(a[same].tolist(), b[same].tolist(), strict=True)
            strong = same & ~conflict
            self._edges(a[strong], b[strong], _WORDING)
            weak = ~strong & (scores >= s.possible) & ((pred[a] & pred[b]) != 0)
            weak &= (
                (day[a] == UNKNOWN_DAY) | (day[b] == UNKNOWN_DAY) | (np.abs(day[a] - day[b]) <= s.event_days)
            )
            for i, j, score in zip(a[weak].tolist(), b[weak].tolist(), scores[weak].tolist(), strict=True):
                fi, fj = self.features[i], self.features[j]
                if _shares_key(fi, fj) and _days_ok(fi, fj, s.event_days):
                    self.possible.append((i, j, float(score)))

    def _figures_disagree(self, a: np.ndarray, b: np.ndarray, where: np.ndarray) -> np.ndarray:
        """Pairs (among ``where``) whose sentences state different figures; compared as sets only where
        the claims' figure sets differ (copies share theirs)."""
        out = np.zeros(len(a), dtype=bool)
        ids = self._array("figures")
        check = np.flatnonzero(where & (ids[a] != ids[b]))
        feats = self.features
        for k, i, j in zip(check.tolist(), a[check].tolist(), b[check].tolist(), strict=True):
            out[k] = figures_disagree(feats[i].figures, feats[j].figures)
        return out

    def _check_events(self, pairs: np.ndarray) -> None:
        if not len(pairs):
            return
        a, b = pairs >> 32, pairs & 0xFFFFFFFF
        day, unit = self._array("day"), self._array("unit")
        low, high = self._array("event_low"), self._array("event_high")
        known = (day[a] != UNKNOWN_DAY) & (day[b] != UNKNOWN_DAY)
        ok = ~known | (np.abs(day[a] - day[b]) <= self.settings.event_days)
        ok &= (low[a] <= high[b]) & (low[b] <= high[a])
        ok &= (unit[a] == unit[b]) | (unit[a] == 0) | (unit[b] == 0)
        a, b = a[ok], b[ok]
        texts = [f.sorted_text for f in self.features]
        scores = process.cpdist(
            [texts[i] for i in a.tolist()], [texts[j] for j in b.tolist()], scorer=fuzz.ratio, workers=-1
        )
        ok = scores >= self.settings.event_floor
        self._edges(a[ok], b[ok], _EVENT)

    def link_by_meaning(self, a: np.ndarray, b: np.ndarray, cosine: np.ndarray) -> int:
        """Vector neighbours (claim indices ``a``, ``b`` and their cosine) as one more candidate source:
        linked as the same event when the mean of cosine x100 and token_sort_ratio reaches
        ``meaning``, unless their counts conflict, their figures disagree or their dates are more
        than ``event_days`` apart (the same vetoes as the other sources). Returns the links made."""
        s = self.settings
        if not len(a):
            return 0
        docs = self._array("doc")
        keep = (docs[a] != docs[b]) & (a != b)
        if self.only_from:
            keep &= np.maximum(a, b) >= self.only_from
        a, b, cosine = a[keep], b[keep], cosine[keep]
        self.candidates += len(a)
        texts = [f.sorted_text for f in self.features]
        ratio = process.cpdist(
            [texts[i] for i in a.tolist()], [texts[j] for j in b.tolist()], scorer=fuzz.ratio, workers=-1
        )
        ok = (cosine * 100 + ratio) / 2 >= s.meaning
        low, high, day = self._array("low"), self._array("high"), self._array("day")
        ok &= ~((low[a] > high[b]) | (low[b] > high[a]))
        known = (day[a] != UNKNOWN_DAY) & (day[b] != UNKNOWN_DAY)
        ok &= ~known | (np.abs(day[a] - day[b]) <= s.event_days)
        ok &= ~self._figures_disagree(a, b, ok)
        self._edges(a[ok], b[ok], _MEANING)
        return int(ok.sum())

    def _edges(self, a: np.ndarray, b: np.ndarray, kind: int) -> None:
        if len(a):
            self.edge_a.append(a)
            self.edge_b.append(b)
            self.edge_kind.append(np.full(len(a), kind, dtype=np.int8))

    # -- reading ----------------------------------------------------------------------------------

    def _constraint_edges(self) -> tuple[list[tuple[int, int]], dict[int, set[int]]]:
        must = [
            (self.index_of[a], self.index_of[b])
            for a, b in self.must
            if a in self.index_of and b in self.index_of
        ]
        cannot: dict[int, set[int]] = defaultdict(set)
        for a, b in self.cannot_pairs:
            if a in self.index_of and b in self.index_of and a != b:
                cannot[self.index_of[a]].add(self.index_of[b])
                cannot[self.index_of[b]].add(self.index_of[a])
        return must, cannot

    def components(self) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
        """(labels, kinds, must): each claim's component label (its smallest member) over strong links,
        each label's bitmask of link kinds, and the must-link pairs as indices."""
        n = len(self.claims)
        must, cannot = self._constraint_edges()
        a = np.concatenate([*self.edge_a, np.asarray([m[0] for m in must], dtype=np.int64)])
        b = np.concatenate([*self.edge_b, np.asarray([m[1] for m in must], dtype=np.int64)])
        kind = np.concatenate([*self.edge_kind, np.full(len(must), _MUST, dtype=np.int8)])
        labels = label_components(n, a, b)
        if cannot:
            labels = self._respect_cannot(labels, a, b, kind, cannot)
        kinds = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(kinds, labels[a], np.left_shift(1, kind.astype(np.int64)))
        return labels, kinds, must

    def _wording_labels(self) -> np.ndarray:
        """Components over wording links only (to tell wire copy from paraphrase)."""
        parts = [
            (a, b)
            for a, b, k in zip(self.edge_a, self.edge_b, self.edge_kind, strict=True)
            if k[0] == _WORDING
        ]
        a = np.concatenate([p[0] for p in parts]) if parts else np.empty(0, dtype=np.int64)
        b = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, dtype=np.int64)
        return label_components(len(self.claims), a, b)

    def _respect_cannot(
        self, labels: np.ndarray, a: np.ndarray, b: np.ndarray, kind: np.ndarray, cannot: dict[int, set[int]]
    ) -> np.ndarray:
        """Re-cluster, edge by edge, only the components that would hold a cannot-link pair."""
        bad = {int(labels[i]) for i, others in cannot.items() for j in others if labels[i] == labels[j]}
        if not bad:
            return labels
        inside = np.isin(labels[a], np.fromiter(bad, dtype=np.int64))
        order = np.argsort(-(kind[inside] == _MUST).astype(np.int8), kind="stable")  # reviewer links first
        uf = _UnionFind(cannot)
        for i, j in zip(a[inside][order].tolist(), b[inside][order].tolist(), strict=True):
            uf.union(i, j)
        labels = labels.copy()
        for i in np.flatnonzero(np.isin(labels, np.fromiter(bad, dtype=np.int64))).tolist():
            labels[i] = uf.find(i)
        return labels

    def stories(
        self, existing: Sequence[Story] | None = None, only: Iterable[int] | None = None
    ) -> list[Story]:
        """The stories (groups of 2+ claims); ids kept from ``existing`` where claims overlap most.

        ``only``: claim indices; return just the stories containing them (after an ``add``).
        """
        labels, kinds, _ = self.components()
        wording = self._wording_labels()
        sizes = np.bincount(labels, minlength=len(labels))
        # possible links only among claims that no stronger link placed
        weak = _UnionFind(self._constraint_edges()[1])
        for i, j, _ in sorted(self.possible, key=lambda p: -p[2]):
            if sizes[labels[i]] == 1 and sizes[labels[j]] == 1:
                weak.union(i, j)
        weak_members: dict[int, set[int]] = defaultdict(set)
        for i, j, _ in self.possible:
            if sizes[labels[i]] == 1 and sizes[labels[j]] == 1 and weak.find(i) == weak.find(j):
                weak_members[weak.find(i)].update((i, j))
        multi = np.flatnonzero(sizes[labels] > 1)
        if only is not None:
            wanted = np.unique(labels[np.fromiter(only, dtype=np.int64)])
            multi = multi[np.isin(labels[multi], wanted)]
            keep = set(only)
            weak_members = {r: m for r, m in weak_members.items() if m & keep}
        order = multi[np.argsort(labels[multi], kind="stable")]
        groups: list[tuple[list[int], str]] = []
        if len(order):
            cuts = np.flatnonzero(np.diff(labels[order])) + 1
            for members in np.split(order, cuts):
                mask = int(kinds[labels[members[0]]])
                # wire copy: the wording links alone hold the story together
                by_wording = mask & (1 << _WORDING) and len(set(wording[members].tolist())) == 1
                strength = SAME_WORDING if mask == 1 << _WORDING or by_wording else SAME_EVENT
                groups.append((members.tolist(), strength))
        groups += [(sorted(m), POSSIBLE) for m in weak_members.values()]
        groups.sort(key=lambda g: self.claims[g[0][0]].id)
        ids = _assign_ids([tuple(self.claims[i].id for i in m) for m, _ in groups], existing or ())
        out = []
        for (indices, strength), story_id in zip(groups, ids, strict=True):
            claims = [self.claims[i] for i in indices]
            disagreements, agreements = find_disagreements(claims)
            out.append(
                Story(
                    id=story_id,
                    title=_title([self.features[i] for i in indices], claims),
                    claim_ids=tuple(c.id for c in claims),
                    outlets=tuple(sorted({c.outlet for c in claims if c.outlet})),
                    strength=strength,
                    disagreements=disagreements,
                    agreements=agreements,
                )
            )
        return out


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
