"""Sentence segmentation on real seed and PolNeAR sentences, plus invariants over arbitrary text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.segment import match_dateline, paragraphs, split_sentences

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def sentence_with(text: str, marker: str) -> str:
    found = [t for t in sentences(text) if marker in t]
    assert len(found) == 1, (marker, found)
    return found[0]


def check_invariants(text: str, spans: list[tuple[int, int]], lo: int, hi: int) -> None:
    prev_end = lo
    for s, e in spans:
        assert lo <= prev_end <= s < e <= hi
        piece = text[s:e]
        assert piece == piece.strip() and piece
        prev_end = e


# --- seeds -------------------------------------------------------------------------------------


def test_tass_dateline_is_its_own_span_and_the_sentence_after_it_is_clean() -> None:
    text = seed("003")
    got = sentences(text)
    i = got.index("BELGRADE, September 25. /TASS/.")
    assert got[i + 1].startswith("The NATO-led Kosovo Force not only failed")
    assert got[i + 1].endswith("following talks with Serbian President Aleksandar Vucic.")
    assert not any(t in ("/TASS/.", "BELGRADE, September 25.") for t in got)


def test_dateline_with_iso_date_prefix() -> None:
    text = seed("004")
    got = sentences(text)
    assert got[0] == "date 2023-06-23 BELGRADE, June 23. /TASS/."
    assert got[1].startswith("The NATO-led international security force in Kosovo (KFOR) is provoking")


def test_sentence_broken_across_a_blank_line_is_joined() -> None:
    text = seed("002")
    got = sentence_with(text, "There is no guarantee")
    assert got == "There is no guarantee\n\nthat this force would not be used against the Serbian population."


def test_headlines_stay_separate_lines() -> None:
    text = seed("000")
    got = sentences(text)
    title = "Russian member of UN mission detained, reportedly injured in Kosovo raids"
    assert got[2] == title and got[3] == title
    assert got[4].startswith("Moscow is demanding the release")
    assert sentences(seed("003"))[0] == (
        "Russian ambassador says KFOR helped Pristina use violence against civilians"
    )


def test_quotes_with_comma_and_full_stop_inside_closing_quote() -> None:
    text = seed("000")
    got = sentence_with(text, "UN employee's immunity")
    assert got.endswith("condemning the incident as an “outrageous act.”")
    nxt = sentence_with(text, "Moscow earlier denounced")
    assert nxt.startswith("Moscow earlier denounced") and nxt.endswith("between Belgrade and Pristina.")


def test_ellipses_followed_by_lowercase_do_not_split() -> None:
    text = seed("001")
    got = sentence_with(text, "United Nations ...")
    assert got.startswith("This person who works") and got.endswith("Haradinaj wrote on his Facebook page.")
    got = sentence_with(text, "constitutional order")
    assert got.endswith('constitutional order..." he wrote.')


def test_nbsp_is_whitespace_but_text_is_unchanged() -> None:
    text = seed("001")
    got = sentence_with(text, "would not be allowed back")
    assert "a\xa0Russian national" in got
    assert got.startswith("The Kosovo government said on Friday")


def test_dollar_amount_at_sentence_end_and_decimal_ranges() -> None:
    text = seed("001")
    assert "If you can, please support us monthly starting from just $2." in sentences(text)
    assert sentence_with(text, "1998-99 war").endswith("declared independence in 2008.")


def test_markdown_bold_inside_sentence() -> None:
    text = seed("002")
    got = sentence_with(text, "**Prime Minister Ramush Haradinaj**")
    assert got.startswith("Kosovo **Prime Minister") and got.endswith('organized crime operation".')


def test_question_inside_quotation_splits_before_capital() -> None:
    text = seed("004")
    assert "Is this what can be called a path to de-escalation?" in sentences(text)


# --- handmade cases for abbreviations the seeds lack ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gen. Wesley Clark spoke. He left.", ["Gen. Wesley Clark spoke.", "He left."]),
        (
            "The unit was directed by then-Cmdr. Jon Burge. It was disbanded.",
            ["The unit was directed by then-Cmdr. Jon Burge.", "It was disbanded."],
        ),
        (
            "It was retired Lt. Col. Louis Dorfman. Others agreed.",
            ["It was retired Lt. Col. Louis Dorfman.", "Others agreed."],
        ),
        (
            "Rubio's enemy No. 1 is Cruz. No. That is wrong.",
            ["Rubio's enemy No. 1 is Cruz.", "No.", "That is wrong."],
        ),
        (
            "He raised $3.2 million in May. Rivals raised 2.5 times as much.",
            ["He raised $3.2 million in May.", "Rivals raised 2.5 times as much."],
        ),
        ("“A pathetic figure!” he wrote. Then he left.", ["“A pathetic figure!” he wrote.", "Then he left."]),
        ("“Why now?” she asked.", ["“Why now?” she asked."]),
        ("“Why now?” Senator Smith asked. He left.", ["“Why now?” Senator Smith asked.", "He left."]),
        ("“We won.” He said the count was over.", ["“We won.”", "He said the count was over."]),
        ("According to E. J. Fleming, it worked.", ["According to E. J. Fleming, it worked."]),
        ("Mr. Trump and Mrs. Clinton met Dr. Stein.", ["Mr. Trump and Mrs. Clinton met Dr. Stein."]),
        (
            "They enter the U.S. Initially, the program was small.",
            ["They enter the U.S.", "Initially, the program was small."],
        ),
        (
            "He was elected to the U.S. Senate, Lt. Gov. Lopez said.",
            ["He was elected to the U.S. Senate, Lt. Gov. Lopez said."],
        ),
        (
            "Muslims trying to enter the U.S. The proposal drew criticism.",
            ["Muslims trying to enter the U.S.", "The proposal drew criticism."],
        ),
        ("They met at 9 a.m. Easter Sunday.", ["They met at 9 a.m. Easter Sunday."]),
        ("Complaints since Jan. 22 went unanswered.", ["Complaints since Jan. 22 went unanswered."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
        ("1. The first point is clear.", ["1. The first point is clear."]),
    ],
)
def test_tricky_cases(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_reuters_and_ap_datelines() -> None:
    text = "WASHINGTON (AP) — Wealthy donors handed over $25 million."
    assert sentences(text) == ["WASHINGTON (AP) —", "Wealthy donors handed over $25 million."]
    text = "MEXICO CITY, Feb. 8 (UPI) — Count him among the critics."
    assert sentences(text)[0] == "MEXICO CITY, Feb. 8 (UPI) —"
    m = match_dateline("LONDON, March 26 - The Bank of England said it provided 15 mln stg.")
    assert m is not None and m.group("place") == "LONDON"
    # A Reuters table note is not a dateline.
    assert match_dateline("NOTE - Net is after tax 171.03 mln dlrs vs 188.52 mln.") is None


def test_start_and_end_restrict_the_region() -> None:
    text = seed("003")
    s, e = split_sentences(text)[4]
    inner = split_sentences(text, s + 10, e)
    assert inner and inner[0][0] >= s + 10 and inner[-1][1] <= e


def test_paragraphs() -> None:
    text = seed("001")
    paras = paragraphs(text)
    blocks = [text[s:e] for s, e in paras]
    assert blocks[0] == "Support The Moscow Times!"
    assert "Once\nMonthly\nAnnual\nContinue\npaiment methods" in blocks[-2]
    assert blocks[-1] == "Read more"
    assert all(text[s:e].strip() == text[s:e] for s, e in paras)


# --- real corpus checks ---------------------------------------------------------------------------

_TITLES = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|Gen|Capt|Sgt)\.$")


@pytest.mark.skipif(not (EVAL_DEV / "polnear-articles").is_dir(), reason="eval-dev data not present")
def test_no_polnear_sentence_ends_with_a_title() -> None:
    files = sorted((EVAL_DEV / "polnear-articles").glob("*.txt"))[:300]
    bad = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        spans = split_sentences(text)
        check_invariants(text, spans, 0, len(text))
        bad += [text[s:e][-40:] for s, e in spans if _TITLES.search(text[s:e])]
    assert bad == []


@pytest.mark.skipif(not (EVAL_DEV / "polnear-articles").is_dir(), reason="eval-dev data not present")
def test_polnear_u_s_at_sentence_end() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((EVAL_DEV / "polnear-articles").glob("*.txt"))]
    hits = [t for t in texts if "enter the U.S. The proposal" in t]
    assert hits
    got = sentence_with(hits[0], "The proposal has drawn harsh criticism")
    assert got.startswith("The proposal has drawn harsh criticism")


def naive_split(text: str) -> list[tuple[int, int]]:
    """The research's naive baseline: ``[.!?]`` + whitespace + capital, lines first."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        pos = line.start()
        for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z])", line.group()):
            spans.append((pos, line.start() + m.start()))
            pos = line.start() + m.end()
        spans.append((pos, line.end()))
    return spans


# --- invariants -----------------------------------------------------------------------------------

_PIECES = [
    "\x00",
    "\r\n",
    "\u2028",
    "\xa0",
    "\u3000",
    "😀",
    "Mr.",
    "U.S.",
    " /TASS/. ",
    "BELGRADE, May 2",
    " — ",
]
_ALPHABET = st.sampled_from([*"aZ .!?…\"'“”‘’()*,;:-—\n\n\r\t0123456789\x1c", *_PIECES])


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(-5, 60), st.one_of(st.none(), st.integers(-5, 80)))
def test_invariants_on_arbitrary_unicode(text: str, start: int, end: int | None) -> None:
    spans = split_sentences(text, start, end)
    lo = max(0, min(start, len(text)))
    hi = len(text) if end is None else max(lo, min(end, len(text)))
    check_invariants(text, spans, lo, hi)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_invariants_on_sentence_like_text(text: str) -> None:
    check_invariants(text, split_sentences(text), 0, len(text))
    prev = 0
    for s, e in paragraphs(text):
        assert prev <= s < e and text[s:e] == text[s:e].strip()
        prev = e
