"""The SSRF guard: address classification (property tests) and refusals through the real transport."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.evidence.localserver import LocalServer
from workbench.evidence.fetch import FetchPolicy, fetch
from workbench.evidence.guard import AddressPolicy, literal_address, non_public_kind

NON_PUBLIC_V4 = [
    "127.0.0.0/8",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "0.0.0.0/8",
    "224.0.0.0/4",
    "240.0.0.0/4",
]


def _address_in(cidr: str) -> st.SearchStrategy[ipaddress.IPv4Address]:
    network = ipaddress.IPv4Network(cidr)
    return st.integers(0, network.num_addresses - 1).map(lambda i: network[i])


@given(st.sampled_from(NON_PUBLIC_V4).flatmap(_address_in))
def test_non_public_ipv4_and_its_ipv6_disguises_are_refused(address: ipaddress.IPv4Address) -> None:
    strict = AddressPolicy()
    assert strict.refusal(address) is not None
    mapped = ipaddress.IPv6Address(f"::ffff:{address}")
    nat64 = ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(address))
    sixtofour = ipaddress.IPv6Address((0x2002 << 112) | (int(address) << 80))
    for disguise in (mapped, nat64, sixtofour):
        assert strict.refusal(disguise) is not None, disguise
    assert AddressPolicy(allow_private=True).refusal(mapped) is None


@given(st.integers(0, 2**32 - 1).map(ipaddress.IPv4Address))
def test_any_ipv4_refused_iff_not_public(address: ipaddress.IPv4Address) -> None:
    public = address.is_global and not address.is_multicast
    assert (AddressPolicy().refusal(address) is None) == public


@given(st.integers(0, 2**32 - 1))
def test_legacy_ipv4_spellings_are_recognised(value: int) -> None:
    address = ipaddress.IPv4Address(value)
    for spelling in (str(value), hex(value), f"0{value:o}"):
        assert literal_address(spelling) == address


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("169.254.169.254", "a cloud metadata endpoint"),
        ("::1", "loopback"),
        ("fc00::1", "private"),
        ("fe80::1", "link-local"),
        ("::", "unspecified"),
        ("0.0.0.0", "unspecified"),
        ("10.9.8.7", "private"),
        ("100.64.1.1", "shared address space (carrier-grade NAT)"),
        ("ff02::1", "multicast"),
        ("::ffff:10.0.0.1", "private (an IPv4 address inside an IPv6 one)"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_refusal_names_the_kind(text: str, kind: str | None) -> None:
    assert non_public_kind(ipaddress.ip_address(text)) == kind


def test_allow_addresses_admits_only_what_is_listed() -> None:
    only_one = AddressPolicy(allow_addresses=("127.0.0.1",))
    assert only_one.refusal(ipaddress.ip_address("127.0.0.1")) is None
    assert only_one.refusal(ipaddress.ip_address("127.0.0.2")) == "loopback"
    assert only_one.refusal(ipaddress.ip_address("::1")) == "loopback"


def test_loopback_refused_without_the_allowance(server: LocalServer) -> None:
    r = fetch(server.url("/ok"), FetchPolicy())
    assert r.status == "refused_by_policy"
    assert r.error == "refused: the address 127.0.0.1 is loopback; pass --allow-private to allow it"
    assert fetch(server.url("/ok"), FetchPolicy(allow_private=True)).status == "ok"


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://[::1]/",
        "http://0x7f000001/",
        "http://2130706433/",
        "http://127.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://0.0.0.0/",
    ],
)
def test_internal_addresses_refused(url: str) -> None:
    r = fetch(url, FetchPolicy())
    assert r.status == "refused_by_policy", r.error
    assert r.error is not None and r.error.startswith("refused: the address ")


def test_redirect_to_another_loopback_address_is_refused(server: LocalServer, policy: FetchPolicy) -> None:
    hits = len(server.hits)
    r = fetch(server.url("/to-127-0-0-2"), policy)
    assert r.status == "refused_by_policy"
    assert r.error == (
        f"redirected to http://127.0.0.2:{server.port}/ok: refused: the address 127.0.0.2 is loopback; "
        "pass --allow-private to allow it"
    )
    assert server.hits[hits:] == ["/to-127-0-0-2"]


def test_redirect_to_a_name_resolving_inside_is_refused(server: LocalServer, policy: FetchPolicy) -> None:
    def resolver(host: str, port: int) -> list[str]:
        if host == "rebind.test":
            return ["127.0.0.2"]
        return [str(a[4][0]) for a in socket.getaddrinfo(host, port)]

    r = fetch(server.url("/to-rebind"), policy, resolver=resolver)
    assert r.status == "refused_by_policy"
    assert "the address 127.0.0.2 (from rebind.test) is loopback" in (r.error or "")


def test_one_bad_address_among_many_refuses_the_name(server: LocalServer, policy: FetchPolicy) -> None:
    r = fetch(
        f"http://mixed.test:{server.port}/ok", policy, resolver=lambda host, port: ["127.0.0.1", "10.1.2.3"]
    )
    assert r.status == "refused_by_policy" and "10.1.2.3 (from mixed.test) is private" in (r.error or "")


def test_name_is_resolved_once_and_the_checked_address_used(server: LocalServer, policy: FetchPolicy) -> None:
    # A rebinding resolver answers an allowed address first and a forbidden one after that. A guard
    # that checks the name and lets the client resolve again would connect to the second answer.
    answers = [["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]]
    calls: list[str] = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return answers[len(calls) - 1]

    hits = len(server.hits)
    r = fetch(f"http://rebind.test:{server.port}/ok", policy, resolver=rebinding)
    assert r.status == "ok" and calls == ["rebind.test"]
    assert server.hits[hits:] == ["/ok"]


def test_redirect_to_localhost_needs_its_own_allowance(server: LocalServer) -> None:
    scoped = FetchPolicy(read_timeout=0.5, deadline=2.0, allow_addresses=("127.0.0.1",))
    assert fetch(server.url("/to-localhost"), scoped).status == "redirected"  # localhost is 127.0.0.1 here
    r = fetch(
        server.url("/to-localhost"),
        FetchPolicy(allow_addresses=("127.0.0.1/32",)),
        resolver=lambda host, port: ["::1"] if host == "localhost" else ["127.0.0.1"],
    )
    assert r.status == "refused_by_policy" and "::1 (from localhost) is loopback" in (r.error or "")


@pytest.mark.parametrize("path", ["/to-ftp", "/to-file"])
def test_redirect_to_other_schemes_is_unsupported(
    server: LocalServer, policy: FetchPolicy, path: str
) -> None:
    r = fetch(server.url(path), policy)
    assert r.status == "unsupported" and "only http and https links are fetched" in (r.error or "")
