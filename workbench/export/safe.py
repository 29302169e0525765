"""Keep untrusted text inert in each output format: no markup, no links, no formulas, no escapes.

Every string that came from an article, a reviewer or a fetched page passes through one of these
before it is written by a human-facing renderer (Markdown, HTML, CSV).
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import quote, urlsplit

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL_MAP: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)}
_CONTROL_MAP[0x7F] = "\u2421"
_CONTROL_MAP.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_CONTROL_MAP.update({ord(c): "\ufffd" for c in _BIDI})
# Line and paragraph separators end lines in some viewers; show them as plain line breaks.
_CONTROL_MAP[0x2028] = "\n"
_CONTROL_MAP[0x2029] = "\n"


_BAD_URL_CHAR = re.compile("[\x00-\x1f\x7f" + _BIDI + "]")
_NEEDS_CLEANING = re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROL_MAP) + "]")


@functools.lru_cache(maxsize=16384)
def clean_text(text: str | None) -> str:
    """Normalise line ends and make control characters visible (ESC becomes ␛, bidi overrides �)."""
    if not text:
        return ""
    if _NEEDS_CLEANING.search(text) is None:  # the common case; translate() is slow on long text
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_MAP)


@functools.lru_cache(maxsize=16384)
def one_line(text: str | None) -> str:
    """``clean_text`` with every run of whitespace (including newlines) collapsed to one space."""
    return " ".join(clean_text(text).split())


@functools.lru_cache(maxsize=16384)
def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL that can become a link, else ``None``.

    Control characters and other whitespace than inner spaces are refused, because browsers
    silently strip them (``java\\tscript:`` is ``javascript:``). Emit the result via ``encode_url``.
    """
    if not url or url != url.strip() or _BAD_URL_CHAR.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def is_hex_color(value: str | None) -> bool:
    return bool(value) and re.fullmatch(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value or "") is not None


# --- HTML -------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16384)
def h(text: str | None) -> str:
    """Text for HTML element content or a quoted attribute value."""
    return html.escape(clean_text(text), quote=True)


def html_id(value: object) -> str:
    """A fragment identifier made only of safe characters."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(value))


# --- Markdown ---------------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_{}\[\]()<>|~&!#])")
_MD_LINE_START = re.compile(r"^([-+=:])|^(\d+)([.)])")


@functools.lru_cache(maxsize=16384)
def md_inline(text: str | None) -> str:
    """One line of Markdown that renders as the literal text: every markup character escaped,
    and a list/heading marker at its start too, so it is safe wherever the line begins."""
    return _MD_LINE_START.sub(_escape_line_start, _md_escape(one_line(text)))


def _md_escape(text: str) -> str:
    return _MD_INLINE.sub(_backslash, text) if _MD_INLINE.search(text) else text


def _backslash(m: re.Match[str]) -> str:
    return "\\" + m.group()


def _escape_line_start(m: re.Match[str]) -> str:
    return f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}"


def md_block(text: str | None) -> str:
    """Multi-line untrusted text as Markdown paragraphs, escaped line by line.

    Leading indentation is dropped (it would make a code block) and list, heading, quote and
    setext markers at the start of a line are escaped.
    """
    out: list[str] = []
    for raw in clean_text(text).split("\n"):
        line = _md_escape(" ".join(raw.split()))
        line = _MD_LINE_START.sub(_escape_line_start, line)
        out.append(line)
    return "  \n".join(out).strip()


@functools.lru_cache(maxsize=16384)
def encode_url(url: str) -> str:
    """Percent-encode what could end or confuse a link destination (spaces, parens, quotes, <>);
    existing ``%XX`` escapes are kept."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


@functools.lru_cache(maxsize=16384)
def md_link(text: str | None, url: str | None) -> str:
    """A Markdown link when ``url`` is http(s), else the escaped text followed by the URL as text."""
    label = md_inline(text) if text else ""
    target = safe_url(url)
    if target is None:
        shown = md_inline(url) if url else ""
        if label and shown and label != shown:
            return f"{label} ({shown})"
        return label or shown
    return f"[{label or md_inline(url)}]({encode_url(target)})"


@functools.lru_cache(maxsize=16384)
def md_cell(text: str | None) -> str:
    """A Markdown table cell: inline-escaped, so ``|`` and newlines cannot break the row."""
    return md_inline(text)


# --- CSV --------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@functools.lru_cache(maxsize=16384)
def csv_cell(text: str | None) -> str:
    """A spreadsheet-safe cell: control characters made visible and formulas defused (OWASP).

    A cell that starts, or starts after spaces, with ``= + - @``, tab or carriage return gets a
    leading single quote, so Excel, LibreOffice and Sheets show it as text.
    """
    cell = clean_text(text)
    if cell.startswith(_FORMULA_START) or cell.lstrip(" ").startswith(_FORMULA_START):
        return "'" + cell
    return cell
