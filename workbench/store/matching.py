"""SQL for cross-outlet matching: the claims matching reads, and the stories, names and decisions it keeps."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from workbench.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: int
    title: str
    strength: str
    outlets: list[str]
    disagreements: list[dict[str, Any]]
    agreements: list[dict[str, Any]]
    claim_ids: list[int]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "claims": self.claim_ids,
            "outlets": self.outlets,
            "strength": self.strength,
            "disagreements": self.disagreements,
            "agreements": self.agreements,
        }


@dataclass(frozen=True, slots=True)
class NameRow:
    id: int
    name: str
    kind: str
    variants: list[str]
    documents: int
    mentions: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "variants": self.variants,
            "documents": self.documents,
            "mentions": self.mentions,
            "kind": self.kind,
        }


_MATCH_SELECT = (
    "SELECT c.id, c.document_id, d.outlet, d.published, c.text, c.quantities, c.dates, c.names, c.speaker, "
    "c.verdict FROM claims c JOIN documents d ON d.id = c.document_id"
)


def claim_row(conn: sqlite3.Connection, claim_id: int) -> tuple[Any, ...] | None:
    row = conn.execute(_MATCH_SELECT + " WHERE c.id = ?", (claim_id,)).fetchone()
    return None if row is None else tuple(row)


def claim_rows(
    conn: sqlite3.Connection, batch: int = 5000, *, reviewed_only: bool = False
) -> Iterator[tuple[Any, ...]]:
    """(id, document_id, outlet, published, text, quantities, dates, names, speaker, verdict) in id order."""
    last = 0
    extra = " AND c.verdict IS NOT NULL" if reviewed_only else ""
    while True:
        rows = conn.execute(
            _MATCH_SELECT + f" WHERE c.id > ?{extra} ORDER BY c.id LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def claim_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])


def decisions(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return [
        (str(r[0]), str(r[1]), str(r[2]))
        for r in conn.execute("SELECT kind, a, b FROM match_decisions ORDER BY id")
    ]


def add_decision(conn: sqlite3.Connection, kind: str, a: str, b: str, actor: str, ts: str) -> int:
    cursor = conn.execute(
        "INSERT INTO match_decisions (kind, a, b, actor, created_at) VALUES (?, ?, ?, ?, ?)",
        (kind, a, b, actor, ts),
    )
    return int(cursor.lastrowid or 0)


def replace_results(
    conn: sqlite3.Connection,
    stories: list[dict[str, Any]],
    names: list[dict[str, Any]],
    speakers: list[dict[str, Any]],
    ts: str,
) -> None:
    """Swap in a new matching run (inside the caller's write unit)."""
    conn.execute("DELETE FROM story_claims")
    conn.execute("DELETE FROM stories")
    conn.execute("DELETE FROM names")
    conn.execute("DELETE FROM speaker_links")
    conn.executemany(
        "INSERT INTO stories (id, title, strength, outlets, disagreements, agreements, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s["id"],
                s["title"],
                s["strength"],
                json.dumps(s["outlets"], ensure_ascii=False),
                json.dumps(s["disagreements"], ensure_ascii=False),
                json.dumps(s["agreements"], ensure_ascii=False),
                ts,
            )
            for s in stories
        ],
    )
    conn.executemany(
        "INSERT INTO story_claims (claim_id, story_id) VALUES (?, ?)",
        [(claim_id, s["id"]) for s in stories for claim_id in s["claims"]],
    )
    conn.executemany(
        "INSERT INTO names (id, name, kind, variants, documents, mentions) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                n["id"],
                n["name"],
                n["kind"],
                json.dumps(n["variants"], ensure_ascii=False),
                n["documents"],
                n["mentions"],
            )
            for n in names
        ],
    )
    conn.executemany(
        "INSERT INTO speaker_links (speaker, claim_ids, outlets) VALUES (?, ?, ?)",
        [
            (s["speaker"], json.dumps(s["claims"]), json.dumps(s["outlets"], ensure_ascii=False))
            for s in speakers
        ],
    )


def _story(conn: sqlite3.Connection, row: tuple[Any, ...]) -> StoryRow:
    claim_ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT claim_id FROM story_claims WHERE story_id = ? ORDER BY claim_id", (row[0],)
        )
    ]
    return StoryRow(
        int(row[0]), row[1], row[2], json.loads(row[3]), json.loads(row[4]), json.loads(row[5]), claim_ids
    )


_STORY = "SELECT id, title, strength, outlets, disagreements, agreements FROM stories"


def existing_stories(conn: sqlite3.Connection) -> list[StoryRow]:
    return [_story(conn, r) for r in conn.execute(_STORY + " ORDER BY id").fetchall()]


def story(conn: sqlite3.Connection, story_id: int) -> StoryRow:
    row = conn.execute(_STORY + " WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no story with id {story_id}")
    return _story(conn, row)


def story_of_claim(conn: sqlite3.Connection, claim_id: int) -> StoryRow | None:
    row = conn.execute(
        _STORY + " WHERE id = (SELECT story_id FROM story_claims WHERE claim_id = ?)", (claim_id,)
    ).fetchone()
    return None if row is None else _story(conn, row)


def stories(conn: sqlite3.Connection, limit: int | None = None) -> list[StoryRow]:
    sql = _STORY + " s ORDER BY (SELECT count(*) FROM story_claims c WHERE c.story_id = s.id) DESC, s.id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_story(conn, r) for r in conn.execute(sql).fetchall()]


def names(conn: sqlite3.Connection, limit: int | None = None) -> list[NameRow]:
    sql = "SELECT id, name, kind, variants, documents, mentions FROM names ORDER BY documents DESC, mentions DESC, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [NameRow(int(r[0]), r[1], r[2], json.loads(r[3]), int(r[4]), int(r[5])) for r in conn.execute(sql)]


def speaker_link_of_claim(conn: sqlite3.Connection, claim_id: int) -> tuple[str, list[int], list[str]] | None:
    row = conn.execute(
        "SELECT s.speaker, s.claim_ids, s.outlets FROM speaker_links s, json_each(s.claim_ids) j "
        "WHERE j.value = ? LIMIT 1",
        (claim_id,),
    ).fetchone()
    if row is None:
        return None
    return str(row[0]), [int(i) for i in json.loads(row[1])], list(json.loads(row[2]))


def claim_texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, str | None, str | None]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT c.id, c.text, d.outlet, c.verdict FROM claims c JOIN documents d ON d.id = c.document_id "
        f"WHERE c.id IN ({marks})",
        ids,
    ).fetchall()
    return {int(r[0]): (str(r[1]), r[2], r[3]) for r in rows}
