"""Find counts, amounts and percentages in text and normalise them to intervals with units.

Model-free and regex-driven (research: extraction.md §1.7): an optional approximator ("at least",
"more than", "about"...), a number in digits or words (or a vague word such as "several"), an
optional scale ("million") and a unit (a currency sign, "percent", or the counted noun that
follows). Years, dates, times, ordinals and identifiers ("Resolution 1244", "COVID-19") are
skipped: years belong to :mod:`workbench.text.dates`.

Interval conventions (documented because matching across outlets relies on them):

* exact "19" -> [19, 19]; "at least 19" -> [19, ∞); "more than/over 19" -> (19, ∞);
  "up to/at most/as many as 19" -> (-∞, 19]; "fewer/less than, under 19" -> (-∞, 19);
* "about/around/some/roughly 100" -> [90, 110] (±10 %); "nearly/almost 100" -> [90, 100);
* vague words have ``value=None``: "several" -> [3, ∞), "a few"/"a handful" -> [2, ∞),
  "dozens" -> [24, ∞), "scores" -> [40, ∞), "hundreds" -> [200, ∞), "thousands" -> [2000, ∞),
  "millions" -> [2e6, ∞); "a couple" -> [2, 2];
* "X of whom/them" inherits the unit of the previous quantity in the window ("19 police officers,
  11 of whom" -> 11 police officers);
* durations are ordinary quantities ("two years" -> 2 years); "a decade" has no number and is skipped;
* a compound adjective takes its unit from the hyphen ("90-second ad" -> 90 second); a bare "one"
  counts only before a noun and not after "the/no/any" ("on the one hand" is skipped).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from workbench.text.model import Quantity

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "bln": 1e9, "bn": 1e9, "m": 1e6, "k": 1e3, "b": 1e9, "tn": 1e12,
}  # fmt: skip
_VAGUE: dict[str, tuple[float, float | None]] = {
    "several": (3, None), "a few": (2, None), "a handful": (2, None), "a couple": (2, 2),
    "dozens": (24, None), "scores": (40, None), "hundreds": (200, None), "thousands": (2000, None),
    "tens of thousands": (20000, None), "hundreds of thousands": (200000, None),
    "millions": (2e6, None),
}  # fmt: skip
_CURRENCY = {"$": "dollars", "us$": "dollars", "€": "euros", "£": "pounds", "¥": "yen"}
_UNIT_ALIASES = {
    "%": "percent", "per cent": "percent", "percent": "percent", "pct": "percent",
    "dlrs": "dollars", "dlr": "dollars", "dollar": "dollars", "euro": "euros", "pound": "pounds",
}  # fmt: skip


def _alts(words: list[str] | dict[str, int]) -> str:
    """A case-sensitive alternation that also accepts a capitalised first letter ("At least").

    Case-insensitive alternations make Python's ``re`` several times slower on long text.
    """
    out = []
    for w in sorted(words, key=len, reverse=True):
        body = re.escape(w).replace(r"\ ", "[ \xa0]")
        out.append(f"[{w[0]}{w[0].upper()}]{body[1:]}" if w[0].isalpha() else body)
    return "|".join(out)


_W = _alts([*_UNITS_WORDS, *_TENS_WORDS])
_TENS = _alts(_TENS_WORDS)
_ONES = "|".join(k for k in _UNITS_WORDS if _UNITS_WORDS[k] < 10 and k != "zero")
_W_LOWER = "|".join(sorted([*_UNITS_WORDS, *_TENS_WORDS], key=len, reverse=True))
_SCALE_WORDS = r"hundred|thousand|million|billion"
_WORDNUM = (
    rf"(?:(?:{_TENS})[- ](?:{_ONES})|{_W}|[Aa]n?(?=[ \xa0]+(?:{_SCALE_WORDS})\b))"
    rf"(?:[ \xa0]+hundred(?:[ \xa0]+(?:and[ \xa0]+)?(?:{_W_LOWER}))?)?"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_APPROX_WORDS = [
    "at least", "at most", "no more than", "no fewer than", "no less than", "not more than",
    "more than", "less than", "fewer than", "greater than", "upwards of", "in excess of", "up to",
    "as many as", "as much as", "close to", "just over", "well over", "just under", "a maximum of",
    "a minimum of", "an estimated", "between", "over", "under", "above", "below", "nearly",
    "almost", "about", "around", "approximately", "roughly", "some", "exceeding", "circa",
    "an average of",
]  # fmt: skip
_APPROX = _alts(_APPROX_WORDS)
_VAGUE_RE = _alts(
    ["several", "a few", "a handful", "a couple", "tens of thousands", "hundreds of thousands",
     "dozens", "scores", "hundreds", "thousands", "millions"]
)  # fmt: skip
_SCALE_RE = r"hundred|thousand|million|billion|trillion|mln|bln|bn|tn"

# The core is matched only at anchors (a digit, a currency sign, a number or vague word) and the
# approximator is looked up backwards from there: one big pattern tried at every position of the
# text was 3x slower.
_NUMWORD_ANCHOR = _alts(
    [*_UNITS_WORDS, *_TENS_WORDS, "several", "dozens", "scores", "hundreds", "thousands", "millions",
     "tens", "half"]
)  # fmt: skip
_FIRST_LETTERS = "".join(
    sorted(
        {
            w[0] + w[0].upper()
            for w in [
                *_UNITS_WORDS,
                *_TENS_WORDS,
                "several",
                "dozens",
                "scores",
                "hundreds",
                "thousands",
                "millions",
                "tens",
                "half",
                "a",
            ]
        }
    )
)
# The first-letter lookahead lets the engine reject most positions before trying the alternation.
_ANCHOR = re.compile(
    rf"[$€£¥\d]|\b(?=[{_FIRST_LETTERS}])(?:(?:{_NUMWORD_ANCHOR})\b"
    r"|[Aa]n?[ \xa0](?=dozen|few|handful|couple|hundred|thousand|million|billion))"
)
_CORE = re.compile(
    r"(?:"
    rf"(?P<vague>{_VAGUE_RE})(?![\w-])"
    r"|"
    r"(?P<cur>US\$|[$€£¥])?[ \xa0]?"
    rf"(?:(?P<num>{_DIGITS})|(?P<word>{_WORDNUM})(?![\w-])"
    r"|(?P<dozen>(?:[Aa]|[Oo]ne|[Hh]alf[ \xa0]a)[ \xa0]dozen))"
    r"(?:(?P<rsep>[ \xa0]?[-–][ \xa0]?|[ \xa0]+to[ \xa0]+|[ \xa0]+and[ \xa0]+)"
    rf"(?P<cur2>US\$|[$€£¥])?(?P<num2>{_DIGITS}))?"
    rf"(?:[ \xa0]?(?P<scale>{_SCALE_RE})\b|(?<=\d)(?P<sscale>m|bn|k|b|tn)\b)?"
    r"(?P<pct>[ \xa0]?%|[ \xa0]+per[ \xa0]?cent\b|[ \xa0]+percent\b|[ \xa0]+pct\b)?"
    r")"
)
_APPROX_BEFORE = re.compile(rf"(?<![\w-])(?:{_APPROX})[ \xa0]+$")
_BAD_BEFORE = frozenset("$€£¥.,/:+#-_")
_FOLLOW_WORD = re.compile(r"[ \xa0]+([A-Z](?:\.[A-Z])+\.?|[A-Za-z][A-Za-z'’-]*)")
_TIME_ZONES = frozenset({"GMT", "EST", "EDT", "BST", "CET", "CEST", "UTC", "PST", "hrs", "local"})
_HYPHEN_UNIT = re.compile(r"-([A-Za-z]+(?:-[A-Za-z]+)*)")
_OF = re.compile(r"[ \xa0]+of\b")
_OF_PRONOUN = re.compile(r"[ \xa0]+of[ \xa0]+(?:whom|them|which|those|these)\b", re.IGNORECASE)
_PREV_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)[ \xa0]*$")
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}  # fmt: skip
_ID_WORDS = {
    "resolution", "article", "no", "no.", "nos", "number", "section", "flight", "route", "highway",
    "chapter", "page", "paragraph", "item", "room", "rule", "code", "line", "model", "version",
    "phase", "category", "grade", "class", "bus", "platform", "gate", "amendment", "act", "bill",
    "law", "decree", "case", "district", "ward", "precinct", "square", "vol", "p", "pp", "art",
}  # fmt: skip
# Words that end a counted-noun phrase (function words, verbs of being, prepositions).
_STOP = {
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "but",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
    "could", "should", "may", "might", "must", "shall", "do", "does", "did", "that", "which", "who",
    "whom", "this", "these", "those", "it", "its", "their", "his", "her", "as", "than", "into",
    "per", "against", "over", "under", "after", "before", "since", "until", "during", "about",
    "more", "less", "fewer", "most", "also", "not", "no", "so", "if", "when", "while", "where",
    "up", "down", "out", "off", "said", "says", "say", "told", "all", "each", "both", "other",
    "such", "only", "just", "then", "there", "here", "we", "they", "he", "she", "i", "you",
    "between", "among", "through", "across", "around", "versus", "vs", "via", "times", "too",
    "very", "again", "ago", "earlier", "later", "now", "yet", "still", "already", "even",
    "because", "though", "although", "whether", "what", "how", "why", "our", "your", "my",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "percent",
    "another", "any", "some", "many", "much", "own", "same", "last", "next", "first", "new",
    "nor", "either", "neither", "like", "unlike", "within", "without", "toward", "towards",
    "billion", "million", "thousand", "hundred", "mln", "bln", "pct", "year-on-year",
}  # fmt: skip
# Adjectives and noun modifiers that keep the counted-noun phrase going ("ethnic Serbs").
_MODIFIERS = {
    "ethnic", "police", "local", "armed", "civilian", "foreign", "military", "security", "special",
    "senior", "former", "young", "elderly", "unarmed", "masked", "injured", "wounded", "dead",
    "additional", "international", "native", "regular", "federal", "state", "private", "public",
    "small", "large", "big", "major", "minor", "new", "old", "full-time", "part-time",
    "registered", "eligible", "active", "innocent", "detained", "border", "army", "government",
    "basis", "swiss", "canadian", "australian", "un", "nato", "us", "u.s.",
    "european", "russian", "serbian", "american", "british", "chinese",
    "ukrainian", "kosovo", "albanian", "polling", "swing", "electoral", "undocumented", "illegal",
    "health", "fire", "air", "naval", "tank", "common", "preferred", "metric", "square", "cubic",
    "short", "long", "light", "heavy", "crude", "oil", "gas", "cocoa", "grain", "wheat", "corn",
}  # fmt: skip

_MAX_UNIT_WORDS = 3


def find_quantities(text: str, start: int = 0, end: int | None = None) -> tuple[Quantity, ...]:
    """Return the quantities in ``text[start:end]`` with offsets into ``text``, in order."""
    stop = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    out: list[Quantity] = []
    pos = start
    while True:
        a = _ANCHOR.search(text, pos, stop)
        if a is None:
            return tuple(out)
        p = a.start()
        if text.startswith("US$", p - 2) and p - 2 >= start:
            p -= 2
        before = text[p - 1] if p > start else " "
        if before.isalnum() or before in _BAD_BEFORE:
            pos = _skip_token(text, a.end(), stop)
            continue
        m = _CORE.match(text, p, stop)
        if m is None or m.end() == p:
            pos = a.end()
            continue
        approx: str | None = None
        qstart = p
        if m.group("vague") is None:
            b = _APPROX_BEFORE.search(text, max(start, p - 24), p)
            if b is not None:
                approx = b.group().rstrip(" ")
                qstart = b.start()
        q, pos = _build(text, m, approx, qstart, start, stop, out[-1].unit if out else None)
        if q is not None:
            out.append(q)


def _skip_token(text: str, pos: int, stop: int) -> int:
    """Move past the rest of a token we refuse to start in ("COVID-19", "G7", "1.5")."""
    while pos < stop and (text[pos].isalnum() or text[pos] in ".,"):
        pos += 1
    return pos


def _build(
    text: str, m: re.Match[str], approx: str | None, qstart: int, lo: int, hi: int, prev_unit: str | None
) -> tuple[Quantity | None, int]:
    """Turn one core match into a quantity (or ``None``) and say where to resume scanning."""
    if m.group("vague") is not None:
        return _build_vague(text, m, hi), m.end()
    num_s, word_s = m.group("num"), m.group("word")
    if num_s is not None:
        if not _digits_ok(text, m, approx, lo, hi):
            return None, m.end()
        base = float(num_s.replace(",", ""))
    elif word_s is not None:
        parsed = _parse_words(word_s)
        if parsed is None:
            return None, m.end()
        base = parsed
    else:
        base = 6.0 if m.group("dozen").lower().startswith("half") else 12.0
    cur = m.group("cur") or m.group("cur2")
    sscale = m.group("sscale")
    if sscale is not None and sscale.lower() in ("m", "b", "k") and cur is None:
        return None, m.end()  # "5m" could be metres, "3k" a race: trust it only after a currency sign
    scale_s = m.group("scale") or sscale
    if scale_s is not None and scale_s.lower() == "hundred" and word_s is not None:
        scale_s = None  # "a hundred" is already folded into the word number
    factor = _SCALES[scale_s.lower()] if scale_s else 1.0
    value = base * factor
    span_end = m.end()
    second: float | None = None
    if m.group("num2") is not None:
        rsep = m.group("rsep").strip().lower()
        num2_s = m.group("num2")
        if num_s is not None and (_is_year_range(num_s, num2_s, rsep) or _phone_like(m, rsep)):
            return None, m.end()
        second = float(num2_s.replace(",", "")) * factor
        if rsep in ("-", "–") and second <= value:
            return None, m.end()  # a score ("5-0") or a code, not a range
        if (rsep == "and" and (approx or "").lower() != "between") or (rsep != "and" and second <= value):
            # Two separate numbers ("from 10 to 5", "19 and 20"): keep the first, rescan the second.
            span_end = m.end("num") if num_s is not None else m.end("word")
            second, value = None, base
            if m.group("pct") is not None or cur is not None:
                return None, span_end
    elif (
        num_s is not None
        and _looks_like_year(num_s)
        and cur is None
        and approx is None
        and scale_s is None
        and m.group("pct") is None
    ):
        return None, m.end()  # a bare year: dates.py owns it
    if _followed_by_month(text, span_end, hi) or _ordinal_suffix(text, span_end, hi):
        return None, m.end()
    is_one = word_s is not None and word_s.lower() == "one"
    if is_one and _prev_word(text, qstart, lo) in ("the", "no", "any", "every", "each", "this", "that"):
        return None, m.end()

    unit: str | None = None
    if cur is not None:
        unit = _CURRENCY[cur.lower()]
    elif m.group("pct") is not None:
        unit = "percent"
    elif _OF_PRONOUN.match(text, span_end, hi) is not None:
        unit = prev_unit  # "19 police officers, 11 of whom..."
    elif (hy := _HYPHEN_UNIT.match(text, span_end, hi)) is not None:
        unit, span_end = hy.group(1), hy.end()  # "90-second ad", "76-year-old"
    else:
        found = _unit_after(text, span_end, hi)
        if found is not None:
            unit, span_end = found
            if unit in _TIME_ZONES:
                return None, m.end()  # "1100 GMT" is a clock time
        elif is_one:
            return None, m.end()  # a bare "one" is a pronoun far more often than a count
    low, high, low_inc, high_inc = _interval(value, second, (approx or "").lower())
    q = Quantity(
        start=qstart, end=span_end, text=text[qstart:span_end], value=value, low=low,
        high=high, low_inclusive=low_inc, high_inclusive=high_inc, unit=unit,
        approximator=" ".join(approx.lower().split()) if approx else None,
    )  # fmt: skip
    return q, max(span_end, m.start() + 1)


def _build_vague(text: str, m: re.Match[str], hi: int) -> Quantity:
    vague = m.group("vague")
    low_i, high_i = _VAGUE[" ".join(vague.lower().split())]
    low, high = float(low_i), (None if high_i is None else float(high_i))
    span_start = m.start("vague")  # "more than several" is too loose to keep the approximator
    span_end = m.end()
    after = span_end
    of = _OF.match(text, after, hi)
    if of is not None:
        after = of.end()
    unit: str | None = None
    found = _unit_after(text, after, hi)
    if found is not None:
        unit, span_end = found
    exact = high is not None and high == low
    return Quantity(
        start=span_start, end=span_end, text=text[span_start:span_end], value=low if exact else None,
        low=low, high=high, unit=unit, approximator=None if exact else " ".join(vague.lower().split()),
    )  # fmt: skip


def _prev_word(text: str, pos: int, lo: int) -> str:
    prev = _PREV_WORD.search(text, max(lo, pos - 20), pos)
    return prev.group(1).lower() if prev is not None else ""


def _interval(
    value: float, second: float | None, approx: str
) -> tuple[float | None, float | None, bool, bool]:
    if second is not None:
        return value, second, True, True
    rule = _APPROX_RULES.get(approx)
    if rule is None:
        return value, value, True, True
    return rule(value)


_APPROX_RULES: dict[str, Callable[[float], tuple[float | None, float | None, bool, bool]]] = {
    **dict.fromkeys(
        ("at least", "no fewer than", "no less than", "a minimum of"),
        lambda v: (v, None, True, True),
    ),
    **dict.fromkeys(
        (
            "more than",
            "over",
            "above",
            "greater than",
            "upwards of",
            "in excess of",
            "just over",
            "well over",
            "exceeding",
        ),
        lambda v: (v, None, False, True),
    ),
    **dict.fromkeys(
        ("at most", "no more than", "not more than", "up to", "as many as", "as much as", "a maximum of"),
        lambda v: (None, v, True, True),
    ),
    **dict.fromkeys(
        ("less than", "fewer than", "under", "below", "just under"), lambda v: (None, v, True, False)
    ),
    **dict.fromkeys(
        (
            "about",
            "around",
            "approximately",
            "roughly",
            "some",
            "an estimated",
            "circa",
            "approx.",
            "close to",
            "an average of",
        ),
        lambda v: (round(v * 0.9, 6), round(v * 1.1, 6), True, True),
    ),
    **dict.fromkeys(("nearly", "almost"), lambda v: (round(v * 0.9, 6), v, True, False)),
}


def _unit_after(text: str, pos: int, hi: int) -> tuple[str | None, int] | None:
    """The counted noun phrase right after ``pos``: ``(unit, end)`` or ``None``."""
    words: list[tuple[str, int]] = []
    p = pos
    while len(words) < _MAX_UNIT_WORDS:
        w = _FOLLOW_WORD.match(text, p, hi)
        if w is None:
            break
        word = w.group(1).rstrip("'’-")
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        lw = word.lower()
        if not word or lw in _STOP or lw in _MONTHS:
            break
        if not words and (lw.endswith(("ly", "ing")) or (lw.endswith("ed") and lw not in _MODIFIERS)):
            break
        if words and lw.endswith(("ly", "ing", "ed")) and lw not in _MODIFIERS:
            break
        words.append((word, w.start(1) + len(word)))
        p = w.start(1) + len(w.group(1))
        if lw in _UNIT_ALIASES:
            break
        # Keep going only through modifiers or towards a plural head ("police officers").
        nxt = _FOLLOW_WORD.match(text, p, hi)
        if nxt is None:
            break
        nw = nxt.group(1).lower()
        if (lw in _MODIFIERS or word[0].isupper()) and nw not in _STOP and nw[:1].islower():
            continue  # "ethnic Serbs", "Canadian dlrs", "U.S. banks"
        if (
            not lw.endswith("s")
            and nw.endswith("s")
            and not nw.endswith(("ss", "'s", "’s"))
            and nw not in _STOP
        ):
            continue
        break
    if not words:
        return None
    unit = " ".join(w for w, _ in words)
    unit = _UNIT_ALIASES.get(unit.lower(), unit)
    return unit, words[-1][1]


def _digits_ok(text: str, m: re.Match[str], approx: str | None, lo: int, hi: int) -> bool:
    """Reject identifiers, times, phone-like runs and numbers glued to letters."""
    s, e = m.start("num"), m.end("num")
    end_all = m.end()
    after = text[end_all : min(hi, end_all + 2)]
    if after[:1].isalnum() and m.group("sscale") is None and m.group("pct") is None:
        return False  # "19th", "5G", "3a"
    if after[:1] in (":", "/") and after[1:2].isdigit():
        return False  # times, fractions, dates 12/05
    if after[:1] in ("-", "–") and after[1:2].isdigit() and m.group("num2") is None:
        return False
    if after[:1] == "." and after[1:2].isdigit():
        return False  # "23.06.2023"
    if m.group("cur") is None and approx is None:
        prev = _PREV_WORD.search(text, max(lo, s - 20), s)
        if prev is not None:
            pw = prev.group(1)
            if pw.lower().rstrip(".") in _ID_WORDS or pw.lower() in _MONTHS:
                return False
            if pw[:1].isupper() and not _sentence_start_before(text, prev.start(1), lo):
                return False  # "Resolution 1244", "Boeing 747", "Tuesday 19"
    return s >= lo and e <= hi


def _sentence_start_before(text: str, pos: int, lo: int) -> bool:
    j = pos - 1
    while j >= lo and text[j] in " \t\"'“‘(":
        j -= 1
    return j < lo or text[j] in ".!?\n:;"


def _followed_by_month(text: str, pos: int, hi: int) -> bool:
    w = _FOLLOW_WORD.match(text, pos, hi)
    return w is not None and w.group(1).lower().rstrip(".") in _MONTHS and w.group(1)[0].isupper()


def _ordinal_suffix(text: str, pos: int, hi: int) -> bool:
    return (
        text[pos : min(hi, pos + 2)].lower() in ("st", "nd", "rd", "th")
        and not text[pos + 2 : pos + 3].isalpha()
    )


def _phone_like(m: re.Match[str], rsep: str) -> bool:
    """ "555-1234" or "0800-123": digit groups of a phone number, not a range."""
    a, b = m.group("num"), m.group("num2")
    return m.group("rsep") == "-" and a.isdigit() and b.isdigit() and (len(a), len(b)) in ((3, 4), (4, 3))


def _looks_like_year(num_s: str) -> bool:
    return len(num_s) == 4 and num_s.isdigit() and 1800 <= int(num_s) <= 2100


def _is_year_range(a: str, b: str, sep: str) -> bool:
    return sep in ("-", "–", "to") and _looks_like_year(a) and (len(b) == 2 or _looks_like_year(b))


def _parse_words(s: str) -> float | None:
    """Value of a small number phrase: "twenty-five", "three hundred and six", "a hundred"."""
    total = 0.0
    current = 0.0
    for tok in re.split(r"[ -]+", s.lower()):
        if tok in ("and", ""):
            continue
        if tok in ("a", "an"):
            current += 1
        elif tok in _UNITS_WORDS:
            current += _UNITS_WORDS[tok]
        elif tok in _TENS_WORDS:
            current += _TENS_WORDS[tok]
        elif tok == "hundred":
            current = max(current, 1) * 100
        else:
            return None
    return total + current
