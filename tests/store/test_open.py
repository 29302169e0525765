"""Opening the review database: created, migrated, configured, and bad files refused unchanged."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from workbench.errors import DatabaseError
from workbench.store import migrations
from workbench.store.database import open_database
from workbench.store.fs import network_filesystem


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_created_migrated_and_configured(db_path: Path) -> None:
    with open_database(db_path) as database:
        conn = database.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"documents", "claims", "reviewers", "events", "junk_spans", "notes", "claims_fts"} <= tables
        latest = migrations.available()[-1].version
        assert migrations.current_version(conn) == latest
        applied = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert applied == [m.version for m in migrations.available()]
        assert database.meta("database_id")


def test_older_schema_is_migrated_in_place_keeping_data(db_path: Path, tmp_path: Path) -> None:
    first_only = tmp_path / "first"
    first_only.mkdir()
    first = migrations.available()[0]
    (first_only / first.path.name).write_text(first.path.read_text())
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrations.apply(conn, db_path, first_only)
    conn.execute("INSERT INTO reviewers (name, role, created_at) VALUES ('ana', 'admin', 'then')")
    conn.close()
    with open_database(db_path) as database:
        assert migrations.current_version(database.conn) == migrations.available()[-1].version
        assert database.conn.execute("SELECT name FROM reviewers").fetchall() == [("ana",)]


def test_newer_schema_is_refused_and_left_alone(db_path: Path) -> None:
    open_database(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseError, match="newer factcheck-workbench"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_file_that_is_not_sqlite_is_refused_unchanged(db_path: Path) -> None:
    db_path.write_text("these are my notes, not a database\n" * 10)
    before = _digest(db_path)
    with pytest.raises(DatabaseError, match="not a SQLite database"):
        open_database(db_path)
    assert _digest(db_path) == before


def test_corrupt_database_is_refused_unchanged(db_path: Path) -> None:
    open_database(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = os.urandom(4096 - 100)
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)
    with pytest.raises(DatabaseError, match=r"corrupt|malformed|not a SQLite"):
        open_database(db_path)
    assert _digest(db_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_is_refused(db_path: Path) -> None:
    open_database(db_path).close()
    db_path.chmod(0o444)
    with pytest.raises(DatabaseError, match="read-only"):
        open_database(db_path)


def test_read_only_file_is_refused_even_for_root(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root bypasses permission bits, so simulate what os.access reports for a read-only file."""
    open_database(db_path).close()
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(str(path)) == db_path and mode & os.W_OK:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    with pytest.raises(DatabaseError, match="read-only"):
        open_database(db_path)


def test_missing_folder_and_folder_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(tmp_path / "nope" / "review.db")
    with pytest.raises(DatabaseError, match="is a folder"):
        open_database(tmp_path)


MOUNTINFO = """\
22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
40 22 0:35 / /mnt/team rw,relatime - nfs4 server:/export rw
41 22 0:36 / /mnt/smb rw - cifs //host/share rw
42 22 0:37 / /home/ana/remote rw - fuse.sshfs ana@host: rw
43 22 0:38 / /mnt/team/local rw - ext4 /dev/sdb1 rw
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/mnt/team/review.db", "nfs4"),
        ("/mnt/smb/x/review.db", "cifs"),
        ("/home/ana/remote/review.db", "fuse.sshfs"),
        ("/mnt/team/local/review.db", None),
        ("/home/ana/review.db", None),
        ("/mnt/teamwork/review.db", None),
    ],
)
def test_network_filesystems_are_recognised(path: str, expected: str | None) -> None:
    assert network_filesystem(Path(path), MOUNTINFO) == expected


def test_network_filesystem_is_refused_unless_overridden(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbench.store.database as database_module

    monkeypatch.setattr(database_module, "network_filesystem", lambda path: "nfs4")
    with pytest.raises(DatabaseError, match="network filesystem"):
        open_database(db_path)
    assert not db_path.exists()
    open_database(db_path, allow_network_fs=True).close()


def _open_in_child(path: str) -> int:
    with open_database(path) as database:
        return int(database.conn.execute("PRAGMA user_version").fetchone()[0])


def test_concurrent_first_opens_do_not_race(db_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        versions = pool.map(_open_in_child, [str(db_path)] * 8)
    latest = migrations.available()[-1].version
    assert versions == [latest] * 8
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT version, count(*) FROM schema_migrations GROUP BY version").fetchall()
    assert all(count == 1 for _, count in rows) and len(rows) == len(migrations.available())
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'database_id'").fetchone()[0] == 1
