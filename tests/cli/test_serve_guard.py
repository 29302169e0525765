"""`workbench serve`: a websocket from another site is refused; listening beyond loopback needs --public."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytest.importorskip("textual_serve")
aiohttp = pytest.importorskip("aiohttp")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(seeded_db: Path) -> Iterator[int]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    cmd = [sys.executable, "-m", "workbench", "--db", str(seeded_db), "serve", "--reviewer", "ana"]
    proc = subprocess.Popen(
        [*cmd, "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert proc.poll() is None, "serve exited"
            time.sleep(0.1)
        yield port
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


def test_a_cross_origin_websocket_is_refused(served: int) -> None:
    assert asyncio.run(_handshake(served, "http://evil.example")) == 403
    assert asyncio.run(_handshake(served, f"http://evil.example:{served}")) == 403
    assert asyncio.run(_handshake(served, None)) == 403
    assert asyncio.run(_handshake(served, f"http://127.0.0.1:{served}")) == 101


def test_listening_beyond_loopback_needs_public(seeded_db: Path) -> None:
    result = run_cli("--db", str(seeded_db), "serve", "--reviewer", "ana", "--host", "0.0.0.0")
    assert result.code != 0
    assert (
        result.err.strip()
        == "workbench: error: --host 0.0.0.0 listens beyond this machine; add --public to mean it"
    )
