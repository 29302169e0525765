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

from workbench.errors import DatabaseBusyError, DatabaseError, DatabaseReplacedError, ForeignDatabaseError
from workbench.store import migrations
from workbench.store.fs import network_filesystem

BUSY_TIMEOUT_S = 15.0
# The files SQLite keeps beside a database: never ours to read, write, ingest or export over.
SIDECARS = ("-wal", "-shm", "-journal")
# A workbench database has these tables from its first migration on.
OWN_TABLES = frozenset({"meta", "events"})


class ReviewDatabase:
    """A connection to one review database file, with its sqlite-utils wrapper.

    Not thread-safe: open one per thread (the TUI's workers each open their own).
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.db = Database(conn)
        self.identity = file_identity(path)

    def check_file(self) -> None:
        """Raise ``DatabaseReplacedError`` when the file at our path is no longer the one we opened.

        SQLite keeps writing into the file it opened; if that file was replaced, moved or deleted,
        those writes would land where nobody else looks. ``os.stat`` opens no descriptor.
        """
        if file_identity(self.path) != self.identity:
            raise DatabaseReplacedError(
                f"the database at {self.path} was replaced, moved or deleted while it was open; "
                "nothing more was written: reopen it"
            )

    @contextmanager
    def write_unit(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back on any error."""
        if self.conn.in_transaction:
            raise RuntimeError("write units do not nest")
        self.check_file()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _busy_or_error(exc, self.path) from exc
        try:
            self.check_file()  # replaced while we waited for the lock
            yield self.conn
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            found = damaged(exc, self.path)
            if found is not None:
                raise found from exc
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

    def integrity_problems(self, limit: int = 20) -> list[str]:
        """SQLite's own check of every page and index (``PRAGMA integrity_check``): empty when sound."""
        try:
            rows = self.conn.execute(f"PRAGMA integrity_check({int(limit)})").fetchall()
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        found = [str(row[0]) for row in rows]
        return [] if found == ["ok"] else found

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
    adopt: bool = False,
) -> ReviewDatabase:
    """Open (creating and migrating if needed) the review database at ``path``.

    Refuses, with a one-line message and without changing the file: a file that is not SQLite, a
    corrupt file, a SQLite database that is not a workbench database (unless ``adopt``), a schema
    written by a newer version, a read-only file or folder, and a file on a network filesystem
    (unless ``allow_network_fs``). ``bulk`` relaxes fsync for ingest connections.

    Only SQLite ever opens the file: a descriptor of our own, once closed, would drop every POSIX
    lock this process holds on it, and another process would then unlink the WAL under us.
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
        _refuse_foreign(conn, db_path, adopt=adopt)
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


def _refuse_foreign(conn: sqlite3.Connection, db_path: Path, *, adopt: bool) -> None:
    """Refuse, before anything is written, a SQLite file that holds someone else's tables."""
    try:
        tables = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise _open_error(exc, db_path) from exc
    if not tables or tables >= OWN_TABLES or adopt:
        return
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    raise ForeignDatabaseError(
        f"{db_path} is a SQLite database but not a workbench one (its tables: {shown}); nothing was changed. "
        f"Choose another path with --db, or add the workbench tables to it with `workbench --db {db_path} init --adopt`"
    )


def file_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file at ``path``, or None when there is none; stat opens no descriptor."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def database_files(path: Path) -> set[tuple[int, int]]:
    """Identities of the database file and the files SQLite keeps beside it, as they are now."""
    found = {file_identity(Path(f"{path}{suffix}")) for suffix in ("", *SIDECARS)}
    return {identity for identity in found if identity is not None}


def is_database_file(candidate: Path, db_path: Path) -> bool:
    """Whether ``candidate`` is the database or one of its SQLite files, by identity or by name."""
    names = {os.path.realpath(f"{db_path}{suffix}") for suffix in ("", *SIDECARS)}
    if os.path.realpath(candidate) in names:
        return True
    identity = file_identity(candidate)
    return identity is not None and identity in database_files(db_path)


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of a database (WAL included) through SQLite's backup API, never a file copy:
    a copied file misses what is still in the WAL, and closing our own descriptor of it would drop
    this process's locks."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


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


def damaged(exc: BaseException, db_path: Path) -> DatabaseError | None:
    """The one-line error for a file SQLite finds damaged or not a database at all, else None."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    text = str(exc)
    if "not a database" in text:
        return DatabaseError(
            f"{db_path} is not a SQLite database (or is encrypted); nothing was changed: choose another path with --db"
        )
    if "malformed" in text or "corrupt" in text:
        return DatabaseError(
            f"{db_path} is damaged ({text}); nothing more was written. Stop every workbench using it, keep a copy, "
            "then restore it from a backup (`workbench backup restore`, docs/backup.md) or recover what SQLite "
            "can (`sqlite3 FILE .recover`)"
        )
    return None


def _open_error(exc: sqlite3.DatabaseError, db_path: Path) -> DatabaseError:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return _busy_or_error(exc, db_path)
    found = damaged(exc, db_path)
    if found is not None:
        return found
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
