"""`workbench watch`: a real feed on 127.0.0.1, polled with conditional requests, robots.txt honoured."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.evidence.localserver import LocalServer, running_server
from tests.ingest.webpages import article_page, rss_feed
from workbench.actions import watch


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with running_server() as state:
        for i in range(4):
            state.pages[f"/pages/item{i}"] = ("text/html", article_page(i, site=f"Outlet {i}")[1].encode())
        yield state


def _feed(server: LocalServer, n: int) -> None:
    items = [(f"guid-{i}", server.url(f"/pages/item{i}"), f"Item {i}") for i in range(n)]
    server.pages["/pages/feed.xml"] = ("application/rss+xml", rss_feed("Test feed", items))


def _watch(db: Path, *args: str) -> tuple[int, list[dict[str, object]], str]:
    result = run_cli(
        "--db", str(db), "watch", "--once", "--json", "--rate", "0", "--allow-private", "--no-match", *args
    )
    lines = [__import__("json").loads(line) for line in result.out.splitlines() if line.strip()]
    return result.code, lines, result.err


def _documents(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_three_items_then_nothing_then_only_the_new_one(server: LocalServer, db_path: Path) -> None:
    _feed(server, 3)
    feed = server.url("/pages/feed.xml")
    code, [first], err = _watch(db_path, feed)
    assert code == 0, err
    assert (first["status"], first["new_items"], first["documents"]) == ("new", 3, 3)
    assert _documents(db_path) == 3
    code, [second], _ = _watch(db_path, feed)
    assert (code, second["status"], second["new_items"], second["documents"]) == (0, "unchanged", 0, 0)
    feed_requests = [
        h for p, h in zip(server.hits, server.headers_seen, strict=True) if p == "/pages/feed.xml"
    ]
    assert "If-None-Match" not in feed_requests[0] and feed_requests[1]["If-None-Match"].startswith('"')
    assert _documents(db_path) == 3
    _feed(server, 4)  # the feed changes: one more item
    code, [third], _ = _watch(db_path)  # no address: every stored feed
    assert (third["status"], third["new_items"], third["documents"]) == ("new", 1, 1)
    assert _documents(db_path) == 4
    listing = run_cli("--db", str(db_path), "watch", "--list", "--json").json()
    [row] = listing  # type: ignore[misc]
    assert (
        row["url"] == feed
        and row["items_seen"] == 4
        and row["documents"] == 4
        and row["title"] == "Test feed"
    )
    with sqlite3.connect(db_path) as conn:
        polls = conn.execute("SELECT count(*) FROM events WHERE action = 'feed.poll'").fetchone()[0]
        sources = {r[0] for r in conn.execute("SELECT outlet FROM documents")}
    assert polls == 3 and sources == {"Outlet 0", "Outlet 1", "Outlet 2", "Outlet 3"}


def test_robots_txt_and_failed_items_are_reported_and_the_rest_ingested(
    server: LocalServer, db_path: Path
) -> None:
    _feed(server, 3)
    server.pages["/robots.txt"] = ("text/plain", b"User-agent: factcheck-workbench\nDisallow: /pages/item1\n")
    server.pages.pop("/pages/item2")  # a dead link in the feed
    code, [result], err = _watch(db_path, server.url("/pages/feed.xml"))
    assert code == 1
    assert result["documents"] == 1 and result["new_items"] == 3
    failed = {f["url"]: f["error"] for f in result["failed"]}  # type: ignore[union-attr]
    assert "robots.txt" in failed[server.url("/pages/item1")]
    assert "404" in failed[server.url("/pages/item2")]
    assert "/pages/item1" not in server.hits
    assert err.count("workbench: ") == 2


def test_a_feed_that_is_not_a_feed_or_is_refused_is_one_line(server: LocalServer, db_path: Path) -> None:
    code, [result], _ = _watch(db_path, server.url("/json"))
    assert code == 1 and result["status"] == "failed" and "not an RSS or Atom feed" in str(result["error"])
    result2 = run_cli("--db", str(db_path), "watch", "--once", "--rate", "0", server.url("/pages/feed.xml"))
    assert result2.code == 1 and "loopback" in result2.err and "Traceback" not in result2.err
    bad = run_cli("--db", str(db_path), "watch", "--once", "ftp://example.org/feed")
    assert bad.code == 1 and bad.err.startswith("workbench: error: ") and "not a feed address" in bad.err


def test_one_request_per_host_per_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    monkeypatch.setattr(watch.time, "sleep", sleep)
    pacer = watch.HostPacer(2.0, clock=lambda: now[0])
    pacer.wait("http://a.example/feed")
    pacer.wait("http://b.example/feed")  # another host: no wait
    now[0] += 0.5
    pacer.wait("http://a.example/item")
    assert slept == [1.5]
