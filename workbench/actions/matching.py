"""Cross-outlet matching as actions: match claims across outlets, and record reviewers' decisions.

A full run (``run_matching``) reads every claim, groups stories (keeping earlier story ids), links names
and speakers, and swaps the results in one transaction with one ``match.run`` event. After that, new
claims are matched incrementally (``match_new``, in ``match_incremental``): against the stored claims
they could match, growing stored stories and name clusters without regrouping the rest. Merge, split,
link and unlink are decisions with their own audit events, applied at once and respected by every run.
"""

from __future__ import annotations

import sqlite3

import numpy as np

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
from workbench.actions.match_incremental import apply_links, match_new
from workbench.errors import ConflictError, InputError
from workbench.store import audit
from workbench.store import matching as match_store
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase
from workbench.text.matching import MatchClaim, Story, StoryIndex, link_names, name_refs
from workbench.text.matching.features import document_places
from workbench.text.matching.fold import text_hash
from workbench.text.matching.grow import event_keys
from workbench.text.matching.names import NameLinker
from workbench.text.matching.speakers import cluster_speakers

__all__ = [
    "AUTO_MATCH_LIMIT",
    "MatchSummary",
    "link_name",
    "match_after_ingest",
    "match_claim",
    "match_new",
    "merge_stories",
    "needs_full_run",
    "run_matching",
    "split_claim",
]


def _story_from_row(row: match_store.StoryRow) -> Story:
    return Story(row.id, row.title, tuple(row.claim_ids), tuple(row.outlets), row.strength)


