"""Opening the review database safely, and the one write unit every change goes through.

The database is one SQLite file in WAL mode shared by several reviewers on one host. Every write
unit starts with ``BEGIN IMMEDIATE`` so the busy timeout applies at ``BEGIN`` (a deferred ``BEGIN``
that later upgrades to a write fails at once under contention).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from workbench.errors import DatabaseBusyError, DatabaseError
from workbench.store import migrations
from workbench.store.fs import network_filesystem

BUSY_TIMEOUT_S = 15.0
SQLITE_HEADER = b"SQLite format 3\x00"


class ReviewDatabase:
    """A connection to one review database file, with its sqlite-utils wrapper.

    Not thread-safe: open one per thread (the TUI's workers each open their own).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.db = Database(conn)

    @contextmanager
    def write_unit(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back on any error."""
        if self.conn.in_transaction:
            raise RuntimeError("write units do not nest")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy_or_error(exc, self.path) from exc
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise _busy_or_error(exc, self.path) from exc

    def data_version(self) -> int:
        """SQLite's counter that changes when another connection commits (cheap change detection)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> ReviewDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(
    path: str | os.PathLike[str],
    *,
    allow_network_fs: bool = False,
    bulk: bool = False,
    create: bool = True,
    shared_between_threads: bool = False,
) -> ReviewDatabase:
    """Open (creating and migrating if needed) the review database at ``path``.

    Refuses, with a one-line message and without changing the file: a file that is not SQLite, a
    corrupt file, a schema written by a newer version, a read-only file or folder, and a file on a
    network filesystem (unless ``allow_network_fs``). ``bulk`` relaxes fsync for ingest connections.
    """
    db_path = Path(path).expanduser()
    _check_path(db_path, create=create)
    if not allow_network_fs:
        fs = network_filesystem(db_path)
        if fs:
            raise DatabaseError(
                f"{db_path} is on a network filesystem ({fs}), where SQLite locking is unsafe; "
                "move it to a local disk, or pass --i-know-its-shared if only one host uses it"
            )
    try:
        conn = sqlite3.connect(
            db_path,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,
            check_same_thread=not shared_between_threads,
        )
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open {db_path}: {exc}") from exc
    try:
        _configure(conn, db_path, bulk=bulk)
        migrations.apply(conn, db_path)
        _ensure_identity(conn)
    except BaseException:
        conn.close()
        raise
    return ReviewDatabase(conn, db_path)


def _check_path(db_path: Path, *, create: bool) -> None:
    if db_path.is_dir():
        raise DatabaseError(
            f"{db_path} is a folder; give a database file path such as {db_path / 'workbench.db'}"
        )
    if db_path.exists():
        if not os.access(db_path, os.R_OK):
            raise DatabaseError(f"cannot read {db_path}: permission denied")
        # The header is checked by SQLite itself (in _configure): reading it with open() here would
        # close a descriptor on the file and drop every POSIX lock this process holds on it, so
        # another process could checkpoint and delete the -wal/-shm under our live connections.
        if not os.access(db_path, os.W_OK):
            raise DatabaseError(f"{db_path} is read-only; make it writable (chmod u+w) or copy it elsewhere")
        if not os.access(db_path.parent, os.W_OK | os.X_OK):
            raise DatabaseError(
                f"the folder {db_path.parent} is read-only; SQLite needs to write its -wal and -shm files "
                "there: make the folder writable or move the database"
            )
        return
    if not create:
        raise DatabaseError(f"no database at {db_path}; run `workbench ingest` first or pass --db")
    if not db_path.parent.exists():
        raise DatabaseError(f"cannot create {db_path}: the folder {db_path.parent} does not exist")
    if not os.access(db_path.parent, os.W_OK | os.X_OK):
        raise DatabaseError(f"cannot create {db_path}: the folder {db_path.parent} is read-only")


def _configure(conn: sqlite3.Connection, db_path: Path, *, bulk: bool) -> None:
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        # Reading the schema surfaces "file is not a database" and corruption before anything writes.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {'NORMAL' if bulk else 'FULL'}")
    except sqlite3.DatabaseError as exc:
        raise _open_error(exc, db_path) from exc


def _ensure_identity(conn: sqlite3.Connection) -> None:
    """Give the database a stable random id, used to remember verified audit heads per database."""
    if conn.execute("SELECT 1 FROM meta WHERE key = 'database_id'").fetchone():
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('database_id', ?)", (uuid.uuid4().hex,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _open_error(exc: sqlite3.DatabaseError, db_path: Path) -> DatabaseError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return _busy_or_error(exc, db_path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DatabaseError(
            f"{db_path} is corrupt or not a SQLite database ({text}); restore it from a backup "
            "(see `workbench backup`) or choose another path with --db"
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"{db_path} is read-only; make it and its folder writable")
    return DatabaseError(f"cannot use {db_path}: {text}")


def _busy_or_error(exc: sqlite3.Error, db_path: Path) -> DatabaseError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseBusyError(
            f"{db_path} is busy: another process held the write lock for over {BUSY_TIMEOUT_S:.0f} s; "
            "nothing was changed, try again"
        )
    return _open_error(exc, db_path) if isinstance(exc, sqlite3.DatabaseError) else DatabaseError(text)
