"""Full-text search over claim text, in sqlite-utils' own layout so Datasette and `sqlite-utils search` find it."""

from __future__ import annotations

from sqlite_utils import Database


def migrate(db: Database) -> None:
    db["claims"].enable_fts(["text"], create_triggers=True, tokenize="porter")  # type: ignore[union-attr]
