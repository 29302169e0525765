"""SQL for reading claims page by page (keyset pagination, full-text search) and changing them."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from workbench.errors import ConflictError, NotFoundError
from workbench.store.records import ClaimRow

_SELECT = (
    'SELECT c.id, c.document_id, c.start, c."end", c.text, c.score, c.checkworthy, c.reasons, c.speaker, '
    "c.speaker_start, c.speaker_end, c.cue, c.attribution_method, c.quantities, c.dates, c.names, c.status, "
    "c.triage, c.verdict, c.rationale, c.flagged, c.updated_at, c.updated_by, c.version, c.proposal_id, c.final, "
    "d.outlet, d.published, "
    "d.title, c.verdict_scale FROM claims c JOIN documents d ON d.id = c.document_id"
)

MUTABLE = frozenset(
    {
        "status",
        "triage",
        "verdict",
        "rationale",
        "flagged",
        "proposal_id",
        "final",
        "summary",
        "review_url",
        "verdict_scale",
        # corrections by a reviewer (the extraction as first made is kept in claim_extractions)
        "speaker",
        "speaker_start",
        "speaker_end",
        "cue",
        "attribution_method",
        "start",
        "end",
        "text",
    }
)


@dataclass(frozen=True)
class ClaimFilter:
    """What the queue shows. Empty fields do not filter."""

    checkworthy_only: bool = True
    document_id: int | None = None
    status: str | None = None
    verdict: str | None = None
    outlet: str | None = None
    speaker: str | None = None
    reviewer: str | None = None
    flagged: bool | None = None
    search: str | None = None
    claim_ids: tuple[int, ...] = field(default_factory=tuple)
    story_id: int | None = None
    since: str | None = None
    """Articles published on or after this date (YYYY-MM-DD)."""
    until: str | None = None
    """Articles published on or before this date (YYYY-MM-DD)."""

    def describe(self) -> dict[str, str]:
        out = {}
        for key in (
            "document_id",
            "status",
            "verdict",
            "outlet",
            "speaker",
            "reviewer",
            "flagged",
            "search",
            "story_id",
            "since",
            "until",
        ):
            value = getattr(self, key)
            if value not in (None, ""):
                out[key] = str(value)
        if not self.checkworthy_only:
            out["all"] = "yes"
        return out


@dataclass(frozen=True)
class Cursor:
    """Keyset position: the last row of the previous page in (score desc, id asc) order."""

    score: float
    id: int


def _row(row: tuple[Any, ...]) -> ClaimRow:
    values = list(row)
    values[6] = bool(values[6])
    for index in (7, 13, 14, 15):
        values[index] = json.loads(values[index] or "[]")
    values[20] = bool(values[20])
    values[25] = bool(values[25])
    return ClaimRow(*values)


def fts_query(text: str) -> str:
    """User text as a safe FTS5 query: every word quoted, the last one as a prefix."""
    words = re.findall(r"\w+", text)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _where(flt: ClaimFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if flt.checkworthy_only:
        where.append("c.checkworthy = 1")
    for column, value in (
        ("c.document_id", flt.document_id),
        ("c.status", flt.status),
        ("d.outlet", flt.outlet),
        ("c.speaker", flt.speaker),
        ("c.updated_by", flt.reviewer),
    ):
        if value not in (None, ""):
            where.append(f"{column} = ?")
            params.append(value)
    if flt.verdict == "none":
        where.append("c.verdict IS NULL")
    elif flt.verdict:
        where.append("c.verdict = ?")
        params.append(flt.verdict)
    if flt.flagged is not None:
        where.append("c.flagged = ?")
        params.append(int(flt.flagged))
    if flt.search:
        query = fts_query(flt.search)
        if query:
            where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(query)
        else:
            where.append("0")
    if flt.story_id is not None:
        where.append("c.id IN (SELECT claim_id FROM story_claims WHERE story_id = ?)")
        params.append(flt.story_id)
    if flt.since:
        where.append("substr(d.published, 1, 10) >= ?")
        params.append(flt.since)
    if flt.until:
        where.append("substr(d.published, 1, 10) <= ?")
        params.append(flt.until)
    if flt.claim_ids:
        where.append(f"c.id IN ({','.join('?' * len(flt.claim_ids))})")
        params.extend(flt.claim_ids)
    return where, params


def page(
    conn: sqlite3.Connection,
    flt: ClaimFilter,
    *,
    after: Cursor | None = None,
    start: Cursor | None = None,
    limit: int = 100,
) -> list[ClaimRow]:
    """One page of claims in queue order (score descending, then id): just after ``after``, or from
    ``start`` inclusive."""
    where, params = _where(flt)
    if after is not None:
        where.append("(c.score < ? OR (c.score = ? AND c.id > ?))")
        params.extend([after.score, after.score, after.id])
    if start is not None:
        where.append("(c.score < ? OR (c.score = ? AND c.id >= ?))")
        params.extend([start.score, start.score, start.id])
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY c.score DESC, c.id ASC LIMIT ?"
    params.append(limit)
    return [_row(r) for r in conn.execute(sql, params).fetchall()]


def page_before(
    conn: sqlite3.Connection, flt: ClaimFilter, before: Cursor, limit: int = 100
) -> list[ClaimRow]:
    """The page that ends just before ``before``, in queue order."""
    where, params = _where(flt)
    where.append("(c.score > ? OR (c.score = ? AND c.id < ?))")
    params.extend([before.score, before.score, before.id])
    sql = _SELECT + " WHERE " + " AND ".join(where) + " ORDER BY c.score ASC, c.id DESC LIMIT ?"
    params.append(limit)
    return [_row(r) for r in reversed(conn.execute(sql, params).fetchall())]


def count(conn: sqlite3.Connection, flt: ClaimFilter) -> int:
    where, params = _where(flt)
    sql = "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return int(conn.execute(sql, params).fetchone()[0])


def progress(conn: sqlite3.Connection, flt: ClaimFilter) -> tuple[int, int]:
    """(reviewed, total) among the claims the filter selects; reviewed means a verdict is set."""
    where, params = _where(flt)
    sql = (
        "SELECT count(*), coalesce(sum(c.verdict IS NOT NULL), 0) FROM claims c "
        "JOIN documents d ON d.id = c.document_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    total, reviewed = conn.execute(sql, params).fetchone()
    return int(reviewed), int(total)


def get(conn: sqlite3.Connection, claim_id: int) -> ClaimRow:
    row = conn.execute(_SELECT + " WHERE c.id = ?", (claim_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    return _row(row)


def document_claims(conn: sqlite3.Connection, document_id: int) -> list[ClaimRow]:
    rows = conn.execute(_SELECT + " WHERE c.document_id = ? ORDER BY c.start", (document_id,)).fetchall()
    return [_row(r) for r in rows]


def update(
    conn: sqlite3.Connection,
    claim_id: int,
    changes: dict[str, Any],
    *,
    actor: str,
    ts: str,
    expected_version: int | None,
) -> tuple[dict[str, Any], dict[str, Any], int]:
    """Change claim fields if the row still has ``expected_version``; return (before, after, new version).

    Raises ``ConflictError`` when someone else changed the claim since it was read.
    """
    unknown = set(changes) - MUTABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    columns = sorted(changes)
    quoted = ", ".join(f'"{c}"' for c in columns)
    current = conn.execute(f"SELECT version, {quoted} FROM claims WHERE id = ?", (claim_id,)).fetchone()
    if current is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    version = check_version(conn, claim_id, expected_version)
    before = dict(zip(columns, current[1:], strict=True))
    after = {key: changes[key] for key in columns}
    assignments = ", ".join(f'"{c}" = :{c}' for c in columns)
    conn.execute(
        f"UPDATE claims SET {assignments}, version = version + 1, updated_at = :ts, updated_by = :actor "
        "WHERE id = :id AND version = :version",
        {**after, "ts": ts, "actor": actor, "id": claim_id, "version": version},
    )
    return before, after, version + 1


def check_version(conn: sqlite3.Connection, claim_id: int, expected_version: int | None) -> int:
    """The claim's current version; ``ConflictError`` if it is not ``expected_version``."""
    row = conn.execute("SELECT version FROM claims WHERE id = ?", (claim_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no claim with id {claim_id}")
    version = int(row[0])
    if expected_version is not None and version != expected_version:
        raise ConflictError(
            f"claim {claim_id} was changed by someone else (version {version}, you had {expected_version}); "
            "reload it and try again"
        )
    return version


OPEN_STATUSES = frozenset(("unreviewed", "in_progress", "needs_second_opinion"))
"""Claims still waiting for someone: moving on after a decision goes to the next of these."""
LOOK_AHEAD = 200
"""Rows searched for the next open claim before moving on to the very next row instead."""


def next_in_queue(
    conn: sqlite3.Connection, claim_id: int, flt: ClaimFilter, *, open_first: bool = False
) -> int | None:
    """The claim that follows ``claim_id`` in queue order, for "next claim opens by itself"; with
    ``open_first`` the next one still open (no verdict, not dismissed or skipped) within ``LOOK_AHEAD``
    rows, so a queue re-ordered under the reviewer (a team re-fit) does not lead back to judged claims."""
    current = conn.execute("SELECT score FROM claims WHERE id = ?", (claim_id,)).fetchone()
    if current is None:
        return None
    rows = page(conn, flt, after=Cursor(float(current[0]), claim_id), limit=LOOK_AHEAD if open_first else 1)
    if not rows:
        return None
    return next((r.id for r in rows if r.status in OPEN_STATUSES), rows[0].id)


def position(conn: sqlite3.Connection, flt: ClaimFilter, score: float, claim_id: int) -> int:
    """How many claims come before (score, id) in queue order."""
    where, params = _where(flt)
    where.append("(c.score > ? OR (c.score = ? AND c.id < ?))")
    params.extend([score, score, claim_id])
    sql = "SELECT count(*) FROM claims c JOIN documents d ON d.id = c.document_id WHERE " + " AND ".join(
        where
    )
    return int(conn.execute(sql, params).fetchone()[0])


def keep_extraction(conn: sqlite3.Connection, claim_id: int, ts: str) -> None:
    """Keep the claim's span and speaker as extracted, before a reviewer's first correction (once)."""
    conn.execute(
        'INSERT OR IGNORE INTO claim_extractions (claim_id, start, "end", text, speaker, speaker_start, '
        "speaker_end, cue, attribution_method, kept_at) "
        'SELECT id, start, "end", text, speaker, speaker_start, speaker_end, cue, attribution_method, ? '
        "FROM claims WHERE id = ?",
        (ts, claim_id),
    )


def extraction_of(conn: sqlite3.Connection, claim_id: int) -> dict[str, Any] | None:
    """The extraction as first made, if a reviewer corrected the claim since."""
    row = conn.execute(
        'SELECT start, "end", text, speaker, kept_at FROM claim_extractions WHERE claim_id = ?', (claim_id,)
    ).fetchone()
    if row is None:
        return None
    return {"start": row[0], "end": row[1], "text": row[2], "speaker": row[3], "kept_at": row[4]}


def span_owner(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> int | None:
    row = conn.execute(
        'SELECT id FROM claims WHERE document_id = ? AND start = ? AND "end" = ?', (document_id, start, end)
    ).fetchone()
    return None if row is None else int(row[0])


def corrected_claims(conn: sqlite3.Connection, document_id: int) -> dict[int, tuple[int, int]]:
    """``{claim_id: (original start, original end)}`` for the document's corrected claims."""
    rows = conn.execute(
        'SELECT x.claim_id, x.start, x."end" FROM claim_extractions x JOIN claims c ON c.id = x.claim_id '
        "WHERE c.document_id = ?",
        (document_id,),
    ).fetchall()
    return {int(r[0]): (int(r[1]), int(r[2])) for r in rows}


def verdicts_by_scale(conn: sqlite3.Connection) -> list[tuple[str | None, str, int]]:
    """``(verdict_scale, verdict, count)`` over every claim with a verdict."""
    rows = conn.execute(
        "SELECT verdict_scale, verdict, count(*) FROM claims WHERE verdict IS NOT NULL "
        "GROUP BY verdict_scale, verdict ORDER BY verdict_scale, count(*) DESC"
    ).fetchall()
    return [(r[0], str(r[1]), int(r[2])) for r in rows]


def claim_text(conn: sqlite3.Connection, claim_id: int) -> str | None:
    row = conn.execute("SELECT text FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return None if row is None else str(row[0])
