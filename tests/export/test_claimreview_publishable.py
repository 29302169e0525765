"""A ClaimReview that can be published: the article's address, the reviewer's summary, a review URL,
and an export that says what it left out (and fails when it wrote nothing)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.evidence.localserver import LocalServer, running_server
from tests.ingest.webpages import article_page

CANONICAL = "https://news.example.com/2019/05/kosovo-raids"


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with running_server() as state:
        yield state


def _ok(*args: str) -> str:
    result = run_cli(*args)
    assert result.code == 0, result.err
    return result.out


def _claim_from_page(server: LocalServer, db: Path) -> int:
    server.pages["/pages/cr"] = ("text/html", article_page(0, canonical=CANONICAL)[1].encode())
    _ok("--db", str(db), "ingest", "--allow-private", "--no-match", server.url("/pages/cr"))
    claims = json.loads(_ok("--db", str(db), "claims", "--json"))
    return int(claims[0]["id"])


def _export(db: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli("--db", str(db), "export", "--format", "claimreview", *args)
    return result.code, json.loads(result.out), result.err


def test_claim_from_a_page_exports_its_address_and_summary(server: LocalServer, db_path: Path) -> None:
    claim = _claim_from_page(server, db_path)
    db = str(db_path)
    _ok(
        "--db",
        db,
        "--reviewer",
        "ana",
        "verdict",
        str(claim),
        "false",
        "--rationale",
        "The ministry said 23.",
    )
    out = _ok("--db", db, "--reviewer", "ana", "summary", str(claim), "Kosovo police detained 19 Serbs")
    assert f"claim {claim}: summary set" in out
    code, [review], err = _export(db_path, "--review-url", "https://checks.example.org/c/{id}")
    assert code == 0, err
    assert review["claimReviewed"] == "Kosovo police detained 19 Serbs"
    assert review["url"] == f"https://checks.example.org/c/{claim}"
    item = review["itemReviewed"]
    assert item["appearance"][0]["url"] == CANONICAL  # type: ignore[index]
    assert "firstAppearance" not in item  # type: ignore[operator]
    # A per-claim published address wins over the template.
    _ok("--db", db, "--reviewer", "ana", "publish", str(claim), "https://checks.example.org/2019/kosovo-19")
    code, [review], _ = _export(db_path, "--review-url", "https://checks.example.org/c/{id}")
    assert review["url"] == "https://checks.example.org/2019/kosovo-19"
    # Both changes are audited claim events.
    events = json.loads(_ok("--db", db, "audit", "log", "--json"))
    actions = [e["action"] for e in events]
    assert "claim.summary" in actions and "claim.publish" in actions


def test_a_changed_page_names_its_first_appearance(server: LocalServer, db_path: Path) -> None:
    _claim_from_page(server, db_path)
    extra = "<p>Update: the ministry later said that 23 people had been detained in the raids.</p>"
    server.pages["/pages/cr"] = ("text/html", article_page(0, canonical=CANONICAL, extra=extra)[1].encode())
    _ok("--db", str(db_path), "ingest", "--allow-private", "--no-match", server.url("/pages/cr"))
    claims = json.loads(_ok("--db", str(db_path), "claims", "--json"))
    newer = max(c["id"] for c in claims if c["document_id"] == 2)
    _ok("--db", str(db_path), "--reviewer", "ana", "verdict", str(newer), "false")
    code, [review], _ = _export(db_path, "--review-url", "https://checks.example.org/c/{id}")
    assert code == 0
    first = review["itemReviewed"]["firstAppearance"]  # type: ignore[index]
    assert first["url"] == CANONICAL and first["datePublished"] == "2019-05-28"


def test_claims_left_out_are_counted_with_the_reason_and_none_written_is_a_failure(
    server: LocalServer, db_path: Path
) -> None:
    claim = _claim_from_page(server, db_path)
    code, written, err = _export(db_path)
    assert code == 1 and written == []
    assert "no ClaimReview written: no claim was selected" in err
    _ok("--db", str(db_path), "--reviewer", "ana", "verdict", str(claim), "false")
    code, written, err = _export(db_path)
    assert code == 1 and written == []
    assert "left out 1 of 1 claim(s): 1 missing url" in err and "workbench publish" in err
    assert "no ClaimReview written: every selected claim was left out" in err
    bad = run_cli("--db", str(db_path), "export", "--format", "claimreview", "--review-url", "checks/{id}")
    assert bad.code == 1 and bad.err.startswith("workbench: error: --review-url takes an http(s) address")
