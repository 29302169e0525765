"""Matching new claims against the stored ones, without regrouping the rest (issue 5, incremental).

New claims are those above ``meta.match_through``. Their candidates among stored claims come from the
database itself: claims sharing one of each new claim's rarest words (counts in ``match_words``, the
claims from the full-text index, newest first, a bounded number per word), its exact copies
(``match_copies``), and claims with the same (event, place) key within the date window
(``match_events``). The new claims and those candidates go through the same ``StoryIndex`` linking
as a full run; the links grow the stored stories (``text.matching.grow``), name and speaker clusters
take the new mentions, and all of it is written in one transaction with one ``match.add`` event.

Reviewers' merges and splits apply here too (``apply_links``), inside the write unit that records them.

The computation runs outside the write lock; if another matching run wrote meanwhile (the generation
in ``meta`` moved), it starts again, and the last attempt computes inside the lock.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from workbench.actions import meaning_links
from workbench.actions.match_claims import (
    MatchSummary,
    constraints,
    from_record,
    match_claim,
    split_pairs,
    to_record,
    totals,
)
from workbench.store import audit
from workbench.store import factchecks as fc_store
from workbench.store import matching as match_store
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase
from workbench.text.matching import MatchClaim, NameCluster, Settings, StoryIndex, name_refs
from workbench.text.matching.features import UNKNOWN_DAY, Features, document_places, features
from workbench.text.matching.fold import content_tokens, fold, text_hash
from workbench.text.matching.grow import Growth, StoredStory, describe, event_keys, grow, links
from workbench.text.matching.names import NameLinker
from workbench.text.matching.speakers import cluster_speakers

TOKEN_CAP = 100
"""A word in more stored claims than this is too common to find candidates by (as are copies beyond it)."""
EVENT_CAP = 100
"""Stored claims taken per (event, place) key and date window."""
PER_STORY = 3
"""A new claim's closest stored claims taken per stored story (any one link joins the story)."""


@dataclass(slots=True)
class _Plan:
    """Everything one incremental run writes."""

    through: int
    new: list[MatchClaim]
    candidates: int = 0
    growth: Growth = field(default_factory=Growth)
    claims: dict[int, MatchClaim] = field(default_factory=dict)
    features: dict[int, Features] = field(default_factory=dict)
    names: list[NameCluster] = field(default_factory=list)
    names_removed: set[int] = field(default_factory=set)
    speakers: list[tuple[NameCluster, list[str]]] = field(default_factory=list)
    speaker_claims: dict[int, int] = field(default_factory=dict)
    doc_places: list[tuple[int, list[str]]] = field(default_factory=list)
    events: list[tuple[str, str, int, int]] = field(default_factory=list)
    words: Counter[str] = field(default_factory=Counter)
    copies: list[tuple[int, int]] = field(default_factory=list)


def match_new(database: ReviewDatabase, *, actor: str, attempts: int = 3) -> MatchSummary:
    """Match the claims added since the last run; the stored results grow, nothing is regrouped."""
    for attempt in range(attempts):
        through, generation = match_store.match_state(database.conn)
        if through is None:
            raise RuntimeError("match_new needs a full run first (match_after_ingest decides)")
        last = attempt == attempts - 1
        plan = None if last else _plan(database.conn, through)
        with database.write_unit() as conn:
            if match_store.match_state(conn)[1] != generation:
                continue
            if plan is None:
                plan = _plan(conn, through)
            if not plan.new:  # nothing to match: no change, no event
                return totals(conn, mode="incremental", matched=0, stories_written=0)
            return _write(conn, plan, actor)
    raise AssertionError("unreachable: the last attempt holds the write lock")


def _plan(conn: sqlite3.Connection, through: int, settings: Settings | None = None) -> _Plan:
    settings = settings or Settings()
    new = [match_claim(row) for row in match_store.claim_rows(conn, after=through)]
    plan = _Plan(through=max((c.id for c in new), default=through), new=new)
    if not new:
        return plan
    new_ids = {c.id for c in new}
    contexts = document_places(new)
    candidates = _word_candidates(conn, new, through, settings, plan) | _event_candidates(
        conn, new, contexts, through, settings
    )
    by_meaning: list[tuple[int, int, float]] = []
    if fc_store.claim_vectors_after(conn, through):  # else nothing new to find by meaning: skip the load
        vectors = meaning_links.load(conn)
        by_meaning = meaning_links.pairs(vectors, new_ids) if vectors is not None else []
        del vectors
    by_meaning = [(x, y, c) for x, y, c in by_meaning if x in new_ids or y in new_ids]
    candidates |= {i for x, y, _ in by_meaning for i in (x, y)}
    candidates -= new_ids
    plan.candidates = len(candidates)
    old = [match_claim(row) for row in match_store.claim_rows_by_id(conn, candidates)]
    decided = constraints(match_store.decisions(conn))
    cannot = split_pairs(decided)
    index = StoryIndex(settings=settings, cannot_link=decided["split"])
    # one batch, so words are keyed by their rarity over old and new together, as a full run does
    index.only_from = start = len(old)
    index.add([*old, *new], contexts=match_store.document_places(conn, {c.document_id for c in old}))
    meaning_links.link(index, by_meaning)
    strong, possible = links(index)
    plan.growth = _grow(conn, new_ids, strong, possible, cannot)
    plan.claims = {c.id: c for c in [*old, *new]}
    plan.features = {c.id: f for c, f in zip(index.claims, index.features, strict=True)}
    plan.doc_places = [(doc, sorted(places)) for doc, places in contexts.items()]
    plan.events = event_keys(index, start)
    _plan_names(conn, plan, decided)
    return plan


