"""Text-layer throughput on news-scale.jsonl: each stage against a naive regex splitter, same run."""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

from bench.corpus import news_articles
from bench.registry import Row, section


def _mb_per_s(texts: list[str], fn: Callable[[str], object], repeats: int) -> float:
    size = sum(len(t.encode()) for t in texts) / 1e6
    times = []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        for text in texts:
            fn(text)
        times.append(time.perf_counter() - started)
    times.sort()
    return size / times[len(times) // 2]


@section("text")
def text_stages(args: argparse.Namespace) -> list[Row]:
    from workbench.text.attribution import attribute
    from workbench.text.checkworthy import score_sentence
    from workbench.text.dates import find_dates
    from workbench.text.extract import extract
    from workbench.text.junk import find_junk
    from workbench.text.meta import read_meta
    from workbench.text.names import find_names
    from workbench.text.quantities import find_quantities
    from workbench.text.segment import split_sentences

    texts = [a["text"] for a in news_articles(args.corpus, min(args.limit or 3000, 3000))]
    naive = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
    baseline = _mb_per_s(texts, naive.split, args.repeats)
    rows: list[Row] = [("naive regex splitter", f"{baseline:.1f} MB/s", "the baseline for the ratios below")]

    def score_all(text: str) -> None:
        for start, end in split_sentences(text):
            score_sentence(text[start:end])

    def attribute_all(text: str) -> None:
        attribute(text, split_sentences(text))

    for name, fn in (
        ("split_sentences", split_sentences),
        ("find_junk", find_junk),
        ("read_meta", read_meta),
        ("find_quantities", find_quantities),
        ("find_dates", find_dates),
        ("find_names", find_names),
        ("attribute (with splitting)", attribute_all),
        ("score every sentence (with splitting)", score_all),
        ("extract(): the whole pipeline", extract),
    ):
        rate = _mb_per_s(texts, fn, args.repeats)
        rows.append((name, f"{rate:.2f} MB/s", f"{baseline / rate:.1f}x slower than the naive splitter"))
    return rows
