"""What a document's claims are, in a form an audit event can carry: their ids and a digest.

``document.ingest`` and ``document.reextract`` events record the claim set the document has after the
change, so ``audit verify`` can name a claim deleted, added or rewritten later without an event.
The digest covers each claim's id, offsets and a hash of its text, in (start, end) order.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from typing import Any

ClaimSpan = tuple[int, int, int, str]
"""(id, start, end, text) of one claim."""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def id_ranges(ids: Iterable[int]) -> list[list[int]]:
    """Sorted ids as inclusive ranges: [1, 2, 3, 7] -> [[1, 3], [7, 7]]."""
    ranges: list[list[int]] = []
    for i in sorted(ids):
        if ranges and ranges[-1][1] == i - 1:
            ranges[-1][1] = i
        else:
            ranges.append([i, i])
    return ranges


def ids_of(ranges: Any) -> set[int]:
    """The ids named by ``id_ranges`` output (as read back from JSON)."""
    return {i for first, last in ranges for i in range(int(first), int(last) + 1)}


def digest(spans: Iterable[ClaimSpan]) -> str:
    """SHA-256 over ``id:start:end:sha256(text)`` lines, in the order given ((start, end) order)."""
    h = hashlib.sha256()
    for claim_id, start, end, text in spans:
        h.update(f"{claim_id}:{start}:{end}:{text_hash(text)}\n".encode())
    return h.hexdigest()


def document_spans(conn: sqlite3.Connection, document_id: int) -> list[ClaimSpan]:
    rows = conn.execute(
        'SELECT id, start, "end", text FROM claims WHERE document_id = ? ORDER BY start, "end"',
        (document_id,),
    ).fetchall()
    return [(int(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows]


def claim_set(conn: sqlite3.Connection, document_id: int) -> dict[str, Any]:
    """The claim set of a document as stored now (inside the write unit that changed it)."""
    spans = document_spans(conn, document_id)
    return {"ids": id_ranges(s[0] for s in spans), "digest": digest(spans)}
