"""Body decoding and text cleaning: invariants over arbitrary input, and cases from the seeds."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.evidence.localserver import seed_article
from workbench.evidence.body import clean_line, clean_text, decode_body, html_title
from workbench.evidence.inflate import BodyDecodeError, inflate

CHARSETS = [None, "utf-8", "iso-8859-1", "windows-1252", "utf-16", "shift_jis", "koi8-r", "x-bogus", ""]


def _has_controls(text: str, allowed: str = "") -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(CHARSETS), st.booleans())
def test_any_bytes_decode_without_raising(body: bytes, charset: str | None, html: bool) -> None:
    content_type = f"text/html; charset={charset}" if charset is not None else "text/html"
    text, codec = decode_body(body, content_type, html=html)
    assert isinstance(text, str) and codec


@given(st.text(max_size=300))
def test_clean_line_leaves_no_controls_or_escapes(text: str) -> None:
    line = clean_line(text)
    assert not _has_controls(line) and "\x1b" not in line and "\u202e" not in line
    assert line == line.strip() and "  " not in line and len(line) <= 300


@given(st.text(max_size=300))
def test_clean_text_keeps_only_newlines(text: str) -> None:
    cleaned = clean_text(text)
    assert not _has_controls(cleaned, allowed="\n") and "\n\n\n" not in cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=80))
def test_title_is_the_literal_text(title: str) -> None:
    import html as html_module

    page = f"<html><head><title>{html_module.escape(title)}</title></head></html>"
    assert html_title(page) == (clean_line(title) or None)


def test_seed_sentence_survives_every_declared_charset_error() -> None:
    sentence = seed_article(1)[1][0]  # "The Kosovo government said on Friday ..."
    for wrong in ("iso-8859-1", "utf-16-le", "x-no-such"):
        text, _ = decode_body(sentence.encode("utf-8"), f"text/plain; charset={wrong}", html=False)
        assert text == sentence or wrong == "utf-16-le"


def test_meta_charset_is_used_when_the_header_has_none() -> None:
    page = '<html><head><meta charset="koi8-r"><title>Привет, Косово</title></head></html>'
    text, codec = decode_body(page.encode("koi8-r"), "text/html", html=True)
    assert codec == "koi8-r" and html_title(text) == "Привет, Косово"


def test_og_title_when_there_is_no_title() -> None:
    page = '<html><head><meta property="og:title" content="Kosovo &amp; Serbia\x07"></head></html>'
    assert html_title(page) == "Kosovo & Serbia"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_inflate_is_bounded_per_step(encoding: str) -> None:
    import zlib

    data = b"\0" * 5_000_000
    packed = (
        zlib.compressobj(9, zlib.DEFLATED, 31).compress(data)
        if encoding == "gzip"
        else zlib.compress(data, 9)
    )
    chunks = inflate([packed], encoding, step=65536)
    sizes = [len(next(chunks)) for _ in range(10)]
    assert max(sizes) <= 65536


def test_inflate_rejects_garbage() -> None:
    with pytest.raises(BodyDecodeError):
        list(inflate([b"definitely not gzip"], "gzip"))
