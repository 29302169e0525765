"""SQL for re-scoring stored claims (derived data: score, check-worthy flag, reasons)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from workbench.store.factchecks import text_sha1

SEMANTIC_MARK = '"feature": "semantic"'
"""How the semantic reason appears in a claim's stored reasons (``serialize.reasons_json``)."""


_WAITING = (
    "FROM claims c JOIN vectors v ON v.kind = 'claim' AND v.item_id = c.id AND v.field = 'text' "
    "WHERE v.model = ? AND v.text_sha1 = sha1_hex(c.text) AND instr(c.reasons, ?) = 0"
)


def _only(ids: Sequence[int] | None) -> tuple[str, tuple[str, ...]]:
    if ids is None:
        return " ORDER BY c.id", ()
    return (
        " AND c.id IN (SELECT value FROM json_each(?)) ORDER BY c.id",
        (json.dumps([int(i) for i in ids]),),
    )


def claim_ids_to_rescore(conn: sqlite3.Connection, model: str, ids: Sequence[int] | None = None) -> list[int]:
    """Ids of the claims with a current vector but no semantic reason yet; only among ``ids`` when given
    (the claims just encoded: no scan of every stored vector)."""
    conn.create_function("sha1_hex", 1, text_sha1, deterministic=True)
    where, params = _only(ids)
    rows = conn.execute("SELECT c.id " + _WAITING + where, (model, SEMANTIC_MARK, *params))
    return [int(r[0]) for r in rows]


def claims_to_rescore(
    conn: sqlite3.Connection, model: str, ids: Sequence[int]
) -> list[tuple[int, str, bytes]]:
    """(claim id, reasons JSON, vector blob) of those of ``ids`` still waiting for their semantic reason."""
    conn.create_function("sha1_hex", 1, text_sha1, deterministic=True)
    where, params = _only(ids)
    rows = conn.execute(
        "SELECT c.id, c.reasons, v.vector " + _WAITING + where, (model, SEMANTIC_MARK, *params)
    )
    return [(int(r[0]), str(r[1]), bytes(r[2])) for r in rows]


def update_scores(conn: sqlite3.Connection, rows: Sequence[tuple[float, int, str, int]]) -> None:
    """Rows of (score, checkworthy, reasons JSON, claim id)."""
    conn.executemany("UPDATE claims SET score = ?, checkworthy = ?, reasons = ? WHERE id = ?", rows)
