"""Independence of sources: registrable domains (offline) and near-identical texts, on seed articles."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.evidence.localserver import seed_article
from workbench.evidence import independence
from workbench.evidence.independence import (
    independence_groups,
    independence_summary,
    near_identical,
    registrable_domain,
    shingles,
)

RT = "\n\n".join(seed_article(0)[1])
MOSCOW_TIMES = "\n\n".join(seed_article(1)[1])


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://news.bbc.co.uk/2/hi/europe/1.stm", "bbc.co.uk"),
        ("https://www.bbc.co.uk/news", "bbc.co.uk"),
        ("https://www.themoscowtimes.com/2019/05/31/a65815", "themoscowtimes.com"),
        ("https://alice.github.io/post", "alice.github.io"),  # private suffix: each user publishes alone
        ("http://WWW.RT.COM./news/460510", "rt.com"),
        ("http://127.0.0.1:8000/x", "127.0.0.1"),
        ("http://[2001:db8::1]/x", "2001:db8::1"),
        ("http://localhost/x", "localhost"),
        ("rt.com/news", "rt.com"),
    ],
)
def test_registrable_domain(url: str, domain: str) -> None:
    assert registrable_domain(url) == domain


def test_domains_come_from_the_bundled_list_without_network_or_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(stat.S_IRUSR | stat.S_IXUSR)  # read-only home, as on a locked-down reviewer host
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("TLDEXTRACT_CACHE", raising=False)

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tldextract tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    independence._extractor.cache_clear()
    try:
        assert registrable_domain("https://www.news.gov.uk/x") == "news.gov.uk"
        assert registrable_domain("https://user.blogspot.com/") == "user.blogspot.com"
    finally:
        independence._extractor.cache_clear()
        home.chmod(stat.S_IRWXU)
    assert os.listdir(home) == []


def test_reprint_on_another_domain_counts_once() -> None:
    reprint = "Editor's note: this story first appeared on RT.\n\n" + RT + "\n\nRead more on our site."
    items = [
        ("https://www.rt.com/news/460510-russian-un-kosovo-detained/", RT),
        ("https://www.themoscowtimes.com/2019/05/31/kosovo-a65815", MOSCOW_TIMES),
        ("https://www.balkan-mirror.example/news/un-staffer", reprint),
        ("https://rt.com/news/other-story", None),  # same site, not fetched yet
    ]
    result = independence_groups(items)
    assert result.summary() == "4 sources, 2 independent"
    assert [g.members for g in result.groups] == [(0, 2, 3), (1,)]
    assert result.groups[0].domains == ("rt.com", "balkan-mirror.example") and result.groups[0].shared_text
    assert not result.groups[1].shared_text


def test_cut_copy_is_caught_by_containment() -> None:
    first_half = RT[: len(RT) // 2]
    assert near_identical(shingles(first_half), shingles(RT))
    assert independence_summary([("https://a.example/1", RT), ("https://b.example/2", first_half)]) == (
        "2 sources, 1 independent"
    )


def test_two_outlets_on_one_event_stay_independent() -> None:
    assert not near_identical(shingles(RT), shingles(MOSCOW_TIMES))


def test_identical_short_walls_do_not_merge_sites() -> None:
    wall = "Please enable JavaScript and cookies to continue. Checking your browser before accessing."
    result = independence_groups([("https://a.example/", wall), ("https://b.example/", wall)])
    assert result.independent == 2


def test_empty_and_single() -> None:
    assert independence_summary([]) == "0 sources, 0 independent"
    assert independence_summary([("https://rt.com/x", RT)]) == "1 source, 1 independent"


SITES = ["rt.com", "themoscowtimes.com", "bbc.co.uk", "a.example", "b.example"]
TEXTS = [RT, MOSCOW_TIMES, None, "short text"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SITES), st.integers(0, 99), st.sampled_from(TEXTS)), max_size=8))
def test_groups_partition_the_items(raw: list[tuple[str, int, str | None]]) -> None:
    items = [(f"https://www.{site}/story/{n}", text) for site, n, text in raw]
    result = independence_groups(items)
    members = sorted(i for g in result.groups for i in g.members)
    assert members == list(range(len(items)))
    assert result.independent <= len({site for site, _, _ in raw}) or not items
    for group in result.groups:  # one domain never spans two groups
        others = [g for g in result.groups if g is not group]
        assert not any(set(group.domains) & set(g.domains) for g in others)
    # a verbatim copy of an item's long text on a new site never adds an independent source
    long_items = [i for i, (_, text) in enumerate(items) if text in (RT, MOSCOW_TIMES)]
    if long_items:
        copy = ("https://copy.example/", items[long_items[0]][1])
        assert independence_groups([*items, copy]).independent == result.independent
