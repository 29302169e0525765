"""Quantities in real seed and eval-dev sentences, plus span invariants on arbitrary text."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.model import Quantity
from workbench.text.quantities import find_quantities

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def in_sentence(prefix: str, sentence: str) -> tuple[str, tuple[Quantity, ...]]:
    """Run the finder on the whole seed text with the window of one sentence, as the extractor does."""
    text = seed(prefix)
    start = text.index(sentence)
    return text, find_quantities(text, start, start + len(sentence))


def test_seed_000_at_least_19_people_and_several_injured() -> None:
    sentence = (
        "At least 19 people were detained and several injured during Tuesday's raid as some locals "
        "resisted the ROSU incursion."
    )
    text, found = in_sentence("000", sentence)
    assert [q.text for q in found] == ["At least 19 people", "several injured"]
    first, several = found
    assert (first.value, first.low, first.high, first.low_inclusive) == (19, 19, None, True)
    assert first.unit == "people" and first.approximator == "at least"
    assert first.normalized == "≥19 people"
    assert several.value is None and (several.low, several.high) == (3, None)
    assert several.approximator == "several"
    for q in found:
        assert text[q.start : q.end] == q.text


def test_seed_002_over_70_vehicles_and_more_than_a_dozen_ethnic_serbs() -> None:
    sentence = (
        "ROSU units, reportedly supported by over 70 vehicles, detained more than a dozen ethnic Serbs, "
        "mostly persons influential in the local community."
    )
    _, found = in_sentence("002", sentence)
    assert [q.text for q in found] == ["over 70 vehicles", "more than a dozen ethnic Serbs"]
    over, dozen = found
    assert (over.low, over.high, over.low_inclusive, over.unit) == (70, None, False, "vehicles")
    assert (dozen.value, dozen.low, dozen.high, dozen.low_inclusive) == (12, 12, None, False)
    assert dozen.unit == "ethnic Serbs" and dozen.approximator == "more than"
    assert dozen.normalized == ">12 ethnic Serbs"


def test_seed_001_of_whom_inherits_the_unit() -> None:
    _, found = in_sentence(
        "001", "On Tuesday, Kosovo police arrested 19 police officers, 11 of whom were Serbs."
    )
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("19 police officers", 19, "police officers"),
        ("11", 11, "police officers"),
    ]
    assert found[0].low == found[0].high == 19


def test_seed_002_percent_and_two_police_officers() -> None:
    _, pct = in_sentence("002", "The targeted area is 90 percent populated by Serbs")
    assert [(q.text, q.value, q.unit) for q in pct] == [("90 percent", 90, "percent")]
    _, two = in_sentence("002", "at least two police officers were injured.")
    assert [(q.text, q.low, q.high, q.unit) for q in two] == [
        ("at least two police officers", 2, None, "police officers")
    ]


def test_seed_003_word_numbers() -> None:
    _, found = in_sentence(
        "003", "Vucic later said police in Kosovo killed three Serbs and seriously wounded two others."
    )
    assert [(q.text, q.value, q.unit) for q in found] == [
        ("three Serbs", 3, "Serbs"),
        ("two others", 2, "others"),
    ]
    _, one = in_sentence("003", "one policeman was killed and another was wounded the night into Sunday.")
    assert [(q.text, q.value) for q in one] == [("one policeman", 1)]


def test_seed_001_currency() -> None:
    _, found = in_sentence("001", "please support us monthly starting from just $2.")
    assert [(q.text, q.value, q.unit) for q in found] == [("$2", 2, "dollars")]


def test_scaled_currency_from_the_research_notes() -> None:
    (q,) = find_quantities("The fund received 3.5 million euros.")
    assert (q.text, q.value, q.unit) == ("3.5 million euros", 3_500_000, "euros")


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        (
            "001",
            "The small state, which has an ethnic Albanian majority and Serb minority, declared "
            "independence in 2008.",
        ),
        ("001", "The UN mission was set up to run Kosovo following the end of the 1998-99 war"),
        ("002", "This decision was a flagrant violation of UN Security Council Resolution 1244"),
        ("002", "On the one hand, Serbia cannot ignore the actions"),
        ("003", "Russian Politics & Diplomacy September 25, 2023, 19:19"),
        ("000", "28 May, 2019 11:56"),
        ("002", "During the Kosovo War in 1998-1999, NATO-backed Albanian forces"),
    ],
)
def test_years_identifiers_dates_and_times_are_not_quantities(prefix: str, sentence: str) -> None:
    _, found = in_sentence(prefix, sentence)
    assert found == ()


def test_ordinals_phone_numbers_and_codes_are_not_quantities() -> None:
    assert (
        find_quantities("the first time, the 19th time, call 555-1234, COVID-19, a G7 summit, a 5-0 win")
        == ()
    )


def test_approximator_intervals() -> None:
    found = find_quantities("Nearly 100 people, about 2,000 troops, up to 5 km and fewer than 10 days")
    got = [(q.text, q.low, q.high, q.low_inclusive, q.high_inclusive) for q in found]
    assert got[0] == ("Nearly 100 people", 90, 100, True, False)
    assert got[1][0] == "about 2,000 troops" and math.isclose(got[1][1] or 0, 1800)
    assert got[2] == ("up to 5 km", None, 5, True, True)
    assert got[3] == ("fewer than 10 days", None, 10, True, False)


def test_ranges_and_reuters_units() -> None:
    text = "Comissaria Smith said spot bean prices rose to 340 to 350 cruzados per arroba of 15 kilos."
    assert [(q.text, q.low, q.high, q.unit) for q in find_quantities(text)] == [
        ("340 to 350 cruzados", 340, 350, "cruzados"),
        ("15 kilos", 15, 15, "kilos"),
    ]
    (q,) = find_quantities("between 10 and 20 people")
    assert (q.low, q.high, q.approximator) == (10, 20, "between")


def test_window_is_respected() -> None:
    text = seed("000")
    sentence = "At least 19 people were detained"
    start = text.index(sentence)
    assert [q.text for q in find_quantities(text, start, start + 12)] == ["At least 19"]
    assert find_quantities(text, start + len(sentence), start + len(sentence)) == ()


@pytest.mark.skipif(not (EVAL_DEV / "news-scale.jsonl").exists(), reason="eval-dev not present")
def test_reuters_article_from_news_scale() -> None:
    with (EVAL_DEV / "news-scale.jsonl").open(encoding="utf-8") as f:
        article = json.loads(f.readline())
    text = article["text"]
    anchor = text.index("155,221 bags")
    found = find_quantities(text, anchor, text.index(".\n", anchor))
    assert [(q.text, q.value, q.unit) for q in found][:3] == [
        ("155,221 bags", 155221, "bags"),
        ("60 kilos", 60, "kilos"),
        ("5.93 mln", 5_930_000, None),
    ]


@pytest.mark.skipif(not (EVAL_DEV / "polnear-articles").exists(), reason="eval-dev not present")
def test_polnear_word_percentages() -> None:
    for path in sorted((EVAL_DEV / "polnear-articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        at = text.find("Twenty-four percent")
        if at >= 0:
            break
    else:
        pytest.skip("sentence not in this copy of eval-dev")
    found = find_quantities(text, at, text.index(".", at) + 1)
    assert (found[0].text, found[0].value, found[0].unit) == ("Twenty-four percent", 24, "percent")


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=-5, max_value=300), st.integers(min_value=-5, max_value=300))
def test_never_crashes_and_spans_hold(text: str, a: int, b: int) -> None:
    for q in find_quantities(text, a, b):
        assert max(a, 0) <= q.start < q.end <= min(b, len(text))
        assert text[q.start : q.end] == q.text
        if q.low is not None and q.high is not None:
            assert q.low <= q.high


_NUMBERISH = st.lists(
    st.sampled_from(
        [*"0123456789 ,.-–$€%", "at least ", "more than ", "a dozen ", "several ", "people", " to ",
         "million ", "May ", "one ", "twenty-", "of whom ", "1998", "-99"]
    ),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_NUMBERISH)
def test_number_heavy_text_keeps_spans(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.low is None or q.high is None or q.low <= q.high
