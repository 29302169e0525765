"""Main text and metadata from an HTML page, with trafilatura (a maintained extractor)."""

from __future__ import annotations

import trafilatura


def extract_html(html: str) -> tuple[str, dict[str, str]]:
    """Return the article text (paragraphs separated by blank lines) and page metadata."""
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
    ):
        value = getattr(document, attr, None)
        if value:
            meta[key] = str(value)
    return text, meta
