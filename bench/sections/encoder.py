"""Sentence encoder throughput on one thread: sentences per second by batch size, same run.

The claims ingest stores are news sentences, so the texts are the first ``BENCH_ENCODE_N`` (default
1,200) sentences of news-scale.jsonl as ``extract()`` would cut them. Batch sizes run interleaved
(round-robin) so a noisy neighbour slows them alike; the ratio is against batches of 64, the size
``OnnxEncoder.encode`` used before it took ``encoder.BATCH``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from bench.corpus import news_articles
from bench.registry import Row, section

SIZES = (8, 16, 32, 64, 128)
BASELINE = 64


@section("encoder")
def encoder_batches(args: argparse.Namespace) -> list[Row]:
    from workbench.text import encoder as enc
    from workbench.text.segment import split_sentences

    wanted = int(os.environ.get("BENCH_ENCODE_N", "1200"))
    texts: list[str] = []
    for article in news_articles(args.corpus, args.limit):
        text = article["text"]
        texts.extend(text[s:e] for s, e in split_sentences(text))
        if len(texts) >= wanted:
            break
    texts = texts[:wanted]
    model = enc.OnnxEncoder(enc.default_spec(), threads=1)
    model.encode(texts[:64])  # warm-up
    times: dict[int, list[float]] = {size: [] for size in SIZES}
    for _ in range(max(1, args.repeats)):
        for size in SIZES:
            started = time.perf_counter()
            model.encode(texts, batch_size=size)
            times[size].append(time.perf_counter() - started)
    rate = {size: len(texts) / statistics.median(t) for size, t in times.items()}
    rows: list[Row] = []
    for size in SIZES:
        mark = " (the default, encoder.BATCH)" if size == enc.BATCH else ""
        rows.append(
            (
                f"encode {len(texts)} news sentences, batches of {size}{mark}",
                f"{rate[size]:.0f} sentences/s",
                f"x{rate[size] / rate[BASELINE]:.2f} against batches of {BASELINE}",
            )
        )
    return rows
