"""``workbench serve``'s guard around textual-serve.

- A browser tab's websocket must come from the page this server served (its Origin names the same
  host and port it asked), so another site open in the reviewer's browser cannot drive the review TUI.
- Each websocket runs its own TUI process. A browser that opened the one-time sign-in link printed at
  start (a session cookie) gets the serving reviewer's TUI; every other tab gets a TUI that shows
  nothing until a reviewer signs in with their password (``workbench reviewers passwd``).
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

COOKIE = "workbench_session"
log = logging.getLogger("textual-serve")


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
    """textual-serve's server: cross-origin (and origin-less) websockets refused with 403; one TUI
    command per browser session (``command_for(owner)`` after the sign-in link, ``command_for(None)``:
    sign in with a password)."""

    def __init__(
        self,
        command_for: Callable[[str | None], str],
        *,
        owner: str | None,
        host: str,
        port: int,
        title: str,
    ) -> None:
        super().__init__(command_for(None), host=host, port=port, title=title)
        self.command_for = command_for
        self.owner = owner
        self._link_token: str | None = secrets.token_urlsafe(32) if owner else None
        self._sessions: set[str] = set()

    @property
    def sign_in_link(self) -> str | None:
        """The one-time link that signs a browser in as the serving reviewer (None once used)."""
        return None if self._link_token is None else f"{self.public_url}/?signin={self._link_token}"

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(
            f"Serving the review TUI on {self.public_url}", markup=False, highlight=False, soft_wrap=True
        )
        link = self.sign_in_link
        if link:
            self.console.print(
                f"Sign in as {self.owner} (this link works once): {link}",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
        self.console.print(
            "Other reviewers sign in with their password (workbench reviewers passwd NAME). Ctrl+C to quit.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )

    def session_owner(self, request: web.Request) -> str | None:
        session = request.cookies.get(COOKIE)
        return self.owner if session is not None and session in self._sessions else None

    async def handle_index(self, request: web.Request) -> Any:
        token = request.query.get("signin")
        if token is None:
            return await super().handle_index(request)
        expected = self._link_token
        if expected is None or not hmac.compare_digest(token.encode(), expected.encode()):
            raise web.HTTPForbidden(text="this sign-in link was used already or is not this server's")
        self._link_token = None  # once: a link left in a history or a log signs no one in
        session = secrets.token_urlsafe(32)
        self._sessions.add(session)
        found = web.HTTPFound("/")
        found.set_cookie(COOKIE, session, httponly=True, samesite="Strict", path="/")
        raise found

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not same_origin(request.headers.get("Origin"), request.headers.get("Host")):
            raise web.HTTPForbidden(text="cross-origin websocket refused")
        command = self.command_for(self.session_owner(request))
        # textual-serve's handler, with this session's command instead of the server's one
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            app_service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
