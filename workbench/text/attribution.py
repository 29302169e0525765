"""Speaker attribution: who said each sentence, by rules over tokens (no parser, no model).

``attribute(text, sentences)`` returns one :class:`Attribution` or ``None`` per sentence span;
``None`` means the outlet asserts the sentence itself (first person outside quotation marks included).
Patterns, named in ``Attribution.method``: ``speaker-verb`` ("X said", "X has demanded", "X told"),
``stance-verb`` ("X wants", "the poll shows"; see ``USE_STANCE``), ``verb-speaker`` ('"...," said X'),
``according-to``, ``gerund`` ("..., saying"), ``coordinated`` ("X denounced ... and said"),
``relative`` ("X, which says"), ``quoted-as-saying``, ``by-agent`` ("as reported by X"), ``colon``
("WALLACE: ..."), ``signature`` ('..." ― Sonya Herridge'), ``first-person`` (an unquoted "We ..."
statement after an organisation's).
Every sentence inside a quotation inherits the speaker of the cue attached to it (``quote:...``), a
quoted sentence without a cue continues the previous sentence's speaker (``quote+...``), and he/she/
it/they/we are resolved to the nearest earlier compatible speaker or named subject of the same or
previous paragraph (``...+pronoun``; ``...+unresolved`` keeps the pronoun when there is none).
Speakers are the noun phrase as written ("The Russian embassy in Belgrade"), markdown emphasis removed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate, pairwise
from typing import NamedTuple

from workbench.text import speech_cues as cues
from workbench.text.cue_lexicon import CueLexicon, default_lexicon
from workbench.text.model import Attribution

_WORD = re.compile(r"[^\W_]+(?:[-’'.&][^\W_]+)*(?:[’']s\b)?")
_TOKEN = re.compile(r"''|``|[^\W_]+(?:[-’'.&][^\W_]+)*(?:[’']s\b)?|[^\w\s*_#\[\]]")
_QUOTE_MARK = re.compile(r"''|``|[\"“”«»„]")
# An unclosed mark before "WALLACE:" opens a transcript turn, not a quotation.
_TRANSCRIPT_TURN = re.compile(r"[A-Z][A-Z.'’ -]{1,30}:")
_OPEN_QUOTES = frozenset({"“", "«", "„", "``"})
_CLOSE_QUOTES = frozenset({"”", "»"})
_TOGGLE_QUOTES = frozenset({'"', "''"})
_QUOTE_CHARS = _OPEN_QUOTES | _CLOSE_QUOTES | _TOGGLE_QUOTES
_CONNECTORS = frozenset({"of", "to", "for", "de", "al", "the", "and", "on", "van", "von", "bin", "la", "del"})
_BE = frozenset({"is", "was", "were", "are", "be", "been", "being"})
_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they"})
_MAX_NP = 9
_OPENERS = frozenset({"but", "and", "so", "yet", "still", "meanwhile", "also", "now", "then"})
_CONTRACTION = re.compile(r"(he|she|it|they|we|i|you)([’'](?:s|ve|re|d|ll|m))")
# The auxiliary a contraction stands for, as a verb filler sees it ("he’s" = "he has" or "he is").
_AUXILIARY = {"s": "has", "ve": "have", "re": "are", "d": "had", "ll": "will", "m": "am"}
_FAMILIAR = frozenset({"familiar", "close", "briefed", "knowledgeable", "involved"})
_TRAILING = frozenset({"the", "a", "an", "of", "for", "to", "at", "in", "and", "with", "on", "by", "from"})
_BRACKETS = frozenset({",", "—", "–", "-"})
_SIGNATURE_DASHES = frozenset({"―", "—", "–"})
_PREPOSITIONS = frozenset(
    {"on", "in", "at", "from", "by", "with", "during", "after", "before", "into", "over"}
)
_APPROX = frozenset({"nearly", "almost", "about", "roughly"})
_ARTICLES = cues.DETERMINERS - {"that", "this", "these", "those"}
USE_STANCE = True
"""Also treat stance verbs ("wants", "believes", "the poll shows") as cues, as PolNeAR does (+2.5 F1
points on PolNeAR train, at about 0.72 precision for those predictions)."""
_AFTER_GAP = 80  # characters from a closing quotation mark to its "he said"
_BEFORE_GAP = 40  # characters from "he said:" to the opening quotation mark
_COMPLEMENTS = frozenset({"that", "whether", "if", "how", "why", "what", "when", "where", "who"})
_HAND_WRITTEN = cues.STRONG_VERBS | cues.WEAK_VERBS | cues.STANCE_VERBS | cues.GERUNDS
_QUANTITY_WORDS = (
    cues.QUANTIFIERS
    | _APPROX
    | frozenset(
        {"percent", "per", "cent", "in", "of", "them", "us", "those", "over", "more", "than", "less", "fewer"}
    )
)


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    low: str
    word: bool
    cap: bool
    quoted: bool


@dataclass(frozen=True, slots=True)
class _Found:
    """A speaker phrase found in one sentence, before pronoun resolution."""

    start: int
    end: int
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    method: str
    pronoun: str | None = None  # he/she/it/they when the phrase is a pronoun to resolve


@dataclass(frozen=True, slots=True)
class _Known:
    """An attributed speaker seen earlier, for pronoun resolution."""

    attribution: Attribution
    paragraph: int
    kind: str  # "person", "org", "plural" or "unnamed"
    gender: str = ""  # "m", "f" or "" when unknown


def attribute(
    text: str, sentences: Sequence[tuple[int, int]], lexicon: CueLexicon | None = None
) -> list[Attribution | None]:
    """Return, for each ``(start, end)`` sentence span of ``text``, who it is attributed to or ``None``.

    ``lexicon`` holds the learned cue words tried when no hand-written cue matches (default: the one
    learned from PolNeAR train; ``NO_LEARNED_CUES`` turns them off).
    """
    learned = (default_lexicon() if lexicon is None else lexicon).words
    quotes = _quote_spans(text)
    paragraphs = _paragraph_starts(text)
    quote_starts = [qs for qs, _ in quotes]
    tokens = [_tokens(text, start, end, quotes, quote_starts) for start, end in sentences]
    alnum = list(accumulate(map(str.isalnum, text), initial=0)) if quotes else []
    found = [_find(text, toks) or _find_learned(text, toks, learned) for toks in tokens]
    names = _name_evidence(tokens)
    genders = _surname_genders(text)

    results: list[Attribution | None] = [None] * len(sentences)
    history: list[_Known] = []
    subjects: list[_Known] = []
    for idx, (start, _end) in enumerate(sentences):
        para = _paragraph_of(paragraphs, start)
        hit = found[idx]
        if hit is not None:
            results[idx] = _resolve(text, hit, para, history, subjects)
        elif idx and _starts_with_we(tokens[idx]) and history and history[-1].kind == "org":
            last = history[-1]
            if para - last.paragraph <= 1 and results[idx - 1] is not None:
                results[idx] = replace(last.attribution, method="first-person")
        attr = results[idx]
        if attr is not None and attr.speaker_start is not None and not _is_pronoun(attr.speaker):
            history.append(_Known(attr, para, _kind(attr.speaker), _gender(attr.speaker, genders)))
        subject = _named_subject(text, tokens[idx], names)
        if subject is not None:
            subjects.append(_Known(subject, para, _kind(subject.speaker), _gender(subject.speaker, genders)))

    _inherit_quotes(text, alnum, sentences, quotes, results)
    _continue_quotes(alnum, sentences, quotes, quote_starts, paragraphs, results)
    return results


def unquoted_words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, lowercased word)`` of every word outside quotation marks, as ``attribute`` sees them."""
    quotes = _quote_spans(text)
    toks = _tokens(text, 0, len(text), quotes, [qs for qs, _ in quotes])
    return [(t.start, t.end, t.low) for t in toks if t.word and not t.quoted]


