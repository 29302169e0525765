"""Document metadata on the seeds, HTML meta tags, wire datelines, PolNeAR headlines and wire copy."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.meta import parse_date, read_meta, title_span
from workbench.text.model import DocumentMeta

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_seed_000_rt() -> None:
    text = seed("000")
    title = "Russian member of UN mission detained, reportedly injured in Kosovo raids"
    assert read_meta(text) == DocumentMeta(outlet="RT", title=title, published=date(2019, 5, 28))
    span = title_span(text)
    assert span is not None and text[span[0] : span[1]] == title
    assert span[0] == text.index(title)  # the first copy, not the repeated one


def test_seed_001_moscow_times_without_a_date() -> None:
    meta = read_meta(seed("001"))
    assert meta == DocumentMeta(
        outlet="The Moscow Times", title="Kosovo Declares Russian UN Staffer Persona Non Grata"
    )
    # The photo credit "... / TASS" is not the outlet, and no date is invented.
    assert meta.published is None


def test_seed_002_republished_piece() -> None:
    meta = read_meta(seed("002"))
    assert meta.outlet == "Global Research"
    assert meta.author == "South Front"
    assert meta.published == date(2019, 5, 30)  # the outlet's header, not the original's 29 May
    assert meta.title is not None and meta.title.startswith("Video: Kosovo Police Raids in Serb-majority")
    assert meta.place is None


def test_seed_003_tass() -> None:
    assert read_meta(seed("003")) == DocumentMeta(
        outlet="TASS",
        title="Russian ambassador says KFOR helped Pristina use violence against civilians",
        published=date(2023, 9, 25),
        place="BELGRADE",
    )


def test_seed_004_tass_without_a_headline() -> None:
    text = seed("004")
    assert read_meta(text) == DocumentMeta(outlet="TASS", published=date(2023, 6, 23), place="BELGRADE")
    assert title_span(text) is None


def test_html_meta_takes_precedence() -> None:
    text = seed("001")
    meta = read_meta(
        text,
        html_meta={
            "og:site_name": "The Moscow Times",
            "og:title": "Kosovo Declares Russian UN Staffer Persona Non Grata",
            "article:published_time": "2019-05-31T15:04:00+03:00",
            "Author": "Reuters",
        },
    )
    assert meta.published == date(2019, 5, 31)
    assert meta.author == "Reuters"
    assert meta.title == "Kosovo Declares Russian UN Staffer Persona Non Grata"
    span = title_span(text, meta.title)
    assert span is not None and text[span[0] : span[1]] == meta.title
    # og:site_name outweighs every in-text cue.
    assert read_meta(seed("002"), html_meta={"og:site_name": "South Front"}).outlet == "South Front"


def test_source_url_names_the_outlet() -> None:
    text = "The Kosovo government said on Friday that the staffer must leave.\n\nHe left on Saturday."
    assert read_meta(text, source="https://www.rt.com/news/460480-kosovo/").outlet == "RT"
    assert read_meta(text, source="https://news.example.org/a/1").outlet == "news.example.org"
    assert read_meta(text, source="/tmp/article.txt").outlet is None


def test_reuters_and_ap_datelines() -> None:
    text = "LONDON (Reuters) - The Bank of England said it provided 15 mln stg in help to the market."
    meta = read_meta(text)
    assert (meta.outlet, meta.place, meta.title) == ("Reuters", "LONDON", None)
    meta = read_meta("WASHINGTON (AP) — Wealthy donors handed over $25 million last month to a group.")
    assert (meta.outlet, meta.place) == ("AP", "WASHINGTON")


def test_copyright_and_byline_lines() -> None:
    text = (
        "Police Raid Villages in the North\n\nBy Jane Doe and John Roe\n\n"
        "Police raided three villages on Tuesday, officials said.\n\nCopyright © 2019 Balkan Daily"
    )
    meta = read_meta(text)
    assert meta.author == "Jane Doe and John Roe"
    assert meta.outlet == "Balkan Daily"
    assert meta.title == "Police Raid Villages in the North"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("28 May, 2019 11:56", date(2019, 5, 28)),
        ("Global Research, May 30, 2019", date(2019, 5, 30)),
        ("Russian Politics & Diplomacy September 25, 2023, 19:19", date(2023, 9, 25)),
        (" date 2023-06-23 BELGRADE, June 23. /TASS/.", date(2023, 6, 23)),
        ("2019-05-28T11:56:00+03:00", date(2019, 5, 28)),
        ("Feb. 8, 2016", date(2016, 2, 8)),
        ("29 May 2019", date(2019, 5, 29)),
        ("February 30, 2019", None),
        ("On May 28, Kosovo Police", None),
        ("Resolution 1244", None),
    ],
)
def test_parse_date(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


def _norm(value: str) -> str:
    return " ".join(re.findall(r"\w+", value.lower()))


@pytest.mark.skipif(not (EVAL_DEV / "polnear-docs.jsonl").is_file(), reason="eval-dev data not present")
def test_polnear_headlines_are_right_when_found() -> None:
    docs = [json.loads(line) for line in (EVAL_DEV / "polnear-docs.jsonl").open(encoding="utf-8")][::4]
    found = 0
    for doc in docs:
        text = (EVAL_DEV / "polnear-articles" / f"{doc['doc_id']}.txt").read_text(encoding="utf-8")
        meta = read_meta(text)
        if meta.title is not None:
            found += 1
            assert _norm(meta.title) == _norm(doc["title"]), doc["doc_id"]
        # PolNeAR texts print no publication date, so none may be reported.
        assert meta.published is None
    # Sentence-case headlines ending in a full stop are left alone on purpose (they look like ledes).
    assert found >= 0.35 * len(docs)


@pytest.mark.skipif(not (EVAL_DEV / "news-scale.jsonl").is_file(), reason="eval-dev data not present")
def test_wire_copy_gets_no_invented_metadata() -> None:
    """news-scale texts carry no headline, outlet or date: the first paragraph must not become one."""
    titles = other = n = 0
    with (EVAL_DEV / "news-scale.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 20:
                continue
            meta = read_meta(json.loads(line)["text"])
            n += 1
            titles += meta.title is not None
            other += meta.outlet is not None or meta.published is not None or meta.author is not None
    assert titles < 0.01 * n
    assert other == 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes(text: str) -> None:
    meta = read_meta(text)
    span = title_span(text)
    if span is not None:
        assert 0 <= span[0] < span[1] <= len(text)
    assert meta.title is None or meta.title.strip()
