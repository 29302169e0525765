"""Rows as the store hands them out: plain dataclasses, no sqlite3 objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    sha256: str
    source: str
    outlet: str | None
    title: str | None
    published: str | None
    author: str | None
    place: str | None
    chars: int
    claims: int
    ingested_at: str
    url: str | None = None
    """The article's web address (canonical, else final URL), or one a reviewer set."""
    version_of: int | None = None
    """The document this one is a newer version of (same address, changed text)."""
    page_starts: tuple[int, ...] = ()
    meta_sources: dict[str, str] | None = None
    version: int = 1


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: int
    document_id: int
    start: int
    end: int
    text: str
    score: float
    checkworthy: bool
    reasons: list[dict[str, Any]]
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    attribution_method: str | None
    quantities: list[dict[str, Any]]
    dates: list[dict[str, Any]]
    names: list[dict[str, Any]]
    status: str
    triage: str | None
    verdict: str | None
    rationale: str | None
    flagged: bool
    updated_at: str | None
    updated_by: str | None
    version: int
    proposal_id: int | None = None
    final: bool = False
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    verdict_scale: str | None = None
    """The rating scale the verdict was given under."""


@dataclass(frozen=True, slots=True)
class JunkRow:
    start: int
    end: int
    reason: str
