"""Main text and metadata from an HTML page, with trafilatura (a maintained extractor)."""

from __future__ import annotations

import re

import trafilatura

_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)", re.I)


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """Return the article text (paragraphs separated by blank lines) and page metadata.

    Metadata keys are meta-tag names (``og:site_name``, ``og:title``, ``article:published_time``,
    ``author``) plus ``url`` (the canonical address the page gives, when it gives one) and ``language``.
    trafilatura reads them from meta tags, Open Graph and JSON-LD alike.
    """
    document = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if document is None or isinstance(document, dict):
        return "", {}
    text = "\n\n".join(line.strip() for line in (document.text or "").splitlines() if line.strip())
    meta: dict[str, str] = {}
    for key, attr in (
        ("og:site_name", "sitename"),
        ("og:title", "title"),
        ("article:published_time", "date"),
        ("author", "author"),
        ("url", "url"),
        ("hostname", "hostname"),
        ("language", "language"),
    ):
        value = getattr(document, attr, None)
        if value:
            meta[key] = str(value)
    if "language" not in meta:
        found = _LANG.search(html[:4096])
        if found:
            meta["language"] = found.group(1).lower()
    return text, meta
