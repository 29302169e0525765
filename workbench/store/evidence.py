"""SQL for the evidence ledger."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from workbench.errors import ConflictError, NotFoundError

_COLUMNS = (
    "id, claim_id, url, stance, quote, note, status, http_status, final_url, title, content_type, byte_size, "
    "sha256, quote_found, archive_url, archive_ts, domain, fetched_at, error, added_by, added_at, version"
)
FETCH_FIELDS = (
    "status",
    "http_status",
    "final_url",
    "title",
    "content_type",
    "byte_size",
    "sha256",
    "main_text",
    "quote_found",
    "fetched_at",
    "error",
)
EDITABLE = frozenset({"stance", "quote", "note", "archive_url", "archive_ts", *FETCH_FIELDS})


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    id: int
    claim_id: int
    url: str
    stance: str
    quote: str | None
    note: str | None
    status: str
    http_status: int | None
    final_url: str | None
    title: str | None
    content_type: str | None
    byte_size: int | None
    sha256: str | None
    quote_found: int | None
    archive_url: str | None
    archive_ts: str | None
    domain: str | None
    fetched_at: str | None
    error: str | None
    added_by: str
    added_at: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "claim_id": self.claim_id,
            "url": self.url,
            "stance": self.stance,
            "status": self.status,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "title": self.title,
            "sha256": self.sha256,
            "archive_url": self.archive_url,
            "domain": self.domain,
            "fetched_at": self.fetched_at,
            "error": self.error,
            "quote": self.quote,
            "note": self.note,
            "quote_found": None if self.quote_found is None else bool(self.quote_found),
            "content_type": self.content_type,
            "byte_size": self.byte_size,
            "added_by": self.added_by,
            "added_at": self.added_at,
        }


def add(conn: sqlite3.Connection, fields: dict[str, Any]) -> int:
    columns = sorted(fields)
    cursor = conn.execute(
        f"INSERT INTO evidence ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})", fields
    )
    return int(cursor.lastrowid or 0)


def get(conn: sqlite3.Connection, evidence_id: int, *, include_removed: bool = False) -> EvidenceRow:
    sql = f"SELECT {_COLUMNS} FROM evidence WHERE id = ?" + (
        "" if include_removed else " AND removed_at IS NULL"
    )
    row = conn.execute(sql, (evidence_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no evidence item with id {evidence_id}")
    return EvidenceRow(*row)


def for_claim(conn: sqlite3.Connection, claim_id: int | None) -> list[EvidenceRow]:
    where = "removed_at IS NULL" + ("" if claim_id is None else " AND claim_id = ?")
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM evidence WHERE {where} ORDER BY id", () if claim_id is None else (claim_id,)
    ).fetchall()
    return [EvidenceRow(*r) for r in rows]


def main_texts(conn: sqlite3.Connection, claim_id: int) -> dict[int, str]:
    rows = conn.execute(
        "SELECT id, main_text FROM evidence WHERE claim_id = ? AND removed_at IS NULL AND main_text IS NOT NULL",
        (claim_id,),
    ).fetchall()
    return {int(r[0]): str(r[1]) for r in rows}


def update(
    conn: sqlite3.Connection, evidence_id: int, changes: dict[str, Any], expected_version: int | None = None
) -> tuple[dict[str, Any], int]:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    columns = sorted(changes)
    current = conn.execute(
        f"SELECT version, {', '.join(columns)} FROM evidence WHERE id = ? AND removed_at IS NULL",
        (evidence_id,),
    ).fetchone()
    if current is None:
        raise NotFoundError(f"no evidence item with id {evidence_id}")
    if expected_version is not None and int(current[0]) != expected_version:
        raise ConflictError(f"evidence {evidence_id} was changed by someone else; reload it and try again")
    before = dict(zip(columns, current[1:], strict=True))
    conn.execute(
        f"UPDATE evidence SET {', '.join(f'{c} = :{c}' for c in columns)}, version = version + 1 WHERE id = :id",
        {**changes, "id": evidence_id},
    )
    return before, int(current[0]) + 1


def remove(conn: sqlite3.Connection, evidence_id: int, actor: str, ts: str) -> None:
    conn.execute(
        "UPDATE evidence SET removed_at = ?, removed_by = ?, version = version + 1 WHERE id = ?",
        (ts, actor, evidence_id),
    )


def unchecked(conn: sqlite3.Connection, claim_id: int | None) -> list[EvidenceRow]:
    return [e for e in for_claim(conn, claim_id) if e.status == "not checked"]
