"""Reviewers bound to operating-system accounts (issue 17): ``os_user`` is the account that may act
under the name (NULL: bound by the next account to use it); ``password`` a salted scrypt hash for
signing in to ``workbench serve``; ``reviewer_keys`` the SSH public keys events are signed with, and
``event_signatures`` the signatures, append-only like the events. A database made by this migration
records the account that created it (``meta.creator_account``): the first reviewer on that account
becomes its admin."""

from __future__ import annotations

from sqlite_utils import Database

from workbench.accounts import current_account

_TABLES = (
    """CREATE TABLE reviewer_keys (
        id INTEGER PRIMARY KEY,
        reviewer_id INTEGER NOT NULL REFERENCES reviewers (id),
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        added_at TEXT NOT NULL,
        removed_at TEXT
    )""",
    "CREATE INDEX reviewer_keys_reviewer ON reviewer_keys (reviewer_id)",
    """CREATE TABLE event_signatures (
        event_id INTEGER PRIMARY KEY REFERENCES events (id),
        key_id INTEGER NOT NULL REFERENCES reviewer_keys (id),
        signature TEXT NOT NULL
    )""",
    """CREATE TRIGGER event_signatures_no_update BEFORE UPDATE ON event_signatures
    BEGIN SELECT RAISE(ABORT, 'event signatures are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER event_signatures_no_delete BEFORE DELETE ON event_signatures
    BEGIN SELECT RAISE(ABORT, 'event signatures are append-only: DELETE refused'); END""",
)


def migrate(db: Database) -> None:
    conn = db.conn
    conn.execute("ALTER TABLE reviewers ADD COLUMN os_user TEXT")
    conn.execute("ALTER TABLE reviewers ADD COLUMN password TEXT")
    for statement in _TABLES:
        conn.execute(statement)  # one by one: executescript would commit the migration's transaction
    new = conn.execute("SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM reviewers)")
    if new.fetchone()[0]:
        conn.execute("INSERT INTO meta (key, value) VALUES ('creator_account', ?)", (current_account(),))
