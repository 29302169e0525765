"""What two statements of a claim have in common, in words a fact-checker reads: the "why" of a match.

Pure: the caller hands in how common each word is (``df``: how many stored claims hold it), so the
rarest shared words come first; names are compared by their normalised form, figures by value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from workbench.text.matching.fold import content_tokens, fold
from workbench.text.names import find_names
from workbench.text.quantities import find_quantities


@dataclass(frozen=True, slots=True)
class Shared:
    words: tuple[str, ...]
    """Shared content words, rarest first (at most five)."""
    names: tuple[str, ...]
    figures: str | None
    """"same figures: 19, 2" or "the figures differ"; None when either states none."""


def tokens(text: str) -> set[str]:
    return {t for t in content_tokens(fold(text)) if len(t) > 2 or t.isdigit()}


def shared(query: str, other: str, df: Callable[[Iterable[str]], Mapping[str, int]] | None = None) -> Shared:
    common = tokens(query) & tokens(other)
    counts = df(common) if df is not None and common else {}
    words = sorted(common, key=lambda w: (counts.get(w, 0), -len(w), w))[:5]
    ours = {_name_key(n.normalized or n.text): n.normalized or n.text for n in find_names(query)}
    theirs = {_name_key(n.normalized or n.text) for n in find_names(other)}
    names = tuple(sorted(v for k, v in ours.items() if k in theirs))
    return Shared(tuple(words), names, _figures(query, other))


def _name_key(name: str) -> str:
    return fold(name)


def _figures(query: str, other: str) -> str | None:
    ours = [q for q in find_quantities(query) if q.value is not None]
    theirs = [q for q in find_quantities(other) if q.value is not None]
    if not ours or not theirs:
        return None
    common = sorted({q.text for q in ours if any(q.value == t.value for t in theirs)})
    return "same figures: " + ", ".join(common) if common else "the figures differ"


def reasons(found: Shared) -> list[str]:
    """The shared parts as lines of a why list."""
    out = []
    if found.words:
        out.append("shared words (rarest first): " + ", ".join(found.words))
    if found.names:
        out.append("shared names: " + ", ".join(found.names))
    if found.figures:
        out.append(found.figures)
    return out
