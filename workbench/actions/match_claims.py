"""Claims as matching reads them from the database, the reviewers' decisions, and run summaries."""

from __future__ import annotations

import json
import sqlite3
import sys
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from typing import Any

from workbench.store import matching as match_store
from workbench.text.matching import MatchClaim, NameCluster
from workbench.text.model import DateMention, NameMention, Quantity

_QUANTITY_FIELDS = {f.name for f in fields(Quantity)}
_NAME_FIELDS = {f.name for f in fields(NameMention)}


@dataclass(frozen=True)
class MatchSummary:
    """Totals after a matching run, and what this run did."""

    claims: int
    stories: int
    claims_in_stories: int
    names: int
    speaker_links: int
    disagreements: int
    mode: str = "full"
    """"full" (every claim regrouped), "incremental" (new claims only) or "decision" (a reviewer's)."""
    matched: int = 0
    """Claims this run matched: all (full) or the new ones (incremental)."""
    stories_written: int = 0

    def to_json(self) -> dict[str, int | str]:
        return dict(self.__dict__)


def _text(value: Any) -> Any:
    """Strings shared between claims (kinds, units, names, outlets) held once: a million claims' worth
    of repeated strings is most of the memory a full matching run reads in."""
    return sys.intern(value) if isinstance(value, str) else value


@lru_cache(maxsize=1 << 16)
def _day(value: str) -> date:
    return date.fromisoformat(value)


def _quantities(raw: str) -> tuple[Quantity, ...]:
    return tuple(
        Quantity(**{k: _text(v) for k, v in item.items() if k in _QUANTITY_FIELDS})
        for item in json.loads(raw)
    )


def _dates(raw: str) -> tuple[DateMention, ...]:
    out = []
    for item in json.loads(raw):
        value = _day(item["value"]) if item.get("value") else None
        precision = _text(item.get("precision", "day"))
        out.append(DateMention(item["start"], item["end"], _text(item["text"]), value, precision))
    return tuple(out)


def _names(raw: str) -> tuple[NameMention, ...]:
    return tuple(
        NameMention(**{k: _text(v) for k, v in item.items() if k in _NAME_FIELDS}) for item in json.loads(raw)
    )


def match_claim(row: tuple[Any, ...]) -> MatchClaim:
    claim_id, document_id, outlet, published, text, quantities, dates, names, speaker = row[:9]
    return MatchClaim(
        id=int(claim_id),
        document_id=int(document_id),
        outlet=_text(outlet),
        published=_day(published) if published else None,
        text=text,
        quantities=_quantities(quantities),
        dates=_dates(dates),
        names=_names(names),
        speaker=_text(speaker),
    )


def constraints(decisions: list[tuple[str, str, str]]) -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {"merge": set(), "split": set(), "link": set(), "unlink": set()}
    for kind, a, b in decisions:
        if kind in ("merge", "split"):
            out[kind].add(frozenset((int(a), int(b))))
        else:
            out[kind].add(frozenset((a, b)))
    return out


def split_pairs(decided: dict[str, set[Any]]) -> dict[int, set[int]]:
    """claim id -> the claims a reviewer split it from."""
    out: dict[int, set[int]] = {}
    for pair in decided["split"]:
        a, b = tuple(pair)
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def to_record(cluster: NameCluster, outlets: list[str] | None = None) -> match_store.ClusterRecord:
    return match_store.ClusterRecord(
        id=cluster.id,
        name=cluster.name,
        kind=cluster.kind,
        variants=list(cluster.variants),
        variant_counts=list(cluster.variant_counts),
        document_ids=list(cluster.document_ids),
        mentions=cluster.mentions,
        outlets=outlets or [],
    )


def from_record(record: match_store.ClusterRecord) -> NameCluster:
    return NameCluster(
        id=record.id,
        name=record.name,
        variants=tuple(record.variants),
        documents=len(record.document_ids),
        mentions=record.mentions,
        kind=record.kind,
        document_ids=tuple(record.document_ids),
        variant_counts=tuple(record.variant_counts),
    )


def totals(conn: sqlite3.Connection, *, mode: str, matched: int, stories_written: int) -> MatchSummary:
    """The summary of what is stored now (after a run of ``mode``)."""
    stories, in_stories, disagreements = conn.execute(
        "SELECT count(*), coalesce(sum((SELECT count(*) FROM story_claims c WHERE c.story_id = s.id)), 0), "
        "coalesce(sum(json_array_length(s.disagreements)), 0) FROM stories s"
    ).fetchone()
    return MatchSummary(
        claims=match_store.claim_count(conn),
        stories=int(stories),
        claims_in_stories=int(in_stories),
        names=match_store.name_count(conn),
        speaker_links=match_store.speaker_link_count(conn),
        disagreements=int(disagreements),
        mode=mode,
        matched=matched,
        stories_written=stories_written,
    )
