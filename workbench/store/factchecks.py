"""SQL for others' fact-checks, their imports, and the sentence vectors of claims and fact-checks."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.text.factcheck_formats import FactCheckItem


@dataclass(frozen=True, slots=True)
class FactCheckRow:
    id: int
    import_id: int
    claim: str
    title: str | None
    rating: str | None
    url: str | None
    publisher: str | None
    published: str | None
    language: str | None
    source: str


_COLUMNS = (
    "f.id, f.import_id, f.claim, f.title, f.rating, f.url, f.publisher, f.published, f.language, i.source"
)


def import_by_sha(conn: sqlite3.Connection, sha256: str) -> tuple[int, str] | None:
    row = conn.execute("SELECT id, imported_at FROM factcheck_imports WHERE sha256 = ?", (sha256,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def add_import(
    conn: sqlite3.Connection,
    *,
    source: str,
    sha256: str,
    fmt: str,
    items: Sequence[FactCheckItem],
    ts: str,
    actor: str,
) -> tuple[int, int]:
    """(import id, items added); items already stored from another import are skipped."""
    cursor = conn.execute(
        "INSERT INTO factcheck_imports (source, sha256, format, items, imported_at, imported_by) "
        "VALUES (?, ?, ?, 0, ?, ?)",
        (source, sha256, fmt, ts, actor),
    )
    import_id = int(cursor.lastrowid or 0)
    added = 0
    for item in items:
        cur = conn.execute(
            "INSERT OR IGNORE INTO factchecks (import_id, item_key, claim, title, rating, url, publisher, "
            "published, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                import_id,
                item.key,
                item.claim,
                item.title,
                item.rating,
                item.url,
                item.publisher,
                item.date,
                item.language,
            ),
        )
        added += cur.rowcount
    conn.execute("UPDATE factcheck_imports SET items = ? WHERE id = ?", (added, import_id))
    return import_id, added


def list_factchecks(conn: sqlite3.Connection, limit: int | None = None) -> list[FactCheckRow]:
    sql = f"SELECT {_COLUMNS} FROM factchecks f JOIN factcheck_imports i ON i.id = f.import_id ORDER BY f.id"
    params: tuple[int, ...] = ()
    if limit is not None:
        sql += " LIMIT ?"
        params = (limit,)
    return [FactCheckRow(*r) for r in conn.execute(sql, params)]


def factchecks_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, FactCheckRow]:
    wanted = list(ids)
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM factchecks f JOIN factcheck_imports i ON i.id = f.import_id "
        f"WHERE f.id IN ({marks})",
        wanted,
    )
    return {int(r[0]): FactCheckRow(*r) for r in rows}


def bm25_factchecks(conn: sqlite3.Connection, query: str, k: int) -> dict[int, float]:
    if not query:
        return {}
    rows = conn.execute(
        "SELECT rowid, bm25(factchecks_fts) FROM factchecks_fts WHERE factchecks_fts MATCH ? "
        "ORDER BY bm25(factchecks_fts) LIMIT ?",
        (query, k),
    )
    return {int(r[0]): float(r[1]) for r in rows}


RANKED_ALONE_FROM = 0.05
"""Share of claims with a verdict from which ``bm25_reviewed_claims`` ranks in the FTS index alone first."""
RANKED_ALONE_MAX = 2000
"""At most this many best matches are ranked alone and then checked for a verdict."""


def bm25_reviewed_claims(
    conn: sqlite3.Connection, query: str, k: int, reviewed_share: float | None = None
) -> dict[int, float]:
    """Claims with a verdict matching the FTS5 query (sqlite-utils' claims_fts), bm25 lower is better.

    FTS5 computes bm25() for every matching row whatever the LIMIT; joining claims inside that query
    to test the verdict also reads every matching claim's row (at 1M claims about 40% of the time).
    When ``reviewed_share`` (claims with a verdict / all claims) is given and not small, the best
    ``2k / reviewed_share`` matches are ranked in the index alone and only those are tested: the
    first ``k`` reviewed among them are the answer. Fewer than ``k`` there, the joined query decides.
    Ranking every match is what remains; matching only the query's rarest words would rank fewer but
    lost real matches at 1M (up to 42 of the best 50 when their document frequencies summed to 20k).
    """
    if not query:
        return {}
    if reviewed_share is not None and reviewed_share >= RANKED_ALONE_FROM:
        fetch = min(RANKED_ALONE_MAX, math.ceil(2 * k / min(1.0, reviewed_share)))
        ranked = conn.execute(
            "SELECT rowid, bm25(claims_fts) FROM claims_fts WHERE claims_fts MATCH ? "
            "ORDER BY bm25(claims_fts) LIMIT ?",
            (query, fetch),
        ).fetchall()
        reviewed = {
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM claims WHERE id IN (SELECT value FROM json_each(?)) AND verdict IS NOT NULL",
                (json.dumps([int(r[0]) for r in ranked]),),
            )
        }
        kept = [(int(r[0]), float(r[1])) for r in ranked if int(r[0]) in reviewed]
        if len(kept) >= k or len(ranked) < fetch:
            return dict(kept[:k])
    rows = conn.execute(
        "SELECT c.id, bm25(claims_fts) FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
        "WHERE claims_fts MATCH ? AND c.verdict IS NOT NULL ORDER BY bm25(claims_fts) LIMIT ?",
        (query, k),
    )
    return {int(r[0]): float(r[1]) for r in rows}


@dataclass(frozen=True, slots=True)
class JudgedClaim:
    """One of our claims with its verdict: who gave it (the standing proposal's author) and when."""

    id: int
    document_id: int
    text: str
    outlet: str | None
    verdict: str | None
    verdict_scale: str | None
    who: str | None
    when: str | None


def judged_claims(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, JudgedClaim]:
    wanted = list(ids)
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        "SELECT c.id, c.document_id, c.text, d.outlet, c.verdict, c.verdict_scale, "
        "coalesce(j.reviewer, c.updated_by), coalesce(j.created_at, c.updated_at) "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        f"LEFT JOIN judgements j ON j.id = c.proposal_id WHERE c.id IN ({marks})",
        wanted,
    )
    return {int(r[0]): JudgedClaim(int(r[0]), int(r[1]), *r[2:]) for r in rows}


def vector_count(conn: sqlite3.Connection, model: str, kind: str | None = None) -> int:
    """How many vectors of ``model`` are stored (of one kind): the in-process indexes' freshness key."""
    if kind is None:
        row = conn.execute("SELECT count(*) FROM vectors WHERE model = ?", (model,)).fetchone()
    else:
        row = conn.execute(
            "SELECT count(*) FROM vectors WHERE model = ? AND kind = ?", (model, kind)
        ).fetchone()
    return int(row[0])


def claims_without_vector(conn: sqlite3.Connection, model: str, above: int = 0) -> int:
    """Claims with an id above ``above`` (0: all, a full scan) with no vector of this model."""
    row = conn.execute(
        "SELECT count(*) FROM claims c LEFT JOIN vectors v ON v.kind = 'claim' AND v.item_id = c.id "
        "AND v.field = 'text' AND v.model = ? WHERE c.id > ? AND v.item_id IS NULL",
        (model, above),
    ).fetchone()
    return int(row[0])


def factcheck_texts_without_vector(conn: sqlite3.Connection, model: str, above: int = 0) -> int:
    """Imported fact-checks' claims and titles (ids above ``above``; 0: all) with no vector of this model
    (a large import leaves them to the background filling)."""
    row = conn.execute(
        "SELECT (SELECT count(*) FROM factchecks f WHERE f.id > ?2 AND NOT EXISTS (SELECT 1 FROM vectors v "
        "WHERE v.kind = 'factcheck' AND v.item_id = f.id AND v.field = 'text' AND v.model = ?1)) + "
        "(SELECT count(*) FROM factchecks f WHERE f.id > ?2 AND f.title IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM vectors v WHERE v.kind = 'factcheck' AND v.item_id = f.id AND v.field = 'title' "
        "AND v.model = ?1))",
        (model, above),
    ).fetchone()
    return int(row[0])


def claim_vector_model(conn: sqlite3.Connection) -> tuple[str, int] | None:
    """The model most claims have a vector of, and how many (None when no claim has one)."""
    row = conn.execute(
        "SELECT model, count(*) FROM vectors WHERE kind = 'claim' AND field = 'text' GROUP BY model "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return None if row is None else (str(row[0]), int(row[1]))


def claim_vectors_after(conn: sqlite3.Connection, claim_id: int) -> bool:
    """Whether any claim with an id above ``claim_id`` has a vector (new claims usually have none yet)."""
    row = conn.execute(
        "SELECT 1 FROM vectors WHERE kind = 'claim' AND field = 'text' AND item_id > ? LIMIT 1", (claim_id,)
    ).fetchone()
    return row is not None


def claim_vectors(conn: sqlite3.Connection, model: str) -> list[tuple[int, int, bytes]]:
    """(claim id, document id, blob) of every claim's current vector, in claim id order."""
    rows = conn.execute(
        "SELECT c.id, c.document_id, v.vector FROM vectors v JOIN claims c ON c.id = v.item_id "
        "WHERE v.kind = 'claim' AND v.field = 'text' AND v.model = ? ORDER BY c.id",
        (model,),
    )
    return [(int(r[0]), int(r[1]), bytes(r[2])) for r in rows]


@dataclass(frozen=True, slots=True)
class ToEncode:
    """Texts whose vector is missing or stale, and how far each id range was looked through."""

    texts: list[tuple[str, int, str, str]]
    """(kind, id, field, text), claims first, each kind in id order."""
    claims_through: int | None
    """Every claim above the scan's start and at or below this id that needed a vector is in ``texts``;
    None: all of them (the scan reached the end)."""
    factchecks_through: int | None
    """Likewise for fact-checks (their start when the limit ran out on claims)."""


def texts_to_encode(
    conn: sqlite3.Connection,
    model: str,
    *,
    all_claims: bool = False,
    limit: int | None = None,
    claims_above: int = 0,
    factchecks_above: int = 0,
) -> ToEncode:
    """Reviewed claims (every claim with ``all_claims``) with an id above ``claims_above`` and fact-check
    texts with an id above ``factchecks_above`` whose vector is missing or stale, in id order (the first
    ``limit`` found). With both at 0 every text is hashed: the full scan."""
    conn.create_function("sha1_hex", 1, text_sha1, deterministic=True)
    budget = -1 if limit is None else max(0, limit)
    which = "" if all_claims else " AND c.verdict IS NOT NULL"
    claims = [
        ("claim", int(r[0]), "text", str(r[1]))
        for r in conn.execute(
            f"""
            SELECT c.id, c.text FROM claims c
            LEFT JOIN vectors v ON v.kind = 'claim' AND v.item_id = c.id AND v.field = 'text'
            WHERE c.id > ?{which} AND (v.vector IS NULL OR v.model != ? OR v.text_sha1 != sha1_hex(c.text))
            ORDER BY c.id LIMIT ?
            """,
            (claims_above, model, budget),
        )
    ]
    if budget >= 0 and len(claims) >= budget:
        return ToEncode(claims[:budget], claims[-1][1] if claims else claims_above, factchecks_above)
    left = -1 if budget < 0 else budget - len(claims)
    rows = conn.execute(
        """
        SELECT id, claim, title, text_stale, title_stale FROM (
            SELECT f.id, f.claim, f.title,
                vt.vector IS NULL OR vt.model != ?1 OR vt.text_sha1 != sha1_hex(f.claim) AS text_stale,
                f.title IS NOT NULL AND (vh.vector IS NULL OR vh.model != ?1
                    OR vh.text_sha1 != sha1_hex(coalesce(f.title, ''))) AS title_stale
            FROM factchecks f
            LEFT JOIN vectors vt ON vt.kind = 'factcheck' AND vt.item_id = f.id AND vt.field = 'text'
            LEFT JOIN vectors vh ON vh.kind = 'factcheck' AND vh.item_id = f.id AND vh.field = 'title'
            WHERE f.id > ?2
        )
        WHERE text_stale OR title_stale ORDER BY id LIMIT ?3
        """,
        (model, factchecks_above, left),
    ).fetchall()
    texts = list(claims)
    through: int | None = None if left < 0 or len(rows) < left else factchecks_above
    for fc_id, claim, title, text_stale, title_stale in rows:
        wanted = [("factcheck", int(fc_id), "text", str(claim))] if text_stale else []
        if title_stale:
            wanted.append(("factcheck", int(fc_id), "title", str(title)))
        if limit is not None and len(texts) + len(wanted) > limit:
            texts.extend(wanted[: limit - len(texts)])
            through = int(fc_id) - 1  # this fact-check only in part
            break
        texts.extend(wanted)
        if through is not None:
            through = int(fc_id)  # the limit may cut the scan after it
    return ToEncode(texts, None, through)


def store_vectors(
    conn: sqlite3.Connection, model: str, rows: Sequence[tuple[str, int, str, str, bytes]]
) -> None:
    """Rows of (kind, id, field, text_sha1, blob); bumps the vectors' generation (inside the write unit).

    An upsert, not INSERT OR REPLACE: under recursive triggers a replace fires the vector marks' DELETE
    trigger (db/0017), which would lower the marks on every re-encoded text."""
    conn.executemany(
        "INSERT INTO vectors (kind, item_id, field, model, text_sha1, vector) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, item_id, field) DO UPDATE SET model = excluded.model, "
        "text_sha1 = excluded.text_sha1, vector = excluded.vector",
        [(k, i, f, model, h, b) for k, i, f, h, b in rows],
    )
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('vectors_generation', ?)",
        (str(vector_generation(conn) + 1),),
    )


def vector_generation(conn: sqlite3.Connection) -> int:
    """Changes whenever vectors are stored, re-encoded ones included (the vector count does not): the
    freshness key of the indexes built from them."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'vectors_generation'").fetchone()
    return 0 if row is None else int(row[0])


def reviewed_state(conn: sqlite3.Connection) -> tuple[int, int]:
    """How many claims have a verdict, and the sum of their ids (from the verdict index): a change says
    the reviewed claims' vectors are another set."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(id), 0) FROM claims WHERE verdict IS NOT NULL"
    ).fetchone()
    return int(row[0]), int(row[1])


