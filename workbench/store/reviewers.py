"""SQL for reviewers: who may act, and in which role."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.store import audit

ROLES = ("reviewer", "editor", "admin")


@dataclass(frozen=True, slots=True)
class ReviewerRow:
    id: int
    name: str
    role: str
    created_at: str


def validate_name(name: str) -> str:
    clean = name.strip()
    if not clean:
        raise InputError("the reviewer name is empty; pass --reviewer NAME or set WORKBENCH_REVIEWER")
    if len(clean) > 64 or any(ord(ch) < 32 or ord(ch) == 127 for ch in clean):
        raise InputError("a reviewer name is at most 64 printable characters")
    return clean


def get(conn: sqlite3.Connection, name: str) -> ReviewerRow | None:
    row = conn.execute("SELECT id, name, role, created_at FROM reviewers WHERE name = ?", (name,)).fetchone()
    return None if row is None else ReviewerRow(*row)


def ensure(
    conn: sqlite3.Connection, name: str, role: str | None = None, *, added_by: str | None = None
) -> ReviewerRow:
    """Register a reviewer on first use (the first one of a database becomes its admin).

    The event's actor is ``added_by`` (an admin adding someone) or the reviewer themself (first use).
    """
    name = validate_name(name)
    existing = get(conn, name)
    if existing is not None:
        return existing
    if name.startswith("system:"):
        return ReviewerRow(0, name, "system", "")
    first = conn.execute("SELECT count(*) FROM reviewers").fetchone()[0] == 0
    chosen = role or ("admin" if first else "reviewer")
    if chosen not in ROLES:
        raise InputError(f"role is one of {', '.join(ROLES)}")
    ts = audit.utc_now()
    cursor = conn.execute(
        "INSERT INTO reviewers (name, role, created_at) VALUES (?, ?, ?)", (name, chosen, ts)
    )
    audit.append(
        conn,
        actor=added_by or name,
        action="reviewer.add",
        entity="reviewer",
        entity_id=cursor.lastrowid,
        after={"name": name, "role": chosen},
        ts=ts,
    )
    return ReviewerRow(int(cursor.lastrowid or 0), name, chosen, ts)


def all_reviewers(conn: sqlite3.Connection) -> list[ReviewerRow]:
    return [
        ReviewerRow(*r)
        for r in conn.execute("SELECT id, name, role, created_at FROM reviewers ORDER BY name")
    ]
