"""`workbench serve`: a websocket from another site is refused; listening beyond loopback needs --public."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    port: int
    link: str


@pytest.fixture
def served(seeded_db: Path) -> Iterator[Served]:
    """``workbench serve --reviewer ana`` on a free port, with the sign-in link it printed."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "COLUMNS": "300"}
    cmd = [sys.executable, "-m", "workbench", "--db", str(seeded_db), "serve", "--reviewer", "ana"]
    proc = subprocess.Popen(
        [*cmd, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        link = ""
        deadline = time.monotonic() + 60
        while not link and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "serve exited"
            if "this link works once" in line:
                link = line.rsplit(" ", 1)[1].strip()
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert proc.poll() is None, "serve exited"
            time.sleep(0.1)
        yield Served(port, link)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


async def _handshake(port: int, origin: str | None) -> int:
    headers = {} if origin is None else {"Origin": origin}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws", headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return int(exc.status)


def test_a_cross_origin_websocket_is_refused(served: Served) -> None:
    port = served.port
    assert asyncio.run(_handshake(port, "http://evil.example")) == 403
    assert asyncio.run(_handshake(port, f"http://evil.example:{port}")) == 403
    assert asyncio.run(_handshake(port, None)) == 403
    assert asyncio.run(_handshake(port, f"http://127.0.0.1:{port}")) == 101


def test_listening_beyond_loopback_needs_public(seeded_db: Path) -> None:
    result = run_cli("--db", str(seeded_db), "serve", "--reviewer", "ana", "--host", "0.0.0.0")
    assert result.code != 0
    assert (
        result.err.strip()
        == "workbench: error: --host 0.0.0.0 listens beyond this machine; add --public to mean it"
    )


async def _get(url: str) -> tuple[int, str | None]:
    async with aiohttp.ClientSession() as session, session.get(url, allow_redirects=False) as response:
        cookie = response.cookies.get("workbench_session")
        return response.status, None if cookie is None else cookie.value


def test_the_sign_in_link_works_once(served: Served) -> None:
    assert served.link.startswith(f"http://127.0.0.1:{served.port}/?signin=")
    wrong = asyncio.run(_get(f"http://127.0.0.1:{served.port}/?signin=guessed"))
    assert wrong == (403, None)
    status, cookie = asyncio.run(_get(served.link))
    assert status == 302 and cookie
    assert asyncio.run(_get(served.link)) == (403, None)


async def _session(port: int, cookie: str | None, keys: list[tuple[str, str]], db: Path) -> bytes:
    """Open a browser-like websocket (the served Origin, maybe the session cookie), wait for each
    ``(text on screen, keys)`` step and type the keys; return what the screen showed."""
    cookies = {} if cookie is None else {"workbench_session": cookie}
    screen = b""
    async with (
        aiohttp.ClientSession(cookies=cookies) as session,
        session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width=140&height=40", headers={"Origin": f"http://127.0.0.1:{port}"}
        ) as ws,
    ):
        await ws.send_json(["resize", {"width": 140, "height": 40}])
        for wanted, typed in keys:
            deadline = time.monotonic() + 60
            while wanted.encode() not in screen:
                assert time.monotonic() < deadline, f"never showed {wanted!r}: {screen[-2000:]!r}"
                try:
                    message = await ws.receive(timeout=1)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    screen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    raise AssertionError(f"the session closed: {screen[-2000:]!r}")
            screen = b""  # the next step waits for something new
            await asyncio.sleep(0.5)
            for key in typed:
                await ws.send_json(["stdin", key])
                await asyncio.sleep(0.05)
        await asyncio.sleep(2)
    return screen


def _triaged_by(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT actor FROM events WHERE action = 'claim.triage' ORDER BY id").fetchall()
    return [str(r[0]) for r in rows]


def test_each_browser_session_acts_as_its_signed_in_reviewer(served: Served, seeded_db: Path) -> None:
    db = str(seeded_db)
    assert run_cli("--db", db, "reviewers", "add", "bo", "--os-user", "nobody", "--reviewer", "ana").code == 0
    passwd = run_cli(
        "--db",
        db,
        "reviewers",
        "passwd",
        "bo",
        "--password-stdin",
        "--reviewer",
        "ana",
        stdin="a long secret\n",
    )
    assert passwd.code == 0, passwd.err
    # no cookie, a wrong password: the sign-in screen stays and nothing is written
    asyncio.run(
        _session(
            served.port,
            None,
            [("Sign in to review", ["b", "o", "\r", *"not it at all", "\r"]), ("wrong name or password", [])],
            seeded_db,
        )
    )
    assert _triaged_by(seeded_db) == []
    # bo signs in with his password (his name is bound to another account: the password proves him)
    asyncio.run(
        _session(
            served.port,
            None,
            [("Sign in to review", ["b", "o", "\r", *"a long secret", "\r"]), ("Signed in as bo", ["y"])],
            seeded_db,
        )
    )
    deadline = time.monotonic() + 30
    while _triaged_by(seeded_db) != ["bo"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _triaged_by(seeded_db) == ["bo"]
    # the browser that opened the one-time link is ana
    status, cookie = asyncio.run(_get(served.link))
    assert status == 302 and cookie
    asyncio.run(_session(served.port, cookie, [("ana (admin)", ["j", "j", "y"])], seeded_db))
    deadline = time.monotonic() + 30
    while len(_triaged_by(seeded_db)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _triaged_by(seeded_db) == ["bo", "ana"]
