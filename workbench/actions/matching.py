"""Cross-outlet matching as actions: run it over the database, and record reviewers' decisions.

A run reads every claim, groups stories (keeping earlier story ids), links names and speakers, and
swaps the results in one transaction with one ``match.run`` event. Merge, split, link and unlink
are decisions stored with their own audit events; every later run respects them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from workbench.errors import InputError
from workbench.store import audit
from workbench.store import matching as match_store
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase
from workbench.text.matching import (
    MatchClaim,
    ReviewedIndex,
    Story,
    group_stories,
    link_names,
    name_refs,
    speaker_links,
)
from workbench.text.model import DateMention, NameMention, Quantity

_QUANTITY_FIELDS = {f.name for f in fields(Quantity)}
_NAME_FIELDS = {f.name for f in fields(NameMention)}


@dataclass(frozen=True)
class MatchSummary:
    claims: int
    stories: int
    claims_in_stories: int
    names: int
    speaker_links: int
    disagreements: int

    def to_json(self) -> dict[str, int]:
        return dict(self.__dict__)


def _quantities(raw: str) -> tuple[Quantity, ...]:
    return tuple(
        Quantity(**{k: v for k, v in item.items() if k in _QUANTITY_FIELDS}) for item in json.loads(raw)
    )


def _dates(raw: str) -> tuple[DateMention, ...]:
    out = []
    for item in json.loads(raw):
        value = date.fromisoformat(item["value"]) if item.get("value") else None
        out.append(DateMention(item["start"], item["end"], item["text"], value, item.get("precision", "day")))
    return tuple(out)


def _names(raw: str) -> tuple[NameMention, ...]:
    return tuple(
        NameMention(**{k: v for k, v in item.items() if k in _NAME_FIELDS}) for item in json.loads(raw)
    )


def match_claim(row: tuple[Any, ...]) -> MatchClaim:
    claim_id, document_id, outlet, published, text, quantities, dates, names, speaker = row[:9]
    return MatchClaim(
        id=int(claim_id),
        document_id=int(document_id),
        outlet=outlet,
        published=date.fromisoformat(published) if published else None,
        text=text,
        quantities=_quantities(quantities),
        dates=_dates(dates),
        names=_names(names),
        speaker=speaker,
    )


def _constraints(decisions: list[tuple[str, str, str]]) -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {"merge": set(), "split": set(), "link": set(), "unlink": set()}
    for kind, a, b in decisions:
        if kind in ("merge", "split"):
            out[kind].add(frozenset((int(a), int(b))))
        else:
            out[kind].add(frozenset((a, b)))
    return out


def _story_from_row(row: match_store.StoryRow) -> Story:
    return Story(row.id, row.title, tuple(row.claim_ids), tuple(row.outlets), row.strength)


def run_matching(database: ReviewDatabase, *, actor: str) -> MatchSummary:
    """Match every claim across outlets and store stories, names and speaker links (one audited swap)."""
    claims = [match_claim(row) for row in match_store.claim_rows(database.conn)]
    decided = _constraints(match_store.decisions(database.conn))
    existing = [_story_from_row(s) for s in match_store.existing_stories(database.conn)]
    stories = group_stories(
        claims, existing=existing, must_link=decided["merge"], cannot_link=decided["split"]
    )
    clusters = link_names(name_refs(claims), must_link=decided["link"], cannot_link=decided["unlink"])
    linked_names = [c for c in clusters if c.documents >= 2]
    speakers = speaker_links(claims)
    story_json = [s.to_json() for s in stories]
    summary = MatchSummary(
        claims=len(claims),
        stories=len(stories),
        claims_in_stories=sum(len(s.claim_ids) for s in stories),
        names=len(linked_names),
        speaker_links=len(speakers),
        disagreements=sum(len(s.disagreements) for s in stories),
    )
    with database.write_unit() as conn:
        reviewer_store.ensure(conn, actor)
        ts = audit.utc_now()
        match_store.replace_results(
            conn,
            story_json,
            [n.to_json() for n in linked_names],
            [
                {"speaker": s.speaker, "claims": list(s.claim_ids), "outlets": list(s.outlets)}
                for s in speakers
            ],
            ts,
        )
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
"""Up to this many claims, adding documents matches across outlets by itself."""


def match_after_ingest(database: ReviewDatabase, *, actor: str) -> MatchSummary | None:
    """Match across outlets after documents were added; ``None`` past ``AUTO_MATCH_LIMIT`` claims.

    Matching regroups every claim (incremental matching is still open), so past that size a user adding
    one file should not wait for it: they run ``workbench match`` when they choose.
    """
    claims = match_store.claim_count(database.conn)
    return None if claims > AUTO_MATCH_LIMIT else run_matching(database, actor=actor)


def _decide(database: ReviewDatabase, kind: str, a: str, b: str, *, actor: str, claim_id: int | None) -> int:
    with database.write_unit() as conn:
        reviewer_store.ensure(conn, actor)
        ts = audit.utc_now()
        decision_id = match_store.add_decision(conn, kind, a, b, actor, ts)
        audit.append(
            conn,
            actor=actor,
            action=f"match.{kind}",
            entity="match_decision",
            entity_id=decision_id,
            claim_id=claim_id,
            after={"kind": kind, "a": a, "b": b},
            ts=ts,
        )
    return decision_id


def merge_stories(database: ReviewDatabase, claim_a: int, claim_b: int, *, actor: str) -> MatchSummary:
    """Say two claims report the same fact: their stories become one, now and in every later run."""
    if claim_a == claim_b:
        raise InputError("name two different claims to merge")
    _decide(database, "merge", str(claim_a), str(claim_b), actor=actor, claim_id=claim_a)
    return run_matching(database, actor=actor)


def split_claim(database: ReviewDatabase, claim_id: int, *, actor: str) -> MatchSummary:
    """Take a claim out of its story: it is never grouped with those claims again."""
    current = match_store.story_of_claim(database.conn, claim_id)
    if current is None:
        raise InputError(f"claim {claim_id} is not in a story")
    for other in current.claim_ids:
        if other != claim_id:
            _decide(database, "split", str(claim_id), str(other), actor=actor, claim_id=claim_id)
    return run_matching(database, actor=actor)


def link_name(database: ReviewDatabase, a: str, b: str, *, actor: str, linked: bool = True) -> MatchSummary:
    """Say two names are (``linked``) or are not the same person, organisation or place."""
    if not a.strip() or not b.strip() or a.strip() == b.strip():
        raise InputError("name two different spellings")
    _decide(database, "link" if linked else "unlink", a.strip(), b.strip(), actor=actor, claim_id=None)
    return run_matching(database, actor=actor)


_REVIEWED: dict[tuple[str, int], tuple[ReviewedIndex, dict[int, str]]] = {}
"""The last "checked before?" index, keyed by database file and audit head: verdicts only change
with a new event, so opening claim after claim reuses it instead of re-reading every reviewed claim."""


def _reviewed_index(database: ReviewDatabase) -> tuple[ReviewedIndex, dict[int, str]] | None:
    head = audit.head(database.conn)
    key = (str(database.path.resolve()), head.event_id if head else 0)
    cached = _REVIEWED.get(key)
    if cached is None:
        reviewed = [
            (match_claim(r), str(r[9])) for r in match_store.claim_rows(database.conn, reviewed_only=True)
        ]
        if not reviewed:
            return None
        cached = (ReviewedIndex(reviewed), {c.id: c.text for c, _ in reviewed})
        _REVIEWED.clear()
        _REVIEWED[key] = cached
    return cached


def checked_before(database: ReviewDatabase, claim_id: int, k: int = 3) -> list[tuple[int, str, float, str]]:
    """Reviewed claims resembling this one: (claim id, verdict, similarity 0-100, text), best first."""
    row = match_store.claim_row(database.conn, claim_id)
    built = None if row is None else _reviewed_index(database)
    if row is None or built is None:
        return []
    index, texts = built
    hits = [hit for hit in index.query(match_claim(row), k=k + 1) if hit.claim_id != claim_id][:k]
    return [(hit.claim_id, hit.verdict, hit.similarity, texts[hit.claim_id]) for hit in hits]
