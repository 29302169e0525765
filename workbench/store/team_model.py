"""SQL for learning from the team: the decisions that are labels, and the adjustment kept in ``meta``."""

from __future__ import annotations

import sqlite3

KEY = "team_model"
"""The ``meta`` row holding the current adjustment as JSON (``{"model": "shipped"}`` after a reset)."""


def labelled(conn: sqlite3.Connection) -> list[tuple[int, str, int]]:
    """(claim id, reasons JSON, label) of every decided claim: any verdict or a check-worthy triage is 1,
    a not-check-worthy triage (without a verdict) is 0."""
    rows = conn.execute(
        "SELECT id, reasons, CASE WHEN verdict IS NOT NULL OR triage = 'checkworthy' THEN 1 ELSE 0 END "
        "FROM claims WHERE verdict IS NOT NULL OR triage IN ('checkworthy', 'not_checkworthy') ORDER BY id"
    )
    return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]


def count_labelled(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT count(*) FROM claims WHERE verdict IS NOT NULL OR triage IN ('checkworthy', 'not_checkworthy')"
    ).fetchone()
    return int(row[0])


def current(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
    return None if row is None else str(row[0])


def store(conn: sqlite3.Connection, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (KEY, value))


def all_scores(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(claim id, reasons JSON) of every claim, for re-scoring with a new adjustment."""
    return [(int(r[0]), str(r[1])) for r in conn.execute("SELECT id, reasons FROM claims ORDER BY id")]


def without_team_reason(conn: sqlite3.Connection) -> list[tuple[int, str]]:
    """(claim id, reasons JSON) of claims scored since the last fit (no team reason yet)."""
    rows = conn.execute(
        'SELECT id, reasons FROM claims WHERE instr(reasons, \'"feature": "team"\') = 0 ORDER BY id'
    )
    return [(int(r[0]), str(r[1])) for r in rows]
