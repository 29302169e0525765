"""Ingesting the seeds: five documents with metadata, claims with exact offsets, no junk claims."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import SEEDS, run_cli


def test_seeds_come_out_with_outlets_titles_and_dates(seeded_db: Path) -> None:
    docs = run_cli("--db", str(seeded_db), "documents", "--json").json()
    assert isinstance(docs, list) and len(docs) == 5
    by_file = {Path(d["source"]).name[:3]: d for d in docs}
    assert by_file["000"]["outlet"] == "RT" and by_file["000"]["published"] == "2019-05-28"
    assert by_file["001"]["outlet"] == "The Moscow Times"
    assert by_file["001"]["title"] == "Kosovo Declares Russian UN Staffer Persona Non Grata"
    assert by_file["002"]["outlet"] == "Global Research" and by_file["002"]["published"] == "2019-05-30"
    assert by_file["003"]["outlet"] == "TASS" and by_file["003"]["published"] == "2023-09-25"
    assert by_file["004"]["outlet"] == "TASS" and by_file["004"]["published"] == "2023-06-23"
    for doc in docs:
        assert set(doc) == {
            "id", "source", "outlet", "title", "published", "sha256", "chars", "claims",
            "author", "url", "version_of", "pages", "meta_sources", "version",
        }  # fmt: skip
        assert doc["claims"] > 0


def test_claims_slice_the_stored_text_exactly_and_skip_junk(seeded_db: Path) -> None:
    claims = run_cli("--db", str(seeded_db), "claims", "--all", "--json").json()
    assert isinstance(claims, list) and claims
    conn = sqlite3.connect(seeded_db)
    texts = dict(conn.execute("SELECT id, text FROM documents"))
    junk = conn.execute('SELECT document_id, start, "end" FROM junk_spans').fetchall()
    for claim in claims:
        assert texts[claim["document_id"]][claim["start"] : claim["end"]] == claim["text"]
        assert set(claim) == {
            "id",
            "document_id",
            "start",
            "end",
            "text",
            "score",
            "checkworthy",
            "reasons",
            "speaker",
            "status",
            "verdict",
        }
        inside_junk = [
            j
            for j in junk
            if j[0] == claim["document_id"] and j[1] <= claim["start"] and claim["end"] <= j[2]
        ]
        assert not inside_junk, claim["text"]
    every = " ".join(c["text"] for c in claims)
    for junk_text in (
        "share it with a friend",
        "Sign up for our free weekly newsletter",
        "Remind me later",
        "fair use",
        "chevron",
        "Support The Moscow Times",
        "PayPal",
        "Read more",
    ):
        assert junk_text not in every


def test_only_checkworthy_without_all(seeded_db: Path) -> None:
    some = run_cli("--db", str(seeded_db), "claims", "--json").json()
    every = run_cli("--db", str(seeded_db), "claims", "--all", "--json").json()
    assert isinstance(some, list) and isinstance(every, list)
    assert all(c["checkworthy"] for c in some) and 0 < len(some) < len(every)
    assert [c["score"] for c in some] == sorted((c["score"] for c in some), reverse=True)


def test_reingest_is_a_no_op(seeded_db: Path) -> None:
    again = run_cli("--db", str(seeded_db), "ingest", str(SEEDS), "--json", "--workers", "1")
    assert again.code == 0
    assert again.json() == {"ingested": 0, "skipped": 5, "failed": []}
    assert len(run_cli("--db", str(seeded_db), "documents", "--json").json()) == 5  # type: ignore[arg-type]


def test_ingest_is_recorded_in_the_verified_audit_trail(seeded_db: Path) -> None:
    log = run_cli("--db", str(seeded_db), "audit", "log", "--json").json()
    assert isinstance(log, list)
    ingests = [e for e in log if e["action"] == "document.ingest"]
    assert len(ingests) == 5 and all(e["after"]["sha256"] and e["actor"] for e in ingests)
    verified = run_cli("--db", str(seeded_db), "audit", "verify")
    assert verified.code == 0 and "event(s) verified" in verified.out


def test_database_is_searchable_with_fts(seeded_db: Path) -> None:
    hits = run_cli("--db", str(seeded_db), "claims", "--all", "--search", "detained", "--json").json()
    assert isinstance(hits, list) and hits and all("detain" in c["text"].lower() for c in hits)
    conn = sqlite3.connect(seeded_db)  # the sqlite-utils FTS layout other tools understand
    rows = conn.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'Krasnoshchekov'").fetchall()
    assert rows
