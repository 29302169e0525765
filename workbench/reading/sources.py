"""Finding and reading the things a user asks to ingest: files, folders, standard input (URLs later).

Each locator becomes a ``RawDocument`` (decoded text plus what the page said about itself) or a
``ReadFailure`` naming the locator and the problem, so one bad file never stops a batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import InputError
from workbench.reading.decode import decode

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


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
        elif path.exists():
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
        raise InputError("URLs are fetched by `workbench evidence`; save the page and ingest the file")
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
    return _from_bytes(locator, data, max_bytes, html=path.suffix.lower() in HTML_SUFFIXES)


def _from_bytes(source: str, data: bytes, max_bytes: int, *, html: bool | None) -> RawDocument:
    if len(data) > max_bytes:
        raise InputError(f"too large (over {max_bytes / 1e6:.1f} MB per document; raise it with --max-mb)")
    if not data.strip():
        raise InputError("empty file")
    text, encoding = decode(data)
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
    return RawDocument(source, text, content_type, encoding)


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
