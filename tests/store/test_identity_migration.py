"""Migration 0013 on a database made before it: odd old names still open (reserved or invisible ones
can no longer act); two old names with one identity key stay, and a non-exact spelling of them is
refused as ambiguous."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.errors import InputError
from workbench.store import migrations
from workbench.store import reviewers as reviewer_store
from workbench.store.database import open_database


def test_old_names_open_and_clashes_are_refused_as_ambiguous(tmp_path: Path) -> None:
    old = tmp_path / "db-0012"
    old.mkdir()
    for migration in migrations.available():
        if migration.version <= 12:
            shutil.copy(migration.path, old / migration.path.name)
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrations.apply(conn, path, old)
    for name in ("ed", "Ed ", "bo\u200b", "system:bo"):
        conn.execute(
            "INSERT INTO reviewers (name, role, created_at) VALUES (?, 'editor', '2026-01-01')", (name,)
        )
    conn.close()

    database = open_database(path)
    with database.write_unit() as wconn:
        keys = dict(wconn.execute("SELECT name, name_key FROM reviewers").fetchall())
        assert keys["ed"] == keys["Ed "] == "ed" and keys["bo\u200b"] and keys["system:bo"]
        assert reviewer_store.get(wconn, "ed") is not None  # the exact old name still acts
        with pytest.raises(InputError, match="matches several reviewers"):
            reviewer_store.get(wconn, "ED")
        assert reviewer_store.ensure(wconn, "ed").name == "ed"
        # an old reserved or invisible name stays on record but can no longer act
        for name in ("system:bo", "bo\u200b"):
            with pytest.raises(InputError):
                reviewer_store.ensure(wconn, name)
