"""``workbench serve``'s guard around textual-serve: a browser tab's websocket must come from the page
this server served (its Origin names the same host and port it asked), so another site open in the
reviewer's browser cannot drive the review TUI."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server


def same_origin(origin: str | None, host_header: str | None) -> bool:
    """Whether a websocket's ``Origin`` is the page's own (scheme http/https, same host:port)."""
    if not origin or not host_header:
        return False
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class GuardedServer(Server):
    """textual-serve's server, refusing cross-origin (and origin-less) websockets with 403."""

    async def handle_websocket(self, request: web.Request) -> Any:
        if not same_origin(request.headers.get("Origin"), request.headers.get("Host")):
            raise web.HTTPForbidden(text="cross-origin websocket refused")
        return await super().handle_websocket(request)
