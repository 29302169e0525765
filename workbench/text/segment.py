"""Sentence segmentation with exact offsets into the original text (a tuned pure-Python regex).

Rules, in order (research: ``extraction.md`` §1 step 2 and §3.1):

* Lines are hard boundaries, except for a *soft break*: a line without terminal punctuation followed,
  after at most one blank line, by a line starting in lowercase continues the same sentence (page
  layout sometimes breaks a sentence across a blank line). Headlines end in no full stop but the next
  line starts with a capital, so they never merge into the body.
* A news dateline at the start of a line (``BELGRADE, September 25. /TASS/.``,
  ``WASHINGTON (AP) —``, ``date 2023-06-23 BELGRADE, June 23. /TASS/.``) becomes its own span, so the
  sentence after it starts cleanly and no garbage fragment such as ``/TASS/.`` results. The junk
  labeller marks that span with the reason "dateline".
* Inside a line, a sentence ends at ``.``, ``!``, ``?`` or an ellipsis (plus closing quotes, brackets
  or markdown ``*``), followed by whitespace and an upper-case letter or a digit (after any opening
  quotes). A full stop after an abbreviation does not end it: titles never, numbering words not before
  a number, initials and other abbreviations only before a typical sentence opener (``U.S. The``).
* A closing quotation followed by a short capitalised attribution (``“Why now?” Trump asked.``) does
  not end the sentence.
* A segment that starts with a lowercase letter or ``,;:)`` is merged into the previous one.

The text is never changed: NBSP and other Unicode spaces count as whitespace only when trimming.
"""

from __future__ import annotations

import re

from workbench.text.abbreviations import NUMBERING, OTHER, STARTERS, TITLES

_LINE = re.compile(r"[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")
_CANDIDATE = re.compile(r"(?:\.{2,}|[.!?…]+)[\"'”’»)\]*_]*(?=\s)")
_OPENERS = "\"'“‘«([*_¿¡"
_TERMINAL = ".!?…"
_CLOSERS = "\"'”’»)]*_"
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
_QUOTE_CLOSERS = "\"'”’»"
_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|asked|asks|wrote|writes|added|adds|replied|tweeted|shouted"
    r"|insisted|explained|continued|declared)[.,]"
)
_WORD = re.compile(r"[\w'’-]+,?")

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
DATELINE = re.compile(
    r"[ \t\xa0]*(?:date[ \t\xa0]+(?P<iso>\d{4}-\d{2}-\d{2})[ \t\xa0]+)?"
    r"(?P<place>[A-Z][A-Z'’.\-]*(?:[ \t\xa0][A-Z][A-Z'’.\-]*){0,3})"
    r"(?:,[ \t\xa0]+(?P<region>[A-Z][a-z]+\.?(?:[ \t\xa0][A-Z][a-z]+\.?)?))??"
    r"(?:,[ \t\xa0]+(?P<date>" + _MONTH + r"\.?[ \t\xa0]+\d{1,2}))?"
    r"(?:\.?[ \t\xa0]*/(?P<agency>[A-Z][A-Za-z\-]{1,20})/\."
    r"|[ \t\xa0]*\((?P<agency2>[A-Z][A-Za-z.\- ]{0,30})\)[ \t\xa0]*[-—–]+"
    r"|(?<=\d)[ \t\xa0]+-{1,2}(?=[ \t\xa0]+[A-Z“\"])"
    r"|[ \t\xa0]+[—–](?=[ \t\xa0]+[A-Z“\"]))"
)
"""A news dateline at the start of a line; groups ``iso``, ``place``, ``date``, ``agency``/``agency2``."""


