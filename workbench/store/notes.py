"""SQL for reviewer notes on claims."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NoteRow:
    id: int
    claim_id: int
    author: str
    text: str
    created_at: str
    retracted: bool


def add(conn: sqlite3.Connection, claim_id: int, author: str, text: str, ts: str) -> int:
    cursor = conn.execute(
        "INSERT INTO notes (claim_id, author, text, created_at) VALUES (?, ?, ?, ?)",
        (claim_id, author, text, ts),
    )
    return int(cursor.lastrowid or 0)


def retract(conn: sqlite3.Connection, note_id: int, actor: str, ts: str) -> None:
    conn.execute(
        "UPDATE notes SET retracted_at = ?, retracted_by = ? WHERE id = ? AND retracted_at IS NULL",
        (ts, actor, note_id),
    )


def for_claim(conn: sqlite3.Connection, claim_id: int) -> list[NoteRow]:
    rows = conn.execute(
        "SELECT id, claim_id, author, text, created_at, retracted_at IS NOT NULL FROM notes "
        "WHERE claim_id = ? ORDER BY id",
        (claim_id,),
    ).fetchall()
    return [NoteRow(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]
