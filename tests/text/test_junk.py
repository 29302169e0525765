"""Page-junk spans on the seeds (every line checked by hand) and on ordinary wire copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.junk import find_junk, score_lines
from workbench.text.model import JunkSpan

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def covered(spans: tuple[JunkSpan, ...], s: int, e: int) -> bool:
    return any(j.start <= s and e <= j.end for j in spans)


def split_lines(text: str) -> tuple[list[str], list[str]]:
    """(junk lines, kept lines), whole non-blank lines in document order."""
    spans = find_junk(text)
    junk: list[str] = []
    kept: list[str] = []
    for line in score_lines(text):
        (junk if covered(spans, line.start, line.end) else kept).append(text[line.start : line.end])
    return junk, kept


def assert_junk(text: str, expected_prefixes: list[str]) -> list[str]:
    junk, kept = split_lines(text)
    assert len(junk) == len(expected_prefixes), (junk, expected_prefixes)
    for line, prefix in zip(junk, expected_prefixes, strict=True):
        assert line.startswith(prefix), (line, prefix)
    return kept


def test_seed_000_rt() -> None:
    text = seed("000")
    kept = assert_junk(
        text,
        [
            "icon bookmark-bicon bookmarkicon",
            "28 May, 2019 11:56",
            "Russian member of UN mission detained",  # the repeated headline, second copy
            "Also on rt.com Serbian army on high alert",
            "If you like this story, share it with a friend!",
        ],
    )
    assert kept[0] == "Russian member of UN mission detained, reportedly injured in Kosovo raids"
    # The embassy's statement uses "we" but is article prose, not an appeal.
    assert any(k.startswith("We are outraged by the provocation") for k in kept)
    assert len(kept) == 8
    reasons = {j.reason for j in find_junk(text)}
    assert any("navigation icon labels" in r for r in reasons)
    assert any("cross-promotion" in r for r in reasons)
    assert any("repeats line" in r for r in reasons)


def test_seed_001_moscow_times() -> None:
    text = seed("001")
    kept = assert_junk(
        text,
        [
            "Support The Moscow Times!",
            "Mikhail Krasnoshchenkov Pavel Bushuyev / TASS",
            "Sign up for our free weekly newsletter",
            "Our weekly newsletter contains",
            "Subscribers agree to the Privacy Policy",
            "A Message from The Moscow Times:",
            "Dear readers,",
            "We are facing unprecedented challenges.",
            "These actions are direct attempts",
            "We, the journalists of The Moscow Times",
            "Your support, no matter how small",
            "By supporting The Moscow Times",
            "Once",
            "Monthly",
            "Annual",
            "Continue",
            "paiment methods",
            "Not ready to support today?",
            "Remind me later.",
            "Read more",
        ],
    )
    assert kept[0] == "Kosovo Declares Russian UN Staffer Persona Non Grata"
    assert kept[-1].startswith("The UN mission was set up to run Kosovo")
    assert len(kept) == 11
    spans = find_junk(text)
    credit = next(j for j in spans if text[j.start : j.end].endswith("/ TASS"))
    assert "photo credit" in credit.reason
    # The donation buttons form one paragraph and one span.
    buttons = next(j for j in spans if text[j.start : j.end].startswith("Once"))
    assert text[buttons.start : buttons.end].endswith("Remind me later.")


def test_seed_002_global_research() -> None:
    text = seed("002")
    kept = assert_junk(
        text,
        [
            "By [South Front](#)",
            "Global Research, May 30, 2019",
            "[South Front](#) 29 May 2019",
            "Region: [Europe](#)",
            "Theme: [History](#)",
            "In-depth Report: [THE BALKANS](#)",
            "*",
            "Note to readers: please click the share buttons",
            "We call upon Global Research readers",
            "If you're able, and if you like our content",
            "The original source of this article is",
            "Copyright ©",
            "[Comment on Global Research Articles",
            "[Become a Member of Global Research](#)",
            "Articles by: [South Front](#)",
            "Disclaimer: The contents of this article",
            "www.globalresearch.ca contains copyrighted material",
            "For media inquiries:",
        ],
    )
    assert kept[0].startswith("Video: Kosovo Police Raids")
    assert kept[-1].startswith("The ongoing round of tensions")
    assert len(kept) == 10
    reasons = " | ".join(j.reason for j in find_junk(text))
    for expected in ("byline", "date line", "page label 'Region:'", "separator", "copyright or legal notice"):
        assert expected in reasons


def test_seed_003_tass_dateline_and_footer() -> None:
    text = seed("003")
    assert_junk(text, ["Russian Politics & Diplomacy September 25, 2023, 19:19", "Read more on the site →"])
    dateline = [j for j in find_junk(text) if j.reason == "dateline"]
    assert [text[j.start : j.end] for j in dateline] == ["BELGRADE, September 25. /TASS/."]


def test_seed_004_only_the_dateline() -> None:
    text = seed("004")
    assert_junk(text, [])
    spans = find_junk(text)
    assert [(text[j.start : j.end], j.reason) for j in spans] == [
        ("date 2023-06-23 BELGRADE, June 23. /TASS/.", "dateline")
    ]


def test_outlet_hint_adds_a_weak_signal() -> None:
    text = "Support The Moscow Times\n\nThe Kosovo government said on Friday that the staffer must leave."
    hinted = score_lines(text, outlet_hint="The Moscow Times")[0]
    plain = score_lines(text)[0]
    assert hinted.score > plain.score
    assert any("names the outlet" in r for r in hinted.reasons)


def test_spans_are_exact_offsets() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        text = seed(prefix)
        prev = 0
        for j in find_junk(text):
            assert prev <= j.start < j.end <= len(text)
            assert text[j.start : j.end] == text[j.start : j.end].strip()
            assert j.reason
            prev = j.end


# --- ordinary copy must not be eaten --------------------------------------------------------------


def _news_scale(n: int, step: int = 70) -> list[dict[str, str]]:
    rows = []
    with (EVAL_DEV / "news-scale.jsonl").open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % step == 0:
                rows.append(json.loads(line))
            if len(rows) >= n:
                break
    return rows


@pytest.mark.skipif(not (EVAL_DEV / "news-scale.jsonl").is_file(), reason="eval-dev data not present")
def test_wire_copy_is_almost_never_junk() -> None:
    rows = _news_scale(300)
    total = junk = 0
    for row in rows:
        text = row["text"]
        spans = find_junk(text)
        total += len(text)
        junk += sum(j.end - j.start for j in spans)
        # Never more than a fifth of any one article.
        assert sum(j.end - j.start for j in spans) <= 0.2 * len(text) + 40, row["id"]
    assert junk / total < 0.005


@pytest.mark.skipif(not (EVAL_DEV / "polnear-articles").is_dir(), reason="eval-dev data not present")
def test_polnear_articles_are_almost_never_junk() -> None:
    files = sorted((EVAL_DEV / "polnear-articles").glob("*.txt"))[::4][:200]
    total = junk = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        total += len(text)
        junk += sum(j.end - j.start for j in find_junk(text))
    assert junk / total < 0.01


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "\n",
                    "\n\n",
                    "Read more",
                    "Once",
                    "© 2019 X",
                    "BELGRADE, May 2. /TASS/. ",
                    "By [A](#)",
                    "Support Us!",
                    "28 May, 2019 11:56",
                    "\u2028",
                    "\r\n",
                    "*",
                    "We, you, our",
                    "\x00",
                ]
            ),
        ),
        max_size=30,
    ).map("".join)
)
def test_never_crashes_and_spans_are_well_formed(text: str) -> None:
    prev = 0
    for j in find_junk(text):
        assert prev <= j.start < j.end <= len(text)
        assert text[j.start : j.end] == text[j.start : j.end].strip()
        assert j.reason
        prev = j.end


def test_dateline_alone_on_its_line() -> None:
    text = "Headline Here Today\n\nBELGRADE, September 25. /TASS/.\n\nThe ambassador said it abetted police."
    assert [(text[j.start : j.end], j.reason) for j in find_junk(text)] == [
        ("BELGRADE, September 25. /TASS/.", "dateline")
    ]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_crlf_line_endings_give_the_same_junk(prefix: str) -> None:
    text = seed(prefix)
    crlf = text.replace("\n", "\r\n")
    assert [crlf[j.start : j.end].replace("\r\n", "\n") for j in find_junk(crlf)] == [
        text[j.start : j.end] for j in find_junk(text)
    ]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_outlet_hint_from_metadata_leaves_the_seed_verdicts_unchanged(prefix: str) -> None:
    from workbench.text.meta import read_meta

    text = seed(prefix)
    hinted = find_junk(text, outlet_hint=read_meta(text).outlet)
    assert [(j.start, j.end) for j in hinted] == [(j.start, j.end) for j in find_junk(text)]
