"""Address policy for evidence fetching: which IP addresses we may connect to (SSRF guard).

Pure functions over :mod:`ipaddress`; the transport (``transport.py``) calls :meth:`AddressPolicy.check`
on every address a host name resolves to, at connect time, for every redirect hop.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance metadata endpoints (AWS/GCP/Azure/OpenStack and AWS's IPv6 form).
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

# Checked in this order; the first that matches names the refusal.
_KINDS: tuple[tuple[str, str], ...] = (
    ("is_unspecified", "unspecified"),
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_private", "private"),
    ("is_reserved", "reserved"),
)


class AddressRefused(Exception):
    """The policy refuses to connect to an address (raised from the transport, before connecting)."""

    def __init__(self, host: str, address: IPAddress, kind: str) -> None:
        self.host = host
        self.address = address
        self.kind = kind
        shown = str(address) if host in (str(address), "") else f"{address} (from {host})"
        super().__init__(f"refused: the address {shown} is {kind}; pass --allow-private to allow it")


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address hidden in an IPv6 form (mapped ``::ffff:a.b.c.d``, NAT64, 6to4), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def non_public_kind(address: IPAddress) -> str | None:
    """Why ``address`` is not a public unicast address ("loopback", "private"...), or None if it is."""
    inner = embedded_ipv4(address)
    if inner is not None:
        kind = non_public_kind(inner)
        return f"{kind} (an IPv4 address inside an IPv6 one)" if kind else None
    if address in _METADATA:
        return "a cloud metadata endpoint"
    if isinstance(address, ipaddress.IPv4Address) and address in _CGNAT:
        return "shared address space (carrier-grade NAT)"
    for attribute, kind in _KINDS:
        if getattr(address, attribute):
            return kind
    if not address.is_global:
        return "not globally routable"
    return None


def literal_address(host: str) -> IPAddress | None:
    """The IP address ``host`` spells, including legacy forms (``0x7f000001``, ``2130706433``, ``127.1``).

    Those legacy forms are what the C resolver accepts via ``inet_aton``, so a guard that only knew
    dotted quads would let them through to the resolver unexamined.
    """
    text = host.strip("[]")
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if text and all(c in "0123456789abcdefABCDEFxX." for c in text) and not text.endswith("."):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which addresses may be connected to.

    ``allow_private`` admits every address; ``allow_addresses`` admits only the listed addresses or
    networks (e.g. ``("127.0.0.1",)`` in tests), everything else non-public is still refused.
    """

    allow_private: bool = False
    allow_addresses: tuple[str, ...] = ()

    def _allowed_networks(self) -> tuple[IPNetwork, ...]:
        return tuple(ipaddress.ip_network(a, strict=False) for a in self.allow_addresses)

    def refusal(self, address: IPAddress) -> str | None:
        """Why the address is refused, or None when it may be connected to."""
        if self.allow_private:
            return None
        kind = non_public_kind(address)
        if kind is None:
            return None
        if any(address.version == net.version and address in net for net in self._allowed_networks()):
            return None
        return kind

    def check(self, host: str, address: IPAddress) -> None:
        """Raise :class:`AddressRefused` unless the address may be connected to."""
        kind = self.refusal(address)
        if kind is not None:
            raise AddressRefused(host, address, kind)
