"""Learn attribution cue words from texts with annotated cue spans (PolNeAR train, or one fold of it)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence

from workbench.text.attribution import unquoted_words
from workbench.text.cue_lexicon import MIN_COUNT, MIN_RATE, CueLexicon


def learn_cues(
    docs: Iterable[tuple[str, Sequence[tuple[int, int]]]],
    min_count: int = MIN_COUNT,
    min_rate: float = MIN_RATE,
    keep_from: int = 2,
) -> CueLexicon:
    """Count, for every word outside quotations, how often it lies inside one of the document's cue spans.

    ``docs`` yields ``(text, cue spans)``; words seen inside fewer than ``keep_from`` cues are not kept.
    """
    seen: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for text, spans in docs:
        ordered = sorted(spans)
        starts = [s for s, _ in ordered]
        reach = list(_running_max(e for _, e in ordered))
        for start, _end, word in unquoted_words(text):
            seen[word] += 1
            k = bisect_right(starts, start) - 1
            if k >= 0 and reach[k] > start:
                inside[word] += 1
    counts = {w: (c, seen[w]) for w, c in inside.items() if c >= keep_from}
    return CueLexicon(counts, min_count, min_rate)


def _running_max(values: Iterable[int]) -> Iterable[int]:
    best = -1
    for v in values:
        best = max(best, v)
        yield best
