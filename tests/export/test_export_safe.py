"""Property tests for the escaping helpers: whatever the text, it comes out inert."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workbench.export.safe import clean_text, csv_cell, encode_url, h, md_block, md_inline, md_link, safe_url

ALPHABET = st.sampled_from(list("<>&\"'`*_[]()#|!~\\-+=:.1 \n\t\r\x1b\x07\x9b\u202e\u2028ajsvcript/@"))
texty = st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=40)
PLAIN = {"paragraph_open", "inline", "text", "paragraph_close", "softbreak", "hardbreak"}
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_tokens(md: str) -> list[str]:
    types = []
    for tok in MD.parse(md):
        types.append(tok.type)
        types.extend(child.type for child in tok.children or [])
    return types


@given(texty)
def test_clean_text_leaves_no_control_characters(text: str) -> None:
    out = clean_text(text)
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in out)


@given(texty)
def test_html_escape_leaves_no_markup(text: str) -> None:
    out = h(text)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out


@given(texty)
def test_md_inline_renders_as_one_plain_paragraph(text: str) -> None:
    md = md_inline(text)
    assert "\n" not in md
    if md.strip():
        types = _inline_tokens(md)
        assert set(types) <= PLAIN
        rendered = MD.renderInline(md)
        # The literal characters survive (HTML-escaped by the renderer), nothing else is added.
        assert "<" not in rendered.replace("<br />", "")


@given(texty)
def test_md_block_has_no_structure_beyond_paragraphs(text: str) -> None:
    md = md_block(text)
    if md.strip():
        types = set(_inline_tokens(md))
        assert types <= PLAIN, types


@given(texty)
def test_csv_cell_never_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (clean_text(text), "'" + clean_text(text))


@given(texty)
def test_only_http_urls_become_links(text: str) -> None:
    url = safe_url(text)
    if url is not None:
        assert url.lower().startswith(("http://", "https://"))
    hostile = ("javascript:" + text, "JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,x")
    for candidate in (text, *hostile):
        md = md_link("x", candidate)
        hrefs = [c.attrGet("href") for t in MD.parse(md) for c in (t.children or []) if c.type == "link_open"]
        assert all(str(u).startswith(("http://", "https://")) for u in hrefs)


@given(st.text(alphabet=ALPHABET, max_size=30))
def test_encoded_urls_stay_one_link_destination(path: str) -> None:
    url = safe_url("https://example.org/" + path.strip())
    if url is None:
        return
    md = f"[x]({encode_url(url)})"
    hrefs = [c.attrGet("href") for t in MD.parse(md) for c in (t.children or []) if c.type == "link_open"]
    assert len(hrefs) == 1
