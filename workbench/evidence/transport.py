"""An httpx transport that resolves once, vets every address, and connects to the vetted one.

Checking a host name and then letting the HTTP client resolve it again is a time-of-check /
time-of-use gap (DNS rebinding). Here the httpcore network backend does the resolving itself, refuses
the connection if *any* address is non-public, and connects to the address it checked. TLS still
verifies the certificate against the host name: httpcore passes the URL host as ``server_hostname``.

The stream wrapper also enforces the per-fetch overall deadline and cancellation (held in a context
variable) on every socket read, so a server that drips one byte per second cannot hold a fetch past
its deadline, and a cancelled pool stops within a fraction of a second.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import math
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

from workbench.evidence.guard import AddressPolicy, IPAddress, literal_address

Resolver = Callable[[str, int], list[str]]
"""``(host, port) -> [ip, ...]``; raises :class:`socket.gaierror` when the name does not resolve."""

_SLICE = 0.2  # seconds: how often a blocked read wakes up to look at the deadline and cancel flag


class DeadlineExceeded(httpcore.TimeoutException):
    """The fetch's overall deadline passed (httpx re-raises it as ``httpx.TimeoutException``)."""


class FetchCancelled(Exception):
    """The caller cancelled the fetch (e.g. the pool was cancelled)."""


class ResolveFailed(httpcore.ConnectError):
    """The host name did not resolve (httpx re-raises it as ``httpx.ConnectError``)."""


@dataclass(frozen=True, slots=True)
class Budget:
    """The wall-clock deadline (``time.monotonic``) and cancel flag of the fetch in progress."""

    deadline: float | None = None
    cancel: threading.Event | None = None

    def clip(self, timeout: float | None) -> float | None:
        """``timeout`` shortened to what is left; raises when cancelled or out of time."""
        if self.cancel is not None and self.cancel.is_set():
            raise FetchCancelled("cancelled")
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("the overall deadline passed")
        return left if timeout is None else min(timeout, left)


_NO_BUDGET = Budget()
_BUDGET: ContextVar[Budget | None] = ContextVar("evidence_fetch_budget", default=None)


def _current() -> Budget:
    return _BUDGET.get() or _NO_BUDGET


@contextlib.contextmanager
def budget(deadline: float | None, cancel: threading.Event | None = None) -> Iterator[Budget]:
    """Apply a deadline and cancel flag to every socket operation in this thread/task."""
    value = Budget(deadline, cancel)
    token = _BUDGET.set(value)
    try:
        yield value
    finally:
        _BUDGET.reset(token)


def system_resolver(host: str, port: int) -> list[str]:
    """All addresses the system resolver gives for ``host``, in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _resolve_in_time(resolver: Resolver, host: str, port: int, timeout: float | None) -> list[str]:
    """Run ``resolver`` within the connect timeout, the deadline and the cancel flag.

    ``getaddrinfo`` cannot be interrupted, so it runs in a daemon thread that is abandoned (and
    finishes on its own) if it takes too long; a stuck DNS server then cannot hold a fetch or a pool.
    """
    outcome: list[list[str] | BaseException] = []
    finished = threading.Event()

    def work() -> None:
        try:
            outcome.append(resolver(host, port))
        except BaseException as exc:
            outcome.append(exc)
        finally:
            finished.set()

    threading.Thread(target=work, name="evidence-resolve", daemon=True).start()
    until = math.inf if timeout is None else time.monotonic() + timeout
    while not finished.wait(_SLICE if until == math.inf else max(0.0, min(_SLICE, until - time.monotonic()))):
        if time.monotonic() >= until:
            raise httpcore.ConnectTimeout(f"resolving {host} took longer than {timeout:g} s")
        _current().clip(None)  # raises when cancelled or past the deadline
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


class BudgetedStream(httpcore.NetworkStream):
    """A network stream whose reads and writes respect the current :class:`Budget`."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        until = math.inf if timeout is None else time.monotonic() + timeout
        while True:
            now = time.monotonic()
            if now >= until:
                raise httpcore.ReadTimeout("timed out")
            left = _current().clip(None if until == math.inf else until - now)
            wait = _SLICE if left is None else min(_SLICE, left)
            try:
                return self._inner.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                continue  # look at the clock and the cancel flag, then wait again

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _current().clip(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, _current().clip(timeout))
        return BudgetedStream(tls)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """A network backend that connects only to addresses the :class:`AddressPolicy` admits."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver | None = None) -> None:
        self.policy = policy
        self.resolver = resolver or system_resolver

    def addresses(self, host: str, port: int, timeout: float | None = None) -> list[IPAddress]:
        """Resolve ``host`` once and vet every address (raises ``AddressRefused``/``ResolveFailed``)."""
        literal = literal_address(host)
        if literal is not None:
            found: list[IPAddress] = [literal]
        else:
            try:
                answers = _resolve_in_time(self.resolver, host, port, timeout)
                found = [ipaddress.ip_address(a.split("%", 1)[0]) for a in answers]
            except (socket.gaierror, UnicodeError) as exc:
                raise ResolveFailed(f"the name {host} could not be resolved ({exc})") from exc
            if not found:
                raise ResolveFailed(f"the name {host} resolved to no address")
        for address in found:
            self.policy.check(host, address)
        return found

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        last: httpcore.ConnectError | None = None
        for address in self.addresses(host, port, timeout):
            try:
                stream = super().connect_tcp(
                    str(address), port, _current().clip(timeout), local_address, socket_options
                )
            except httpcore.ConnectError as exc:  # try the next vetted address, as browsers do
                last = exc
                continue
            return BudgetedStream(stream)
        assert last is not None
        raise last


@functools.lru_cache(maxsize=4)
def _ssl_context(verify: bool) -> ssl.SSLContext:
    """Loading the CA bundle costs ~50 ms, so one context per setting is shared (it is thread-safe)."""
    return httpx.create_ssl_context(verify=verify, trust_env=False)


class GuardedTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose connection pool uses :class:`GuardedBackend`.

    httpx offers no public way to hand a network backend to its transport, so the pool is rebuilt
    here (``_pool`` is the one private attribute touched; the guard tests fail if that ever breaks).
    """

    def __init__(
        self,
        policy: AddressPolicy,
        *,
        resolver: Resolver | None = None,
        verify: ssl.SSLContext | bool = True,
        limits: httpx.Limits | None = None,
    ) -> None:
        limits = limits or httpx.Limits(max_connections=64, max_keepalive_connections=16)
        context = verify if isinstance(verify, ssl.SSLContext) else _ssl_context(verify)
        super().__init__(verify=context, trust_env=False, limits=limits)
        self.backend = GuardedBackend(policy, resolver)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=self.backend,
        )