def load_vectors(conn: sqlite3.Connection, model: str) -> list[tuple[str, int, bytes]]:
    """(kind, id, blob) of every current vector of reviewed claims and fact-checks (all fields)."""
    rows = conn.execute(
        "SELECT v.kind, v.item_id, v.vector FROM vectors v "
        "LEFT JOIN claims c ON v.kind = 'claim' AND c.id = v.item_id "
        "WHERE v.model = ? AND (v.kind = 'factcheck' OR c.verdict IS NOT NULL) ORDER BY v.kind, v.item_id",
        (model,),
    )
    return [(str(r[0]), int(r[1]), bytes(r[2])) for r in rows]


FACTCHECK_FIELDS = ("item_key", "claim", "title", "rating", "url", "publisher", "published", "language")
"""The stored fields of one fact-check that an import's digest covers (with its id)."""


def digest(rows: Iterable[Sequence[Any]]) -> str:
    """SHA-256 over one canonical JSON line per fact-check (its id, then ``FACTCHECK_FIELDS``), in id order."""
    h = hashlib.sha256()
    for row in rows:
        h.update(
            json.dumps(list(row), ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
        )
        h.update(b"\n")
    return h.hexdigest()


def import_rows(conn: sqlite3.Connection, import_id: int) -> list[tuple[Any, ...]]:
    """(id, *FACTCHECK_FIELDS) of the fact-checks one import added, in id order."""
    columns = ", ".join(FACTCHECK_FIELDS)
    return [
        tuple(r)
        for r in conn.execute(
            f"SELECT id, {columns} FROM factchecks WHERE import_id = ? ORDER BY id", (import_id,)
        )
    ]


def iter_rows_by_import(conn: sqlite3.Connection, schema: str = "main") -> Iterator[tuple[Any, ...]]:
    """(import_id, id, *FACTCHECK_FIELDS) of every fact-check, in (import, id) order."""
    columns = ", ".join(FACTCHECK_FIELDS)
    yield from conn.execute(
        f"SELECT import_id, id, {columns} FROM {schema}.factchecks ORDER BY import_id, id"
    )


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
