"""Turning a fetched body into safe text: charset choice, title, main text, control-character removal.

Everything a remote server sends is untrusted: titles and text come back as plain strings with
terminal escapes, control and bidi-override characters removed, never as markup.
"""

from __future__ import annotations

import codecs
import logging
import re
from html.parser import HTMLParser

import charset_normalizer
import trafilatura

_LATIN1_FAMILY = {"latin-1", "iso8859-1", "cp1252", "ascii"}
_ANSI = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL/ST (window titles, hyperlinks)
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI sequences (colours, cursor moves)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
)
_BIDI = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # exactly Unicode category Cc
_CONTROLS_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
TITLE_MAX = 300

logging.getLogger("trafilatura").setLevel(logging.ERROR)


def _strip_controls(text: str, keep_newlines: bool) -> str:
    """Remove escape sequences and bidi overrides; other C0/C1 controls (category Cc) become spaces."""
    text = _ANSI.sub("", text).translate(_BIDI).replace("\x1b", "")
    return (_CONTROLS_BUT_NEWLINE if keep_newlines else _CONTROLS).sub(" ", text)


def clean_line(text: str, limit: int = TITLE_MAX) -> str:
    """One line of plain text: escapes and control characters removed, whitespace collapsed."""
    cleaned = _SPACES.sub(" ", _strip_controls(text, keep_newlines=False)).strip()
    return cleaned[:limit].rstrip() if len(cleaned) > limit else cleaned


def clean_text(text: str) -> str:
    """Multi-line plain text: like :func:`clean_line` but keeps line breaks (collapsing blank runs)."""
    lines = (_SPACES.sub(" ", line).strip() for line in _strip_controls(text, keep_newlines=True).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def charset_of(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(body: bytes, codec: str) -> str | None:
    """Decode strictly, tolerating a multi-byte character cut off at the end (a capped body)."""
    try:
        return codecs.getincrementaldecoder(codec)(errors="strict").decode(body, final=False)
    except (UnicodeDecodeError, ValueError):
        return None


def decode_body(body: bytes, content_type: str | None, *, html: bool) -> tuple[str, str]:
    """Decode ``body`` and name the codec used: BOM, then the declared charset, else detection.

    A declared Latin-1/ASCII charset loses to valid UTF-8 (a common server misconfiguration; real
    Latin-1 text is almost never valid UTF-8). A declared charset that fails to decode falls back
    to charset-normalizer, and the last resort is UTF-8 with replacement characters, so any bytes
    decode without raising.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec
    declared = _codec(charset_of(content_type))
    if declared is None and html:
        match = _META_CHARSET.search(body[:4096])
        declared = _codec(match.group(1).decode("ascii", "replace")) if match else None
    if declared is None or declared in _LATIN1_FAMILY:
        text = _strict(body, "utf-8")
        if text is not None:
            return text, "utf-8"
    if declared is not None:
        text = _strict(body, declared)
        if text is not None:
            return text, declared
    best = charset_normalizer.from_bytes(body[:65536]).best()
    detected = _codec(best.encoding) if best is not None else None
    fallback = detected or declared or "utf-8"
    return body.decode(fallback, errors="replace"), fallback


class _TitleParser(HTMLParser):
    """Collects the first ``<title>`` and the ``og:title`` meta tag; entities are decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.og_title: str | None = None
        self._parts: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.title is None:
            self._parts = []
        elif tag == "meta" and self.og_title is None:
            values = dict(attrs)
            if (values.get("property") or values.get("name") or "").lower() == "og:title":
                self.og_title = values.get("content")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._parts is not None:
            self.title = "".join(self._parts)
            self._parts = None

    def handle_data(self, data: str) -> None:
        if self._parts is not None:
            self._parts.append(data)


def html_title(html: str) -> str | None:
    """The page title as one clean plain-text line (``<title>``, else ``og:title``), or None."""
    parser = _TitleParser()
    try:
        parser.feed(html[:262144])
        parser.close()
    except Exception:  # HTMLParser is lenient; this only guards against pathological input
        pass
    raw = parser.title if parser.title is not None else parser._parts and "".join(parser._parts)
    for candidate in (raw, parser.og_title):
        if candidate:
            title = clean_line(candidate)
            if title:
                return title
    return None


class _TextParser(HTMLParser):
    """Fallback visible-text extraction for pages too small for trafilatura."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_main_text(html: str) -> str | None:
    """The readable main text of a page (trafilatura; a plain tag-stripper if it finds nothing).

    trafilatura runs in ``fast`` mode (no readability/jusText second opinion): that comparison was
    about 60% of the CPU of a whole fetch, and link checks run by the hundred.
    """
    text: str | None = None
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, fast=True)
    except Exception:  # trafilatura/lxml can choke on hostile markup; fall back below
        text = None
    if not text:
        parser = _TextParser()
        try:
            parser.feed(html)
            parser.close()
        except Exception:
            pass
        text = "".join(parser.parts)
    cleaned = clean_text(text)
    return cleaned or None
