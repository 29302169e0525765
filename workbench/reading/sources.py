"""Finding and reading the things a user asks to ingest: files, folders, standard input (URLs: web.py).

Each locator becomes a ``RawDocument`` (decoded text plus what the page said about itself) or a
``ReadFailure`` naming the locator and the problem, so one bad file never stops a batch.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.errors import InputError
from workbench.reading.decode import decode
from workbench.reading.given import Given, is_sidecar, read_sidecar, split_front_matter

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document's text exactly as it will be stored and indexed, with page metadata."""

    source: str
    text: str
    content_type: str
    encoding: str
    original: str | None = None
    """The page markup the text was extracted from (HTML only)."""
    html_meta: dict[str, str] = field(default_factory=dict)
    given: Given = field(default_factory=Given)
    """Metadata stated beside the text (front matter, sidecar, batch flags); it wins over the text's."""
    url: str | None = None
    """The article's web address: the canonical URL the page gives, else the address fetched."""
    fetched_url: str | None = None
    final_url: str | None = None
    fetched_sha256: str | None = None
    """SHA-256 of the bytes as fetched (the stored text is what was extracted from them)."""
    fetched_at: str | None = None
    language: str | None = None
    page_starts: tuple[int, ...] = ()
    """PDFs: the offset in ``text`` where each page starts."""

    def __post_init__(self) -> None:
        # A lone surrogate (from a JSON sidecar's "\ud800" or a caller's string) cannot be stored as UTF-8:
        # it becomes U+FFFD, one character for one, so every offset stays where it was.
        for name in ("source", "text", "original", "url"):
            value = getattr(self, name)
            if value is not None and _SURROGATE.search(value):
                object.__setattr__(self, name, _SURROGATE.sub("\ufffd", value))
        if any(_SURROGATE.search(v) for v in (*self.html_meta.values(), *self.given.values.values())):
            object.__setattr__(
                self, "html_meta", {k: _SURROGATE.sub("\ufffd", v) for k, v in self.html_meta.items()}
            )
            values = {k: _SURROGATE.sub("\ufffd", v) for k, v in self.given.values.items()}
            object.__setattr__(self, "given", Given(values, self.given.sources))


@dataclass(frozen=True, slots=True)
class ReadFailure:
    source: str
    error: str


@dataclass(frozen=True, slots=True)
class Skipped:
    source: str
    reason: str


def discover(locators: Iterable[str]) -> Iterator[str | ReadFailure | Skipped]:
    """Expand folders recursively (sorted, hidden entries skipped); pass files and ``-`` through."""
    for locator in locators:
        if locator == "-" or "://" in locator:
            yield locator
            continue
        path = Path(locator)
        if path.is_dir():
            yield from _walk(path)
        elif (path.suffix.lower() == ".pdf" and path.is_file()) or path.exists():
            yield locator
        else:
            yield ReadFailure(locator, "no such file or folder")


def _walk(folder: Path) -> Iterator[str | Skipped]:
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            if is_sidecar(path):
                continue  # read with its article
            if path.suffix.lower() in TEXT_SUFFIXES:
                yield str(path)
            else:
                yield Skipped(str(path), f"not a text or HTML file ({path.suffix})")


def read(locator: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read and decode one locator. Raises ``InputError`` with a reason (the caller adds the name)."""
    if locator == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return _from_bytes("<stdin>", data, max_bytes, html=None)
    if "://" in locator:
        raise InputError("web addresses are fetched by `workbench ingest URL` (http and https only)")
    path = Path(locator)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB per document, "
                "raise it with --max-mb)"
            )
        data = path.read_bytes()
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError("is a folder") from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from exc
    raw = _from_bytes(locator, data, max_bytes, html=path.suffix.lower() in HTML_SUFFIXES)
    canonical = raw.html_meta.get("url", "")
    if canonical.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in canonical):
        raw = replace(raw, url=canonical)  # a saved page still knows its address
    given = read_sidecar(path).over(raw.given)
    return replace(raw, given=given) if given.values else raw


def _from_bytes(source: str, data: bytes, max_bytes: int, *, html: bool | None) -> RawDocument:
    if len(data) > max_bytes:
        raise InputError(f"too large (over {max_bytes / 1e6:.1f} MB per document; raise it with --max-mb)")
    if not data.strip():
        raise InputError("empty file")
    if data.startswith(b"%PDF"):
        from workbench.reading.pdf import pdf_text

        text, pages, meta = pdf_text(data)
        return RawDocument(source, text, "application/pdf", "pdf", html_meta=meta, page_starts=pages)
    text, encoding = decode(data)
    return from_text(source, text, encoding, html=html)


def from_text(source: str, text: str, encoding: str, *, html: bool | None) -> RawDocument:
    """A decoded page or file: HTML goes through trafilatura; text loses its front matter (kept in
    ``original``) so offsets index the article itself."""
    if html is None:
        html = _looks_like_html(text)
    if html:
        from workbench.reading.html import extract_html

        body, meta = extract_html(text)
        if not body.strip():
            raise InputError("HTML page with no readable article text")
        return RawDocument(source, body, "text/html", encoding, original=text, html_meta=meta)
    if not text.strip():
        raise InputError("empty file")
    content_type = "text/markdown" if source.lower().endswith((".md", ".markdown")) else "text/plain"
    given, start = split_front_matter(text)
    if start:
        if not text[start:].strip():
            raise InputError("only front matter, no article text")
        return RawDocument(source, text[start:], content_type, encoding, original=text, given=given)
    return RawDocument(source, text, content_type, encoding)


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
