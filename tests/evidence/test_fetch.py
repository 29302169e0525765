"""fetch() against a real loopback HTTP server: statuses, redirects, caps, deadlines, charsets, titles."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.evidence.localserver import LocalServer, article_html, seed_article
from workbench.evidence.changes import compare
from workbench.evidence.fetch import STATUSES, FetchPolicy, FetchResult, check_url, fetch, make_client


def test_ok_page_has_title_text_and_hash(server: LocalServer, policy: FetchPolicy) -> None:
    headline, paragraphs = seed_article(0)
    r = fetch(server.url("/ok"), policy)
    assert r.status == "ok" and r.http_status == 200 and r.error is None
    assert r.title == headline
    assert r.main_text is not None and paragraphs[1][:80] in r.main_text
    assert "Subscribe to our newsletter" not in r.main_text  # trafilatura drops the page furniture
    assert r.byte_size == len(article_html(headline, paragraphs).encode()) and not r.truncated
    assert r.sha256 is not None and len(r.sha256) == 64
    assert r.content_type == "text/html; charset=utf-8"
    assert r.final_url == r.url and r.redirects == ()
    assert r.fetched_at.endswith("+00:00")


def test_body_bytes_only_when_asked(server: LocalServer, policy: FetchPolicy) -> None:
    assert fetch(server.url("/ok"), policy).body is None
    kept = fetch(server.url("/gzipped"), policy, keep_body=True)
    assert kept.body is not None and hashlib.sha256(kept.body).hexdigest() == kept.sha256
    assert kept.body.startswith(b"<!doctype html>")


@pytest.mark.parametrize(
    ("path", "words"),
    [("/garbage", "sent a malformed HTTP answer"), ("/hang-up", "sent a malformed HTTP answer")],
)
def test_broken_servers_are_errors_not_crashes(
    server: LocalServer, policy: FetchPolicy, path: str, words: str
) -> None:
    r = fetch(server.url(path), policy)
    assert r.status == "error" and words in (r.error or ""), r.error


def test_result_round_trips_through_json(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(server.url("/redirect?n=2"), policy)
    data = json.loads(json.dumps(r.to_dict()))
    assert "body" not in data and data["redirects"][0]["http_status"] == 302
    assert FetchResult.from_dict(data) == r


def test_redirects_are_followed_and_recorded(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(server.url("/redirect?n=3"), policy)
    assert r.status == "redirected" and r.http_status == 200
    assert [h.url for h in r.redirects] == [
        server.url("/redirect?n=3"),
        server.url("/redirect?n=2"),
        server.url("/redirect?n=1"),
    ]
    assert r.final_url == server.url("/ok")


def test_five_redirects_allowed_six_not(server: LocalServer, policy: FetchPolicy) -> None:
    assert fetch(server.url("/redirect?n=5"), policy).status == "redirected"
    r = fetch(server.url("/redirect?n=6"), policy)
    assert r.status == "too_many_redirects" and r.error == "more than 5 redirects"
    assert len(r.redirects) == 6


def test_redirect_loop_is_named(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(server.url("/loop-a"), policy)
    assert r.status == "too_many_redirects"
    assert r.error == f"redirect loop: {server.url('/loop-a')} was already visited"
    assert len(r.redirects) == 2


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/404", "gone", "404 Not Found"),
        ("/410", "gone", "410 Gone"),
        ("/500", "server_error", "500 Internal Server Error"),
        ("/403", "blocked", "403 Forbidden"),
        ("/429", "rate_limited", "429 Too Many Requests"),
        ("/418", "error", "418"),
    ],
)
def test_http_errors_are_classified(
    server: LocalServer, policy: FetchPolicy, path: str, status: str, words: str
) -> None:
    r = fetch(server.url(path), policy)
    assert r.status == status and r.http_status == int(path[1:])
    assert r.error is not None and words in r.error
    assert r.main_text is None  # error pages are not evidence text


def test_slow_response_hits_read_timeout(server: LocalServer, policy: FetchPolicy) -> None:
    started = time.monotonic()
    r = fetch(server.url("/slow?s=1.5"), policy)
    assert r.status == "timeout" and r.error == "127.0.0.1 sent nothing for 0.5 s"
    assert time.monotonic() - started < 1.2


def test_slow_drip_hits_overall_deadline(server: LocalServer, policy: FetchPolicy) -> None:
    # Each byte arrives well inside the 0.5 s read timeout; only the deadline can stop it.
    started = time.monotonic()
    r = fetch(server.url("/drip"), policy)
    elapsed = time.monotonic() - started
    assert r.status == "timeout" and "1.5 s overall deadline" in (r.error or "")
    assert 1.4 <= elapsed < 2.2


def test_endless_body_is_truncated_at_cap(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(server.url("/endless"), policy)
    assert r.status == "ok" and r.truncated and r.byte_size == policy.max_bytes
    assert r.main_text is not None and r.main_text.startswith(seed_article(0)[1][0][:40])


def test_gzip_bomb_is_capped_on_decoded_size(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(server.url("/bomb"), policy)
    assert r.status == "ok" and r.truncated and r.byte_size == policy.max_bytes


def test_gzipped_page_is_decoded(server: LocalServer, policy: FetchPolicy) -> None:
    plain, gz = fetch(server.url("/ok"), policy), fetch(server.url("/gzipped"), policy)
    assert gz.sha256 == plain.sha256 and gz.title == plain.title and not gz.truncated


def test_invalid_gzip_is_an_error_not_a_crash(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(server.url("/bad-gzip"), policy)
    assert r.status == "error" and "not valid gzip data" in (r.error or "")


@pytest.mark.parametrize(("path", "mime"), [("/pdf", "application/pdf"), ("/json", "application/json")])
def test_non_html_bodies_are_hashed_not_parsed(
    server: LocalServer, policy: FetchPolicy, path: str, mime: str
) -> None:
    r = fetch(server.url(path), policy)
    assert r.status == "ok" and r.content_type == mime
    assert r.title is None and r.main_text is None and r.byte_size > 0 and r.sha256


def test_plain_text_is_main_text(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(server.url("/plain"), policy)
    assert r.main_text is not None and seed_article(0)[1][1] in r.main_text and r.title is None


@pytest.mark.parametrize("path", ["/latin1-as-utf8", "/utf8-as-latin1", "/no-charset", "/bogus-charset"])
def test_wrong_or_missing_charset_still_decodes(server: LocalServer, policy: FetchPolicy, path: str) -> None:
    r = fetch(server.url(path), policy)
    assert r.status == "ok"
    assert r.title == "Réforme: grève générale à Paris"
    assert r.main_text is not None and "réclament son retrait immédiat" in r.main_text


def test_title_markup_comes_back_literal(server: LocalServer, policy: FetchPolicy) -> None:
    assert fetch(server.url("/title-markup"), policy).title == "[@click=app.quit]"


def test_title_control_characters_and_escapes_are_stripped(server: LocalServer, policy: FetchPolicy) -> None:
    assert fetch(server.url("/title-ansi"), policy).title == "Breaking news here"


def test_recheck_reports_changed_body(server: LocalServer, policy: FetchPolicy) -> None:
    headline, paragraphs = seed_article(1)
    server.mutable["page"] = article_html(headline, paragraphs)
    first = fetch(server.url("/mutable"), policy)
    assert compare(first.to_dict(), fetch(server.url("/mutable"), policy)) == []
    server.mutable["page"] = article_html(headline, [*paragraphs[:2], "The article was corrected."])
    changes = compare(first.to_dict(), fetch(server.url("/mutable"), policy))
    assert len(changes) == 1 and changes[0].startswith("body changed (main text ")


def test_recheck_reports_status_and_move(server: LocalServer, policy: FetchPolicy) -> None:
    before = fetch(server.url("/ok"), policy)
    gone = replace(fetch(server.url("/404"), policy), url=before.url, final_url=before.url)
    assert compare(before.to_dict(), gone)[0] == "status 200 -> 404"
    was_direct = replace(before, url=server.url("/redirect?n=1"), final_url=server.url("/redirect?n=1"))
    moved = fetch(server.url("/redirect?n=1"), policy)
    assert compare(was_direct, moved) == [f"moved to {server.url('/ok')}"]
    assert compare(moved.to_dict(), was_direct) == ["no longer redirects"]


def test_shared_client_serves_many_fetches(server: LocalServer, policy: FetchPolicy) -> None:
    with make_client(policy) as client:
        results = [fetch(server.url(p), policy, client=client) for p in ("/ok", "/404", "/redirect?n=2")]
    assert [r.status for r in results] == ["ok", "gone", "redirected"]


def test_tls_to_a_plain_port_is_a_tls_error(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(f"https://127.0.0.1:{server.port}/ok", policy)
    assert r.status == "tls_error" and r.error is not None
    assert r.error.startswith("the secure (TLS) connection to 127.0.0.1 failed")


def test_closed_port_is_a_connect_error(policy: FetchPolicy) -> None:
    r = fetch("http://127.0.0.1:9/", policy)
    assert r.status == "connect_error" and "could not connect to 127.0.0.1" in (r.error or "")


def test_unknown_host_is_a_dns_error(policy: FetchPolicy) -> None:
    r = fetch("http://no-such-host.invalid/", policy)  # .invalid never resolves (RFC 6761)
    assert r.status == "dns_error"
    assert r.error == "the host name no-such-host.invalid could not be found (DNS)"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("file:///etc/passwd", "unsupported"),
        ("ftp://example.org/file", "unsupported"),
        ("javascript:alert(1)", "unsupported"),
        ("http://", "malformed_url"),
        ("ht!tp://x", "malformed_url"),
        ("http://exa mple.com", "malformed_url"),
        ("example.com/page", "malformed_url"),
        ("", "malformed_url"),
        ("http://[::1/", "malformed_url"),
        ("http://example.org/" + "a" * 9000, "malformed_url"),
    ],
)
def test_bad_urls_are_refused_without_network(url: str, status: str) -> None:
    r = fetch(url, FetchPolicy())
    assert r.status == status and r.error and r.elapsed_ms < 500
    assert check_url(url) == (status, r.error)


@given(st.text(max_size=200) | st.builds(lambda tail: "http://" + tail, st.text(max_size=60)))
def test_check_url_never_raises(url: str) -> None:
    problem = check_url(url)
    assert problem is None or (problem[0] in STATUSES and problem[1])


def test_statuses_are_all_declared(server: LocalServer, policy: FetchPolicy) -> None:
    for path in ("/ok", "/404", "/loop-a", "/bad-gzip"):
        assert fetch(server.url(path), policy).status in STATUSES
