"""What a page says about itself: outlet, headline, publication date, byline and dateline place.

Everything is read from page furniture and metadata lines, never from the article's prose, so a date
or an agency mentioned in a sentence ("a medic cited by TASS", "On May 28") is not taken for the
article's own. When a value is not shown, it stays ``None``: nothing is invented.

Outlet evidence is weighted and summed per name, so the page's own furniture outweighs the
credits of a republished piece: HTML ``og:site_name`` (10), the source URL (6), a wire dateline
``/TASS/.`` or ``(Reuters) -`` (5), ``Also on rt.com`` (5), a header line ``Global Research, May 30,
2019`` (5), appeals naming the outlet (``Support X!``, ``A Message from X``, ``X readers``, 3 each),
``© X`` (2), ``The original source of this article is X`` (1).
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from workbench.text.junk import DATE, LineScore, score_lines
from workbench.text.model import DocumentMeta
from workbench.text.segment import match_dateline, split_sentences

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_DOMAINS = {
    "rt.com": "RT",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "bbc.co.uk": "BBC",
    "bbc.com": "BBC",
    "themoscowtimes.com": "The Moscow Times",
    "globalresearch.ca": "Global Research",
    "southfront.org": "South Front",
    "southfront.press": "South Front",
    "nytimes.com": "The New York Times",
    "washingtonpost.com": "The Washington Post",
    "theguardian.com": "The Guardian",
    "aljazeera.com": "Al Jazeera",
    "politico.com": "Politico",
    "breitbart.com": "Breitbart",
    "huffpost.com": "HuffPost",
    "huffingtonpost.com": "HuffPost",
    "usatoday.com": "USA Today",
    "cnn.com": "CNN",
    "sputniknews.com": "Sputnik",
    "sputnikglobe.com": "Sputnik",
    "euronews.com": "Euronews",
    "dw.com": "DW",
    "france24.com": "France 24",
    "afp.com": "AFP",
    "balkaninsight.com": "Balkan Insight",
    "b92.net": "B92",
    "rferl.org": "RFE/RL",
    "kyivindependent.com": "The Kyiv Independent",
    "westernjournal.com": "Western Journal",
}
"""Well-known news domains and the names their pages go by; other domains are shown as the host."""

_NAME = r"(?:The\s+)?[A-Z][\w&'’.-]*(?:\s+(?:of\s+|for\s+|the\s+)?[A-Z][\w&'’.-]*){0,4}"
_OUTLET_CUES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"^Support (?P<name>" + _NAME + r")\s*!?$"), 3.0),
    (re.compile(r"\bA Message from (?P<name>" + _NAME + r")"), 3.0),
    (re.compile(r"\bBecome a (?:Member|Patron|Subscriber) of (?P<name>" + _NAME + r")"), 3.0),
    (re.compile(r"\bComment on (?P<name>" + _NAME + r") Articles\b"), 3.0),
    (re.compile(r"\b(?P<name>" + _NAME + r") readers\b"), 3.0),
    (re.compile(r"\b[Bb]y supporting (?P<name>" + _NAME + r")"), 3.0),
    (re.compile(r"(?:Copyright\s*)?(?<![^\s(])©\s*(?:\d{4}\s+)?(?P<name>" + _NAME + r")"), 2.0),
    (re.compile(r"\bThe original source of this article is (?P<name>" + _NAME + r")"), 1.0),
)
_NOT_NAMES = frozenset(["dear", "our", "your", "all", "the", "note", "many", "some", "we", "you", "global"])
_SMALL_WORDS = frozenset(
    ("a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "but", "at", "by", "with", "from", "vs")
)
_ALSO_ON = re.compile(r"^Also on (?P<domain>[\w.-]+\.[a-z]{2,})\b")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_BYLINE = re.compile(r"^(?:By|BY|Written by|Reported by|Posted by|Articles by:)\s+(?P<name>.+?)\s*$")
_AUTHOR_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:and\s+|&\s+|,\s*)?[A-Z][\w.'’-]*){0,7}")

_HTML_SITE = ("og:site_name", "application-name", "publisher", "article:publisher", "dc.publisher")
_HTML_TITLE = ("og:title", "twitter:title", "title", "dc.title", "headline")
_HTML_DATE = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article:modified_time",
)
_HTML_AUTHOR = ("author", "article:author", "byl", "dc.creator", "parsely-author", "sailthru.author")


def read_meta(
    text: str, *, source: str | None = None, html_meta: dict[str, str] | None = None
) -> DocumentMeta:
    """Read outlet, headline, date, author and dateline place from ``text`` and optional HTML meta tags.

    ``source`` is the page URL if known; ``html_meta`` maps meta names/properties (any case) to values.
    """
    meta = {k.lower(): v.strip() for k, v in (html_meta or {}).items() if v and v.strip()}
    lines = score_lines(text)
    html_title = _first(meta, _HTML_TITLE)
    span = title_span(text, html_title, lines=lines)
    title = html_title or (_clean_title(text[span[0] : span[1]]) if span else None)
    published = next((d for d in map(parse_date, _values(meta, _HTML_DATE)) if d), None)
    return DocumentMeta(
        outlet=_outlet(text, lines, source, meta),
        title=title,
        published=published or _text_date(text, lines),
        author=_first(meta, _HTML_AUTHOR) or _author(text, lines),
        place=_place(text, lines),
    )


def title_span(
    text: str, title: str | None = None, *, lines: list[LineScore] | None = None
) -> tuple[int, int] | None:
    """Offsets of the headline line, or ``None`` when the text shows no separate headline.

    With ``title`` (e.g. from ``og:title``) the line showing that title is found; otherwise the first
    line that is not junk counts as the headline when it looks like one: 2-25 words, starting with a
    capital, one sentence, not a dateline, followed by prose, and ending without a full stop unless
    it is short and in Title Case (a short sentence-case line with a full stop is more likely the
    lede, which must not be hidden as a headline).
    """
    scored = score_lines(text) if lines is None else lines
    if title:
        wanted = _norm(title)
        for line in scored[:15]:
            if wanted and _norm(text[line.start : line.end]) == wanted:
                return (line.start, line.end)
        return None
    content = [line for line in scored if not line.junk]
    if len(content) < 2 or content[0] is not _first_after_junk(scored):
        return None
    first = content[0]
    s, e = first.start, first.end
    head = text[s:e]
    words = head.split()
    if not 2 <= len(words) <= 25 or len(head) > 250 or match_dateline(text, s, e) is not None:
        return None
    if head.lstrip("\"'“‘([*_").islower() or words[-1].rstrip(".,") in ("said", "says"):
        return None
    if sum(1 for w in words if not any(c.isalpha() for c in w)) * 3 >= len(words):
        return None
    if head.endswith((":", ",", ";")) or len(split_sentences(text, s, e)) != 1:
        return None
    follower = content[1]
    body = text[follower.start : follower.end]
    if head.rstrip("\"'”’)").endswith(".") and (len(words) > 20 or not _title_case(words)):
        # A short sentence-case line ending in a full stop is more likely the lede, unless it stands
        # as its own paragraph over a much longer one in the present tense of headlines (a plain-text
        # archive copy's headline; ledes tend to say "said" or "has").
        alone = "\n\n" in text[e : follower.start].replace("\r", "")
        past = re.search(r"\b(?:said|was|were|had|has|have)\b", head)
        if not (alone and not past and len(words) <= 16 and len(body.split()) >= 2 * len(words)):
            return None
    if len(body.split()) < 12 and not body.rstrip("\"'”’)").endswith((".", "!", "?")):
        return None  # a table row or list item, not a headline over prose
    return (s, e)


def _title_case(words: list[str]) -> bool:
    """True when nearly every word except short function words starts with a capital (Title Case)."""
    content = [w for w in words if w[:1].isalpha() and w.lower() not in _SMALL_WORDS]
    caps = sum(1 for w in content if w[0].isupper())
    return bool(content) and caps >= 0.8 * len(content)


def parse_date(value: str) -> date | None:
    """Parse the first calendar date in ``value``: ISO, ``28 May, 2019``, ``May 30, 2019``..."""
    m = DATE.search(value)
    if m is None:
        return None
    found = m.group()
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", found)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        parts = re.findall(r"[A-Za-z]+|\d+", found)
        month = next(_MONTHS[p.lower()] for p in parts if p.lower() in _MONTHS)
        numbers = [int(p) for p in parts if p.isdigit()]
        year = next(n for n in numbers if n > 31)
        day = next(n for n in numbers if n <= 31)
        return date(year, month, day)
    except (ValueError, StopIteration):
        return None


def _first_after_junk(lines: list[LineScore]) -> LineScore | None:
    """The first non-junk line, provided only junk precedes it within the first eight lines."""
    for i, line in enumerate(lines):
        if not line.junk:
            return line if i < 8 else None
    return None


def _outlet(text: str, lines: list[LineScore], source: str | None, meta: dict[str, str]) -> str | None:
    votes: dict[str, float] = {}
    names: dict[str, str] = {}

    def vote(name: str, weight: float) -> None:
        name = " ".join(name.split()).strip(" .,:;!")
        if not name or name.lower() in _NOT_NAMES:
            return
        key = name.lower().removeprefix("the ")
        names.setdefault(key, name)
        votes[key] = votes.get(key, 0.0) + weight

    site = _first(meta, _HTML_SITE)
    if site:
        vote(site, 10)
    if source and "://" in source:
        host = (urlsplit(source).hostname or "").removeprefix("www.")
        if host:
            vote(_domain_name(host), 6)
    for line in lines:
        raw = text[line.start : line.end]
        plain = _LINK.sub(r"\1", raw)
        dateline = match_dateline(text, line.start, line.end)
        if dateline is not None and not line.junk:
            agency = dateline.group("agency") or dateline.group("agency2")
            if agency:
                vote(agency, 5)
        also = _ALSO_ON.match(plain)
        if also:
            vote(_domain_name(also.group("domain").lower().removeprefix("www.")), 5)
        if line.date_line:
            date_match = DATE.search(plain)
            head = plain[: date_match.start()].strip(" ,|-–—") if date_match else ""
            if head and re.fullmatch(_NAME, head) and len(head.split()) <= 4:
                vote(head, 5)
        if not line.junk:
            continue
        for pattern, weight in _OUTLET_CUES:
            for m in pattern.finditer(plain):
                vote(m.group("name"), weight)
    if not votes:
        return None
    best = max(votes.items(), key=lambda kv: kv[1])[0]
    return names[best]


def _domain_name(host: str) -> str:
    for domain, name in _DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


def _text_date(text: str, lines: list[LineScore]) -> date | None:
    for line in lines[:12]:
        dateline = match_dateline(text, line.start, line.end)
        if dateline is not None and dateline.group("iso"):
            return parse_date(dateline.group("iso"))
    for line in lines:
        if line.date_line:
            found = parse_date(text[line.start : line.end])
            if found:
                return found
    return None


def _author(text: str, lines: list[LineScore]) -> str | None:
    for line in lines:
        plain = _LINK.sub(r"\1", text[line.start : line.end])
        m = _BYLINE.match(plain)
        if m and len(plain.split()) <= 10:
            name = _AUTHOR_NAME.match(m.group("name"))
            if name:
                return name.group().strip(" ,")
    return None


def _place(text: str, lines: list[LineScore]) -> str | None:
    checked = 0
    for line in lines:
        if line.junk:
            continue
        m = match_dateline(text, line.start, line.end)
        if m is not None:
            return " ".join(m.group("place").split())
        checked += 1
        if checked >= 6:
            break
    return None


def _clean_title(line: str) -> str:
    line = " ".join(line.split())
    if line.endswith(".") and not line.endswith("..."):
        line = line[:-1]
    return line


def _norm(value: str) -> str:
    return " ".join(re.findall(r"\w+", value.lower()))


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next(iter(_values(meta, keys)), None)


def _values(meta: dict[str, str], keys: tuple[str, ...]) -> list[str]:
    return [meta[k] for k in keys if k in meta]


_ALIASES = {
    "nyt": "The New York Times",
    "wapo": "The Washington Post",
    "huffpo": "HuffPost",
    "ap": "AP",
    "bbc": "BBC",
    "rt": "RT",
}
"""Common short names of outlets seen in file names (``nyt_2016-10-05_...``)."""
_FILE_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})([-_.]?)(?P<m>[01]\d)\2(?P<d>[0-3]\d)(?!\d)")


def _slug(value: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", value.lower()))


def outlet_for_slug(slug: str) -> str | None:
    """The outlet a file-name prefix names: a news domain's stem (``breitbart``), the outlet's name as a
    slug (``usa-today``, ``new-york-times``) or a common short name (``nyt``); otherwise ``None``."""
    wanted = _slug(slug)
    if not wanted:
        return None
    if wanted in _ALIASES:
        return _ALIASES[wanted]
    joined = wanted.replace("-", "")  # "huff-post" is huffpost.com
    for domain, name in _DOMAINS.items():
        stem = domain.split(".")[0]
        named = _slug(name)
        if joined in (stem, named.replace("-", ""), named.removeprefix("the-").replace("-", "")):
            return name
    for name in dict.fromkeys(_DOMAINS.values()):
        if _abbreviates(wanted, _slug(name).removeprefix("the-")):
            return name
    return None


def _abbreviates(slug: str, named: str) -> bool:
    """``wash-post`` for ``washington-post``, ``west-journal`` for ``western-journal``: as many words,
    each the start of the name's word (three letters at least, so "ne-yo-ti" stays unknown)."""
    words, full = slug.split("-"), named.split("-")
    return len(words) == len(full) > 1 and all(
        len(w) >= 3 and f.startswith(w) for w, f in zip(words, full, strict=True)
    )


def filename_meta(name: str) -> DocumentMeta:
    """Outlet and date a file name shows, as archives often name articles (``politico_2016-09-12_slug.txt``).

    The date is the first ``YYYY-MM-DD`` (or ``YYYYMMDD``) in the name; the outlet is the part before
    it when :func:`outlet_for_slug` knows it. Nothing else is guessed.
    """
    stem = name.rsplit("/", 1)[-1]
    found = _FILE_DATE.search(stem)
    if found is None:
        return DocumentMeta()
    try:
        published = date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        return DocumentMeta()
    prefix = stem[: found.start()].strip("-_. ")
    return DocumentMeta(outlet=outlet_for_slug(prefix) if prefix else None, published=published)
