"""Fetch one evidence URL safely and describe what came back.

``fetch`` never raises for anything a URL or a server can do: every outcome is a :class:`FetchResult`
with a classified ``status`` (lychee-style) and, when something went wrong, one clear sentence in
``error``. Bodies are streamed with a byte cap and an overall deadline; redirects are followed by
hand so each hop is recorded, checked against the scheme rules and the SSRF guard, and loops are named.
"""

from __future__ import annotations

import hashlib
import re
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from workbench.evidence.body import clean_text, decode_body, html_main_text, html_title
from workbench.evidence.guard import AddressPolicy, AddressRefused, literal_address
from workbench.evidence.inflate import SUPPORTED, BodyDecodeError, inflate
from workbench.evidence.transport import (
    DeadlineExceeded,
    FetchCancelled,
    GuardedTransport,
    ResolveFailed,
    Resolver,
    budget,
)

STATUSES = (
    "ok", "redirected", "gone", "blocked", "rate_limited", "server_error", "timeout", "dns_error",
    "tls_error", "connect_error", "refused_by_policy", "too_many_redirects", "unsupported",
    "malformed_url", "cancelled", "error",
)  # fmt: skip
"""Every value ``FetchResult.status`` can take."""

ALIVE = frozenset({"ok", "redirected"})
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HOST_CHARS = re.compile(r"^[A-Za-z0-9._~-]+$")
MAX_URL_LENGTH = 8192


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How a fetch may behave. The defaults suit a reviewer checking a cited link."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    """Longest wait for any single read (headers or a body chunk)."""
    deadline: float = 20.0
    """Wall-clock limit for the whole fetch, all redirects and the body included."""
    max_redirects: int = 5
    max_bytes: int = 5_000_000
    """Body bytes kept (after decompression); the rest is discarded and the result marked truncated."""
    allow_private: bool = False
    """Admit loopback/private/link-local addresses (the CLI's ``--allow-private``)."""
    allow_addresses: tuple[str, ...] = ()
    """Non-public addresses or networks admitted even when ``allow_private`` is off (tests use 127.0.0.1)."""
    trust_env: bool = False
    """Honour proxy environment variables. Through a proxy the SSRF guard sees only the proxy's address."""
    verify_tls: bool = True
    user_agent: str = "factcheck-workbench/0.1 (evidence link check)"

    @property
    def address_policy(self) -> AddressPolicy:
        return AddressPolicy(self.allow_private, self.allow_addresses)


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect answer: the URL that was asked for and the 3xx status it answered with."""

    url: str
    http_status: int


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch of an evidence URL found. Strings from the server are plain, cleaned text."""

    url: str
    final_url: str
    status: str
    http_status: int | None = None
    redirects: tuple[Hop, ...] = ()
    title: str | None = None
    content_type: str | None = None
    byte_size: int = 0
    truncated: bool = False
    sha256: str | None = None
    main_text: str | None = None
    encoding: str | None = None
    fetched_at: str = ""
    elapsed_ms: int = 0
    error: str | None = None
    body: bytes | None = field(default=None, repr=False, compare=False)
    """The capped body itself when ``fetch(keep_body=True)``; left out of :meth:`to_dict`."""
    etag: str | None = None
    """Validators for a conditional request next time (feeds): the ETag and Last-Modified headers."""
    last_modified: str | None = None

    @property
    def alive(self) -> bool:
        return self.status in ALIVE

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (no body bytes)."""
        data = asdict(self)
        data.pop("body")
        data["redirects"] = [asdict(hop) for hop in self.redirects]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FetchResult:
        """Rebuild a result stored with :meth:`to_dict` (unknown keys are ignored)."""
        known = {f for f in cls.__dataclass_fields__ if f != "body"}
        values = {k: v for k, v in data.items() if k in known}
        values["redirects"] = tuple(Hop(**hop) for hop in data.get("redirects") or ())
        return cls(**values)


def make_client(
    policy: FetchPolicy | None = None,
    *,
    resolver: Resolver | None = None,
    ssl_context: ssl.SSLContext | None = None,
) -> httpx.Client:
    """An httpx client configured for ``policy``: guarded transport, timeouts, no automatic redirects.

    One client can serve many fetches from many threads; close it when done. ``ssl_context``
    replaces the default (certifi) trust store, e.g. for an organisation's own CA.
    """
    policy = policy or FetchPolicy()
    verify = ssl_context if ssl_context is not None else policy.verify_tls
    return httpx.Client(
        transport=GuardedTransport(policy.address_policy, resolver=resolver, verify=verify),
        follow_redirects=False,
        timeout=httpx.Timeout(
            connect=policy.connect_timeout,
            read=policy.read_timeout,
            write=policy.read_timeout,
            pool=policy.connect_timeout,
        ),
        headers={
            "User-Agent": policy.user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.8",
            "Accept-Encoding": "gzip, deflate",
        },
        trust_env=policy.trust_env,
    )


class _Refusal(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def check_url(url: str, policy: FetchPolicy | None = None) -> tuple[str, str] | None:
    """``(status, reason)`` if ``url`` must not be fetched as written, else None. No network access."""
    policy = policy or FetchPolicy()
    shown = repr(url) if len(url) <= 120 else repr(url[:117] + "...")
    if len(url) > MAX_URL_LENGTH:
        return "malformed_url", f"{shown} is longer than {MAX_URL_LENGTH} characters"
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", url)
    if scheme is None:
        return "malformed_url", f"{shown} is not an absolute web address (it needs http:// or https://)"
    if scheme.group(1).lower() not in ("http", "https"):
        return "unsupported", f"only http and https links are fetched, not {scheme.group(1).lower()[:20]}:"
    try:
        netloc = urlsplit(url).netloc
        if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in netloc):
            return "malformed_url", f"the host part of {shown} contains spaces or control characters"
        parsed = httpx.URL(url)
        host = parsed.host
        raw_host = parsed.raw_host.decode("ascii", "replace")
    except (httpx.InvalidURL, ValueError) as exc:
        return "malformed_url", f"{shown} is not a valid web address ({exc})"
    if not host:
        return "malformed_url", f"{shown} has no host name"
    literal = literal_address(host)
    if literal is None and not _HOST_CHARS.match(raw_host):
        return "malformed_url", f"the host name in {shown} is not valid"
    if literal is not None:
        try:
            policy.address_policy.check(host, literal)
        except AddressRefused as exc:
            return "refused_by_policy", str(exc)
    return None


def classify_http(code: int, redirected: bool = False) -> str:
    """Map an HTTP status code to a link-check status."""
    if 200 <= code < 300:
        return "redirected" if redirected else "ok"
    if code in (404, 410):
        return "gone"
    if code in (401, 403, 451):
        return "blocked"
    if code == 429:
        return "rate_limited"
    if 500 <= code < 600:
        return "server_error"
    return "error"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _describe_failure(exc: Exception, url: str, policy: FetchPolicy, deadline: float) -> tuple[str, str]:
    """``(status, sentence)`` for an exception raised while fetching ``url``."""
    host = httpx.URL(url).host
    causes = list(_chain(exc))
    if any(isinstance(c, FetchCancelled) for c in causes):
        return "cancelled", "the check was cancelled"
    if isinstance(exc, AddressRefused):
        return "refused_by_policy", str(exc)
    if isinstance(exc, _Refusal):
        return exc.status, str(exc)
    if any(isinstance(c, DeadlineExceeded) for c in causes) or (
        isinstance(exc, httpx.TimeoutException) and time.monotonic() >= deadline - 0.05
    ):
        return "timeout", f"{host} did not finish answering within the {policy.deadline:g} s overall deadline"
    if isinstance(exc, httpx.ConnectTimeout):
        return "timeout", f"connecting to {host} timed out after {policy.connect_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", f"{host} sent nothing for {policy.read_timeout:g} s"
    if any(isinstance(c, ResolveFailed) for c in causes):
        return "dns_error", f"the host name {host} could not be found (DNS)"
    tls = next((c for c in causes if isinstance(c, ssl.SSLError)), None)
    if isinstance(tls, ssl.SSLCertVerificationError):
        why = str(tls.verify_message or "unknown reason").rstrip(".")
        return "tls_error", f"the certificate of {host} was not accepted ({why})"
    if tls is not None:
        detail = getattr(tls, "reason", None) or tls.__class__.__name__
        reason = str(detail).lower().replace("_", " ")
        return "tls_error", f"the secure (TLS) connection to {host} failed ({reason})"
    if isinstance(exc, httpx.ConnectError):
        return "connect_error", f"could not connect to {host} ({exc})"
    if isinstance(exc, BodyDecodeError):
        return "error", str(exc)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "unsupported", f"unsupported address: {exc}"
    if isinstance(exc, httpx.InvalidURL):
        return "malformed_url", f"invalid address: {exc}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "error", f"{host} sent a malformed HTTP answer ({exc})"
    if isinstance(exc, httpx.TransportError):
        return "connect_error", f"the connection to {host} failed ({exc.__class__.__name__}: {exc})"
    return "error", f"unexpected failure fetching {url}: {exc.__class__.__name__}: {exc}"


def _read_body(response: httpx.Response, cap: int) -> tuple[bytes, bool]:
    """Up to ``cap`` decoded body bytes and whether more were discarded."""
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    chunks: Iterator[bytes]
    if not codings:
        chunks = response.iter_raw()
    elif len(codings) == 1 and codings[0] in SUPPORTED:
        chunks = inflate(response.iter_raw(), codings[0])
    else:  # rare encodings: let httpx decode (it ignores unknown ones)
        chunks = response.iter_bytes()
    kept = bytearray()
    for chunk in chunks:
        kept += chunk
        if len(kept) > cap:
            return bytes(kept[:cap]), True
    return bytes(kept), False


def _reason(code: int) -> str:
    try:
        phrase = httpx.codes(code).get_reason_phrase(code)
    except ValueError:
        phrase = ""
    return f"{code} {phrase}".strip()


def _http_error(status: str, code: int, host: str) -> str | None:
    messages = {
        "gone": f"{host} says the page is gone ({_reason(code)})",
        "blocked": f"{host} refused access ({_reason(code)}; a paywall or bot wall?)",
        "rate_limited": f"{host} asked us to slow down ({_reason(code)}); try again later",
        "server_error": f"{host} had a server error ({_reason(code)}); it may be temporary",
        "error": f"{host} answered {_reason(code)}",
    }
    return messages.get(status)


def _describe(response: httpx.Response, hops: list[Hop], body: bytes, truncated: bool) -> dict[str, Any]:
    code = response.status_code
    status = classify_http(code, redirected=bool(hops))
    content_type = response.headers.get("content-type")
    mime = (content_type or "").split(";")[0].strip().lower()
    if not mime:
        head = body[:512].lstrip().lower()
        mime = "text/html" if head.startswith((b"<!doctype html", b"<html")) else ""
    title = main_text = encoding = None
    if mime in _HTML_TYPES or mime == "text/plain":
        text, encoding = decode_body(body, content_type, html=mime != "text/plain")
        if mime == "text/plain":
            main_text = clean_text(text) or None
        else:
            title = html_title(text)
            main_text = html_main_text(text) if status in ALIVE else None
    return {
        "http_status": code,
        "status": status,
        "content_type": content_type,
        "title": title,
        "main_text": main_text,
        "encoding": encoding,
        "byte_size": len(body),
        "truncated": truncated,
        "sha256": hashlib.sha256(body).hexdigest(),
        "body": body,
        "error": _http_error(status, code, response.url.host),
    }


def _follow(
    client: httpx.Client,
    url: str,
    policy: FetchPolicy,
    hops: list[Hop],
    current: list[str],
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    request = client.build_request("GET", url, headers=dict(headers) if headers else None)
    seen = {str(request.url)}
    while True:
        current[0] = str(request.url)
        response = client.send(request, stream=True)
        try:
            nxt = response.next_request
            if response.is_redirect and nxt is not None:
                hops.append(Hop(str(request.url), response.status_code))
                target = str(nxt.url)
                if target in seen:
                    raise _Refusal("too_many_redirects", f"redirect loop: {target} was already visited")
                if len(hops) > policy.max_redirects:
                    raise _Refusal("too_many_redirects", f"more than {policy.max_redirects} redirects")
                problem = check_url(target, policy)
                if problem is not None:
                    raise _Refusal(problem[0], f"redirected to {target}: {problem[1]}")
                seen.add(target)
                request = nxt
                continue
            body, truncated = _read_body(response, policy.max_bytes)
            described = _describe(response, hops, body, truncated)
            described["etag"] = _validator(response.headers.get("etag"))
            described["last_modified"] = _validator(response.headers.get("last-modified"))
            return described
        finally:
            response.close()


def _validator(value: str | None) -> str | None:
    """A header echoed back to the server later: kept only when short and printable."""
    if not value or len(value) > 256 or any(ord(c) < 32 or ord(c) > 126 for c in value):
        return None
    return value


def fetch(
    url: str,
    policy: FetchPolicy | None = None,
    *,
    client: httpx.Client | None = None,
    resolver: Resolver | None = None,
    cancel: threading.Event | None = None,
    keep_body: bool = False,
    headers: Mapping[str, str] | None = None,
) -> FetchResult:
    """Fetch ``url`` under ``policy`` and classify the outcome; never raises for network trouble.

    Pass a shared ``client`` from :func:`make_client` when fetching many URLs (it must have been built
    with the same policy); ``cancel`` aborts the fetch within a fraction of a second when set.
    ``keep_body`` keeps the capped body bytes on the result (off by default: a batch of results
    should not hold megabytes each). ``headers`` are added to the request (conditional requests:
    ``If-None-Match``); a ``304`` answer comes back with status ``error`` and ``http_status`` 304.
    """
    policy = policy or FetchPolicy()
    url = url.strip()
    started = time.monotonic()
    fetched_at = utc_now()

    def result(**values: Any) -> FetchResult:
        values.setdefault("final_url", url)
        ms = int((time.monotonic() - started) * 1000)
        return FetchResult(url=url, fetched_at=fetched_at, elapsed_ms=ms, **values)

    problem = check_url(url, policy)
    if problem is not None:
        return result(status=problem[0], error=problem[1])
    own = client is None
    client = client or make_client(policy, resolver=resolver)
    hops: list[Hop] = []
    current = [url]
    deadline = started + policy.deadline
    try:
        with budget(deadline, cancel):
            values = _follow(client, url, policy, hops, current, headers)
        if not keep_body:
            values["body"] = None
        return result(final_url=current[0], redirects=tuple(hops), **values)
    except Exception as exc:  # the contract: a result, never an exception, for what the net can do
        status, error = _describe_failure(exc, current[0], policy, deadline)
        return result(final_url=current[0], redirects=tuple(hops), status=status, error=error)
    finally:
        if own:
            client.close()