def _word_candidates(
    conn: sqlite3.Connection, new: list[MatchClaim], through: int, settings: Settings, plan: _Plan
) -> set[int]:
    """Stored claims sharing one of a new claim's ``settings.keys`` rarest words, or all its words (a copy),
    that score at least ``settings.possible`` against it: the only ones a wording link can reach.

    Word counts come from ``match_words`` (one look-up per word); only the rare words' claims are read
    from the full-text index. The new claims' words and text hashes go into ``plan`` to be stored."""
    words_of = [set(content_tokens(fold(c.text))) for c in new]
    sorted_texts = [" ".join(sorted(fold(c.text).split())) for c in new]
    counts = match_store.word_counts(conn, set().union(*words_of))
    plan.words = Counter(w for words in words_of for w in words)
    plan.copies = [(text_hash(t), c.id) for t, c in zip(sorted_texts, new, strict=True)]
    hits: dict[str, list[int]] = {}
    pairs: list[tuple[int, int]] = []  # (new claim index, stored claim id)
    for i, words in enumerate(words_of):
        if len(words) < settings.min_tokens:
            continue
        ranked = sorted((counts[w], w) for w in words if 0 < counts.get(w, 0) <= TOKEN_CAP)[: settings.keys]
        olds = set(match_store.copies_of(conn, plan.copies[i][0], through, TOKEN_CAP))
        for _, word in ranked:
            if word not in hits:
                hits[word] = match_store.token_hits(conn, word, through, TOKEN_CAP)
            olds.update(hits[word])
        pairs += zip([i] * len(olds), olds, strict=True)
    if not pairs:
        return set()
    texts = {
        cid: " ".join(sorted(fold(text).split()))
        for cid, text in match_store.claim_text_rows(conn, {old for _, old in pairs})
    }
    pairs = [(i, old) for i, old in pairs if old in texts]
    scores = process.cpdist(
        [sorted_texts[i] for i, _ in pairs],
        [texts[old] for _, old in pairs],
        scorer=fuzz.ratio,
        score_cutoff=settings.possible,
        workers=-1,
    )
    close = [(i, old, score) for (i, old), score in zip(pairs, scores.tolist(), strict=True) if score > 0]
    # A story is reached through any one of its claims: keep each new claim's best few per stored story.
    story_of = match_store.stories_of(conn, {old for _, old, _ in close})
    kept: dict[tuple[int, int], int] = {}
    found: set[int] = set()
    for i, old, _ in sorted(close, key=lambda p: -p[2]):
        story = story_of.get(old)
        if story is not None:
            if kept.get((i, story), 0) >= PER_STORY:
                continue
            kept[(i, story)] = kept.get((i, story), 0) + 1
        found.add(old)
    return found


def _event_candidates(
    conn: sqlite3.Connection,
    new: list[MatchClaim],
    contexts: Mapping[int, frozenset[str]],
    through: int,
    settings: Settings,
) -> set[int]:
    """Stored claims with a new claim's (event, place) key within the date window."""
    found: set[int] = set()
    seen: set[tuple[str, str, int]] = set()
    for claim in new:
        f, _ = features(claim, contexts.get(claim.document_id, frozenset()))
        if f.event is None:
            continue
        for place in f.places:
            if (f.event, place, f.day) in seen:
                continue
            seen.add((f.event, place, f.day))
            day = None if f.day == UNKNOWN_DAY else f.day
            found.update(
                match_store.event_hits(
                    conn, f.event, place, day, settings.event_days, UNKNOWN_DAY, through, EVENT_CAP
                )
            )
    return found


