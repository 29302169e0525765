"""Attribution cue words learned from annotated news (PolNeAR train), beyond the hand-written verb lists.

PolNeAR's annotators mark any word that ties a source to its content as the cue: "decried", "touted",
"is seizing on", "has also detailed". For each word form we keep how often it lay inside a gold cue
and how often it occurred at all outside quotation marks; a word is a cue when it was seen in enough
cues (``min_count``) and its smoothed cue rate ``cue / (seen + 1)`` reaches ``min_rate``. Both
thresholds were chosen by cross-validation on PolNeAR train (``bench/eval_attribution.py --cv``).
The counts live in ``attribution_cues.json`` next to this module (``bench/eval_attribution.py --learn``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CUES_PATH = Path(__file__).with_name("attribution_cues.json")
MIN_COUNT = 3
MIN_RATE = 0.4


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Learned cue words: ``counts[word] = (times inside a gold cue, times seen outside quotations)``."""

    counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    min_count: int = MIN_COUNT
    min_rate: float = MIN_RATE
    words: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        chosen = frozenset(
            w
            for w, (cue, seen) in self.counts.items()
            if cue >= self.min_count and self.rate(w) >= self.min_rate
        )
        object.__setattr__(self, "words", chosen)

    def rate(self, word: str) -> float:
        cue, seen = self.counts.get(word, (0, 0))
        return cue / (seen + 1)

    def to_json(self) -> str:
        counts = {w: list(c) for w, c in sorted(self.counts.items())}
        payload = {"min_count": self.min_count, "min_rate": self.min_rate, "counts": counts}
        return json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> CueLexicon:
        data = json.loads(text)
        counts = {str(w): (int(c[0]), int(c[1])) for w, c in data["counts"].items()}
        return cls(counts, int(data.get("min_count", MIN_COUNT)), float(data.get("min_rate", MIN_RATE)))


NO_LEARNED_CUES = CueLexicon()
"""Only the hand-written verb lists (the behaviour before learning)."""


@cache
def default_lexicon() -> CueLexicon:
    """The lexicon learned from all of PolNeAR train, shipped with the package."""
    if not CUES_PATH.exists():
        return NO_LEARNED_CUES
    return CueLexicon.from_json(CUES_PATH.read_text(encoding="utf-8"))
