"""SQL for verdict reports: the selected claims streamed in batches, with their evidence, sign-off,
notes and events, plus the aggregates a report's summary charts need. Read-only."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReportFilter:
    status: str | None = None
    verdict: str | None = None
    outlet: str | None = None
    reviewer: str | None = None
    story: int | None = None
    since: str | None = None
    """Article publication date on or after (YYYY-MM-DD)."""
    until: str | None = None
    signed_off: bool = False
    include_unreviewed: bool = False

    def describe(self) -> dict[str, str]:
        out = {k: str(v) for k, v in self.__dict__.items() if v not in (None, False)}
        if not self.include_unreviewed:
            out.setdefault("reviewed", "only claims with a verdict")
        return out


def _where(flt: ReportFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if not flt.include_unreviewed:
        where.append("c.verdict IS NOT NULL")
    for column, value in (("c.status", flt.status), ("c.verdict", flt.verdict), ("d.outlet", flt.outlet)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if flt.reviewer:
        where.append("EXISTS (SELECT 1 FROM judgements j WHERE j.claim_id = c.id AND j.reviewer = ?)")
        params.append(flt.reviewer)
    if flt.since:
        where.append("d.published >= ?")
        params.append(flt.since)
    if flt.until:
        where.append("d.published <= ?")
        params.append(flt.until)
    if flt.signed_off:
        where.append("c.final = 1")
    if flt.story is not None:
        where.append("c.id IN (SELECT claim_id FROM story_claims WHERE story_id = ?)")
        params.append(flt.story)
    return (" WHERE " + " AND ".join(where)) if where else "", params


_CLAIM_SQL = (
    "SELECT c.id, c.text, c.score, c.status, c.verdict, c.rationale, c.speaker, c.names, c.final, c.updated_at, "
    "c.proposal_id, d.id, d.outlet, d.title, d.published, d.source, c.summary, c.review_url, d.url, "
    "d.version_of, c.verdict_scale FROM claims c "
    "JOIN documents d ON d.id = c.document_id"
)


def claim_batches(
    conn: sqlite3.Connection, flt: ReportFilter, batch: int = 500
) -> Iterator[list[dict[str, Any]]]:
    """Selected claims in id order, a batch at a time, each with its evidence, judgements, notes and events.

    Batches are read with keyset pagination so no read transaction stays open between them.
    """
    where, params = _where(flt)
    last = 0
    while True:
        clause = (where + " AND" if where else " WHERE") + " c.id > ?"
        rows = conn.execute(f"{_CLAIM_SQL}{clause} ORDER BY c.id LIMIT ?", (*params, last, batch)).fetchall()
        if not rows:
            return
        ids = [r[0] for r in rows]
        marks = ",".join("?" * len(ids))
        evidence: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for e in conn.execute(
            f"SELECT claim_id, id, url, stance, title, status, domain, archive_url, fetched_at, final_url, "
            f"substr(coalesce(main_text, ''), 1, 20000) FROM evidence WHERE claim_id IN ({marks}) "
            "AND removed_at IS NULL ORDER BY id",
            ids,
        ):
            evidence[e[0]].append(e[1:])
        judgements: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for j in conn.execute(
            f"SELECT claim_id, id, reviewer, kind, verdict, proposal_id, created_at, stale_at IS NOT NULL "
            f"FROM judgements WHERE claim_id IN ({marks}) AND withdrawn_at IS NULL ORDER BY id",
            ids,
        ):
            judgements[j[0]].append(j[1:])
        notes: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for n in conn.execute(
            f"SELECT claim_id, author, text, created_at FROM notes WHERE claim_id IN ({marks}) "
            "AND retracted_at IS NULL ORDER BY id",
            ids,
        ):
            notes[n[0]].append(n[1:])
        events: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for ev in conn.execute(
            f"SELECT claim_id, id, ts, actor, action, before, after, hash FROM events WHERE claim_id IN ({marks}) "
            "ORDER BY id",
            ids,
        ):
            events[ev[0]].append(
                {
                    "id": ev[1],
                    "ts": ev[2],
                    "actor": ev[3],
                    "action": ev[4],
                    "before": json.loads(ev[5]) if ev[5] else None,
                    "after": json.loads(ev[6]) if ev[6] else None,
                    "hash": ev[7],
                }
            )
        disagreements: dict[int, list[dict[str, Any]]] = {}
        mentioned: set[int] = set()
        for claim_id, raw in conn.execute(
            f"SELECT sc.claim_id, s.disagreements FROM story_claims sc JOIN stories s ON s.id = sc.story_id "
            f"WHERE sc.claim_id IN ({marks})",
            ids,
        ):
            items = json.loads(raw or "[]")
            disagreements[claim_id] = items
            mentioned.update(int(v.get("claim_id", 0)) for d in items for v in d.get("values", []))
        first: dict[int, dict[str, Any]] = {}
        for doc_id in {int(r[11]) for r in rows if r[19] is not None}:
            first[doc_id] = _first_appearance(conn, doc_id)
        outlets: dict[int, str | None] = {}
        if mentioned:
            wanted = sorted(mentioned)
            for claim_id, outlet in conn.execute(
                f"SELECT c.id, d.outlet FROM claims c JOIN documents d ON d.id = c.document_id "
                f"WHERE c.id IN ({','.join('?' * len(wanted))})",
                wanted,
            ):
                outlets[int(claim_id)] = outlet
        yield [
            {
                "id": r[0],
                "text": r[1],
                "score": r[2],
                "status": r[3],
                "verdict": r[4],
                "rationale": r[5],
                "speaker": r[6],
                "names": json.loads(r[7] or "[]"),
                "final": bool(r[8]),
                "updated_at": r[9],
                "proposal_id": r[10],
                "verdict_scale": r[20],
                "document": {
                    "id": r[11],
                    "outlet": r[12],
                    "title": r[13],
                    "published": r[14],
                    "source": r[15],
                    "url": r[18],
                    "first": first.get(int(r[11])),
                },
                "summary": r[16],
                "review_url": r[17],
                "evidence": evidence.get(r[0], []),
                "judgements": judgements.get(r[0], []),
                "notes": notes.get(r[0], []),
                "events": events.get(r[0], []),
                "disagreements": [
                    {
                        "kind": d.get("kind"),
                        "values": [
                            {**v, "outlet": outlets.get(int(v.get("claim_id", 0)))}
                            for v in d.get("values", [])
                        ],
                    }
                    for d in disagreements.get(r[0], [])
                ],
            }
            for r in rows
        ]
        last = ids[-1]


def _first_appearance(conn: sqlite3.Connection, document_id: int) -> dict[str, Any]:
    """Address and date of the earliest stored version of a document (a changed page's first copy)."""
    row = conn.execute(
        "WITH RECURSIVE chain(id, prev) AS (SELECT id, version_of FROM documents WHERE id = ? "
        "UNION ALL SELECT d.id, d.version_of FROM documents d JOIN chain ON d.id = chain.prev) "
        "SELECT d.url, d.published, d.fetched_at, d.ingested_at FROM chain JOIN documents d ON d.id = chain.id "
        "WHERE chain.prev IS NULL LIMIT 1",
        (document_id,),
    ).fetchone()
    if row is None:
        return {}
    return {"url": row[0], "published": row[1], "seen": (row[2] or row[3] or "")[:10] or None}


def verdict_table(
    conn: sqlite3.Connection, flt: ReportFilter, column: str, top: int = 20
) -> dict[str, dict[str, int]]:
    """Counts per (outlet or speaker, verdict) over the selection; ``""`` for no verdict yet."""
    where, params = _where(flt)
    key = {"outlet": "coalesce(d.outlet, 'unknown')", "speaker": "c.speaker"}[column]
    extra = " AND c.speaker IS NOT NULL" if column == "speaker" else ""
    if extra and not where:
        extra = " WHERE c.speaker IS NOT NULL"
    sql = (
        f"SELECT {key}, coalesce(c.verdict, ''), count(*) FROM claims c JOIN documents d ON d.id = c.document_id"
        f"{where}{extra} GROUP BY 1, 2"
    )
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for name, verdict, n in conn.execute(sql, params):
        table[str(name)][str(verdict)] = int(n)
    ranked = sorted(table.items(), key=lambda kv: -sum(kv[1].values()))[:top]
    return dict(ranked)


def progress(conn: sqlite3.Connection, flt: ReportFilter) -> tuple[int, int]:
    """(claims with a verdict, claims) over the report's selection, so the summary agrees with its list."""
    where, params = _where(flt)
    reviewed, total = conn.execute(
        "SELECT coalesce(sum(c.verdict IS NOT NULL), 0), count(*) FROM claims c "
        f"JOIN documents d ON d.id = c.document_id{where}",
        params,
    ).fetchone()
    return int(reviewed), int(total)
