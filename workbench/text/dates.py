"""Find date expressions in text and resolve them against the article's publication date.

A regex span finder, not ``dateparser.search_dates`` (research: extraction.md §2.4 shows it reads
"We" as Wednesday and "Resolution 1244" as a year). Spans never include the leading preposition
("on", "in"): "in December 2018" yields the span "December 2018".

Resolution rules (``published`` is the article date; without it relative forms stay ``None``):

* weekday ("on Tuesday", "Tuesday's raid") -> the most recent such day on or before the article
  date; if a future cue ("will", "next", "is due to", "scheduled"...) stands earlier in the same
  sentence, the first such day on or after it. "last Tuesday" -> strictly before; "next Tuesday"
  -> strictly after. "the night into Sunday" resolves to the Sunday.
* day and month without a year ("May 29") -> the year that puts the day nearest the article date.
* bare month after a preposition ("in May") -> precision ``month``: the latest such month up to
  the article's month, or the next one from it when a future cue precedes it in the sentence.
  "May" is only a month next to a day number or year or after a preposition such as "in".
* year ("in 2008", "2019") and year range ("1998-99", "1998-1999") -> precision ``year``, value
  1 January of the (first) year. Four-digit numbers after an identifier word ("Resolution 1244")
  or a currency sign are not years.
* today/tonight/yesterday/tomorrow -> day; "last/this/next week" -> precision ``week`` (value the
  Monday of that week); "last/this/next month|year" -> precision ``month``/``year``;
  "N days/weeks ago" -> day/week.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from workbench.text.model import DateMention

_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_ABBR_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{_FULL_MONTH}|{_ABBR_MONTH})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PREP = (
    r"(?:in|since|by|until|till|from|during|before|after|through|throughout|of|early|late"
    r"|mid|mid-|last|next|this|between|and|to|or|around|as[ \xa0]of|back[ \xa0]in|end[ \xa0]of"
    r"|start[ \xa0]of)"
)
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_DATE = re.compile(
    r"(?<![\w/.:-])(?:"
    # ISO 2023-06-23
    rf"(?P<iso>(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])-(?P<id>0[1-9]|[12]\d|3[01]))(?![\d-])"
    # May 29, 2023 / May 29 / Sept. 3 1987
    rf"|(?P<md>(?P<md_m>{_MONTH})[ \xa0]+(?P<md_d>{_DAY})(?![\d:])(?:,?[ \xa0]+(?P<md_y>{_YEAR})(?!\d))?)"
    # 29 May 2019 / 28 May, 2019 / 23 June
    rf"|(?P<dm>(?P<dm_d>{_DAY})[ \xa0]+(?:of[ \xa0]+)?(?P<dm_m>{_MONTH})"
    rf"(?:,?[ \xa0]+(?P<dm_y>{_YEAR})(?!\d))?)"
    # December 2018
    rf"|(?P<my>(?P<my_m>{_MONTH}),?[ \xa0]+(?:of[ \xa0]+)?(?P<my_y>{_YEAR}))(?!\d)"
    # the night into Sunday / last Tuesday / Tuesday
    r"|(?P<wd>(?:(?P<night>the[ \xa0]+night[ \xa0]+(?:into|to|of)[ \xa0]+)"
    r"|(?P<wmod>[Ll]ast|[Nn]ext|[Tt]his)[ \xa0]+)?"
    rf"(?P<wd_d>{_WEEKDAY}))(?![\w])"
    # 1998-99 / 1998-1999 / 1998–99
    rf"|(?P<yr>(?P<yr_a>{_YEAR})[-–](?P<yr_b>\d\d(?:\d\d)?))(?![\d-])"
    # bare year
    rf"|(?P<y>{_YEAR})(?![\d,.]\d|[-–]\d|[ \xa0]?%|\w)"
    # relative
    r"|(?P<rel>(?i:today|tonight|yesterday|tomorrow))(?![\w'’-])"
    r"|(?P<rel2>(?i:last|this|next|past)[ \xa0]+(?i:week|month|year))(?!\w)"
    rf"|(?P<ago>(?P<ago_n>{_NUM})[ \xa0]+(?P<ago_u>days?|weeks?|months?|years?)[ \xa0]+ago)(?!\w)"
    # bare month after a preposition: "in May", "since March"
    rf"|(?P<bm>(?<=[ \xa0])(?P<bm_m>{_FULL_MONTH}))(?![\w'’-])"
    r")"
)
_PREP_BEFORE = re.compile(rf"(?i:\b{_PREP})[ \xa0]+$")
_ID_BEFORE = re.compile(
    r"(?i:resolution|article|no\.|number|section|flight|route|chapter|page|paragraph|room|code|model"
    r"|version|act|law|decree|item|bus|platform|gate|case|vol\.|pp?\.)[ \xa0]+$|[$€£¥#][ \xa0]?$"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|'ll|’ll|is[ \xa0]+due|are[ \xa0]+due|is[ \xa0]+to|are[ \xa0]+to|scheduled"
    r"|plans?[ \xa0]+to"
    r"|planned|set[ \xa0]+to|expected[ \xa0]+to|going[ \xa0]+to|intends?[ \xa0]+to|upcoming|next)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?\n][\"'”’)]*\s")


def find_dates(
    text: str, start: int = 0, end: int | None = None, *, published: date | None = None
) -> tuple[DateMention, ...]:
    """Return the date expressions in ``text[start:end]`` with offsets into ``text``, in order."""
    stop = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    out: list[DateMention] = []
    for m in _DATE.finditer(text, start, stop):
        d = _resolve(text, m, start, published)
        if d is not None:
            out.append(d)
    return tuple(out)


def _resolve(text: str, m: re.Match[str], lo: int, pub: date | None) -> DateMention | None:
    kind = m.lastgroup
    s, e = m.start(), m.end()
    value: date | None = None
    precision = "day"
    if m.group("iso") is not None:
        value = _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    elif m.group("md") is not None or m.group("dm") is not None:
        pre = "md" if m.group("md") is not None else "dm"
        month = _month(m.group(f"{pre}_m"))
        day = int(re.sub(r"\D", "", m.group(f"{pre}_d")))
        year_s = m.group(f"{pre}_y")
        if year_s is not None:
            value = _safe_date(int(year_s), month, day)
        elif pub is not None:
            value = _nearest_year(month, day, pub)
    elif m.group("my") is not None:
        precision = "month"
        value = date(int(m.group("my_y")), _month(m.group("my_m")), 1)
    elif m.group("wd") is not None:
        value = _weekday(text, m, lo, pub)
    elif m.group("yr") is not None:
        a, b = m.group("yr_a"), m.group("yr_b")
        second = int(a[:2] + b) if len(b) == 2 else int(b)
        if second <= int(a) or _ID_BEFORE.search(text, max(lo, s - 16), s):
            return None
        precision = "year"
        value = date(int(a), 1, 1)
    elif m.group("y") is not None:
        if _ID_BEFORE.search(text, max(lo, s - 16), s) or _approximator_before(text, s, lo):
            return None
        precision = "year"
        value = date(int(m.group("y")), 1, 1)
    elif m.group("rel") is not None:
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[m.group("rel").lower()]
        value = pub + timedelta(days=offset) if pub is not None else None
    elif m.group("rel2") is not None:
        which, unit = m.group("rel2").lower().split()
        precision = unit
        value = _relative_period(which, unit, pub) if pub is not None else None
    elif m.group("ago") is not None:
        n_s = m.group("ago_n").lower()
        n = int(n_s) if n_s.isdigit() else _NUMBER_WORDS[n_s]
        unit = m.group("ago_u").lower().rstrip("s")
        precision = "day" if unit == "day" else unit
        if pub is not None:
            if unit in ("day", "week"):
                value = pub - timedelta(days=n * (7 if unit == "week" else 1))
                if unit == "week":
                    value -= timedelta(days=value.weekday())
            elif unit == "month":
                y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
                value = date(y, mo + 1, 1)
            else:
                value = date(pub.year - n, 1, 1)
    elif m.group("bm") is not None:
        if not _PREP_BEFORE.search(text, max(lo, s - 12), s):
            return None  # "May" the verb, "March" the noun
        month = _month(m.group("bm_m"))
        precision = "month"
        if pub is not None:
            # Like weekdays: the latest such month up to the article's, later only with a future cue.
            if _future_context(text, s, lo):
                value = date(pub.year if month >= pub.month else pub.year + 1, month, 1)
            else:
                value = date(pub.year if month <= pub.month else pub.year - 1, month, 1)
    else:  # pragma: no cover - every alternative is named
        raise AssertionError(kind)
    return DateMention(start=s, end=e, text=text[s:e], value=value, precision=precision)


def _month(name: str) -> int:
    return _MONTH_NAMES[name.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _nearest_year(month: int, day: int, pub: date) -> date | None:
    candidates = [d for y in (pub.year - 1, pub.year, pub.year + 1) if (d := _safe_date(y, month, day))]
    if not candidates:
        return None
    return min(candidates, key=lambda d: abs((d - pub).days))


def _weekday(text: str, m: re.Match[str], lo: int, pub: date | None) -> date | None:
    if pub is None:
        return None
    target = _WEEKDAYS[m.group("wd_d").lower()]
    mod = (m.group("wmod") or "").lower()
    back = (pub.weekday() - target) % 7
    if mod == "last":
        return pub - timedelta(days=back or 7)
    ahead = (target - pub.weekday()) % 7
    if mod == "next":
        return pub + timedelta(days=ahead or 7)
    if _future_context(text, m.start(), lo):
        return pub + timedelta(days=ahead)
    return pub - timedelta(days=back)


def _future_context(text: str, pos: int, lo: int) -> bool:
    """A future cue earlier in the same sentence ("will meet on Tuesday")."""
    window_start = max(lo, pos - 120)
    chunk = text[window_start:pos]
    last_end = 0
    for b in _SENTENCE_END.finditer(chunk):
        last_end = b.end()
    return _FUTURE.search(chunk, last_end) is not None


def _relative_period(which: str, unit: str, pub: date) -> date:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday())
        return monday + timedelta(days=7 * step)
    if unit == "month":
        y, mo = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        return date(y, mo + 1, 1)
    return date(pub.year + step, 1, 1)


def _approximator_before(text: str, pos: int, lo: int) -> bool:
    """ "at least 2000", "about 1900 people": a count that happens to look like a year."""
    chunk = text[max(lo, pos - 14) : pos].lower()
    return chunk.endswith(("least ", "than ", "about ", "some ", "nearly ", "almost ", "around ", "over "))
