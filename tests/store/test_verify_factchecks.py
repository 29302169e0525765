"""Imported fact-checks are source data: `audit verify` replays each import and proves its rows.

Imports are made through the real CLI, the database is copied (SQLite backup API) and edited
directly; each edit must be named, and the untouched database must verify clean.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.store.test_verify_state import _copy, _tampered
from workbench.store import audit
from workbench.store.database import open_database

FEED = [
    {
        "@type": "ClaimReview",
        "url": "https://fc.example/1",
        "claimReviewed": "Unemployment fell to its lowest level in fifty years.",
        "author": {"@type": "Organization", "name": "Example Check"},
        "datePublished": "2024-03-01",
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
    },
    {
        "@type": "ClaimReview",
        "url": "https://fc.example/2",
        "claimReviewed": "Crime in London doubled since 2010.",
        "author": {"@type": "Organization", "name": "Example Check"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    },
]
CSV = (
    'claim,rating,url,publisher\n"Bread prices rose 40 percent in 2023",Misleading,https://x.example/b,X\n'
    '"Crime in London doubled since 2010.",False,https://fc.example/2,Example Check\n'
)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("verify-factchecks")
    (tmp / "feed.json").write_text(json.dumps(FEED), encoding="utf-8")
    (tmp / "more.csv").write_text(CSV, encoding="utf-8")
    path = tmp / "t.db"
    for name in ("feed.json", "more.csv", "feed.json"):  # the second feed.json adds nothing, no event
        result = run_cli(
            "--db", str(path), "--reviewer", "ana", "factchecks", "import", str(tmp / name), "--no-vectors"
        )
        assert result.code == 0, result.err
    return path


def _fails_with(path: Path, prefix: str) -> list[str]:
    result = run_cli("--db", str(path), "audit", "verify")
    assert result.code == 1, result.out
    lines = result.err.splitlines()
    assert any(line.startswith(prefix) for line in lines), result.err
    return lines


def test_imports_verify_clean(imported: Path) -> None:
    conn = sqlite3.connect(imported)
    events = conn.execute("SELECT count(*) FROM events WHERE action = 'factchecks.import'").fetchone()[0]
    assert events == 2
    assert conn.execute("SELECT count(*) FROM factchecks").fetchone()[0] == 3
    conn.close()
    body = run_cli("--db", str(imported), "audit", "verify", "--json").json()
    assert isinstance(body, dict) and body["ok"] and body["problems"] == [] and body["notes"] == []


@pytest.mark.parametrize(
    ("statement", "prefix"),
    [
        (
            "UPDATE factchecks SET rating = 'True' WHERE id = 2",
            "factchecks of import 1 content: expected 'digest ",
        ),
        (
            "UPDATE factchecks SET claim = 'Crime halved.' WHERE id = 3",
            "factchecks of import 2 content: expected 'digest ",
        ),
        (
            "DELETE FROM factchecks WHERE id = 1",
            "factchecks 1: expected a row (import 1, event 1), found none",
        ),
        (
            "INSERT INTO factchecks (import_id, item_key, claim) VALUES (2, 'k-slipped', 'Slipped in.')",
            "factchecks 4: expected no row (not added by import 2, event 2), found a row",
        ),
        (
            "UPDATE factcheck_imports SET items = 9 WHERE id = 2",
            "factcheck_imports 2 items: expected 1, found 9",
        ),
        (
            "UPDATE factcheck_imports SET imported_by = 'bo' WHERE id = 1",
            "factcheck_imports 1 imported_by: expected 'ana', found 'bo'",
        ),
        (
            "INSERT INTO factcheck_imports (source, sha256, format, items, imported_at, imported_by) "
            "VALUES ('x.json', 'ab', 'claimreview', 0, '2026-01-01', 'ana')",
            "factcheck_imports 3: expected no row (no event made it), found a row",
        ),
    ],
)
def test_direct_edits_to_imported_factchecks_are_named(
    imported: Path, tmp_path: Path, statement: str, prefix: str
) -> None:
    copy = _tampered(imported, tmp_path / "t.db", "PRAGMA foreign_keys = OFF", statement)
    _fails_with(copy, prefix)
    # the chain alone cannot see it
    assert run_cli("--db", str(copy), "audit", "verify", "--chain-only").code == 0


def test_fact_checks_with_no_import_event_are_named(imported: Path, tmp_path: Path) -> None:
    copy = _tampered(
        imported,
        tmp_path / "t.db",
        "INSERT INTO factcheck_imports (id, source, sha256, format, items, imported_at, imported_by) "
        "VALUES (7, 'x.json', 'cd', 'csv', 1, '2026-01-01', 'ana')",
        "INSERT INTO factchecks (import_id, item_key, claim) VALUES (7, 'k-none', 'No event made me.')",
    )
    _fails_with(copy, "factchecks 4: expected no row (no event made import 7), found a row")


def test_an_import_recorded_before_digests_is_not_provable_rather_than_wrong(tmp_path: Path) -> None:
    """Part 1 recorded imports without their rows' digest: verify says so and still proves the import row."""
    path = tmp_path / "old.db"
    with open_database(path) as db, db.write_unit() as conn:
        ts = audit.utc_now()
        conn.execute(
            "INSERT INTO factcheck_imports (source, sha256, format, items, imported_at, imported_by) "
            "VALUES ('old.csv', 'ef', 'csv', 1, ?, 'ana')",
            (ts,),
        )
        conn.execute("INSERT INTO factchecks (import_id, item_key, claim) VALUES (1, 'k1', 'An old check.')")
        audit.append(
            conn,
            actor="ana",
            action="factchecks.import",
            entity="factcheck_import",
            entity_id=1,
            after={"source": "old.csv", "sha256": "ef", "format": "csv", "items": 1, "added": 1},
            ts=ts,
        )
    result = run_cli("--db", str(path), "audit", "verify")
    assert result.code == 0, result.err
    assert "note: the fact-checks of 1 import(s) are not provable" in result.out
    copy = _tampered(path, tmp_path / "t.db", "UPDATE factcheck_imports SET source = 'new.csv'")
    _fails_with(copy, "factcheck_imports 1 source: expected 'old.csv', found 'new.csv'")


def test_a_copy_verifies_clean(imported: Path, tmp_path: Path) -> None:
    """The false-positive guard for the backup-API copy the tamper tests start from."""
    copy = _copy(imported, tmp_path / "c.db")
    assert run_cli("--db", str(copy), "audit", "verify").code == 0