def _grow(
    conn: sqlite3.Connection,
    new_ids: set[int],
    strong: list[tuple[int, int, bool]],
    possible: list[tuple[int, int, float]],
    cannot: Mapping[int, set[int]],
) -> Growth:
    involved = {c for a, b, _ in strong for c in (a, b)} | {c for a, b, _ in possible for c in (a, b)}
    story_of = match_store.stories_of(conn, involved)
    stored = {
        sid: StoredStory(sid, strength, tuple(ids))
        for sid, (strength, ids) in match_store.story_members(conn, set(story_of.values())).items()
    }
    return grow(new_ids, stored, story_of, strong, possible, cannot, match_store.max_story_id(conn) + 1)


def _plan_names(conn: sqlite3.Connection, plan: _Plan, decided: dict[str, set[Any]]) -> None:
    stored = match_store.clusters(conn, "names")
    linker = NameLinker([from_record(r) for r in stored], decided["link"], decided["unlink"])
    refs = name_refs(plan.new)
    linker.add(refs)
    plan.names = _changed(linker.clusters(), stored)
    plan.names_removed = {r.id for r in stored} - set(linker.groups)
    speakers_stored = match_store.clusters(conn, "speakers")
    speakers, of_claim = cluster_speakers(plan.new, [from_record(r) for r in speakers_stored])
    outlets = {r.id: set(r.outlets) for r in speakers_stored}
    for claim in plan.new:
        if claim.id in of_claim and claim.outlet:
            outlets.setdefault(of_claim[claim.id], set()).add(claim.outlet)
    touched = set(of_claim.values())
    plan.speakers = [(c, sorted(outlets.get(c.id, ()))) for c in speakers if c.id in touched]
    plan.speaker_claims = of_claim


def _changed(clusters: list[NameCluster], stored: list[match_store.ClusterRecord]) -> list[NameCluster]:
    before = {r.id: (r.mentions, len(r.document_ids), len(r.variants)) for r in stored}
    return [c for c in clusters if before.get(c.id) != (c.mentions, c.documents, len(c.variants))]


def _write(conn: sqlite3.Connection, plan: _Plan, actor: str) -> MatchSummary:
    actor = reviewer_store.ensure(conn, actor).name
    ts = audit.utc_now()
    written = _write_growth(conn, plan.growth, plan.claims, ts, plan.features)
    match_store.write_clusters(conn, "names", [to_record(n) for n in plan.names], plan.names_removed)
    match_store.write_clusters(conn, "speakers", [to_record(c, o) for c, o in plan.speakers])
    match_store.add_match_keys(
        conn, plan.doc_places, plan.events, plan.speaker_claims.items(), plan.words.items(), plan.copies
    )
    match_store.set_match_state(conn, plan.through)
    summary = totals(conn, mode="incremental", matched=len(plan.new), stories_written=written)
    audit.append(
        conn,
        actor=actor,
        action="match.add",
        entity="database",
        entity_id="matching",
        after={
            **summary.to_json(),
            "candidates": plan.candidates,
            "stories_merged": len(plan.growth.removed),
            "names_changed": len(plan.names),
            "through": plan.through,
        },
        ts=ts,
    )
    return summary


def _write_growth(
    conn: sqlite3.Connection,
    growth: Growth,
    known: Mapping[int, MatchClaim],
    ts: str,
    features: Mapping[int, Features] | None = None,
) -> int:
    """Describe and store the grown stories (reading the claims not at hand); returns how many."""
    wanted = {c for _, ids, _ in growth.upserts for c in ids} - known.keys()
    claims = {**known, **{c.id: c for c in map(match_claim, match_store.claim_rows_by_id(conn, wanted))}}
    stories = [
        describe(sid, [claims[c] for c in ids], strength, features) for sid, ids, strength in growth.upserts
    ]
    match_store.write_stories(conn, [s.to_json() for s in stories], ts, growth.removed)
    return len(stories)


def apply_links(
    conn: sqlite3.Connection,
    strong: Iterable[tuple[int, int, bool]],
    cannot: Mapping[int, set[int]],
    *,
    remove: int | None = None,
) -> int:
    """Apply a reviewer's decision to the stored stories, inside the caller's write unit (which records
    the decision): link claims (merge), or take ``remove`` out of its story. Returns the stories written."""
    strong = list(strong)
    if remove is not None:
        growth = Growth()
        for sid, (strength, ids) in match_store.story_members(
            conn, match_store.stories_of(conn, [remove]).values()
        ).items():
            rest = tuple(c for c in ids if c != remove)
            if len(rest) >= 2:
                growth.upserts.append((sid, rest, strength))
            else:
                growth.removed.append(sid)
        conn.execute("DELETE FROM story_claims WHERE claim_id = ?", (remove,))
    else:
        growth = _grow(conn, {c for a, b, _ in strong for c in (a, b)}, strong, [], cannot)
    written = _write_growth(conn, growth, {}, audit.utc_now())
    match_store.bump_generation(conn)
    return written
