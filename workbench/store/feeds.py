"""SQL for watched feeds and the items seen in them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FeedRow:
    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    added_at: str
    last_polled_at: str | None
    last_status: str | None
    items_seen: int
    documents: int


_COLUMNS = "id, url, title, etag, last_modified, added_at, last_polled_at, last_status, items_seen, documents"


def list_feeds(conn: sqlite3.Connection) -> list[FeedRow]:
    return [FeedRow(*r) for r in conn.execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY id")]


def get_feed(conn: sqlite3.Connection, url: str) -> FeedRow | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,)).fetchone()
    return None if row is None else FeedRow(*row)


def add_feed(conn: sqlite3.Connection, url: str, ts: str) -> int:
    cursor = conn.execute("INSERT INTO feeds (url, added_at) VALUES (?, ?)", (url, ts))
    return int(cursor.lastrowid or 0)


def seen_guids(conn: sqlite3.Connection, feed_id: int) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT guid FROM feed_items WHERE feed_id = ?", (feed_id,))}


def record_item(
    conn: sqlite3.Connection,
    feed_id: int,
    guid: str,
    link: str | None,
    document_id: int | None,
    status: str,
    ts: str,
) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO feed_items (feed_id, guid, link, document_id, status, seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (feed_id, guid, link, document_id, status, ts),
    )


def record_poll(
    conn: sqlite3.Connection,
    feed_id: int,
    *,
    ts: str,
    status: str,
    title: str | None,
    etag: str | None,
    last_modified: str | None,
    new_items: int,
    new_documents: int,
) -> None:
    conn.execute(
        "UPDATE feeds SET last_polled_at = ?, last_status = ?, title = coalesce(?, title), "
        "etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), items_seen = items_seen + ?, "
        "documents = documents + ? WHERE id = ?",
        (ts, status, title, etag, last_modified, new_items, new_documents, feed_id),
    )
