"""The state the events produce, kept in temporary tables beside the real ones.

Temporary tables live in the connection's own temp database (a private file SQLite pages to disk),
so memory stays bounded however many rows are replayed, and the comparison is a join the database
runs in id order. They are created inside verify's read transaction and vanish with its rollback.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from workbench.store.claim_sets import ids_of


@dataclass(frozen=True)
class Table:
    """A real table the replay reproduces: which columns it proves, and their defaults for a new row."""

    name: str
    columns: tuple[str, ...]
    types: dict[str, str]
    defaults: dict[str, Any]
    key: str = "id"
    where: str = ""
    """Restricts the real rows compared (the settings among ``meta``)."""

    @property
    def shadow(self) -> str:
        return f"temp.replay_{self.name}"

    def ddl(self) -> str:
        key_type = "TEXT" if self.key != "id" else "INTEGER"
        cols = [f"{self.key} {key_type} PRIMARY KEY"]
        for column in self.columns:
            default = self.defaults.get(column)
            cols.append(
                f'"{column}" {self.types.get(column, "TEXT")}'
                + ("" if default is None else f" DEFAULT {_literal(default)}")
            )
        cols.append("event INTEGER")
        return f"CREATE TEMP TABLE replay_{self.name} ({', '.join(cols)})"


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(int(value))


def _types(integers: str) -> dict[str, str]:
    return {c: "INTEGER" for c in integers.split()}


CLAIMS = Table(
    "claims",
    (
        "status",
        "triage",
        "verdict",
        "rationale",
        "flagged",
        "proposal_id",
        "version",
        "updated_by",
        "updated_at",
        "summary",
        "review_url",
    ),
    _types("flagged proposal_id version"),
    {"status": "unreviewed", "flagged": 0, "version": 1},
)
DOCUMENTS = Table(
    "documents",
    (
        "sha256",
        "source",
        "outlet",
        "title",
        "published",
        "chars",
        "extractor",
        "ingested_by",
        "ingested_at",
        "url",
        "version_of",
        "version",
    ),
    _types("chars version_of version"),
    {"version": 1},
)
REVIEWERS = Table(
    "reviewers", ("name", "role", "created_at", "os_user", "version"), _types("version"), {"version": 1}
)
REVIEWER_KEYS = Table(
    "reviewer_keys",
    ("reviewer_id", "public_key", "fingerprint", "added_at", "removed_at"),
    _types("reviewer_id"),
    {},
)
NOTES = Table(
    "notes",
    ("claim_id", "author", "text", "created_at", "retracted_at", "retracted_by"),
    _types("claim_id"),
    {},
)
EVIDENCE = Table(
    "evidence",
    (
        "claim_id",
        "url",
        "stance",
        "quote",
        "note",
        "status",
        "http_status",
        "final_url",
        "title",
        "content_type",
        "byte_size",
        "sha256",
        "quote_found",
        "archive_url",
        "archive_ts",
        "domain",
        "fetched_at",
        "error",
        "added_by",
        "added_at",
        "removed_at",
        "removed_by",
        "version",
    ),
    _types("claim_id http_status byte_size quote_found version"),
    {"stance": "context", "status": "not checked", "version": 1},
)
JUDGEMENTS = Table(
    "judgements",
    (
        "claim_id",
        "reviewer",
        "kind",
        "verdict",
        "proposal_id",
        "reason",
        "created_at",
        "stale_at",
        "stale_reason",
        "withdrawn_at",
    ),
    _types("claim_id proposal_id"),
    {},
)
DECISIONS = Table("match_decisions", ("kind", "a", "b", "actor", "created_at"), {}, {})
FACTCHECK_IMPORTS = Table(
    "factcheck_imports",
    ("source", "sha256", "format", "items", "imported_at", "imported_by"),
    _types("items"),
    {},
)
SETTINGS = Table(
    "meta",
    ("value",),
    {},
    {},
    key="key",
    where="r.key IN ('quorum', 'overlap', 'rating_scale', 'require_signatures', 'team_model')",
)
SETTING_DEFAULTS = {"quorum": "1+1", "overlap": "1"}
"""What the migrations put in ``meta`` before any event (``rating_scale`` is absent until set)."""

TABLES = (
    CLAIMS,
    DOCUMENTS,
    REVIEWERS,
    REVIEWER_KEYS,
    NOTES,
    EVIDENCE,
    JUDGEMENTS,
    DECISIONS,
    FACTCHECK_IMPORTS,
    SETTINGS,
)
BY_NAME = {t.name: t for t in TABLES}


class Shadow:
    """Rows as the events left them, one temp table per real table (plus each document's claim set)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        for table in TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table.shadow}")
            conn.execute(table.ddl())
        conn.execute("DROP TABLE IF EXISTS temp.replay_claim_sets")
        conn.execute(
            "CREATE TEMP TABLE replay_claim_sets (document_id INTEGER PRIMARY KEY, ids TEXT, digest TEXT, "
            "event INTEGER)"
        )
        conn.execute("DROP TABLE IF EXISTS temp.replay_spans")
        conn.execute(
            "CREATE TEMP TABLE replay_spans (claim_id INTEGER PRIMARY KEY, orig_start INTEGER, orig_end INTEGER, "
            'orig_text TEXT, start INTEGER, "end" INTEGER, text TEXT, event INTEGER)'
        )
        conn.execute("DROP TABLE IF EXISTS temp.replay_factcheck_sets")
        conn.execute(
            "CREATE TEMP TABLE replay_factcheck_sets (import_id INTEGER PRIMARY KEY, ids TEXT, digest TEXT, "
            "event INTEGER)"
        )
        conn.executemany("INSERT INTO temp.replay_meta (key, value) VALUES (?, ?)", SETTING_DEFAULTS.items())

    def row(self, table: Table, key: int | str) -> dict[str, Any] | None:
        found = self.conn.execute(
            f"SELECT {', '.join(_q(c) for c in table.columns)}, event FROM {table.shadow} "
            f"WHERE {table.key} = ?",
            (key,),
        ).fetchone()
        return None if found is None else dict(zip((*table.columns, "event"), found, strict=True))

    def put(self, table: Table, key: int | str, values: dict[str, Any], event_id: int) -> None:
        """Insert the row (unnamed columns take their defaults) or change the named columns."""
        columns = [c for c in table.columns if c in values]
        names = [table.key, "event", *columns]
        updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in ["event", *columns])
        self.conn.execute(
            f"INSERT INTO {table.shadow} ({', '.join(_q(n) for n in names)}) "
            f"VALUES ({', '.join('?' * len(names))}) "
            f"ON CONFLICT ({table.key}) DO UPDATE SET {updates}",
            (key, event_id, *(values[c] for c in columns)),
        )

    def put_span(
        self, claim_id: int, before: tuple[int, int, str], after: tuple[int, int, str], event: int
    ) -> None:
        """A reviewer moved a claim's span: keep the span its document's claim set recorded (the first
        ``before`` since then) and the span the events say it has now."""
        self.conn.execute(
            'INSERT INTO temp.replay_spans (claim_id, orig_start, orig_end, orig_text, start, "end", text, event) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (claim_id) DO UPDATE SET start = excluded.start, "
            '"end" = excluded."end", text = excluded.text, event = excluded.event',
            (claim_id, *before, *after, event),
        )

    def put_claim_set(self, document_id: int, ids: str | None, digest: str | None, event_id: int) -> None:
        if ids is not None:  # spans moved before this set was recorded are part of it now
            moved = sorted(ids_of(json.loads(ids)))
            for first in range(0, len(moved), 500):
                chunk = moved[first : first + 500]
                self.conn.execute(
                    f"DELETE FROM temp.replay_spans WHERE claim_id IN ({','.join('?' * len(chunk))})", chunk
                )
        self.conn.execute(
            "INSERT OR REPLACE INTO temp.replay_claim_sets (document_id, ids, digest, event) VALUES (?, ?, ?, ?)",
            (document_id, ids, digest, event_id),
        )

    def put_factcheck_set(self, import_id: int, ids: str | None, digest: str | None, event_id: int) -> None:
        """The fact-checks an import added (id ranges as JSON) and their digest; ``None`` when the
        event predates recording them."""
        self.conn.execute(
            "INSERT OR REPLACE INTO temp.replay_factcheck_sets (import_id, ids, digest, event) VALUES (?, ?, ?, ?)",
            (import_id, ids, digest, event_id),
        )

    def drop(self) -> None:
        for table in TABLES:
            self.conn.execute(f"DROP TABLE IF EXISTS {table.shadow}")
        self.conn.execute("DROP TABLE IF EXISTS temp.replay_claim_sets")
        self.conn.execute("DROP TABLE IF EXISTS temp.replay_spans")
        self.conn.execute("DROP TABLE IF EXISTS temp.replay_factcheck_sets")


def _q(column: str) -> str:
    return f'"{column}"'
