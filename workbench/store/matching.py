"""SQL for cross-outlet matching: the claims matching reads, and the stories, names and decisions it keeps."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
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
    conn: sqlite3.Connection, batch: int = 5000, *, reviewed_only: bool = False, after: int = 0
) -> Iterator[tuple[Any, ...]]:
    """(id, document_id, outlet, published, text, quantities, dates, names, speaker, verdict) in id order,
    of the claims with ids above ``after``."""
    last = after
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


@dataclass(frozen=True, slots=True)
class ClusterRecord:
    """A name or speaker cluster as stored: enough for later mentions to join it."""

    id: int
    name: str
    kind: str
    variants: list[str]
    variant_counts: list[int]
    document_ids: list[int]
    mentions: int
    outlets: list[str] = field(default_factory=list)


_CLUSTER_COLUMNS = {
    "names": "id, name, kind, variants, variant_counts, document_ids, documents, mentions",
    "speakers": "id, name, kind, variants, variant_counts, document_ids, documents, mentions, outlets",
}


def _cluster_values(table: str, c: ClusterRecord) -> tuple[Any, ...]:
    values = (
        c.id,
        c.name,
        c.kind,
        json.dumps(c.variants, ensure_ascii=False),
        json.dumps(c.variant_counts),
        json.dumps(c.document_ids),
        len(c.document_ids),
        c.mentions,
    )
    return (*values, json.dumps(c.outlets, ensure_ascii=False)) if table == "speakers" else values


def write_clusters(
    conn: sqlite3.Connection, table: str, clusters: list[ClusterRecord], removed: Iterable[int] = ()
) -> None:
    """Insert or replace name (``table="names"``) or speaker clusters; drop ``removed`` ids."""
    columns = _CLUSTER_COLUMNS[table]
    marks = ", ".join("?" * len(columns.split(",")))
    gone = [(i,) for i in removed]
    if table == "speakers" and gone:
        conn.executemany("DELETE FROM speaker_claims WHERE speaker_id = ?", gone)
    conn.executemany(f"DELETE FROM {table} WHERE id = ?", gone)
    conn.executemany(
        f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})",
        [_cluster_values(table, c) for c in clusters],
    )


def clusters(conn: sqlite3.Connection, table: str) -> list[ClusterRecord]:
    """Every stored name or speaker cluster (the state incremental matching starts from)."""
    out = []
    for row in conn.execute(f"SELECT {_CLUSTER_COLUMNS[table]} FROM {table} ORDER BY id"):
        out.append(
            ClusterRecord(
                id=int(row[0]),
                name=row[1],
                kind=row[2],
                variants=json.loads(row[3]),
                variant_counts=json.loads(row[4]),
                document_ids=json.loads(row[5]),
                mentions=int(row[7]),
                outlets=json.loads(row[8]) if table == "speakers" else [],
            )
        )
    return out


def write_stories(
    conn: sqlite3.Connection, stories: list[dict[str, Any]], ts: str, removed: Iterable[int] = ()
) -> None:
    """Insert or replace stories with their claims; drop ``removed`` story ids (merged into others)."""
    touched = [(s["id"],) for s in stories] + [(i,) for i in removed]
    conn.executemany("DELETE FROM story_claims WHERE story_id = ?", touched)
    conn.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in removed])
    conn.executemany(
        "INSERT OR REPLACE INTO stories (id, title, strength, outlets, disagreements, agreements, updated_at) "
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
        "INSERT OR REPLACE INTO story_claims (claim_id, story_id) VALUES (?, ?)",
        [(claim_id, s["id"]) for s in stories for claim_id in s["claims"]],
    )


def add_match_keys(
    conn: sqlite3.Connection,
    doc_places: Iterable[tuple[int, list[str]]],
    events: Iterable[tuple[str, str, int, int]],
    speaker_claims: Iterable[tuple[int, int]],
    words: Iterable[tuple[str, int]] = (),
    copies: Iterable[tuple[int, int]] = (),
) -> None:
    """Store what later claims are matched against: document settings, (event, place, day, claim) keys,
    which speaker cluster each claim's speaker joined, how many more claims hold each word, and each
    claim's (text hash, id)."""
    conn.executemany(
        "INSERT INTO match_words (word, df) VALUES (?, ?) ON CONFLICT (word) DO UPDATE SET df = df + excluded.df",
        words,
    )
    conn.executemany("INSERT OR IGNORE INTO match_copies (text_hash, claim_id) VALUES (?, ?)", copies)
    conn.executemany(
        "INSERT OR REPLACE INTO match_documents (document_id, places) VALUES (?, ?)",
        [(doc, json.dumps(places, ensure_ascii=False)) for doc, places in doc_places],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO match_events (event, place, day, claim_id) VALUES (?, ?, ?, ?)", events
    )
    conn.executemany(
        "INSERT OR REPLACE INTO speaker_claims (claim_id, speaker_id) VALUES (?, ?)", speaker_claims
    )


