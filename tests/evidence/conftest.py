"""Fixtures for the evidence tests: the loopback server (session-wide) and a scoped fetch policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.evidence.localserver import LocalServer, running_server
from workbench.evidence.fetch import FetchPolicy


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    """The routes of :mod:`tests.evidence.localserver`, served on 127.0.0.1 for the whole session."""
    with running_server() as state:
        yield state


@pytest.fixture
def policy() -> FetchPolicy:
    """A test policy: only 127.0.0.1 admitted, small cap, short timeouts."""
    return FetchPolicy(
        connect_timeout=1.0,
        read_timeout=0.5,
        deadline=1.5,
        max_bytes=64_000,
        allow_addresses=("127.0.0.1",),
    )
