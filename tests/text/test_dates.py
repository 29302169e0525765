"""Date spans and their resolution against the article date, on real seed sentences."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.text.dates import find_dates
from workbench.text.model import DateMention

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"

# Publication dates printed in the seeds themselves (000: "28 May, 2019"; 002: "May 30, 2019";
# 003: "September 25, 2023"; 004: "date 2023-06-23"). 001 carries none; the Moscow Times story
# ran on Friday 31 May 2019.
PUB = {
    "000": date(2019, 5, 28),
    "001": date(2019, 5, 31),
    "002": date(2019, 5, 30),
    "003": date(2023, 9, 25),
    "004": date(2023, 6, 23),
}


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def dates_in(
    prefix: str, sentence: str, *, published: date | None = None
) -> list[tuple[str, date | None, str]]:
    text = seed(prefix)
    start = text.index(sentence)
    found = find_dates(text, start, start + len(sentence), published=published or PUB[prefix])
    for d in found:
        assert text[d.start : d.end] == d.text
    return [(d.text, d.value, d.precision) for d in found]


def test_possessive_weekday_is_the_article_day() -> None:
    got = dates_in("000", "At least 19 people were detained and several injured during Tuesday's raid")
    assert got == [("Tuesday", date(2019, 5, 28), "day")]


def test_weekdays_resolve_to_the_latest_on_or_before_the_article_date() -> None:
    assert dates_in("001", "The Kosovo government said on Friday that") == [
        ("Friday", date(2019, 5, 31), "day")
    ]
    assert dates_in("001", "The UN mission, UNMIK, said on Thursday the") == [
        ("Thursday", date(2019, 5, 30), "day")
    ]
    assert dates_in("001", "On Tuesday, Kosovo police arrested 19 police officers") == [
        ("Tuesday", date(2019, 5, 28), "day")
    ]
    assert dates_in("004", "Russian Ambassador to Serbia Alexander Botsan-Kharchenko said on Friday.") == [
        ("Friday", date(2023, 6, 23), "day")
    ]


def test_future_tense_moves_a_weekday_forward() -> None:
    pub = date(2019, 5, 28)  # a Tuesday
    (d,) = find_dates("The two sides will meet on Friday.", published=pub)
    assert d.value == date(2019, 5, 31)
    (d,) = find_dates("They met on Friday. Talks resume next week.", 0, 19, published=pub)
    assert d.value == date(2019, 5, 24)
    assert [x.value for x in find_dates("last Tuesday and next Tuesday", published=pub)] == [
        date(2019, 5, 21),
        date(2019, 6, 4),
    ]


def test_month_day_without_year_takes_the_nearest_year() -> None:
    assert dates_in("002", "On May 29, reports appeared that several units") == [
        ("May 29", date(2019, 5, 29), "day")
    ]
    assert dates_in("003", "Serbian President Aleksandar Vucic stated in his September 24 address") == [
        ("September 24", date(2023, 9, 24), "day")
    ]
    (d,) = find_dates("on December 30", published=date(2020, 1, 2))
    assert d.value == date(2019, 12, 30)


def test_full_dates_month_and_year_precision() -> None:
    assert dates_in("004", "actions of KFOR soldiers in Zvecan on May 29, 2023, when") == [
        ("May 29, 2023", date(2023, 5, 29), "day")
    ]
    assert dates_in("002", "For example, in December 2018, Kosovo's Parliament") == [
        ("December 2018", date(2018, 12, 1), "month")
    ]
    assert dates_in("001", "declared independence in 2008.") == [("2008", date(2008, 1, 1), "year")]
    assert dates_in("001", "following the end of the 1998-99 war") == [("1998-99", date(1998, 1, 1), "year")]
    assert dates_in("002", "During the Kosovo War in 1998-1999, NATO-backed") == [
        ("1998-1999", date(1998, 1, 1), "year")
    ]
    assert dates_in("000", "28 May, 2019 11:56") == [("28 May, 2019", date(2019, 5, 28), "day")]
    assert dates_in("004", " date 2023-06-23 BELGRADE, June 23.") == [
        ("2023-06-23", date(2023, 6, 23), "day"),
        ("June 23", date(2023, 6, 23), "day"),
    ]


def test_the_night_into_sunday() -> None:
    got = dates_in(
        "003", "According to Kurti, one policeman was killed and another was wounded the night into Sunday."
    )
    assert got == [("the night into Sunday", date(2023, 9, 24), "day")]


def test_relative_words() -> None:
    assert dates_in("001", '"The decision was taken today.') == [("today", date(2019, 5, 31), "day")]
    pub = date(2019, 5, 28)
    got = [
        (d.text, d.value, d.precision)
        for d in find_dates("yesterday, last week and three days ago", published=pub)
    ]
    assert got == [
        ("yesterday", date(2019, 5, 27), "day"),
        ("last week", date(2019, 5, 20), "week"),
        ("three days ago", date(2019, 5, 25), "day"),
    ]


def test_without_an_article_date_relative_forms_stay_unresolved() -> None:
    got = [(d.text, d.value) for d in find_dates("on Tuesday, May 29 and today, but in 2008")]
    assert got == [("Tuesday", None), ("May 29", None), ("today", None), ("2008", date(2008, 1, 1))]


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        ("000", "We are outraged by the provocation against the Russian citizen"),
        ("001", "We are facing unprecedented challenges."),
        ("002", "a flagrant violation of UN Security Council Resolution 1244 which allows"),
        ("004", "Security Council resolution 1244."),
        ("003", "A decade earlier"),
    ],
)
def test_no_false_dates(prefix: str, sentence: str) -> None:
    text = seed(prefix) if sentence in seed(prefix) else sentence
    start = text.index(sentence)
    assert find_dates(text, start, start + len(sentence), published=PUB[prefix]) == ()


def test_bare_month_looks_back_unless_the_sentence_speaks_of_the_future() -> None:
    pub = date(2016, 3, 10)
    (past,) = find_dates("The campaign began in November.", published=pub)
    (future,) = find_dates("Voters will decide in November.", published=pub)
    assert (past.value, future.value) == (date(2015, 11, 1), date(2016, 11, 1))


def test_may_the_verb_is_not_a_month() -> None:
    pub = date(2019, 5, 28)
    assert find_dates("May God help them. It may rain. May I ask?", published=pub) == ()
    assert [(d.text, d.precision) for d in find_dates("The vote was held in May.", published=pub)] == [
        ("May", "month")
    ]


@pytest.mark.skipif(not (EVAL_DEV / "polnear-docs.jsonl").exists(), reason="eval-dev not present")
def test_polnear_weekday_against_its_publication_date() -> None:
    docs = {}
    with (EVAL_DEV / "polnear-docs.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs[d["doc_id"]] = date.fromisoformat(d["publication_date"])
    checked = 0
    for doc_id, pub in sorted(docs.items())[:200]:
        path = EVAL_DEV / "polnear-articles" / f"{doc_id}.txt"
        if not path.exists():
            continue
        found: tuple[DateMention, ...] = find_dates(path.read_text(encoding="utf-8"), published=pub)
        for d in found:
            if d.text in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
                assert d.value is not None and d.value.strftime("%A") == d.text
                assert abs((d.value - pub).days) <= 7
                checked += 1
    assert checked > 20


@settings(max_examples=300, deadline=None)
@given(
    st.text(),
    st.integers(min_value=-3, max_value=200),
    st.integers(min_value=-3, max_value=200),
    st.one_of(st.none(), st.dates(min_value=date(1900, 1, 8), max_value=date(2099, 12, 24))),
)
def test_never_crashes_and_spans_hold(text: str, a: int, b: int, pub: date | None) -> None:
    for d in find_dates(text, a, b, published=pub):
        assert max(a, 0) <= d.start < d.end <= min(b, len(text))
        assert text[d.start : d.end] == d.text
        assert d.precision in ("day", "week", "month", "year")


_DATEISH = st.lists(
    st.sampled_from(
        [*"0123456789 ,.-", "May ", "February ", "Sept. ", "29", "31", "2019", "1998-", "in ", "on ",
         "Tuesday", "last ", "next ", "the night into ", "week", "today", "ago", "three days "]
    ),
    max_size=20,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_DATEISH, st.one_of(st.none(), st.dates(min_value=date(1900, 1, 8), max_value=date(2099, 12, 24))))
def test_date_heavy_text_keeps_spans(text: str, pub: date | None) -> None:
    for d in find_dates(text, published=pub):
        assert text[d.start : d.end] == d.text
