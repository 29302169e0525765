"""Evidence without secrets: credentials in a link never reach the ledger, the trail or a report;
local files are hashed in chunks under a size cap."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from workbench import queries
from workbench.actions import evidence
from workbench.errors import InputError
from workbench.store.database import open_database
from workbench.text.urls import strip_credentials

SECRET = "hunter2-s3cret"


def _claim(db: Path) -> int:
    return queries.claims_page(open_database(db), queries.ClaimFilter(), limit=1)[0].id


def test_credentials_in_an_evidence_link_are_stripped_everywhere(seeded_db: Path, tmp_path: Path) -> None:
    claim_id = _claim(seeded_db)
    link = f"https://ana:{SECRET}@example.org/report?page=2"
    result = run_cli("--db", str(seeded_db), "--reviewer", "ana", "evidence", "add", str(claim_id), link)
    assert result.code == 0, result.err
    listing = run_cli("--db", str(seeded_db), "evidence", "list", str(claim_id), "--json")
    assert "https://example.org/report?page=2" in listing.out
    report = tmp_path / "report.jsonl"
    exported = run_cli("--db", str(seeded_db), "export", "--format", "jsonl", "-o", str(report))
    assert exported.code == 0, exported.err
    log = run_cli("--db", str(seeded_db), "audit", "log", "--claim", str(claim_id), "--json")
    conn = sqlite3.connect(seeded_db)
    events = " ".join(str(row) for row in conn.execute("SELECT * FROM events"))
    stored = " ".join(str(row) for row in conn.execute("SELECT * FROM evidence"))
    for text in (
        result.out,
        result.err,
        listing.out,
        report.read_text(encoding="utf-8"),
        log.out,
        events,
        stored,
    ):
        assert SECRET not in text and "ana:" not in text


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://u:p@host.example/a", "https://host.example/a"),
        ("https://u@host.example:8443/a?b=c#d", "https://host.example:8443/a?b=c#d"),
        ("https://host.example/a@b", "https://host.example/a@b"),
        ("http://u:p@[::1]:80/", "http://[::1]:80/"),
    ],
)
def test_strip_credentials(url: str, clean: str) -> None:
    assert strip_credentials(url) == clean


def test_a_local_file_is_hashed_and_a_huge_one_refused(
    seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim_id = _claim(seeded_db)
    database = open_database(seeded_db)
    data = b"x" * (3 << 20) + b"tail"
    path = tmp_path / "scan.pdf"
    path.write_bytes(data)
    row = evidence.add_evidence(database, claim_id, str(path), actor="ana")
    assert row.sha256 == hashlib.sha256(data).hexdigest() and row.byte_size == len(data)
    monkeypatch.setattr(evidence, "MAX_LOCAL_FILE_BYTES", 1_000_000)
    with pytest.raises(InputError, match=r"scan\.pdf is 3 MB; local evidence files are at most 1 MB"):
        evidence.add_evidence(database, claim_id, str(path), actor="ana")
