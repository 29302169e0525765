"""Articles from URLs through the guarded client, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli
from tests.evidence.localserver import LocalServer, running_server
from tests.ingest.webpages import article_page, text_pdf
from workbench.actions.ingest import ingest_paths
from workbench.evidence.fetch import FetchPolicy
from workbench.store.database import open_database


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with running_server() as state:
        yield state


def _ingest(db: Path, *args: str) -> tuple[int, dict[str, object], str]:
    result = run_cli("--db", str(db), "ingest", "--json", "--workers", "1", "--no-match", *args)
    return result.code, result.json(), result.err  # type: ignore[return-value]


def _documents(db: Path) -> list[dict[str, object]]:
    result = run_cli("--db", str(db), "documents", "--json")
    assert result.code == 0, result.err
    return result.json()  # type: ignore[no-any-return]


def test_page_with_open_graph_and_json_ld_keeps_its_metadata_and_address(
    server: LocalServer, db_path: Path
) -> None:
    headline, page = article_page(1, canonical="https://news.example.com/2019/05/kosovo")
    server.pages["/pages/og"] = ("text/html; charset=utf-8", page.encode())
    code, report, err = _ingest(db_path, "--allow-private", server.url("/pages/og"))
    assert code == 0, err
    assert report["ingested"] == 1
    [doc] = _documents(db_path)
    assert doc["outlet"] == "The Daily Example"
    assert doc["title"] == headline
    assert doc["published"] == "2019-05-28"
    assert doc["author"] == "Jane Reporter"
    assert doc["url"] == "https://news.example.com/2019/05/kosovo"
    assert doc["version_of"] is None
    assert doc["source"] == server.url("/pages/og")
    with sqlite3.connect(db_path) as conn:
        final, fetched_sha, language, text = conn.execute(
            "SELECT final_url, fetched_sha256, language, text FROM documents"
        ).fetchone()
    assert final == server.url("/pages/og") and language == "en"
    assert len(fetched_sha) == 64 and "<p>" not in text and "Home | World" not in text


def test_a_changed_page_is_a_new_version_and_an_unchanged_one_is_not(
    server: LocalServer, db_path: Path
) -> None:
    _, first = article_page(2, canonical="https://news.example.com/a/1")
    extra = "<p>Update: the ministry later said that 23 people, not 19, had been detained in the raids.</p>"
    _, second = article_page(2, canonical="https://news.example.com/a/1", extra=extra)
    url = server.url("/pages/changing")
    server.pages["/pages/changing"] = ("text/html", first.encode())
    assert _ingest(db_path, "--allow-private", url)[1]["ingested"] == 1
    code, report, _ = _ingest(db_path, "--allow-private", url)
    assert (code, report["ingested"], report["skipped"]) == (0, 0, 1)
    server.pages["/pages/changing"] = ("text/html", second.encode())
    assert _ingest(db_path, "--allow-private", url)[1]["ingested"] == 1
    docs = _documents(db_path)
    assert [d["version_of"] for d in docs] == [None, docs[0]["id"]]
    assert docs[0]["url"] == docs[1]["url"] == "https://news.example.com/a/1"


def test_each_failure_is_listed_with_its_url_and_reason_and_the_batch_goes_on(
    server: LocalServer, db_path: Path
) -> None:
    big = article_page(3, extra="<p>" + "padding words here " * 2000 + "</p>")[1]
    server.pages["/pages/big"] = ("text/html", big.encode())
    good = SEEDS / "000_24d4c95b88186933.txt"
    urls = {
        "404": server.url("/404"),
        "json": server.url("/json"),
        "big": server.url("/pages/big"),
        "redirected": server.url("/redirect?n=2"),
    }
    code, report, err = _ingest(db_path, "--allow-private", "--max-mb", "0.02", str(good), *urls.values())
    assert code == 1
    failed = {f["url"]: f["error"] for f in report["failed"]}  # type: ignore[union-attr]
    assert set(failed) == {urls["404"], urls["json"], urls["big"]}
    assert "404" in failed[urls["404"]]
    assert "application/json" in failed[urls["json"]]
    assert "MB limit" in failed[urls["big"]]
    assert report["ingested"] == 2  # the file and the page reached through two redirects
    assert all(url in err for url in failed) and "Traceback" not in err
    with sqlite3.connect(db_path) as conn:
        fetched = conn.execute(
            "SELECT fetched_url, final_url FROM documents WHERE fetched_url IS NOT NULL"
        ).fetchone()
    assert fetched == (urls["redirected"], server.url("/ok"))


def test_private_addresses_are_refused_without_allow_private(server: LocalServer, db_path: Path) -> None:
    code, report, err = _ingest(db_path, server.url("/ok"))
    assert code == 1 and report["ingested"] == 0
    [failure] = report["failed"]  # type: ignore[misc]
    assert "loopback" in failure["error"] and "--allow-private" in failure["error"]
    assert len([line for line in err.splitlines() if line]) >= 1 and "Traceback" not in err


def test_a_slow_server_times_out_as_one_reason(server: LocalServer, db_path: Path) -> None:
    policy = FetchPolicy(connect_timeout=1, read_timeout=0.3, deadline=1.0, allow_addresses=("127.0.0.1",))
    with open_database(db_path, create=True) as database:
        report = ingest_paths(database, [server.url("/slow?s=3"), server.url("/ok")], fetch_policy=policy)
    assert report.ingested == 1
    [failure] = report.failed
    assert failure.source.endswith("/slow?s=3") and "sent nothing" in failure.error


def test_a_pdf_report_yields_claims_with_their_page(server: LocalServer, db_path: Path) -> None:
    pdf = text_pdf(
        [
            ["Labour market statistics, May 2019", "",
             "The unemployment rate rose to 7.4 percent in May, the statistics office said on Tuesday."],
            ["Exports fell by 12 percent in the first quarter of 2019, according to the ministry.",
             "Imports grew by 3 percent over the same period."],
        ],
        title="Labour market statistics",
    )  # fmt: skip
    server.pages["/pages/report.pdf"] = ("application/pdf", pdf)
    code, report, err = _ingest(db_path, "--allow-private", server.url("/pages/report.pdf"))
    assert code == 0 and report["ingested"] == 1, err
    claims = run_cli("--db", str(db_path), "claims", "--all", "--json").json()
    by_text = {c["text"]: c for c in claims}  # type: ignore[union-attr]
    exports = next(c for t, c in by_text.items() if t.startswith("Exports fell"))
    rate = next(c for t, c in by_text.items() if "7.4 percent" in t)
    assert (rate["page"], exports["page"]) == (1, 2)
    [doc] = _documents(db_path)
    assert doc["pages"] == 2 and doc["title"] == "Labour market statistics"


def test_pdf_files_and_scanned_pdfs(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ruling.pdf").write_bytes(
        text_pdf([["The court found that 19 officers had been arrested without a warrant in 2019."]])
    )
    (folder / "scan.pdf").write_bytes(text_pdf([[], []]))
    code, report, err = _ingest(db_path, str(folder))
    assert code == 1 and report["ingested"] == 1
    [failure] = report["failed"]  # type: ignore[misc]
    assert failure["path"].endswith("scan.pdf")
    assert "scanned PDF with no text layer (2 pages)" in failure["error"]
    assert err.count("scan.pdf") == 1 and "Traceback" not in err


def test_metadata_from_front_matter_sidecar_flags_and_file_name(tmp_path: Path, db_path: Path) -> None:
    body = (
        "Police detain 19 in northern raids\n\n"
        "Kosovo police said on Tuesday that 19 officers had been detained during raids in the north, "
        "and that six people were injured.\n\nThe mission said the operation was planned for weeks."
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(
        "---\noutlet: Balkan Desk\ndate: 2019-06-01\nurl: https://balkan.example/a\nauthors: [Ana, Ben]\n---\n"
        + body,
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(body + "\n\nExtra line so the text differs.", encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({"publisher": "Sidecar News", "published": "June 2, 2019"}))
    (folder / "politico_2016-09-12_some-slug.txt").write_text(body + "\n\nA third variant.", encoding="utf-8")
    code, report, err = _ingest(db_path, str(folder))
    assert code == 0 and report["ingested"] == 3 and report["skipped"] == 0, (report, err)
    docs = {Path(str(d["source"])).name: d for d in _documents(db_path)}
    a, b, c = docs["a.md"], docs["b.txt"], docs["politico_2016-09-12_some-slug.txt"]
    assert (a["outlet"], a["published"], a["url"], a["author"]) == (
        "Balkan Desk", "2019-06-01", "https://balkan.example/a", "Ana, Ben"
    )  # fmt: skip
    assert a["meta_sources"]["outlet"] == "front matter"
    with sqlite3.connect(db_path) as conn:
        text = conn.execute("SELECT text FROM documents WHERE source LIKE '%a.md'").fetchone()[0]
    assert text == body  # the front matter is not part of the article
    assert (b["outlet"], b["published"], b["meta_sources"]["outlet"]) == (
        "Sidecar News",
        "2019-06-02",
        "b.json",
    )
    assert (c["outlet"], c["published"], c["meta_sources"]["published"]) == (
        "Politico",
        "2016-09-12",
        "file name",
    )
    # Batch flags beat everything else.
    other = tmp_path / "other.db"
    code, report, _ = _ingest(other, "--outlet", "Flag Times", "--published", "2020-01-31", str(folder))
    assert code == 0
    assert {(d["outlet"], d["published"]) for d in _documents(other)} == {("Flag Times", "2020-01-31")}


def test_a_saved_page_keeps_its_canonical_address(tmp_path: Path, db_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_text(article_page(1, canonical="https://news.example.com/saved")[1], encoding="utf-8")
    code, report, err = _ingest(db_path, str(page))
    assert code == 0 and report["ingested"] == 1, err
    [doc] = _documents(db_path)
    assert doc["url"] == "https://news.example.com/saved" and doc["outlet"] == "The Daily Example"


def test_bad_stated_metadata_is_one_line(tmp_path: Path, db_path: Path) -> None:
    article = tmp_path / "x.txt"
    article.write_text((SEEDS / "004_780c27eb3452555a.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("--db", str(db_path), "ingest", "--published", "next tuesday", str(article))
    assert result.code == 1
    assert (
        result.err.strip()
        == "workbench: error: the command line: published 'next tuesday' is not a date (write it like 2019-05-28)"
    )
    batch = run_cli(
        "--db", str(db_path), "ingest", "--url", "https://a.example/x", str(article), str(article)
    )
    assert batch.code == 1 and "--url names one article's address" in batch.err
    (tmp_path / "x.json").write_text("{not json")
    code, report, _ = _ingest(db_path, str(article))
    assert code == 1 and "x.json is not readable JSON" in report["failed"][0]["error"]  # type: ignore[index]


def test_stated_titles_stay_literal_in_table_titles(tmp_path: Path) -> None:
    article = tmp_path / "evil.md"
    article.write_text(
        '---\ntitle: "[bold red]Fake[/] [link=http://evil.example]here[/link]"\n---\n'
        "Police said 19 people were detained on Tuesday in Pristina, and 6 were injured.\n",
        encoding="utf-8",
    )
    result = run_cli("extract", str(article))
    assert result.code == 0, result.err
    assert (
        "[bold red]Fake[/]" in result.out and "[link=http://evil.example]" in result.out
    )  # wrapped, literal