def replace_results(
    conn: sqlite3.Connection,
    stories: list[dict[str, Any]],
    names: list[ClusterRecord],
    speakers: list[ClusterRecord],
    ts: str,
) -> None:
    """Clear every matching result for a full run (inside the caller's write unit); the caller then
    adds the match keys (``add_match_keys``) and sets the match state."""
    for table in (
        "story_claims",
        "stories",
        "names",
        "speaker_claims",
        "speakers",
        "match_events",
        "match_words",
        "match_copies",
    ):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM match_documents")
    write_stories(conn, stories, ts)
    write_clusters(conn, "names", names)
    write_clusters(conn, "speakers", speakers)


MatchState = tuple[int | None, int]
"""(highest claim id matched, or None before the first full run; generation, bumped by every write)."""


def match_state(conn: sqlite3.Connection) -> MatchState:
    rows = dict(
        conn.execute("SELECT key, value FROM meta WHERE key IN ('match_through', 'match_generation')")
    )
    through = rows.get("match_through")
    return (int(through) if through is not None else None), int(rows.get("match_generation", 0))


def set_match_state(conn: sqlite3.Connection, through: int) -> None:
    """Record the highest claim id matched and bump the generation (inside the write unit)."""
    _, generation = match_state(conn)
    conn.executemany(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
        [("match_through", str(through)), ("match_generation", str(generation + 1))],
    )


def bump_generation(conn: sqlite3.Connection) -> None:
    """Say stored matching results changed without new claims being matched (a reviewer's decision)."""
    _, generation = match_state(conn)
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('match_generation', ?)", (str(generation + 1),)
    )


def max_claim_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM claims").fetchone()[0])


def max_story_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()[0])


def _fts_phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def token_hits(conn: sqlite3.Connection, token: str, through: int, limit: int) -> list[int]:
    """Ids of matched claims (id <= ``through``) containing ``token`` (a word, or words as a phrase),
    newest first, at most ``limit``."""
    try:
        rows = conn.execute(
            "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? AND rowid <= ? ORDER BY rowid DESC LIMIT ?",
            (_fts_phrase(token), through, limit),
        ).fetchall()
    except sqlite3.OperationalError:  # a token FTS5 cannot parse as a phrase: no candidates from it
        return []
    return [int(r[0]) for r in rows]


def word_counts(conn: sqlite3.Connection, words: Iterable[str]) -> dict[str, int]:
    """How many matched claims hold each of ``words`` (absent: none)."""
    return {
        str(w): int(df)
        for w, df in _rows_in(conn, "SELECT word, df FROM match_words WHERE word IN ({})", words)
    }


def copies_of(conn: sqlite3.Connection, text_hash: int, through: int, limit: int) -> list[int]:
    """Matched claims whose sorted words hash to ``text_hash`` (exact copies)."""
    rows = conn.execute(
        "SELECT claim_id FROM match_copies WHERE text_hash = ? AND claim_id <= ? LIMIT ?",
        (text_hash, through, limit),
    )
    return [int(r[0]) for r in rows]


def event_hits(
    conn: sqlite3.Connection,
    event: str,
    place: str,
    day: int | None,
    days: int,
    unknown: int,
    through: int,
    limit: int,
) -> list[int]:
    """Matched claims (id <= ``through``) keyed (``event``, ``place``) within ``days`` of ``day``, or of
    unknown day (stored as ``unknown``); any day when ``day`` is None."""
    sql = "SELECT claim_id FROM match_events WHERE event = ? AND place = ? AND claim_id <= ?"
    if day is None:
        rows = conn.execute(sql + " LIMIT ?", (event, place, through, limit)).fetchall()
    else:
        rows = conn.execute(
            sql + " AND (day BETWEEN ? AND ? OR day = ?) LIMIT ?",
            (event, place, through, day - days, day + days, unknown, limit),
        ).fetchall()
    return [int(r[0]) for r in rows]


