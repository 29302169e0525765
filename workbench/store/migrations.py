"""Numbered schema migrations from ``db/`` (``NNNN_name.sql`` or ``NNNN_name.py``), applied on open.

All pending migrations run inside one ``BEGIN IMMEDIATE`` transaction, so two processes opening a new
file at once do not race: the second waits, then finds nothing to do.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlite_utils import Database

from workbench.errors import DatabaseError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.(sql|py)$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def migrations_dir() -> Path:
    """Where the migrations live: inside the installed wheel, or ``db/`` in a source checkout."""
    packaged = Path(str(resources.files("workbench"))) / "_migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "db"


def available(directory: Path | None = None) -> list[Migration]:
    folder = directory or migrations_dir()
    found = []
    for path in sorted(folder.iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path.stem, path))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise RuntimeError(f"duplicate migration numbers in {folder}")
    return found


def current_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply(conn: sqlite3.Connection, db_path: Path, directory: Path | None = None) -> list[str]:
    """Bring the schema up to date; return the names of the migrations applied."""
    known = available(directory)
    latest = known[-1].version if known else 0
    version = current_version(conn)
    if version > latest:
        raise _newer(db_path, version, latest)
    if version == latest:
        return []
    conn.execute("BEGIN IMMEDIATE")
    applied: list[str] = []
    try:
        version = current_version(conn)  # another process may have migrated while we waited
        if version > latest:
            raise _newer(db_path, version, latest)
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for migration in known:
            if migration.version <= version:
                continue
            _run(conn, migration)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, datetime.now(UTC).isoformat()),
            )
            conn.execute(f"PRAGMA user_version = {migration.version}")
            applied.append(migration.name)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return applied


def _run(conn: sqlite3.Connection, migration: Migration) -> None:
    if migration.path.suffix == ".sql":
        for statement in _statements(migration.path.read_text(encoding="utf-8")):
            conn.execute(statement)
        return
    spec = importlib.util.spec_from_file_location(f"workbench_migration_{migration.version}", migration.path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load migration {migration.path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(Database(conn))


def _statements(script: str) -> list[str]:
    """Split a SQL script into complete statements (trigger bodies keep their inner semicolons).

    ``executescript`` would commit the surrounding transaction, so statements run one by one.
    """
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if not buffer and line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def _newer(db_path: Path, version: int, latest: int) -> DatabaseError:
    return DatabaseError(
        f"{db_path} was written by a newer factcheck-workbench (schema {version}, this one knows up to "
        f"{latest}); upgrade with `pip install -U factcheck-workbench`"
    )
