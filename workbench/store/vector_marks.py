"""Vector marks (migration 0017): per encoder model, the highest claim id (all claims; reviewed claims)
and fact-check id at or below which every text has a current vector, so finding what still lacks one
reads only the rows above them (an id range) instead of hashing every text.

A derived cache, never audited and never the source of truth. Triggers lower a mark when something at or
below it may have lost its current vector, and bump its epoch; :func:`raise_mark` raises a mark only when
its epoch is still the one read before the scan that justified it, so a change made while a fill ran is
never covered. Clearing the table only costs one full scan.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

SCOPES = ("claims", "reviewed", "factchecks")


@dataclass(frozen=True, slots=True)
class Marks:
    """One model's marks and their epochs (0 when it has none: everything is looked at)."""

    claims: int = 0
    reviewed: int = 0
    factchecks: int = 0
    epochs: tuple[int, int, int] | None = None
    """Epochs of (claims, reviewed, factchecks) as read, or None when the model has no rows yet."""

    def claims_above(self, *, all_claims: bool) -> int:
        """Claims at or below this id have a current vector (every claim, or every reviewed one)."""
        return self.claims if all_claims else max(self.claims, self.reviewed)


def read(conn: sqlite3.Connection, model: str) -> Marks:
    rows = {
        str(r[0]): (int(r[1]), int(r[2]))
        for r in conn.execute("SELECT scope, mark, epoch FROM vector_marks WHERE model = ?", (model,))
    }
    if set(rows) != set(SCOPES):
        return Marks()
    return Marks(
        rows["claims"][0],
        rows["reviewed"][0],
        rows["factchecks"][0],
        (rows["claims"][1], rows["reviewed"][1], rows["factchecks"][1]),
    )


def claim_for(conn: sqlite3.Connection, model: str) -> bool:
    """Make ``model`` the one the marks are kept for (inside a write unit): other models' marks are
    dropped, this model's rows made (at 0) if missing. True when anything was written."""
    others = conn.execute("DELETE FROM vector_marks WHERE model != ?", (model,)).rowcount
    made = conn.executemany(
        "INSERT OR IGNORE INTO vector_marks (model, scope, mark, epoch) VALUES (?, ?, 0, 0)",
        [(model, scope) for scope in SCOPES],
    ).rowcount
    return bool(others or made)


def needs_claim(conn: sqlite3.Connection, model: str) -> bool:
    """Whether :func:`claim_for` would write: another model's marks, or not all of this model's rows."""
    row = conn.execute("SELECT count(*), coalesce(sum(model = ?), 0) FROM vector_marks", (model,)).fetchone()
    return int(row[0]) != len(SCOPES) or int(row[1]) != len(SCOPES)


def tops(conn: sqlite3.Connection) -> tuple[int, int]:
    """The highest claim id and fact-check id (0 when none): what a complete scan covers."""
    row = conn.execute(
        "SELECT coalesce((SELECT max(id) FROM claims), 0), coalesce((SELECT max(id) FROM factchecks), 0)"
    ).fetchone()
    return int(row[0]), int(row[1])


def raise_mark(conn: sqlite3.Connection, model: str, scope: str, to: int, epoch: int) -> bool:
    """Raise one mark to ``to`` (inside a write unit) if nothing lowered or bumped it since ``epoch`` was
    read; never lowers it. True when it rose."""
    cursor = conn.execute(
        "UPDATE vector_marks SET mark = ? WHERE model = ? AND scope = ? AND epoch = ? AND mark < ?",
        (to, model, scope, epoch, to),
    )
    return cursor.rowcount > 0


def reviewed_probe(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(newest event id, highest claim id, ``meta.reviewed_epoch``): three index lookups that change
    whenever which claims have a verdict may have changed."""
    row = conn.execute(
        "SELECT coalesce((SELECT max(id) FROM events), 0), coalesce((SELECT max(id) FROM claims), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'reviewed_epoch'), -1)"
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])