def cue_candidates(text: str, sentences: Sequence[tuple[int, int]]) -> list[tuple[int, int, str, int, int]]:
    """Every place a learned cue word could fire: ``(word start, word end, lowercased word, speaker start,
    speaker end)`` for each unquoted word with a speaker-like phrase before it, as ``attribute`` would
    take it were the word a cue (the counts ``cue_learning`` learns from)."""
    quotes = _quote_spans(text)
    quote_starts = [qs for qs, _ in quotes]
    out: list[tuple[int, int, str, int, int]] = []
    for start, end in sentences:
        toks = _tokens(text, start, end, quotes, quote_starts)
        for i, tok in enumerate(toks):
            if tok.quoted or not tok.word or tok.cap or tok.low in _HAND_WRITTEN:
                continue
            got = _speaker_for_verb(text, toks, i)
            if got is not None and _speaker_head(toks, got):
                out.append((tok.start, tok.end, tok.low, got.start, got.end))
    return out


def _starts_with_we(toks: list[_Tok]) -> bool:
    """An unquoted statement in the first person plural ('We demand that ...')."""
    return bool(toks) and toks[0].low == "we" and not toks[0].quoted


def _name_evidence(tokens: list[list[_Tok]]) -> set[str]:
    """Capitalised words seen inside a sentence (not first), i.e. names rather than sentence openers."""
    seen: set[str] = set()
    for toks in tokens:
        for prev, tok in pairwise(toks):
            if tok.cap and prev.word and not tok.quoted and tok.low not in cues.CAP_STOPWORDS:
                seen.add(tok.low)
    return seen


_GENDERED = re.compile(r"\b(Mr|Mrs|Ms|Miss|[A-Z][a-z]+)\.? ([A-Z][\w’'-]+)")


def _surname_genders(text: str) -> dict[str, str]:
    """Surname -> "m"/"f" from titles and first names used in the text ("Mrs. Clinton", "Hillary Clinton")."""
    out: dict[str, str] = {}
    for m in _GENDERED.finditer(text):
        first, last = m.group(1).lower(), m.group(2).lower()
        g = "m" if first in cues.MALE else "f" if first in cues.FEMALE else ""
        if g and out.get(last, g) == g:
            out[last] = g
        elif g:
            out[last] = "?"
    return out


def _gender(speaker: str, surnames: dict[str, str]) -> str:
    words = [w.lower().rstrip(".") for w in _WORD.findall(speaker)]
    for w in words:
        if w in cues.MALE or w in cues.MALE_NOUNS:
            return "m"
        if w in cues.FEMALE or w in cues.FEMALE_NOUNS:
            return "f"
    if words:
        g = surnames.get(words[-1], "")
        return g if g in {"m", "f"} else ""
    return ""


