"""Corrections by a reviewer: a claim's speaker and its span.

Each is one write unit with one audit event (``claim.speaker``, ``claim.span``) and can be undone.
The extraction as first made is kept (``claim_extractions``), and a corrected span is always a slice
of the stored document: ``document.text[start:end] == claim.text`` still holds.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from workbench.actions.review import _change
from workbench.errors import InputError
from workbench.store import claims as claim_store
from workbench.store import documents as doc_store
from workbench.store.database import ReviewDatabase
from workbench.store.records import ClaimRow

NO_SPEAKER = "none: the outlet"
"""What the reviewer picks when nobody is quoted: the outlet itself asserts the claim."""

MAX_SPEAKER = 200


def speaker_choices(database: ReviewDatabase, claim_id: int) -> list[str]:
    """Speakers and the people and organisations named in the claim's document, this claim's first."""
    claim = claim_store.get(database.conn, claim_id)
    seen: dict[str, None] = {}
    if claim.speaker:
        seen[claim.speaker] = None
    for other in claim_store.document_claims(database.conn, claim.document_id):
        if other.speaker:
            seen.setdefault(other.speaker, None)
    for other in claim_store.document_claims(database.conn, claim.document_id):
        for name in other.names:
            if name.get("kind") in ("PERSON", "ORG"):
                seen.setdefault(str(name.get("normalized") or name.get("text")), None)
    return [NO_SPEAKER, *seen]


def correct_speaker(
    database: ReviewDatabase,
    claim_id: int,
    speaker: str | None,
    *,
    actor: str,
    expected_version: int | None = None,
) -> ClaimRow:
    """Set who makes the claim; ``None``, empty or ``"none: the outlet"`` means the outlet asserts it.

    The speaker's position is the mention nearest the claim in its document, if the name occurs there.
    """
    name = (speaker or "").strip()
    if name.lower() in ("", "none", NO_SPEAKER):
        name = ""
    if len(name) > MAX_SPEAKER or any(ord(ch) < 32 for ch in name):
        raise InputError(f"a speaker is 1-{MAX_SPEAKER} printable characters")

    def compute(claim: ClaimRow) -> dict[str, Any]:
        if (claim.speaker or "") == name:
            raise InputError(f"claim {claim.id} already has {'speaker ' + name if name else 'no speaker'}")
        start = end = None
        if name:
            text = doc_store.document_text(database.conn, claim.document_id) or ""
            start = _nearest(text, name, claim.start)
            end = None if start is None else start + len(name)
        return {
            "speaker": name or None,
            "speaker_start": start,
            "speaker_end": end,
            "cue": None,
            "attribution_method": "reviewer" if name else None,
        }

    def keep(conn: sqlite3.Connection, ts: str) -> None:
        claim_store.keep_extraction(conn, claim_id, ts)

    return _change(
        database,
        claim_id,
        {},
        actor=actor,
        action="claim.speaker",
        expected_version=expected_version,
        compute=compute,
        before_update=keep,
    )


def _nearest(text: str, name: str, position: int) -> int | None:
    best: int | None = None
    index = text.find(name)
    while index >= 0:
        if best is None or abs(index - position) < abs(best - position):
            best = index
        index = text.find(name, index + 1)
    return best


def set_span(
    database: ReviewDatabase,
    claim_id: int,
    start: int,
    end: int,
    *,
    actor: str,
    expected_version: int | None = None,
) -> ClaimRow:
    """Make the claim the document's text between ``start`` and ``end`` (character offsets)."""

    def compute(claim: ClaimRow) -> dict[str, Any]:
        text = doc_store.document_text(database.conn, claim.document_id) or ""
        if not 0 <= start < end <= len(text):
            raise InputError(f"a span runs from 0 to {len(text)} with start before end, not {start}-{end}")
        new_start, new_end = _strip(text, start, end)
        if (new_start, new_end) == (claim.start, claim.end):
            raise InputError(f"claim {claim.id} already covers exactly that text")
        owner = claim_store.span_owner(database.conn, claim.document_id, new_start, new_end)
        if owner is not None and owner != claim.id:
            raise InputError(f"claim {owner} already covers exactly that text; open it instead")
        return {"start": new_start, "end": new_end, "text": text[new_start:new_end]}

    def keep(conn: sqlite3.Connection, ts: str) -> None:
        claim_store.keep_extraction(conn, claim_id, ts)

    return _change(
        database,
        claim_id,
        {},
        actor=actor,
        action="claim.span",
        expected_version=expected_version,
        compute=compute,
        before_update=keep,
    )


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InputError("that span holds only white space")
    return start, end


def extend_span(
    database: ReviewDatabase,
    claim_id: int,
    direction: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> ClaimRow:
    """Take in the previous (``direction="previous"``) or next (``"next"``) sentence of the document."""
    claim = claim_store.get(database.conn, claim_id)
    sentences = claim_store.document_claims(database.conn, claim.document_id)
    if direction == "previous":
        before = [s for s in sentences if s.id != claim.id and s.end <= claim.start]
        if not before:
            raise InputError(f"claim {claim_id} starts the document: there is no previous sentence")
        start, end = max(before, key=lambda s: s.end).start, claim.end
    elif direction == "next":
        after = [s for s in sentences if s.id != claim.id and s.start >= claim.end]
        if not after:
            raise InputError(f"claim {claim_id} ends the document: there is no next sentence")
        start, end = claim.start, min(after, key=lambda s: s.start).end
    else:
        raise InputError(f"extend the span to the previous or next sentence, not '{direction}'")
    return set_span(
        database, claim_id, start, end, actor=actor, expected_version=expected_version or claim.version
    )


def trim_span(
    database: ReviewDatabase,
    claim_id: int,
    part: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> ClaimRow:
    """Keep only ``part`` of the claim: a piece of its text, exactly as written there."""
    claim = claim_store.get(database.conn, claim_id)
    piece = part.strip()
    if not piece:
        raise InputError("type the part of the claim to keep")
    index = claim.text.find(piece)
    if index < 0:
        raise InputError("that text is not part of the claim; copy the words to keep exactly as written")
    start = claim.start + index
    return set_span(
        database,
        claim_id,
        start,
        start + len(piece),
        actor=actor,
        expected_version=expected_version or claim.version,
    )


def original_extraction(database: ReviewDatabase, claim_id: int) -> dict[str, Any] | None:
    """The claim as first extracted, when a reviewer has corrected it."""
    return claim_store.extraction_of(database.conn, claim_id)