def claim_rows_by_id(conn: sqlite3.Connection, ids: Iterable[int]) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in _rows_in(conn, _MATCH_SELECT + " WHERE c.id IN ({})", ids)]


def claim_text_rows(conn: sqlite3.Connection, ids: Iterable[int]) -> list[tuple[int, str]]:
    """(id, text) of these claims."""
    return [(int(i), str(t)) for i, t in _rows_in(conn, "SELECT id, text FROM claims WHERE id IN ({})", ids)]


def document_places(conn: sqlite3.Connection, doc_ids: Iterable[int]) -> dict[int, frozenset[str]]:
    sql = "SELECT document_id, places FROM match_documents WHERE document_id IN ({})"
    return {int(doc): frozenset(json.loads(places)) for doc, places in _rows_in(conn, sql, doc_ids)}


def stories_of(conn: sqlite3.Connection, claim_ids: Iterable[int]) -> dict[int, int]:
    """claim id -> story id, for those of ``claim_ids`` in a story."""
    sql = "SELECT claim_id, story_id FROM story_claims WHERE claim_id IN ({})"
    return {int(claim): int(story) for claim, story in _rows_in(conn, sql, claim_ids)}


def _rows_in(conn: sqlite3.Connection, sql: str, keys: Iterable[Any], batch: int = 500) -> Iterator[Any]:
    """The rows of ``sql``, whose ``{}`` is an IN list, over ``keys`` (``batch`` at a time: SQLite caps
    the number of parameters)."""
    wanted = sorted(set(keys))
    for lo in range(0, len(wanted), batch):
        chunk = wanted[lo : lo + batch]
        yield from conn.execute(sql.format(",".join("?" * len(chunk))), chunk)


def story_members(conn: sqlite3.Connection, story_ids: Iterable[int]) -> dict[int, tuple[str, list[int]]]:
    """story id -> (strength, claim ids)."""
    out: dict[int, tuple[str, list[int]]] = {}
    for story_id in sorted(set(story_ids)):
        row = conn.execute("SELECT strength FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is not None:
            members = conn.execute(
                "SELECT claim_id FROM story_claims WHERE story_id = ? ORDER BY claim_id", (story_id,)
            )
            out[story_id] = (str(row[0]), [int(r[0]) for r in members])
    return out


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
    """Names seen in two or more documents (the clusters kept for one document are matching state)."""
    sql = (
        "SELECT id, name, kind, variants, documents, mentions FROM names WHERE documents >= 2 "
        "ORDER BY documents DESC, mentions DESC, id"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [NameRow(int(r[0]), r[1], r[2], json.loads(r[3]), int(r[4]), int(r[5])) for r in conn.execute(sql)]


SPEAKER_KINDS = "('PERSON', 'ORG')"
"""Speakers shown as links: people and organisations (the text layer's ``speakers.LINKED_KINDS``)."""


def speaker_link_of_claim(conn: sqlite3.Connection, claim_id: int) -> tuple[str, list[int], list[str]] | None:
    """(speaker, claim ids, outlets) when this claim's speaker is quoted in two or more documents."""
    row = conn.execute(
        "SELECT s.id, s.name, s.outlets FROM speaker_claims sc JOIN speakers s ON s.id = sc.speaker_id "
        f"WHERE sc.claim_id = ? AND s.documents >= 2 AND s.kind IN {SPEAKER_KINDS}",
        (claim_id,),
    ).fetchone()
    if row is None:
        return None
    ids = [
        int(r[0])
        for r in conn.execute(
            "SELECT claim_id FROM speaker_claims WHERE speaker_id = ? ORDER BY claim_id", (row[0],)
        )
    ]
    return str(row[1]), ids, list(json.loads(row[2]))


def speaker_link_count(conn: sqlite3.Connection) -> int:
    return int(
        conn.execute(
            f"SELECT count(*) FROM speakers WHERE documents >= 2 AND kind IN {SPEAKER_KINDS}"
        ).fetchone()[0]
    )


def name_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM names WHERE documents >= 2").fetchone()[0])


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
