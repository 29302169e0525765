"""Reviewer names become identities: each reviewer gets the key names are compared by (see
``workbench.text.identity``). Names stored before this, even odd ones, keep working; two old names with
one key stay, and acting under either by a non-exact spelling is refused as ambiguous."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.text.identity import InvalidNameError, identity_key


def _key(name: str) -> str:
    try:
        return identity_key(name)
    except InvalidNameError:
        return " ".join(name.split()).casefold()


def migrate(db: Database) -> None:
    conn = db.conn
    conn.execute("ALTER TABLE reviewers ADD COLUMN name_key TEXT")
    for rid, name in conn.execute("SELECT id, name FROM reviewers").fetchall():
        conn.execute("UPDATE reviewers SET name_key = ? WHERE id = ?", (_key(str(name)), rid))
    conn.execute("CREATE INDEX reviewers_name_key ON reviewers (name_key)")
