"""Articles from the web: fetched through the evidence layer's SSRF-safe client (the same
resolve-check-connect guard, byte cap, timeouts and hand-followed redirects), then read like a file.

Every outcome is a ``RawDocument`` or an ``InputError`` with one sentence saying why not.
"""

from __future__ import annotations

import re
from dataclasses import replace

import httpx

from workbench.errors import InputError
from workbench.evidence.body import decode_body
from workbench.evidence.fetch import FetchPolicy, FetchResult, check_url, fetch
from workbench.reading.pdf import pdf_text
from workbench.reading.sources import RawDocument, from_text

INGEST_USER_AGENT = "factcheck-workbench/0.1 (article ingest)"
_HTML = ("text/html", "application/xhtml+xml")
_TEXT = ("text/plain", "text/markdown")


def is_url(locator: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", locator))


def read_url(url: str, policy: FetchPolicy, *, client: httpx.Client | None = None) -> RawDocument:
    """Fetch ``url`` under ``policy`` and read the article it holds."""
    return from_fetch(fetch(url, policy, client=client, keep_body=True), policy)


def from_fetch(result: FetchResult, policy: FetchPolicy) -> RawDocument:
    """The article in a fetch result (HTML, plain text or a text-layer PDF), or ``InputError``."""
    if not result.alive:
        raise InputError(result.error or f"could not fetch it ({result.status})")
    if result.truncated:
        raise InputError(
            f"larger than the {policy.max_bytes / 1e6:.1f} MB limit per document (raise it with --max-mb)"
        )
    body = result.body or b""
    if not body.strip():
        raise InputError("the server sent an empty page")
    mime = (result.content_type or "").split(";")[0].strip().lower()
    source = result.url
    if mime == "application/pdf" or body.startswith(b"%PDF"):
        text, pages, meta = pdf_text(body)
        raw = RawDocument(source, text, "application/pdf", "pdf", html_meta=meta, page_starts=pages)
        return _fetched(raw, result, result.final_url)
    if mime in _HTML or mime in _TEXT or not mime:
        text, encoding = decode_body(body, result.content_type, html=mime not in _TEXT)
        raw = from_text(source, text, encoding, html=None if not mime else mime in _HTML)
        canonical = _http_url(raw.html_meta.get("url"))
        return _fetched(raw, result, canonical or result.final_url)
    raise InputError(f"not an article: the server sent {mime[:60]} (HTML, plain text or PDF are read)")


def _fetched(raw: RawDocument, result: FetchResult, url: str) -> RawDocument:
    return replace(
        raw,
        url=url,
        fetched_url=result.url,
        final_url=result.final_url,
        fetched_sha256=result.sha256,
        fetched_at=result.fetched_at,
        language=raw.html_meta.get("language"),
    )


def _http_url(value: str | None) -> str | None:
    if not value or check_url(value, FetchPolicy(allow_private=True)) is not None:
        return None
    return value


def ingest_policy(max_bytes: int, *, allow_private: bool = False) -> FetchPolicy:
    """The fetch policy for articles: the evidence defaults with the ingest byte cap."""
    return FetchPolicy(max_bytes=max_bytes, allow_private=allow_private, user_agent=INGEST_USER_AGENT)
