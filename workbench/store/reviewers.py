"""SQL for reviewers: who may act, and in which role."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.errors import InputError
from workbench.store import audit
from workbench.text.identity import InvalidNameError, identity_key, is_reserved, normalise

ROLES = ("reviewer", "editor", "admin")
INTERNAL_ACTORS = frozenset({"system:ingest", "system:watch", "system:link-check"})
"""The only ``system:`` actors; the program acts as them, a user never can (see ``validate_user_name``)."""


@dataclass(frozen=True, slots=True)
class ReviewerRow:
    id: int
    name: str
    role: str
    created_at: str


def validate_name(name: str) -> str:
    """The stored form of a name (internal actors pass as they are)."""
    if name in INTERNAL_ACTORS:
        return name
    try:
        return validate_user_name(name)
    except InvalidNameError as exc:
        raise InputError(str(exc)) from None


def validate_user_name(name: str) -> str:
    """A name a person chose (flag, environment, config, TUI, serve): normalised, never ``system:…``."""
    try:
        clean = normalise(name)
        reserved = is_reserved(clean)
    except InvalidNameError as exc:
        raise InputError(str(exc)) from None
    if reserved:
        raise InputError(f"'{clean}' is reserved for the program's own actors; choose another reviewer name")
    return clean


def get(conn: sqlite3.Connection, name: str) -> ReviewerRow | None:
    """The reviewer ``name`` is, compared as identities (case, spacing and look-alikes do not matter)."""
    exact = conn.execute(
        "SELECT id, name, role, created_at FROM reviewers WHERE name = ?", (name,)
    ).fetchone()
    if exact is not None:
        return ReviewerRow(*exact)
    try:
        key = identity_key(name)
    except InvalidNameError:
        return None
    rows = conn.execute(
        "SELECT id, name, role, created_at FROM reviewers WHERE name_key = ? ORDER BY id", (key,)
    ).fetchall()
    if len(rows) > 1:
        names = ", ".join(repr(str(r[1])) for r in rows)
        raise InputError(f"'{name}' matches several reviewers ({names}); use one's exact name")
    return ReviewerRow(*rows[0]) if rows else None


def ensure(
    conn: sqlite3.Connection, name: str, role: str | None = None, *, added_by: str | None = None
) -> ReviewerRow:
    """Register a reviewer on first use (the first one of a database becomes its admin).

    The event's actor is ``added_by`` (an admin adding someone) or the reviewer themself (first use).
    """
    if name in INTERNAL_ACTORS:
        return ReviewerRow(0, name, "system", "")
    name = validate_name(name)
    existing = get(conn, name)
    if existing is not None:
        return existing
    first = conn.execute("SELECT count(*) FROM reviewers").fetchone()[0] == 0
    chosen = role or ("admin" if first else "reviewer")
    if chosen not in ROLES:
        raise InputError(f"role is one of {', '.join(ROLES)}")
    ts = audit.utc_now()
    cursor = conn.execute(
        "INSERT INTO reviewers (name, name_key, role, created_at) VALUES (?, ?, ?, ?)",
        (name, identity_key(name), chosen, ts),
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
