"""The evidence ledger over the review database: add, fetch, re-check (link rot), archive, independence."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.conftest import run_cli
from tests.evidence.localserver import LocalServer, article_html
from workbench import queries
from workbench.actions import evidence, review, signoff
from workbench.evidence.fetch import FetchPolicy
from workbench.store.database import ReviewDatabase, open_database


@pytest.fixture
def ledger_db(seeded_db: Path) -> ReviewDatabase:
    database = open_database(seeded_db)
    signoff.add_reviewer(database, "ana", "admin", actor="ana")
    signoff.add_reviewer(database, "ed", "editor", actor="ana")
    return database


def _claim(database: ReviewDatabase) -> int:
    return queries.claims_page(database, queries.ClaimFilter(), limit=1)[0].id


def _run(database: ReviewDatabase):  # type: ignore[no-untyped-def]
    return lambda fn, *args, **kwargs: fn(database, *args, **kwargs)


def test_cli_add_fetches_the_page_and_records_it(seeded_db: Path, server: LocalServer) -> None:
    claims = run_cli("--db", str(seeded_db), "claims", "--json").json()
    claim_id = claims[0]["id"]  # type: ignore[index]
    url = server.url("/ok")
    refused = run_cli(
        "--db", str(seeded_db), "evidence", "add", str(claim_id), url, "--reviewer", "ana", "--json"
    )
    assert refused.code == 0
    item = refused.json()[0]  # type: ignore[index]
    assert item["status"] == "refused_by_policy" and "loopback" in item["error"]  # safe by default
    allowed = run_cli(
        "--db",
        str(seeded_db),
        "evidence",
        "add",
        str(claim_id),
        url,
        "--stance",
        "refutes",
        "--allow-private",
        "--reviewer",
        "ana",
        "--json",
    )
    item = allowed.json()[0]  # type: ignore[index]
    assert item["status"] == "ok" and item["title"] and item["sha256"] and item["domain"] == "127.0.0.1"
    assert set(item) >= {
        "id",
        "claim_id",
        "url",
        "stance",
        "status",
        "final_url",
        "title",
        "sha256",
        "archive_url",
        "domain",
        "fetched_at",
        "error",
    }
    listed = run_cli("--db", str(seeded_db), "evidence", "list", str(claim_id), "--json").json()
    assert [e["id"] for e in listed] == [item["id"] - 1, item["id"]]  # type: ignore[union-attr]


def test_recheck_records_a_changed_body_and_stales_approvals(
    ledger_db: ReviewDatabase, server: LocalServer
) -> None:
    claim_id = _claim(ledger_db)
    review.set_verdict(ledger_db, claim_id, "false", actor="ana")
    server.mutable["page"] = article_html(
        "Police statement", ["Nineteen officers were held on Tuesday."] * 20
    )
    item = evidence.add_evidence(
        ledger_db, claim_id, server.url("/mutable"), actor="ana", quote="officers were held"
    )
    policy = FetchPolicy(allow_addresses=("127.0.0.1",))
    first = evidence.check_evidence(_run(ledger_db), claim_id, actor="ana", policy=policy)
    assert first[0][1].status == "ok" and first[0][2] == []
    assert queries.evidence_for_claim(ledger_db, claim_id)[0].quote_found == 1
    signoff.approve(ledger_db, claim_id, actor="ed")
    assert queries.signoff_status(ledger_db, claim_id).final
    server.mutable["page"] = article_html(
        "Police statement (updated)", ["Twelve people were held on Tuesday."] * 20
    )
    second = evidence.check_evidence(_run(ledger_db), claim_id, actor="ana", policy=policy)
    assert any("changed" in change for change in second[0][2])
    assert not queries.signoff_status(ledger_db, claim_id).final
    events = [e for e in queries.history(ledger_db, claim_id) if e.action == "evidence.check"]
    assert events[-1].after["changes"] == second[0][2]
    assert item.id == events[-1].entity_id or str(item.id) == events[-1].entity_id


def test_archive_lookup_is_recorded_and_offline_is_not_checked(ledger_db: ReviewDatabase) -> None:
    claim_id = _claim(ledger_db)
    item = evidence.add_evidence(ledger_db, claim_id, "https://example.org/report", actor="ana")

    def wayback(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "archive.org"
        return httpx.Response(
            200,
            json={
                "archived_snapshots": {
                    "closest": {
                        "available": True,
                        "status": "200",
                        "timestamp": "20240102030405",
                        "url": "http://web.archive.org/web/20240102030405/https://example.org/report",
                    }
                }
            },
        )

    client = httpx.Client(transport=httpx.MockTransport(wayback))
    status, url = evidence.archive_evidence(ledger_db, item.id, actor="ana", client=client)
    assert status == "found" and url and "20240102030405" in url
    assert queries.evidence_for_claim(ledger_db, claim_id)[0].archive_url == url

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no network", request=request)

    status, url = evidence.archive_evidence(
        ledger_db, item.id, actor="ana", client=httpx.Client(transport=httpx.MockTransport(offline))
    )
    assert status == "not_checked" and url is None


def test_independence_counts_a_reprinted_release_once(ledger_db: ReviewDatabase) -> None:
    claim_id = _claim(ledger_db)
    release = (
        "The interior ministry said on Tuesday that nineteen people were detained during police raids in the "
        "northern municipalities. Officers seized weapons, fuel and cash, and two officers were injured when "
        "crowds blocked the roads near Zubin Potok. The ministry added that the operation targeted smuggling "
        "networks and would continue until order was restored across the region, according to the statement."
    )
    for url in ("https://news-one.example/a", "https://news-two.example/b", "https://other.example.org/c"):
        item = evidence.add_evidence(ledger_db, claim_id, url, actor="ana")
        with ledger_db.write_unit() as conn:
            text = (
                release
                if "news-" in url
                else (
                    "Our reporter counted at least a dozen people taken away by special police units in Leposavic "
                    "and Zvecan, where residents described armoured vehicles arriving before dawn and roadblocks "
                    "being cleared with tear gas; local doctors treated several people for minor injuries."
                )
            )
            conn.execute("UPDATE evidence SET main_text = ? WHERE id = ?", (text, item.id))
    assert queries.evidence_independence(ledger_db, claim_id).summary() == "3 sources, 2 independent"


def test_local_file_evidence_keeps_its_hash(ledger_db: ReviewDatabase, tmp_path: Path) -> None:
    claim_id = _claim(ledger_db)
    shot = tmp_path / "screenshot.png"
    shot.write_bytes(b"\x89PNG fake screenshot bytes")
    item = evidence.add_evidence(ledger_db, claim_id, str(shot), actor="ana")
    assert item.status == "local file" and item.url.startswith("file:") and len(item.sha256 or "") == 64
    assert json.dumps(item.to_json())
