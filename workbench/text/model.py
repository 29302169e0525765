"""Plain data the text layer hands out: spans, claims, mentions and document metadata.

Every span is a pair of offsets into the document text exactly as stored, so
``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class JunkSpan:
    """A stretch of page furniture (navigation, appeals, disclaimers) that never yields a claim."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Reason:
    """One human-readable contribution to a check-worthiness score."""

    feature: str
    """Stable feature id, e.g. ``quantity``."""
    weight: float
    """Signed contribution to the logit."""
    detail: str
    """What fired, in the reader's words, e.g. ``contains a quantity: 19``."""

    def __str__(self) -> str:
        return f"{self.weight:+.2f} {self.detail}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a claim, normalised to an interval so counts from different outlets compare.

    ``low``/``high`` are ``None`` when unbounded: "at least 19" is ``[19, None]``,
    "more than a dozen" is ``low=12, low_inclusive=False``.
    """

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str | None = None
    """Counted noun or unit: ``people``, ``police officers``, ``percent``, ``vehicles``."""
    approximator: str | None = None
    """``at least``, ``more than``, ``over``, ``about``... as written."""

    @property
    def normalized(self) -> str:
        """A short form for display and comparison, e.g. ``>12 people``."""
        if self.low is not None and self.high is not None and self.low == self.high:
            core = _fmt(self.low)
        elif self.low is not None and self.high is None:
            core = f"{'≥' if self.low_inclusive else '>'}{_fmt(self.low)}"
        elif self.low is None and self.high is not None:
            core = f"{'≤' if self.high_inclusive else '<'}{_fmt(self.high)}"
        elif self.low is not None and self.high is not None:
            core = f"{_fmt(self.low)}–{_fmt(self.high)}"
        else:
            core = self.text
        return f"{core} {self.unit}" if self.unit else core


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression, resolved against the article date where possible."""

    start: int
    end: int
    text: str
    value: date | None
    """The resolved calendar day (or first day of the month/year), ``None`` if unresolved."""
    precision: str = "day"
    """``day``, ``week`` (the Monday of that week), ``month`` or ``year``."""


@dataclass(frozen=True, slots=True)
class NameMention:
    """A person, organisation or place named in the text."""

    start: int
    end: int
    text: str
    kind: str
    """``PERSON``, ``ORG``, ``PLACE`` or ``NAME`` (untyped)."""
    normalized: str = ""
    """The name without titles or possessives ("Serbian President Aleksandar Vucic" -> "Aleksandar Vucic")."""


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a claim is attributed to, with the speech cue and how it was found."""

    speaker: str
    speaker_start: int | None
    speaker_end: int | None
    """Offsets of the speaker mention (possibly in an earlier sentence when resolved from a pronoun)."""
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    method: str = ""
    """How the attribution was found: ``said-after``, ``according-to``, ``quote``, ``pronoun``..."""


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence of an article with everything the extractor knows about it."""

    start: int
    end: int
    text: str
    score: float = 0.0
    checkworthy: bool = False
    reasons: tuple[Reason, ...] = ()
    attribution: Attribution | None = None
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    names: tuple[NameMention, ...] = ()

    @property
    def speaker(self) -> str | None:
        return self.attribution.speaker if self.attribution else None


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """What the page says about itself: outlet, headline, date, byline, dateline place."""

    outlet: str | None = None
    title: str | None = None
    published: date | None = None
    author: str | None = None
    place: str | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """The result of reading one document: its metadata, claims and junk spans."""

    meta: DocumentMeta
    claims: tuple[Claim, ...] = ()
    junk: tuple[JunkSpan, ...] = field(default_factory=tuple)