# --- tokens, quotes, paragraphs -------------------------------------------------------------


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations (from the opening mark to after the closing one), paired within a line.

    An unclosed quotation runs to the end of its line (the next paragraph reopens it by convention).
    """
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        open_at: int | None = None
        for m in _QUOTE_MARK.finditer(line.group()):
            ch = m.group()
            pos = line.start() + m.start()
            if open_at is None:
                if ch in _OPEN_QUOTES or ch in _TOGGLE_QUOTES:
                    open_at = pos
            elif ch in _CLOSE_QUOTES or ch in _TOGGLE_QUOTES:
                spans.append((open_at, pos + len(ch)))
                open_at = None
        if open_at is not None and not _TRANSCRIPT_TURN.match(text, open_at + 1):
            spans.append((open_at, line.end()))
    return spans


def _paragraph_starts(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"[^\n]+", text)]


def _paragraph_of(starts: list[int], pos: int) -> int:
    return bisect_right(starts, pos) - 1


def _tokens(
    text: str, start: int, end: int, quotes: list[tuple[int, int]], quote_starts: list[int]
) -> list[_Tok]:
    lo = max(0, bisect_right(quote_starts, start) - 1)  # quotations never overlap
    local = [(qs, qe) for qs, qe in quotes[lo : bisect_right(quote_starts, end)] if qe > start]
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text, start, end):
        s, e = m.start(), m.end()
        word = m.group()[0].isalnum()
        if word and e < end and text[e] == "." and _takes_period(m.group()):
            e += 1
        if toks and s < toks[-1].end:
            continue  # the period was absorbed by the previous abbreviation
        tok_text = text[s:e]
        quoted = bool(local) and tok_text not in _QUOTE_CHARS and any(qs < s and e < qe for qs, qe in local)
        low = tok_text.lower()
        split = _CONTRACTION.fullmatch(low) if word and len(low) < 8 and low[0] in "hstwiy" else None
        if split is not None:  # "he’s said", "they’ve argued": the pronoun, then its auxiliary
            cut = s + split.end(1)
            toks.append(_Tok(s, cut, text[s:cut], split.group(1), True, tok_text[0].isupper(), quoted))
            toks.append(_Tok(cut, e, text[cut:e], _AUXILIARY[split.group(2)[1:]], True, False, quoted))
            continue
        toks.append(_Tok(s, e, tok_text, low, word, word and tok_text[0].isupper(), quoted))
    return toks


def _takes_period(word: str) -> bool:
    low = word.lower()
    return low + "." in cues.TITLES or (len(word) == 1 and word.isupper()) or "." in word


# --- finding the cue and the speaker phrase in one sentence --------------------------------


def _find(text: str, toks: list[_Tok]) -> _Found | None:
    """The first attribution pattern of the sentence outside quotations, or ``None``."""
    signed = _dash_signature(text, toks)
    if signed is not None:
        return signed
    n = len(toks)
    words = [t for t in toks if t.word]
    headline = len(words) >= 3 and sum(t.cap for t in words) * 3 >= len(words) * 2
    for i, tok in enumerate(toks):
        if tok.text == ":" and 0 < i < n - 1 and not tok.quoted:
            got = _colon(text, toks, i, headline)
            if got:
                return got
            continue
        if tok.quoted or not tok.word:
            continue
        low = tok.low
        if tok.cap and i > 0 and low != "according" and not (headline and _headline_verb(toks, i)):
            continue  # "United States", "Editor's Note": a capitalised word is a name, not a verb
        if low == "according" and i + 1 < n and toks[i + 1].low == "to":
            span = _np_forward(toks, i + 2, according=True)
            if span:
                return _make(text, toks, span, i, i + 1, "according-to")
            continue
        if low == "quoted" and i + 3 < n:
            got = _quoted_as_saying(text, toks, i)
            if got:
                return got
            continue
        if low in cues.GERUNDS and i > 0 and toks[i - 1].low in {",", "by", "while", "after", "before"}:
            span = _subject(toks)
            if span and span[1] < i:
                return _make(text, toks, span, i, i, "gerund")
            continue
        if not _is_cue(toks, i):
            continue
        got = _speaker_for_verb(text, toks, i)
        if got and got.pronoun is None and _not_a_speaker(text[got.start : got.end]):
            continue  # "Asked about his criticisms of Trump, Christie said": try the next cue
        if got:
            if low not in cues.STRONG_VERBS | cues.WEAK_VERBS | {"called", "calls", "calling"}:
                got = replace(got, method=got.method.replace("speaker-verb", "stance-verb"))
            return got
    return None


def _headline_verb(toks: list[_Tok], i: int) -> bool:
    """In a title-case headline a speech verb is capitalised: "Clean Energy Could Work, Graham Says"."""
    if i + 1 < len(toks) and toks[i + 1].word:
        return True
    ends = i + 1 == len(toks) or toks[i + 1].text in {".", "!"}
    return ends and toks[i].low in {"says", "said"} and toks[i - 1].word and toks[i - 1].cap


def _dash_signature(text: str, toks: list[_Tok]) -> _Found | None:
    """ "... a real disgrace.” ― Azucena Gonzàlez": a name after a dash that follows a closing quotation.

    The name must end the sentence (an age or a town may follow after a comma), so a dash that goes
    on with a clause ("” — and Trump agreed") is not a signature.
    """
    n = len(toks)
    for i in range(1, n - 1):
        if toks[i].text not in _SIGNATURE_DASHES or toks[i].quoted:
            continue
        before = toks[i - 1]
        if not (before.text in _CLOSE_QUOTES | _TOGGLE_QUOTES or before.quoted):
            continue
        k = i + 1
        while k < n and toks[k].word and _is_name_word(toks[k]) and k - i <= 5:
            k += 1
        if k == i + 1 or (k < n and toks[k].text not in {",", "."}):
            return None
        if k < n and toks[k].text == "." and k + 1 < n:
            return None
        return _make(text, toks, (i + 1, k - 1), i, i, "signature")
    return None


def _find_learned(text: str, toks: list[_Tok], learned: frozenset[str]) -> _Found | None:
    """The first learned cue word outside quotations with a speaker phrase before it ("X decried")."""
    if not learned:
        return None
    for i, tok in enumerate(toks):
        if tok.quoted or not tok.word or tok.cap or tok.low not in learned or tok.low in _HAND_WRITTEN:
            continue  # weak verbs keep their condition ("declared independence")
        if i > 0 and toks[i - 1].low in {",", "by", "while", "after", "before"} and tok.low.endswith("ing"):
            span = _subject(toks)
            if span and span[1] < i - 1:
                return _make(text, toks, span, i, i, "learned-gerund")
            continue
        got = _speaker_for_verb(text, toks, i)
        if got and _speaker_head(toks, got):
            return replace(got, method=got.method.replace("speaker-verb", "learned-cue"))
    return None


def _is_cue(toks: list[_Tok], i: int) -> bool:
    low = toks[i].low
    if low in {"called", "calls", "calling"}:
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        return nxt in {"for", "on"} or any(t.text in _QUOTE_CHARS for t in toks[i + 1 :])
    if low in cues.STRONG_VERBS:
        return True
    if USE_STANCE and low in cues.STANCE_VERBS:
        nxt = toks[i + 1].low if i + 1 < len(toks) else ""
        return not (nxt == "to" and i + 2 < len(toks) and toks[i + 2].low in cues.DETERMINERS)
    if low not in cues.WEAK_VERBS:
        return False
    if _inverted_position(toks, i) or _after_quotation(toks, i):
        return True
    return _speech_complement(toks, i)


def _after_quotation(toks: list[_Tok], i: int) -> bool:
    """'"...," Boyle asked Trump': a short speaker phrase between a closing quotation and the verb."""
    k = i - 1
    while k >= 0 and i - k <= 4 and toks[k].word and not toks[k].quoted:
        k -= 1
    if k == i - 1 or k < 0:
        return False
    return toks[k].text in _CLOSE_QUOTES | _TOGGLE_QUOTES and k >= 1 and toks[k - 1].text == ","


def _speech_complement(toks: list[_Tok], i: int) -> bool:
    """Whether what follows a weak verb looks like reported speech ("that", ",", ":", a quote, the end)."""
    rest = toks[i + 1 :]
    if not rest or (len(rest) == 1 and not rest[0].word):
        return True
    if rest[0].text in {",", ":", "—", "–"} or rest[0].text in _QUOTE_CHARS or rest[0].quoted:
        return True
    for tok in rest[:7]:
        if tok.low in _COMPLEMENTS or tok.text == ":" or tok.text in _QUOTE_CHARS:
            return True
        if tok.text in {",", ";", "."}:
            break
    return False


def _inverted_position(toks: list[_Tok], i: int) -> bool:
    if toks[i].low not in cues.INVERTIBLE:
        return False
    if i == 0:
        return toks[i].cap  # 'Said Comey, "..."'
    prev = toks[i - 1]
    return prev.text in {","} or prev.text in _QUOTE_CHARS or prev.quoted


def _speaker_head(toks: list[_Tok], found: _Found) -> bool:
    """A learned cue needs a speaker-like head: a name, a speaker noun or a pronoun ("its forces" is not)."""
    head = next((t for t in reversed(toks) if t.end == found.end), None)
    if head is None:
        return False
    return _is_name_word(head) or head.low in cues.SPEAKER_NOUNS or found.pronoun is not None


def _speaker_for_verb(text: str, toks: list[_Tok], i: int) -> _Found | None:
    if i > 0 and toks[i - 1].low == "to":
        return None  # an infinitive ("declined to say", "the first member to endorse him")
    j = i - 1
    passive = False
    while j >= 0 and toks[j].word and _filler(toks[j]):
        passive = passive or toks[j].low in _BE
        j -= 1
    agent = i + 1 < len(toks) and toks[i + 1].low == "by" and (passive or (j >= 0 and toks[j].low == "as"))
    if agent and toks[i].low in cues.STRONG_VERBS | cues.WEAK_VERBS:
        span = _np_forward(toks, i + 2)
        return _make(text, toks, span, i, i + 1, "by-agent") if span else None
    if passive and not toks[i].low.endswith("ing"):
        return None  # "was told", "were asked": the subject is the listener
    j = _skip_time(toks, j)
    method = "speaker-verb"
    if _noun_use(toks, i, j):
        return None
    if j >= 0 and (_possessive(toks[j]) or toks[j].low in cues.DETERMINERS):
        return None  # "Trump's claim", "Your support": a noun, not a verb
    if j >= 0 and toks[j].word and not toks[j].quoted:
        if toks[j].low == "and" or toks[j].low == "but":
            span = _subject(toks)
            participle = toks[i].low.endswith("ed") or toks[i].low in cues.PARTICIPLES | {"felt", "thought"}
            ends = i + 1 >= len(toks) or toks[i + 1].text in {".", "!", ";"}
            if participle and ends and _filler(toks[i - 1]) and any(t.low in _BE for t in toks[:j]):
                return None  # "His obsession ... is seemingly genuine and deeply felt."
            if span and span[1] < j:
                return _make(text, toks, span, i, i, "coordinated")
            return None
        if toks[j].low in cues.RELATIVE_PRONOUNS and j >= 1:
            if toks[i].low not in _HAND_WRITTEN:
                return None  # "Serbs, who refuse to ...": a learned cue in a relative clause is description
            span = _np_backward(toks, j - 2 if toks[j - 1].text == "," else j - 1)
            if span:
                return _make(text, toks, span, i, i, "relative")
            return None
        span = _np_backward(toks, j)
        if span and not (toks[span[1]].low == "percent" and toks[i].low in cues.STANCE_VERBS):
            return _make(text, toks, span, i, i, method)
        if span is None and toks[i].low in cues.STRONG_VERBS:
            span = _bare_np(toks, j)
            if span:
                return _make(text, toks, span, i, i, "common-noun")
            # "Ford itself said", "Hawkins and others said": the sentence's subject, when it names someone
            span = _subject(toks)
            if (
                span
                and span[1] < j
                and (_is_name_word(toks[span[1]]) or toks[span[1]].low in cues.SPEAKER_NOUNS)
            ):
                return _make(text, toks, span, i, i, "subject-verb")
        return None
    if j >= 0 and toks[j].text == ")":
        span = _np_backward(toks, j)
        if span:
            return _make(text, toks, span, i, i, method)
    if j >= 0 and toks[j].text in _BRACKETS and not toks[j].quoted:
        span = _appositive_subject(toks, j)
        if span:
            return _make(text, toks, span, i, i, method)
    if _inverted_position(toks, i):
        after_quote = toks[i - 1].quoted or toks[i - 1].text in _QUOTE_CHARS
        span = _np_forward(toks, i + 1, according=after_quote)
        if span:
            return _make(text, toks, span, i, i, "verb-speaker")
    return None


def _noun_use(toks: list[_Tok], i: int, j: int) -> bool:
    """Whether the cue word at ``i`` is a noun: the base form after an article's lowercase modifiers ("the
    new report", "a fake war report"), or any form after a bare singular noun that follows a lowercase
    word ("to stoke voter fears")."""
    cue = toks[i].low
    if cue not in cues.NOUN_CUES or j != i - 1 or j < 1:
        return False
    prev = toks[j]
    if not prev.word or prev.quoted or prev.cap or prev.low.endswith("s") or prev.low[0].isdigit():
        return False
    if prev.low in _SUBJECT_PRONOUNS or prev.low in cues.FIRST_PERSON:
        return False
    article = None
    for k in range(j, max(-1, j - 5), -1):
        t = toks[k]
        if not t.word or t.quoted or t.low in cues.CLAUSE_WORDS:
            break
        if t.low in _ARTICLES or t.low in {"his", "her", "their", "its", "our", "my", "your"}:
            if k >= 1 and toks[k - 1].low in _PREPOSITIONS | {"of", "for"}:
                return False  # "FEC records from the 2008 election cycle show"
            article = k
            break
    if prev.low in cues.SPEAKER_NOUNS:
        before = toks[j - 1]
        return (
            article is None
            and before.word
            and before.low.isalpha()
            and not before.cap
            and not before.quoted
            and before.low not in cues.CLAUSE_WORDS | _OPENERS | cues.QUANTIFIERS
        )
    return not cue.endswith("s") and article is not None and article < j


def _filler(tok: _Tok) -> bool:
    """A word between a speaker and its verb: "has", "also", "don't", "ridiculously"."""
    low = tok.low.replace("’", "'")
    if low in cues.VERB_FILLERS or low in cues.NEGATIONS:
        return True
    return (
        not tok.cap
        and low.endswith("ly")
        and len(low) > 4
        and low not in cues.SPEAKER_NOUNS
        and low not in cues.LY_NOT_ADVERBS
    )


def _skip_time(toks: list[_Tok], j: int) -> int:
    """Step back over a time phrase between subject and verb ("Clinton on Tuesday said")."""
    k = j
    while k >= 0 and toks[k].word and toks[k].low in cues.TIME_WORDS:
        k -= 1
    if k < j and k >= 0 and toks[k].word and toks[k].low in {"on", "this", "last", "earlier", "late"}:
        return k - 1
    if k < j and any(toks[m].low in cues.WEEKDAYS for m in range(k + 1, j + 1)):
        return k
    return j


def _appositive_subject(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """ "X, a spokesman for Y, said" / "X, who ..., said" / "X, now 81 and retired in Cambridge, Mass., said".

    ``j`` is the comma before the verb. The speaker is the phrase before an earlier comma that starts
    the sentence or follows punctuation; a capitalised appositive is kept with it.
    """
    mark = toks[j].text
    commas = 0
    k = j - 1
    while k >= 1 and toks[k].text == mark == "-":
        k -= 1  # "--"
    while k >= 0 and j - k < 40 and commas < 4:
        tok = toks[k]
        if tok.quoted or tok.text in _QUOTE_CHARS or tok.text in {";", ":"}:
            break
        if tok.text == mark:
            commas += 1
            end = k - 1
            while end >= 0 and toks[end].text == mark == "-":
                end -= 1
            span = _np_backward(toks, end)
            opener = span is not None and span[0] == 1 and toks[0].low in _OPENERS
            if span is None or (span[0] > 0 and toks[span[0] - 1].word and not opener):
                # "Former House speaker Newt Gingrich, a Trump ally, said": the sentence's subject
                subject = _subject(toks)
                span = subject if subject is not None and subject[1] == end else span
            if span and (span[0] == 0 or not toks[span[0] - 1].word or opener):
                inner = toks[k + 1]
                if inner.cap and inner.low not in cues.CAP_STOPWORDS:
                    appos = _np_backward(toks, j - 1)
                    if appos and appos[0] == k + 1:
                        return (span[0], appos[1])
                return span
        k -= 1
    return None


def _quoted_as_saying(text: str, toks: list[_Tok], i: int) -> _Found | None:
    """ "the press service ... quoted him as saying": the speaker is the object of "quoted"."""
    for k in range(i + 2, min(i + 10, len(toks) - 1)):
        if toks[k].low == "as" and toks[k + 1].low == "saying":
            span = _np_forward(toks, i + 1)
            if span and span[1] < k:
                return _make(text, toks, span, i, k + 1, "quoted-as-saying")
            return None
    return None


def _colon(text: str, toks: list[_Tok], i: int, headline: bool) -> _Found | None:
    """ "WALLACE: ...", "Matthews: Well, ...", "Elizabeth Warren: Trump Is a 'Proven Failure'".

    A short name opening the sentence (or following a quotation) and a colon that opens speech.
    """
    if i > 5:
        return None
    span = _np_backward(toks, i - 1)
    if span is None or (span[0] != 0 and toks[span[0] - 1].text not in _QUOTE_CHARS):
        return None
    words = [t for t in toks[span[0] : i] if t.word]
    if any(t.low in cues.LABELS for t in words) or (len(words) == 1 and len(words[0].text) == 1):
        return None  # "Video: ...", "Q: ..."
    if not all(_is_name_word(t) or t.low in _CONNECTORS for t in words):
        return None
    nxt = toks[i + 1]
    if not (nxt.text in _QUOTE_CHARS or nxt.quoted or nxt.cap or nxt.text in {"‘", "'"}):
        return None
    return _make(text, toks, span, i, i, "colon")


def _make(text: str, toks: list[_Tok], span: tuple[int, int], c0: int, c1: int, method: str) -> _Found:
    start, end = span
    while end > start and toks[end].low in _TRAILING:
        end -= 1  # 'wrote the authors of the "Growth and Opportunity Project"'
    while start < end and toks[start].low in {"even", "only", "also", "now", "then", "still"}:
        start += 1  # "And even Obama tried"
    span = (start, end)
    first, last = toks[span[0]], toks[span[1]]
    cue_s, cue_e = toks[c0].start, toks[c1].end
    pronoun = None
    if span[0] == span[1]:
        low = first.low
        if low in cues.PERSONAL_PRONOUNS:
            pronoun = cues.PERSONAL_PRONOUNS[low]
        elif low in cues.FIRST_PERSON:
            pronoun = low
    return _Found(first.start, last.end, text[cue_s:cue_e], cue_s, cue_e, method, pronoun)


# --- noun phrases ---------------------------------------------------------------------------


def _is_name_word(tok: _Tok) -> bool:
    if not tok.word or not (tok.cap or tok.low in cues.TITLES):
        return False
    base = tok.low[:-2] if tok.low.endswith(("'s", "’s")) else tok.low
    return base not in cues.CAP_STOPWORDS and base not in cues.PERSONAL_PRONOUNS


def _np_backward(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """The speaker phrase ending at token ``j``: a pronoun, a capitalised name run, or a speaker noun."""
    if j >= 1 and toks[j].text == ")" and not toks[j].quoted:
        opening = next((k for k in range(j - 1, max(-1, j - 8), -1) if toks[k].text == "("), None)
        if opening is None:
            return None
        inner = _np_backward(toks, opening - 1)
        return (inner[0], j) if inner else None
    if j >= 1 and toks[j].text == "%" and toks[j - 1].text[0].isdigit():
        return (j - 1, j)
    if j < 0 or not toks[j].word or toks[j].quoted:
        return None
    head = toks[j]
    if head.low in cues.QUANTIFIERS and (j == 0 or not toks[j - 1].word):
        return (j, j)  # "Some say", "One says", "Most said"
    if j >= 2 and toks[j - 1].low == "in" and (head.text[0].isdigit() or head.low in cues.QUANTIFIERS):
        lead = toks[j - 2]
        if lead.text[0].isdigit() or lead.low in cues.QUANTIFIERS:
            return (j - 2, j)  # "One in three said", "Six in 10 say"
    if head.low in {"them", "us", "those"} and j >= 2 and toks[j - 1].low == "of":
        if toks[j - 2].low in cues.QUANTIFIERS:
            k = j - 2
            if k >= 1 and toks[k - 1].low in {"nearly", "almost", "about", "roughly", "over", "more", "than"}:
                k -= 1
            return (k, j)
        return None
    if head.low in cues.QUANTIFIERS and j >= 1 and toks[j - 1].low in _APPROX:
        return (j - 1, j)
    if head.low in _SUBJECT_PRONOUNS or head.low in cues.FIRST_PERSON:
        return (j, j)
    k = j
    if _is_name_word(head) or (head.text[0].isdigit() and j > 0 and _is_name_word(toks[j - 1])):
        while k - 1 >= 0 and j - k < _MAX_NP:
            p = toks[k - 1]
            if p.quoted or not p.word:
                break
            joins = p.low in _CONNECTORS and k - 2 >= 0 and _connects(toks, k - 1)
            if _is_name_word(p) or _possessive_name(p) or joins:
                k -= 1
            else:
                break
        while toks[k].low in _CONNECTORS:  # never start on a connector
            k += 1
        if (
            k >= 2
            and toks[k - 1].low in {"in", "at", "for", "of"}
            and not toks[k - 2].cap
            and toks[k - 2].low in cues.SPEAKER_NOUNS
            and not toks[k - 2].quoted
        ):
            outer = _np_backward(toks, k - 2)
            if outer:
                return (outer[0], j)  # "The Russian embassy in Belgrade", "a spokesman for Trump"
    elif head.low in {"percent", "%"} and j >= 1 and toks[j - 1].text[0].isdigit():
        k = j - 1
    elif head.low not in cues.SPEAKER_NOUNS and _determined(toks, j):
        while k - 1 >= 0 and toks[k - 1].low not in cues.DETERMINERS:
            k -= 1
        k -= 1
        return (k, j)
    elif head.low in cues.SPEAKER_NOUNS:
        while k - 1 >= 0 and j - k < 6:
            p = toks[k - 1]
            if p.quoted or not p.word or p.low in cues.CLAUSE_WORDS or p.low in cues.DETERMINERS:
                break
            if p.low in cues.CAP_STOPWORDS or p.low in _SUBJECT_PRONOUNS:
                break
            known = p.cap or p.low in cues.SPEAKER_NOUNS or p.low in cues.NP_MODIFIERS or _possessive_name(p)
            if not known and p.low.endswith(("ed", "ly", "ing")):
                break
            k -= 1
        if (
            k >= 2
            and toks[k - 1].low == "of"
            and toks[k - 2].low in {"chief", "head"}
            and not toks[k - 2].quoted
        ):
            k -= 2  # "Clinton's chief of staff", "the head of communications"
    else:
        return _np_of(toks, j)
    # titles and modifiers written in lower case ("former President", "spokesman John Smith")
    while (
        k - 1 >= 0
        and toks[k - 1].word
        and not toks[k - 1].quoted
        and (toks[k - 1].low in cues.NP_MODIFIERS or toks[k - 1].low in cues.SPEAKER_NOUNS)
        and not toks[k - 1].cap
    ):
        k -= 1
    if (
        k - 1 >= 0
        and toks[k - 1].word
        and not toks[k - 1].quoted
        and (toks[k - 1].low in _ARTICLES or _possessive_name(toks[k - 1]))
    ):
        k -= 1
    if k - 1 >= 0 and _possessive_name(toks[k - 1]) and not toks[k - 1].quoted:
        k -= 1
    named = any(_is_name_word(t) or t.low in cues.SPEAKER_NOUNS for t in toks[k : j + 1])
    if not named and not (head.low == "percent" or _determined(toks, j)):
        return None
    return (k, j)


def _bare_np(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """A short lowercase noun phrase opening its clause right before a speech verb ("hacking specialists
    say", "some families said", "one user wrote"): the clause's start, a comma or a determiner bounds it."""
    head = toks[j]
    if not _bare_word(head) or head.low in cues.QUANTIFIERS or toks[j + 1].low in cues.NOUN_CUES:
        return None
    k = j
    while k - 1 >= 0 and j - k < 3:
        p = toks[k - 1]
        if p.low in cues.DETERMINERS or p.low in cues.QUANTIFIERS:
            if p.quoted:
                return None
            k -= 1
            break
        if not _bare_word(p):
            break
        k -= 1
    before = toks[k - 1] if k >= 1 else None
    if before is None or (k == 1 and before.low in _OPENERS):
        return (k, j)
    if k == 1 and before.word and before.cap and before.low not in cues.CAP_STOPWORDS | cues.CLAUSE_WORDS:
        return (0, j)  # "Security specialists say": the sentence's first word, capitalised
    if before.text in {",", ";", ":", "—", "–"} and not toks[k].low.endswith("ing"):
        return (k, j)  # but not ", highlighting top news tweets"
    return None


def _bare_word(tok: _Tok) -> bool:
    low = tok.low
    return (
        tok.word
        and not tok.quoted
        and not tok.cap
        and not low[0].isdigit()
        and low not in cues.CLAUSE_WORDS
        and low not in _SUBJECT_PRONOUNS
        and low not in cues.FIRST_PERSON
        and low not in {"me", "him", "her", "them", "us", "you", "it", "like", "let", "itself", "himself"}
        and low not in {"herself", "themselves", "ourselves", "myself", "yourself"}
        and not low.endswith("ly")
        and not _filler(tok)
    )


def _np_of(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """ "the organizer of a pro-Trump rally": a speaker noun followed by a short prepositional phrase."""
    for k in range(j - 1, max(0, j - 6), -1):
        t = toks[k]
        if not t.word or t.quoted:
            return None
        if t.low in {"with", "on", "to"} and k >= 2 and toks[k - 1].low in _FAMILIAR:
            outer = _np_backward(toks, k - 2)
            return (outer[0], j) if outer else None  # "a source familiar with the talks"
        if t.low in {"of", "for", "at", "from", "with"}:
            prev = toks[k - 1]
            if prev.word and not prev.cap and prev.low in cues.SPEAKER_NOUNS:
                outer = _np_backward(toks, k - 1)
                return (outer[0], j) if outer else None
            return None
        if t.low in cues.CLAUSE_WORDS:
            return None
    return None


def _determined(toks: list[_Tok], j: int) -> bool:
    """A lowercase noun introduced by "the"/"a" within three words ("the 46-year-old", "The magazine")."""
    head = toks[j]
    if head.cap or head.low in cues.CLAUSE_WORDS or head.low.endswith(("ly", "ing")) or not head.word:
        return False
    for k in range(j - 1, max(-1, j - 4), -1):
        t = toks[k]
        if not t.word or t.quoted or t.low in cues.CLAUSE_WORDS - {"that"}:
            return False
        if t.low in {"the", "a", "an", "his", "her", "their", "its", "our"}:
            return k == 0 or not toks[k - 1].word or toks[k - 1].low in {"and", "but", "so", "then", "as"}
        if t.low.endswith("ly"):
            return False
    return False


def _possessive(tok: _Tok) -> bool:
    return tok.word and tok.low.endswith(("'s", "’s"))


def _possessive_name(tok: _Tok) -> bool:
    return tok.word and tok.cap and tok.low.endswith(("'s", "’s")) and tok.low[:-2] not in cues.CAP_STOPWORDS


def _connects(toks: list[_Tok], c: int) -> bool:
    """Whether the connector at ``c`` joins two parts of one name ("Ambassador to Serbia")."""
    before = toks[c - 1]
    if toks[c].low == "the":
        return before.low == "of" and c - 2 >= 0 and _is_name_word(toks[c - 2])
    return _is_name_word(before) or before.low == "the"


def _np_forward(toks: list[_Tok], i: int, according: bool = False) -> tuple[int, int] | None:
    """The speaker phrase starting at token ``i`` ("said the minister", "according to a source")."""
    n = len(toks)
    if i >= n or not toks[i].word or toks[i].quoted or toks[i].low in _COMPLEMENTS:
        return None  # "Asked whether he ...": a clause, not a speaker
    if toks[i].low in _SUBJECT_PRONOUNS | {"him", "her", "them"} | cues.FIRST_PERSON:
        return (i, i)
    last: int | None = None
    k = i
    limit = 12 if according else _MAX_NP
    familiar = False  # inside "a source familiar with the talks"
    while k < n and k - i < limit:
        t = toks[k]
        if t.quoted or not t.word:
            break
        if k > i and t.low in {"with", "on", "to"} and toks[k - 1].low in _FAMILIAR and last is not None:
            familiar = True
            limit = max(limit, k - i + 6)
            k += 1
            continue
        if familiar and t.low not in cues.CLAUSE_WORDS:
            last = k
            k += 1
            continue
        if k > i and not t.cap and (t.low in _SUBJECT_PRONOUNS or t.low in _HAND_WRITTEN):
            break  # "according to new financial documents he filed", "said the videos show Scott"
        if k > i and t.low in cues.CLAUSE_WORDS and t.low not in {"of", "for", "to", "at"}:
            break
        participle = t.low.endswith("ed") or t.low in cues.PARTICIPLES
        if k > i and not t.cap and participle and t.low not in cues.SPEAKER_NOUNS:
            break
        if t.low in {"of", "for", "to", "at"}:
            if k + 1 >= n or not toks[k + 1].word:
                break
        elif t.cap or t.low in cues.SPEAKER_NOUNS or t.low in cues.TITLES or according:
            last = k
        k += 1
    if last is None:
        return None
    words = toks[i : last + 1]
    if not any(_is_name_word(t) or t.low in cues.SPEAKER_NOUNS or according for t in words):
        return None
    if not according and not any(_is_name_word(t) or t.low in cues.SPEAKER_NOUNS for t in words):
        return None
    return (i, last)


def _subject(toks: list[_Tok]) -> tuple[int, int] | None:
    """The subject phrase at the start of the sentence, after introductory phrases ending in commas."""
    i = 0
    n = len(toks)
    while i < n and not toks[i].word:
        i += 1
    if i >= n:
        return None
    intro = toks[i].low in cues.CAP_STOPWORDS | cues.CLAUSE_WORDS or toks[i].low.endswith(("ing", "ly"))
    if not intro:
        return _subject_at(toks, i)
    if toks[i].low in {"but", "and", "so", "yet", "still", "meanwhile", "also"} and (
        i + 1 < n and toks[i + 1].text != ","
    ):
        return _subject_at(toks, i + 1)
    # "At a campaign event in Ames, Iowa, on Sunday, Mrs. Clinton ...": take the first phrase after a
    # comma that is not itself followed by a comma.
    for k in range(i, min(n, i + 20)):
        if toks[k].text == "," and not toks[k].quoted:
            span = _subject_at(toks, k + 1)
            if span and (span[1] + 1 >= n or toks[span[1] + 1].text != ","):
                return span
    return None


def _subject_at(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    n = len(toks)
    if i >= n or toks[i].quoted or not toks[i].word:
        return None
    if toks[i].low in _SUBJECT_PRONOUNS or toks[i].low in cues.FIRST_PERSON:
        return (i, i)
    best: int | None = None
    k = i
    while k < n and k - i < _MAX_NP:
        t = toks[k]
        if t.quoted or not t.word:
            break
        if t.low in _CONNECTORS and k > i:
            k += 1
            continue
        if _is_name_word(t) or _possessive_name(t) or t.low in cues.SPEAKER_NOUNS:
            best = k
        elif (t.low in cues.DETERMINERS and k == i) or t.low in cues.NP_MODIFIERS:
            pass
        elif (
            best is None
            and k + 1 < n
            and not t.cap
            and t.low not in cues.CLAUSE_WORDS
            and not t.low.endswith("ed")
            and (_is_name_word(toks[k + 1]) or toks[k + 1].low in cues.SPEAKER_NOUNS)
        ):
            pass  # one unknown modifier before the head: "the district GOP Chairman Chuck Williams"
        else:
            break
        k += 1
    if best is None:
        return None
    while best > i and toks[best].low in _CONNECTORS:
        best -= 1
    if toks[i].low in _ARTICLES and toks[best].cap and best + 1 < n and _noun_after(toks[best + 1]):
        return None  # "The Murphy conference call": the name modifies a noun that is not a speaker
    return (i, best)


def _noun_after(tok: _Tok) -> bool:
    """A lowercase word after a name that is not a verb, filler or clause word ("conference", "camp")."""
    low = tok.low
    if not tok.word or tok.cap or tok.quoted or low in cues.CLAUSE_WORDS or _filler(tok):
        return False
    if low in cues.STRONG_VERBS | cues.WEAK_VERBS | cues.STANCE_VERBS | cues.GERUNDS:
        return False
    return not low.endswith(("s", "ed"))


# --- pronouns -------------------------------------------------------------------------------


def _is_pronoun(speaker: str) -> bool:
    low = speaker.lower()
    return low in cues.PERSONAL_PRONOUNS or low in cues.FIRST_PERSON


def _kind(speaker: str) -> str:
    words = _WORD.findall(speaker)
    if not words:
        return "unnamed"
    head = words[-1].lower()
    lows = [w.lower() for w in words]
    for n, w in enumerate(lows[1:], start=1):
        if w in {"in", "at", "for", "of", "to"}:
            if lows[n - 1] in cues.ORG_NOUNS:
                return "org"  # "The Russian embassy in Belgrade"
            break
    if head in cues.ORG_NOUNS or (len(words) <= 2 and words[-1].isupper() and len(words[-1]) > 1):
        return "org"
    if " ".join(lows[1:] if lows[0] == "the" else lows) in _countries():
        return "org"  # "Mexico said": a state speaks as an organisation, never "he" or "she"
    if head in cues.PLURAL_NOUNS or (head.endswith("s") and head[:-1] in cues.SPEAKER_NOUNS):
        return "plural"
    named = [
        w
        for w in words
        if w[0].isupper()
        and w.lower() not in cues.CAP_STOPWORDS
        and w.lower() not in cues.DETERMINERS
        and w.lower() not in cues.SPEAKER_NOUNS
        and w.lower() not in cues.NP_MODIFIERS
        and not (w.endswith(cues.NATIONALITY_SUFFIXES) and w.lower() != w and _nationality(w))
    ]
    if named:
        return "person"
    return "unnamed"


@cache
def _countries() -> frozenset[str]:
    """English names of countries and territories, lower-cased (CLDR, through Babel)."""
    from babel import Locale

    names = Locale("en").territories
    return frozenset(name.lower().replace("&", "and") for code, name in names.items() if code.isalpha())


def _nationality(word: str) -> bool:
    low = word.lower()
    return low.endswith(("ian", "ese", "ish", "ean", "can", "ern")) or low in {
        "russian",
        "american",
        "serb",
        "kosovar",
        "israeli",
        "iraqi",
        "british",
        "french",
        "german",
        "democratic",
        "republican",
        "western",
        "eastern",
        "european",
        "chinese",
        "u.s.",
        "us",
    }


def _compatible(pronoun: str, known: _Known) -> bool:
    kind = known.kind
    if pronoun == "we":
        return kind == "org"
    if pronoun == "he":
        return kind == "person" and known.gender != "f"
    if pronoun == "she":
        return kind == "person" and known.gender != "m"
    if pronoun == "it":
        return kind == "org"
    return kind in {"plural", "org", "person"}


def _surely_compatible(pronoun: str, known: _Known) -> bool:
    """Compatible and of a known gender for he/she: a far referent needs more than not contradicting."""
    if pronoun in {"he", "she"}:
        return known.kind == "person" and known.gender == pronoun[0].replace("h", "m").replace("s", "f")
    return _compatible(pronoun, known)


def _resolve(
    text: str, hit: _Found, para: int, history: list[_Known], subjects: list[_Known]
) -> Attribution | None:
    speaker = _clean(text[hit.start : hit.end])
    base = Attribution(speaker, hit.start, hit.end, hit.cue, hit.cue_start, hit.cue_end, hit.method)
    if hit.pronoun is None:
        return None if _not_a_speaker(speaker) else base
    if hit.pronoun == "i":
        return None  # the author speaking outside quotation marks: the outlet's own assertion
    # Speakers and named sentence subjects of the same or previous paragraph, nearest first.
    # (Trying speakers before subjects scored 0.2 F1 points lower on PolNeAR train.)
    recent = [k for k in history[-12:] + subjects[-12:] if k.paragraph >= para - 1]
    recent.sort(key=lambda k: k.attribution.speaker_start or 0, reverse=True)
    for known in recent:
        if known.attribution.speaker_start is not None and known.attribution.speaker_start >= hit.start:
            continue
        if _compatible(hit.pronoun, known):
            if hit.pronoun in {"he", "she"} and not _named_head(known.attribution.speaker):
                named = _named_before(hit.pronoun, known, recent + history[::-1])
                if named is not None:
                    known = named
            return _resolved(base, known.attribution, f"{hit.method}+pronoun")
    if hit.pronoun == "we":
        return None  # "we" with no organisation just before it is the outlet itself
    # Nothing compatible close by: the nearest compatible named speaker or subject earlier in the article.
    for known in reversed(history):
        start = known.attribution.speaker_start
        if start is not None and start < hit.start and _surely_compatible(hit.pronoun, known):
            return _resolved(base, known.attribution, f"{hit.method}+pronoun-far")
    return None  # a bare pronoun is never a speaker


def _named_head(speaker: str) -> bool:
    words = _WORD.findall(speaker)
    return bool(words) and words[-1][0].isupper()


def _named_before(pronoun: str, described: _Known, candidates: list[_Known]) -> _Known | None:
    """The nearest named person before a description ("The Ohio governor" after "John Kasich")."""
    limit = described.attribution.speaker_start or 0
    best: _Known | None = None
    for known in candidates:
        start = known.attribution.speaker_start
        if start is None or start >= limit or not _named_head(known.attribution.speaker):
            continue
        if known.paragraph < described.paragraph - 6 or not _compatible(pronoun, known):
            continue
        if best is None or start > (best.attribution.speaker_start or 0):
            best = known
    return best


def _resolved(base: Attribution, ref: Attribution, method: str) -> Attribution:
    """``base`` with the speaker its pronoun refers to."""
    return replace(
        base, speaker=ref.speaker, speaker_start=ref.speaker_start, speaker_end=ref.speaker_end, method=method
    )


def _not_a_speaker(phrase: str) -> bool:
    """A quantity ("61 percent", "Most of them"), a clause ("whether Clinton"), a bare pronoun or a
    prepositional phrase ("on Fox News")."""
    words = [w.lower() for w in _WORD.findall(phrase)]
    first = words[0] if words else ""
    if (
        not words
        or first in _COMPLEMENTS
        or first in _PREPOSITIONS | cues.NOT_SPEAKER_OPENERS
        or _is_pronoun(phrase)
    ):
        return True
    counted = words[1:] if words[0] in {"the", "a", "an"} and len(words) > 1 else words
    return all(w[0].isdigit() or w in _QUANTITY_WORDS for w in counted)


def _named_subject(text: str, toks: list[_Tok], names: set[str]) -> Attribution | None:
    span = _subject(toks)
    if span is None or (span[0] == span[1] and toks[span[0]].low in _SUBJECT_PRONOUNS | cues.FIRST_PERSON):
        return None
    if not any(t.low in names for t in toks[span[0] : span[1] + 1]):
        return None  # "Repeating", "Getty": a capitalised opener never used as a name elsewhere
    s, e = toks[span[0]].start, toks[span[1]].end
    phrase = _clean(text[s:e])
    if _not_a_speaker(phrase):
        return None
    return Attribution(phrase, s, e, None, None, None, "subject")


def _clean(phrase: str) -> str:
    """The phrase without markdown emphasis and with whitespace collapsed."""
    return re.sub(r"\s+", " ", phrase.replace("*", "").replace("_", " ")).strip()


# --- quotations -----------------------------------------------------------------------------


def _inherit_quotes(
    text: str,
    alnum: list[int],
    sentences: Sequence[tuple[int, int]],
    quotes: list[tuple[int, int]],
    results: list[Attribution | None],
) -> None:
    """Give every sentence lying mostly inside a quotation the speaker of that quotation."""
    if not quotes or not sentences:
        return
    direct = list(results)
    starts = [s for s, _ in sentences]
    for qs, qe in quotes:
        first = max(0, bisect_right(starts, qs) - 1)
        last = max(0, bisect_right(starts, qe) - 1)
        members = [i for i in range(first, last + 1) if _mostly_inside(alnum, *sentences[i], qs, qe)]
        if not members:
            continue
        speaker = _quote_speaker(text, direct, first, last, qs, qe)
        if speaker is None:
            continue
        for i in members:
            if results[i] is None:
                results[i] = replace(speaker, method=f"quote:{speaker.method}")


def _mostly_inside(alnum: list[int], s: int, e: int, qs: int, qe: int) -> bool:
    """Whether more than half of the letters and digits of ``[s, e)`` lie inside ``[qs, qe)``."""
    lo, hi = max(s, qs), min(e, qe)
    if hi <= lo:
        return False
    total = alnum[e] - alnum[s]
    return total > 0 and (alnum[hi] - alnum[lo]) * 2 > total


def _quote_speaker(
    text: str, direct: list[Attribution | None], first: int, last: int, qs: int, qe: int
) -> Attribution | None:
    """The attribution whose cue sits right after the quotation ('..." he said') or right before it
    ('He said: "...'), in the sentences where the quotation ends or starts."""
    for i in (last, last + 1):
        attr = direct[i] if i < len(direct) else None
        if (
            attr is not None
            and attr.cue_start is not None
            and 0 <= attr.cue_start - qe <= _AFTER_GAP
            and "\n" not in text[qe : attr.cue_start]
        ):
            return attr
    for i in (first, first - 1):
        attr = direct[i] if 0 <= i < len(direct) else None
        if (
            attr is not None
            and attr.cue_end is not None
            and 0 <= qs - attr.cue_end <= _BEFORE_GAP
            and "\n" not in text[attr.cue_end : qs]
        ):
            return attr
    return None


def _continue_quotes(
    alnum: list[int],
    sentences: Sequence[tuple[int, int]],
    quotes: list[tuple[int, int]],
    quote_starts: list[int],
    paragraphs: list[int],
    results: list[Attribution | None],
) -> None:
    """Carry a speaker on to sentences that have none of their own.

    A quoted sentence continues the speaker of the sentence before it, and a transcript paragraph
    opened by "NAME:" belongs to NAME to its end. (Falling back to the previous sentence's subject
    for unattributed quotations was tried and rejected: 37% precision on PolNeAR train.)
    """
    for idx in range(1, len(sentences)):
        if results[idx] is not None:
            continue
        s, e = sentences[idx]
        prev_start = sentences[idx - 1][0]
        gap = _paragraph_of(paragraphs, s) - _paragraph_of(paragraphs, prev_start)
        prev = results[idx - 1]
        if prev is not None and gap == 0 and prev.method.split("+")[0].endswith("colon"):
            results[idx] = replace(prev, method="colon+continued")
            continue
        if gap > 1:
            continue
        near = quotes[max(0, bisect_right(quote_starts, s) - 1) : bisect_right(quote_starts, e)]
        if not any(_mostly_inside(alnum, s, e, qs, qe) for qs, qe in near):
            continue
        if prev is not None:
            method = prev.method if prev.method.startswith("quote") else f"quote+{prev.method}"
            results[idx] = replace(prev, method=method)