def match_dateline(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """Match a dateline starting at ``pos`` (the place must be upper case and at least two letters)."""
    m = DATELINE.match(text, pos, len(text) if endpos is None else endpos)
    if m is None or sum(ch.isalpha() for ch in m.group("place")) < 2:
        return None
    return m


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text[start:end]``, whitespace trimmed.

    Spans are ordered, non-overlapping, non-empty and lie within ``[start, end]``.
    """
    lo = max(0, min(start, len(text)))
    hi = len(text) if end is None else max(lo, min(end, len(text)))
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, lo, hi):
        _split_block(text, block_start, block_end, spans)
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of blank-line separated blocks, whitespace trimmed."""
    out: list[tuple[int, int]] = []
    for s, e in _lines(text, 0, len(text)):
        if out and not _gap_newlines(text, out[-1][1], s):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _gap_newlines(text: str, a: int, b: int) -> str:
    """The line breaks between two lines, with one removed: empty when the lines are adjacent."""
    gap = text[a:b]
    breaks = "".join(ch for ch in gap if ch in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
    return breaks.replace("\r\n", "\n")[1:]


def _lines(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Non-blank lines in ``text[lo:hi]``, trimmed."""
    out: list[tuple[int, int]] = []
    for m in _LINE.finditer(text, lo, hi):
        s, e = _trim(text, m.start(), m.end())
        if e > s:
            out.append((s, e))
    return out


def _blocks(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Lines, with soft-broken ones joined (at most one blank line, next line starts lowercase)."""
    out: list[tuple[int, int]] = []
    for s, e in _lines(text, lo, hi):
        if out and text[s].islower() and _ends_open(text, out[-1][0], out[-1][1]):
            gap = _gap_newlines(text, out[-1][1], s)
            if len(gap) <= 1:
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def _ends_open(text: str, s: int, e: int) -> bool:
    """True when a line ends without terminal punctuation (so it may continue on the next line)."""
    while e > s and text[e - 1] in _CLOSERS:
        e -= 1
    return e > s and text[e - 1] not in _TERMINAL and text[e - 1] not in ":;" and text[e - 1].isalnum()


def _split_block(text: str, s: int, e: int, spans: list[tuple[int, int]]) -> None:
    dateline = match_dateline(text, s, e)
    if dateline is not None and dateline.end() < e:
        _append(text, s, dateline.end(), spans, merge=False)
        s = dateline.end()
    piece = s
    for m in _CANDIDATE.finditer(text, s, e):
        nxt = m.end()
        while nxt < e and text[nxt].isspace():
            nxt += 1
        if nxt >= e or not _starts_sentence(text, nxt, e):
            continue
        if not _is_boundary(text, s, m.start(), m.group(), nxt, e):
            continue
        if m.group()[-1] in _QUOTE_CLOSERS and _ATTRIBUTION.match(text, nxt, e):
            continue  # “Why now?” Trump asked.
        _append(text, piece, m.end(), spans, merge=piece != s)
        piece = nxt
    _append(text, piece, e, spans, merge=piece != s)


def _starts_sentence(text: str, pos: int, end: int) -> bool:
    while pos < end and text[pos] in _OPENERS:
        pos += 1
    return pos < end and (text[pos].isupper() or text[pos].isdigit())


def _is_boundary(text: str, line_start: int, dot: int, punct: str, nxt: int, end: int) -> bool:
    """Decide whether the punctuation at ``dot`` ends a sentence, given the word after it at ``nxt``."""
    if not punct.startswith(".") or punct.startswith(".."):
        return True
    tok_start = dot
    while tok_start > line_start and not text[tok_start - 1].isspace():
        tok_start -= 1
    token = text[tok_start:dot].lstrip(_OPENERS)
    if not token:
        return True
    low = token.lower()
    if low in TITLES or low.rpartition("-")[2] in TITLES:  # "then-Cmdr. Jon Burge", "ex-Gov. Perry"
        return False
    following = text[nxt:end].lstrip(_OPENERS)
    if low in NUMBERING and following[:1].isdigit():
        return False
    if token.isdigit() and tok_start == line_start:
        return False  # a numbered list item: "1. The first point"
    if (len(token) == 1 and token.isupper()) or low in OTHER or _DOTTED.fullmatch(token):
        word = _WORD.match(following)
        if word is None:
            return False
        head = word.group()
        # "the U.S. Initially, the program..." ends a sentence; "the U.S. Senate, Lt. Gov. ..." does not.
        return head.rstrip(",") in STARTERS or (head.endswith("ly,") and len(head) > 4)
    return True


def _append(text: str, s: int, e: int, spans: list[tuple[int, int]], *, merge: bool) -> None:
    s, e = _trim(text, s, e)
    if e <= s:
        return
    if merge and spans and (text[s].islower() or text[s] in ",;:)"):
        spans[-1] = (spans[-1][0], e)
    else:
        spans.append((s, e))


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