def _speaker_outlets(claims: list[MatchClaim], of_claim: dict[int, int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for claim in claims:
        if claim.id in of_claim and claim.outlet:
            out.setdefault(of_claim[claim.id], set()).add(claim.outlet)
    return out


FULL_RUN_ATTEMPTS = 5


def run_matching(database: ReviewDatabase, *, actor: str) -> MatchSummary:
    """Match every claim across outlets and store stories, names and speakers (one audited swap).

    The grouping is computed outside the write lock (minutes on a million claims, while reviewers keep
    working); if another matching run wrote meanwhile, it starts again from what is stored now."""
    for _ in range(FULL_RUN_ATTEMPTS):
        summary = _full_run(database, actor=actor)
        if summary is not None:
            return summary
    raise ConflictError(
        f"other matching runs kept changing the stories while this one worked ({FULL_RUN_ATTEMPTS} tries); "
        "run `workbench match --full` again when they are done"
    )


def _full_run(database: ReviewDatabase, *, actor: str) -> MatchSummary | None:
    """One full run; ``None`` (nothing written) if another matching run wrote while this one computed."""
    conn = database.conn
    _, generation = match_store.match_state(conn)
    claims = [match_claim(row) for row in match_store.claim_rows(conn)]
    decided = constraints(match_store.decisions(conn))
    existing = [_story_from_row(s) for s in match_store.existing_stories(conn)]
    index = StoryIndex(claims, must_link=decided["merge"], cannot_link=decided["split"])
    vectors = meaning_links.load(conn, full_run=True)
    if vectors is not None:
        meaning_links.link(index, meaning_links.pairs(vectors))
        del vectors
    stories = index.stories(existing)
    events = event_keys(index)
    words = list(index.df.items())
    hashes = np.fromiter(
        (text_hash(f.sorted_text) for f in index.features), dtype=np.int64, count=len(claims)
    )
    del index, existing  # the grouping's memory is not needed for names and speakers
    names = link_names(name_refs(claims), must_link=decided["link"], cannot_link=decided["unlink"])
    speakers, of_claim = cluster_speakers(claims)
    outlets = _speaker_outlets(claims, of_claim)
    places = document_places(claims)
    with database.write_unit() as conn:
        if match_store.match_state(conn)[1] != generation:
            return None
        actor = reviewer_store.ensure(conn, actor).name
        ts = audit.utc_now()
        match_store.replace_results(
            conn,
            [s.to_json() for s in stories],
            [to_record(n) for n in names],
            [to_record(c, sorted(outlets.get(c.id, ()))) for c in speakers],
            ts,
        )
        match_store.add_match_keys(
            conn,
            [(doc, sorted(p)) for doc, p in places.items()],
            events,
            of_claim.items(),
            words,
            zip(hashes.tolist(), (c.id for c in claims), strict=True),
        )
        match_store.set_match_state(conn, max((c.id for c in claims), default=0))
        summary = totals(conn, mode="full", matched=len(claims), stories_written=len(stories))
        audit.append(
            conn,
            actor=actor,
            action="match.run",
            entity="database",
            entity_id="matching",
            after=summary.to_json(),
            ts=ts,
        )
    return summary


AUTO_MATCH_LIMIT = 200_000
"""Up to this many claims, a database never matched before is matched in full by itself after ingest."""


def needs_full_run(database: ReviewDatabase) -> bool:
    """Whether no full run has been made yet (so there is nothing stored to match new claims against)."""
    return match_store.match_state(database.conn)[0] is None


def match_after_ingest(database: ReviewDatabase, *, actor: str) -> MatchSummary | None:
    """Match new claims across outlets after documents were added: incrementally once a full run has
    been made; a first full run only up to ``AUTO_MATCH_LIMIT`` claims (else ``None``: the user runs
    ``workbench match`` when they choose)."""
    if needs_full_run(database):
        if match_store.claim_count(database.conn) > AUTO_MATCH_LIMIT:
            return None
        return run_matching(database, actor=actor)
    return match_new(database, actor=actor)


def _decide(
    conn: sqlite3.Connection, kind: str, a: str, others: list[str], *, actor: str, claim_id: int | None
) -> None:
    """Record a reviewer's decision (``a`` against each of ``others``) with one audit event, inside the
    caller's write unit, which also applies it."""
    actor = reviewer_store.ensure(conn, actor).name
    ts = audit.utc_now()
    ids = [match_store.add_decision(conn, kind, a, b, actor, ts) for b in others]
    audit.append(
        conn,
        actor=actor,
        action=f"match.{kind}",
        entity="match_decision",
        entity_id=ids[0],
        claim_id=claim_id,
        after={"kind": kind, "a": a, "b": others[0] if len(others) == 1 else others},
        ts=ts,
    )


def _story_claims(conn: sqlite3.Connection, claim_id: int) -> set[int]:
    story = match_store.story_of_claim(conn, claim_id)
    return {claim_id} if story is None else set(story.claim_ids)


def merge_stories(database: ReviewDatabase, claim_a: int, claim_b: int, *, actor: str) -> MatchSummary:
    """Say two claims report the same fact: their stories become one, now and in every later run."""
    if claim_a == claim_b:
        raise InputError("name two different claims to merge")
    for claim_id in (claim_a, claim_b):
        if match_store.claim_row(database.conn, claim_id) is None:
            raise InputError(f"no claim with id {claim_id}")
    fresh = needs_full_run(database)
    if not fresh:
        match_new(database, actor=actor)  # claims added since the last run first
    with database.write_unit() as conn:
        cannot = split_pairs(constraints(match_store.decisions(conn)))
        sides = [_story_claims(conn, c) for c in (claim_a, claim_b)]
        for x in sides[0]:
            if cannot.get(x, set()) & sides[1]:
                other = min(cannot[x] & sides[1])
                raise InputError(
                    f"claim {x} was split from claim {other} by a reviewer: these stories stay apart"
                )
        _decide(conn, "merge", str(claim_a), [str(claim_b)], actor=actor, claim_id=claim_a)
        written = 0 if fresh else apply_links(conn, [(claim_a, claim_b, False)], cannot)
    if fresh:
        return run_matching(database, actor=actor)
    return totals(database.conn, mode="decision", matched=0, stories_written=written)


def split_claim(database: ReviewDatabase, claim_id: int, *, actor: str) -> MatchSummary:
    """Take a claim out of its story: it is never grouped with those claims again."""
    fresh = needs_full_run(database)
    with database.write_unit() as conn:
        current = match_store.story_of_claim(conn, claim_id)
        if current is None:
            raise InputError(f"claim {claim_id} is not in a story")
        others = [str(c) for c in current.claim_ids if c != claim_id]
        _decide(conn, "split", str(claim_id), others, actor=actor, claim_id=claim_id)
        written = 0 if fresh else apply_links(conn, [], {}, remove=claim_id)
    if fresh:
        return run_matching(database, actor=actor)
    return totals(database.conn, mode="decision", matched=0, stories_written=written)


def link_name(database: ReviewDatabase, a: str, b: str, *, actor: str, linked: bool = True) -> MatchSummary:
    """Say two names are (``linked``) or are not the same person, organisation or place.

    Names are re-linked at once (all mentions: an unlink can split a cluster); stories are untouched."""
    a, b = a.strip(), b.strip()
    if not a or not b or a == b:
        raise InputError("name two different spellings")
    kind = "link" if linked else "unlink"
    if needs_full_run(database):
        with database.write_unit() as conn:
            _decide(conn, kind, a, [b], actor=actor, claim_id=None)
        return run_matching(database, actor=actor)
    decided = constraints(match_store.decisions(database.conn))
    decided[kind].add(frozenset((a, b)))
    stored = match_store.clusters(database.conn, "names")
    if linked:  # stored clusters join: no need to read every mention
        linker = NameLinker(
            [from_record(r) for r in stored], must_link=decided["link"], cannot_link=decided["unlink"]
        )
        linker.add([])
    else:  # a cluster may come apart: re-link every mention
        linker = NameLinker(must_link=decided["link"], cannot_link=decided["unlink"])
        linker.add(name_refs(match_claim(row) for row in match_store.claim_rows(database.conn)))
    old = {r.id for r in stored}
    with database.write_unit() as conn:
        _decide(conn, kind, a, [b], actor=actor, claim_id=None)
        removed = old - set(linker.groups) if linked else old
        match_store.write_clusters(conn, "names", [to_record(n) for n in linker.clusters()], removed)
        match_store.bump_generation(conn)
    return totals(database.conn, mode="decision", matched=0, stories_written=0)
