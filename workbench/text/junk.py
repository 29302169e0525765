"""Page junk in already-extracted article text, marked as spans with reasons and never deleted.

A line-level additive rule scorer (research: ``extraction.md`` §6). Each non-blank line gets a score
from independent signals (icon labels, appeals, legal notices, links, addressing the reader, page
labels, bylines, date lines, photo credits, cross-promotion, repeats...), each with a reason a
fact-checker can read. A line scoring 2 or more is junk. Context then extends junk to weaker lines:
the run at the top of the page, the run at the bottom that starts with a clearly junk line, and a
weak line sandwiched between two junk lines. Adjacent junk lines of one paragraph are merged into one
span. A news dateline at the start of a line becomes its own junk span ("dateline"); the sentence
splitter cuts at the same place, so no sentence straddles it.

Headlines are not junk: they are metadata (see :mod:`workbench.text.meta`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from workbench.text.abbreviations import words
from workbench.text.model import JunkSpan
from workbench.text.segment import match_dateline

JUNK_THRESHOLD = 2.0
"""A line scoring at least this is junk on its own."""

_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_WORDS = re.compile(r"[^\W_][\w'’&.-]*")
_ICON = re.compile(r"\w*icon$|chevron|bookmark", re.IGNORECASE)

_MENU = words(
    """
    once monthly annual yearly one-time continue donate subscribe share tweet email print comments menu
    search home login register next previous close more advertisement sponsored loading follow
    """
) | {"read more", "show more", "load more", "sign in", "log in", "sign up", "skip to content"}

_APPEALS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (hint, re.compile(pattern))
    for hint, pattern in (
        (
            "support",
            r"\bsupport us\b|\bplease support\b"
            r"|\bsupport (?:the project|independent journalism|our work)\b"
            r"|\breaders to support\b|\byour support\b|\bby supporting\b|^support\b[^.]{0,60}!$",
        ),
        ("donat", r"\bdonate (?:now|today|to us|here)\b|\bmake a donation\b|^donat"),
        ("contribution", r"\b(?:every|your|make a) contribution\b"),
        ("subscri", r"\bsubscribe (?:to our|now|today|for free)\b|^subscribe\b|\bsubscribers agree\b"),
        ("newsletter", r"\bnewsletter\b"),
        ("sign ", r"\bsign up for (?:our|the)\b|^sign (?:up|in)\b"),
        ("mailbox", r"\bmailbox\b"),
        ("preview", r"\bpreview$"),
        ("pay", r"\bpaypal\b|\bpa[iy]i?ment methods\b"),
        ("pai", r"\bpa[iy]i?ment methods\b"),
        ("patreon", r"\bpatreon\b"),
        (
            "share",
            r"\bshare (?:it|this|the story) with\b|\bshare (?:this|the) (?:article|story|post)\b"
            r"|\bshare buttons?\b",
        ),
        ("read more", r"^read more\b"),
        ("remind me", r"\bremind me\b"),
        ("reader", r"\bdear readers?\b|\bnote to readers\b"),
        ("click", r"\bclick (?:here|the)\b"),
        ("us", r"\bfollow us\b|\bjoin us (?:on|at)\b"),
        ("become a", r"\bbecome a (?:member|patron|subscriber)\b"),
        ("forward this", r"\bforward this (?:article|email|story)\b"),
        ("comment on", r"^\[?comment on\b"),
        ("message from", r"\ba message from\b"),
        ("not ready", r"\bnot ready to \w+(?: us)? today\b"),
        ("thank you", r"\bthank you for (?:reading|standing|supporting|your support)\b"),
        ("like this", r"\blike this (?:story|article)\b"),
        ("never miss", r"\bnever miss\b"),
        ("free weekly", r"\bfree weekly\b"),
        ("hand-picked", r"\bhand-picked selection\b"),
    )
)
"""Appeal and call-to-action phrases, each behind a plain substring test that keeps the scorer fast."""
_LEGAL = re.compile(
    r"(?<![^\s(])©|\ball rights reserved\b|^disclaimer\b|\bprivacy policy\b|\bterms of (?:use|service)\b"
    r"|\bcookie policy\b|\buse of cookies\b|\bsole responsibility of the author"
    r"|\boriginal source of this article\b|\bmedia inquiries\b|^articles by\b|\bgrants permission\b"
    r"|\bcross-?post\b|\bcontains copyrighted material\b"
    r"|\bcopyright owner\b|^copyright\b|\bwithout (?:prior )?(?:written )?permission\b|\bfair use\b",
)
_LEGAL_HINTS = (
    "©",
    "rights reserved",
    "disclaimer",
    "privacy",
    "terms of",
    "cookie",
    "sole responsib",
    "original source",
    "inquiries",
    "articles by",
    "permission",
    "crosspost",
    "cross-post",
    "copyright",
    "fair use",
)
_LEGAL_IN_PROSE = frozenset(
    ("terms of service", "terms of use", "privacy policy", "fair use", "cookie policy", "copyright owner")
) | {f"without {p}permission" for p in ("", "prior ", "written ", "prior written ")}
_LEGAL_HINT = re.compile("|".join(re.escape(h) for h in _LEGAL_HINTS))
_ALNUM = re.compile(r"[^\W_]")
_LINK = re.compile(
    r"\[[^\]\n]*\]\([^)\n]*\)|<https?://[^>\s]+>|https?://\S+|\bwww\.\S+\.\w+|[\w.+-]+@[\w-]+\.[\w.]+"
)
_READER = re.compile(r"\b(?:we|We|our|Our|us|you|You|your|Your|you're|You're|ours|yours)\b")
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|(?<!\w)‘[^’\n]*’(?!\w)")
_LABEL = re.compile(
    r"^(?:Region|Theme|Topics?|Tags?|Categor(?:y|ies)|Section|In-depth Report|Filed under|Keywords"
    r"|Photo|Photos|Image|Credit|Source|Related|Read also|See also)\s*:",
    re.IGNORECASE,
)
_NAME = r"(?:\[[^\]]+\]\([^)]*\)|[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})"
_BYLINE = re.compile(
    r"^(?:By|BY|Written by|Reported by|Posted by)\s+" + _NAME + r"(?:\s*(?:,|and|&)\s*" + _NAME + r")*\s*$"
)
_PROMO = re.compile(r"^(?:Also on|Read more|Read also|See also|Related|READ MORE|Watch:|WATCH:|More from)\b")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATE = re.compile(
    r"\b(?:\d{1,2}\s+" + _MONTH + r"\.?,?\s+\d{4}"
    r"|" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?)\b"
)
"""A calendar date with a year: ``28 May, 2019``, ``May 30, 2019``, ``2023-06-23``."""
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+(?:GMT|UTC|[A-Z]{2,4}T))?\b", re.I)
_DATE_WORDS = words("on at by published updated posted last modified date")
_STOPWORDS = words(
    """
    a an the of to in on at by for with from and or but is are was were be been has have had it its
    this that these those as not no he she they we you i his her their our said will would which who
    """
)


@dataclass(frozen=True, slots=True)
class LineScore:
    """One non-blank line (trimmed offsets) with its junk score, reasons and whether it is junk."""

    start: int
    end: int
    score: float
    reasons: tuple[str, ...]
    junk: bool = False
    date_line: bool = False
    """The line is only a date (and maybe a section name or the outlet): page metadata."""


def score_lines(text: str, outlet_hint: str | None = None) -> list[LineScore]:
    """Score every non-blank line and apply the context rules; ``junk`` says the verdict.

    Metadata, title and junk detection all read the same scores, so the last few are cached.
    """
    return list(_score_lines_cached(text, outlet_hint))


@functools.lru_cache(maxsize=8)
def _score_lines_cached(text: str, outlet_hint: str | None) -> tuple[LineScore, ...]:
    return tuple(_score_lines(text, outlet_hint))


def _score_lines(text: str, outlet_hint: str | None) -> list[LineScore]:
    raw: list[tuple[int, int, float, list[str], bool]] = []
    seen: dict[str, int] = {}
    number, counted = 1, 0
    for m in _LINE.finditer(text):
        s, e = _trim(text, m.start(), m.end())
        if e <= s:
            continue
        number += text.count("\n", counted, s)  # the line number as an editor shows it
        counted = s
        line = text[s:e]
        score, reasons, is_date = _score(line, outlet_hint)
        key = " ".join(line.lower().split())
        if key in seen and len(key.split()) >= 5:
            score += 2.5
            reasons.append(f"repeats line {seen[key]}")
        seen.setdefault(key, number)
        raw.append((s, e, score, reasons, is_date))
    junk = [score >= JUNK_THRESHOLD for _, _, score, _, _ in raw]
    context: dict[int, str] = {}
    for i, (s, e, score, reasons, _) in enumerate(raw):
        weak = sum(1.5 for r in reasons if r.startswith(("short line", "addresses the reader")))
        if score - weak < 1.5 or len(text[s:e].split()) > 12:
            break
        if not junk[i]:
            junk[i] = True
            context[i] = "in the junk run at the top of the page"
    tail = len(raw)
    while tail > 0 and raw[tail - 1][2] > 0:
        tail -= 1
    first_strong = next((i for i in range(tail, len(raw)) if raw[i][2] >= JUNK_THRESHOLD), len(raw))
    for i in range(first_strong, len(raw)):
        if not junk[i]:
            junk[i] = True
            context[i] = "in the junk run at the end of the page"
    changed = True
    while changed:
        changed = False
        for i in range(1, len(raw) - 1):
            if not junk[i] and raw[i][2] > 0 and junk[i - 1] and junk[i + 1]:
                junk[i] = changed = True
                context[i] = "between junk lines"
    out: list[LineScore] = []
    for i, (s, e, score, reasons, is_date) in enumerate(raw):
        if i in context:
            reasons = [*reasons, context[i]]
        out.append(LineScore(s, e, score, tuple(reasons), junk[i], is_date))
    return out


def find_junk(text: str, outlet_hint: str | None = None) -> tuple[JunkSpan, ...]:
    """Return the junk spans of ``text``: whole junk lines (one span per run in a paragraph) and datelines."""
    spans: list[JunkSpan] = []
    for line in score_lines(text, outlet_hint):
        if not line.junk:
            dateline = match_dateline(text, line.start, line.end)
            if dateline is not None and dateline.end() <= line.end:
                s, e = _trim(text, dateline.start(), dateline.end())
                spans.append(JunkSpan(s, e, "dateline"))
            continue
        reason = "; ".join(line.reasons)
        prev = spans[-1] if spans else None
        if prev is not None and prev.reason != "dateline" and _one_break(text, prev.end, line.start):
            merged = list(dict.fromkeys([*prev.reason.split("; "), *line.reasons]))
            spans[-1] = JunkSpan(prev.start, line.end, "; ".join(merged))
        else:
            spans.append(JunkSpan(line.start, line.end, reason))
    return tuple(spans)


def _one_break(text: str, a: int, b: int) -> bool:
    gap = text[a:b].replace("\r\n", "\n")
    return sum(ch in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029" for ch in gap) <= 1


def _score(line: str, outlet_hint: str | None) -> tuple[float, list[str], bool]:
    reasons: list[str] = []
    score = 0.0
    tokens = line.split()
    n = len(tokens)
    bare = line.strip(" \t\xa0.!?:;,*-–—•|>#").lower()
    ends_sentence = line.rstrip("\"'”’)]*").endswith((".", "!", "?", "…"))

    low = line.lower()
    icons = sum(1 for t in tokens if _ICON.search(t)) if "icon" in low or "chevron" in low else 0
    if n >= 4 and icons > 0.2 * n:
        score += 3
        reasons.append(f"navigation icon labels ({round(100 * icons / n)}% of words)")
    if bare in _MENU:
        score += 2.5
        reasons.append(f"button or menu label '{line.strip()}'")
    if not _ALNUM.search(line):
        score += 2.5
        reasons.append("separator")
        return score, reasons, False

    appeals: list[str] = []
    for hint, pattern in _APPEALS:
        if hint in low:
            appeals.extend(m.group() for m in pattern.finditer(low) if m.group() not in appeals)
    if appeals:
        score += 1.5 * min(len(appeals), 2)
        reasons.append("appeal or call to action: " + ", ".join(f"'{a}'" for a in appeals[:4]))
    legal: list[str] = []
    if _LEGAL_HINT.search(low):
        legal = list(dict.fromkeys(m.group() for m in _LEGAL.finditer(low)))
    if legal:
        # Phrases that also occur in reporting ("violated its terms of service") weigh less in prose.
        weight = 1.0 if n > 15 and all(h in _LEGAL_IN_PROSE for h in legal) else 2.0
        score += min(weight * len(legal), 4.0)
        reasons.append("copyright or legal notice: " + ", ".join(f"'{a}'" for a in legal[:4]))
    if ("](" in line or "http" in low or "www." in low or "@" in line) and _LINK.search(line):
        score += 1.5
        reasons.append("link or e-mail address")
    addressed = 0
    outside_words: list[str] = []
    if _READER.search(line):
        outside = _QUOTED.sub(" ", line)
        outside_words = outside.split()
        addressed = len(_READER.findall(outside))
    if addressed and outside_words and addressed / len(outside_words) > 0.04:
        score += 1.5
        reasons.append(f"addresses the reader (we/you: {addressed} of {len(outside_words)} words)")
    short = n <= 3 and not ends_sentence and not line.rstrip().endswith(":")
    if short and not any(c.isdigit() for c in line):
        score += 1.5
        reasons.append("short line without punctuation")

    label = _LABEL.match(line)
    if label and n <= 10:
        score += 2.5
        reasons.append(f"page label '{label.group().strip()}'")
    if _BYLINE.match(line) and n <= 10:
        score += 2.5
        reasons.append("byline")
    if _PROMO.match(line) and n <= 20:
        score += 2.5
        reasons.append("cross-promotion")
    if " / " in line and n <= 12 and not ends_sentence and _title_case(_WORDS.findall(line)):
        score += 2.5
        reasons.append("photo credit")

    is_date = False
    date = DATE.search(line) if n <= 16 else None  # a date line is short by definition
    if date is not None:
        rest = _TIME.sub(" ", line[: date.start()] + " " + line[date.end() :])
        rest = _LINK.sub(lambda m: m.group().split("](")[0].strip("[<"), rest)
        rest_words = [w for w in _WORDS.findall(rest) if any(c.isalpha() for c in w)]
        lowercase = [w for w in rest_words if w[0].islower() and w.lower() not in _DATE_WORDS]
        if len(rest_words) <= 4 and not lowercase and not rest.rstrip().endswith("."):
            is_date = True
            score += 2.5
            reasons.append("date line")
    words = _WORDS.findall(line) if n >= 15 and not ends_sentence else []
    if words and not _title_case(words):
        stop = sum(1 for w in words if w.lower() in _STOPWORDS)
        if stop < 0.08 * len(words):
            score += 1
            reasons.append("word list without sentence structure")
    if outlet_hint and n <= 8 and outlet_hint.lower() in line.lower():
        score += 1
        reasons.append(f"names the outlet '{outlet_hint}'")
    return score, reasons, is_date


def _title_case(words: list[str]) -> bool:
    alpha = [w for w in words if w[0].isalpha()]
    caps = sum(1 for w in alpha if w[0].isupper())
    return bool(alpha) and caps >= 0.75 * len(alpha)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
