"""Matching at scale: stories over 100k (and, with BENCH_BIG=1, 300k and 1M) claims, blocking recall
against exhaustive cdist on 20k claims, incremental adds, and checked-before look-ups.

Claims come from extracting ``--limit`` news-scale articles (default 3,000; cached in the workdir),
then repeating them with new claim and document ids and a light perturbation (one word dropped or
two neighbours swapped), so copies are realistic near-duplicates from other "outlets".
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import random
import re
import resource
import time
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.corpus import news_articles
from bench.registry import Row, section

if TYPE_CHECKING:
    from workbench.text.matching import MatchClaim


def _dates(corpus: Path) -> dict[str, date]:
    out = {}
    with (corpus / "news-scale.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if item.get("date"):
                with contextlib.suppress(ValueError):
                    out[str(item["id"])] = datetime.strptime(item["date"].split()[0], "%d-%b-%Y").date()
    return out


def base_claims(corpus: Path, limit: int, workdir: Path) -> list[MatchClaim]:
    """Extracted claims of the first ``limit`` articles as MatchClaims (pickled once per limit)."""
    from workbench.text.extract import extract
    from workbench.text.matching import from_claim

    cache = workdir / f"matching-claims-{limit}.pkl"
    if cache.exists():
        with cache.open("rb") as handle:
            return pickle.load(handle)  # type: ignore[no-any-return]
    dates = _dates(corpus)
    claims: list[MatchClaim] = []
    for doc, article in enumerate(news_articles(corpus, limit)):
        published = dates.get(article["id"])
        extraction = extract(article["text"], source=article["source"], published=published)
        for claim in extraction.claims:
            claims.append(from_claim(len(claims) + 1, doc, article["source"], published, claim))
    with cache.open("wb") as handle:
        pickle.dump(claims, handle)
    return claims


def scaled(base: list[MatchClaim], n: int, seed: int = 0) -> list[MatchClaim]:
    """``n`` claims: the base set, then copies with new ids/documents and one small edit each."""
    from dataclasses import replace

    rng = random.Random(seed)
    docs = max(c.document_id for c in base) + 1
    out = list(base[:n])
    copy = 1
    while len(out) < n:
        for claim in base:
            if len(out) >= n:
                break
            words = claim.text.split()
            if len(words) > 4:
                k = rng.randrange(len(words) - 1)
                if rng.random() < 0.5:
                    words[k], words[k + 1] = words[k + 1], words[k]
                else:
                    del words[k]
            out.append(
                replace(
                    claim, id=len(out) + 1, document_id=claim.document_id + copy * docs, text=" ".join(words)
                )
            )
        copy += 1
    return out


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@section("matching")
def matching(args: argparse.Namespace) -> list[Row]:
    import numpy as np
    from rapidfuzz import fuzz, process

    from workbench.text.matching import ReviewedIndex, Settings, StoryIndex

    limit = args.limit or 3000
    started = time.perf_counter()
    base = base_claims(args.corpus, limit, args.workdir)
    rows: list[Row] = [
        (
            "base claims",
            f"{len(base):,}",
            f"from {limit:,} articles ({time.perf_counter() - started:.0f} s incl. cache)",
        )
    ]

    # Blocking recall vs exhaustive cdist on a 20k sample.
    half = base[:10_000]
    sample = scaled(half, 20_000)  # 10k extracted claims and one perturbed copy of each
    origin = [i % len(half) for i in range(len(sample))]
    settings = Settings(record=True)
    started = time.perf_counter()
    index = StoryIndex(sample, settings=settings)
    blocked_s = time.perf_counter() - started
    from workbench.text.matching.fold import content_tokens

    # the same eligibility as the pipeline: one- and two-word lines ("REUTER") are never linked
    eligible = [
        i
        for i, f in enumerate(index.features)
        if len(set(content_tokens(f.sorted_text))) >= settings.min_tokens
    ]
    texts = [index.features[i].sorted_text for i in eligible]
    docs = np.array([sample[i].document_id for i in eligible])
    back = np.array(eligible)
    started = time.perf_counter()
    exhaustive: set[tuple[int, int]] = set()
    step = 1000
    for lo in range(0, len(texts), step):
        scores = process.cdist(
            texts[lo : lo + step],
            texts,
            scorer=fuzz.ratio,
            score_cutoff=settings.wording,
            dtype=np.float32,
            workers=-1,
        )
        rr, cc = np.nonzero(scores >= settings.wording)
        rr = rr + lo
        keep = (rr < cc) & (docs[rr] != docs[cc])
        exhaustive.update(zip(back[rr[keep]].tolist(), back[cc[keep]].tolist(), strict=True))
    brute_s = time.perf_counter() - started
    pairs = np.array(sorted(exhaustive), dtype=np.int64).reshape(-1, 2)
    ea, eb = pairs[:, 0], pairs[:, 1]
    # the pairs the pipeline would accept as a wording link (as _score_wording): no quantity conflict,
    # and figures that do not disagree
    from workbench.text.matching.features import figures_disagree

    low = np.array([f.low for f in index.features])
    high = np.array([f.high for f in index.features])
    accepted = ~((low[ea] > high[eb]) | (low[eb] > high[ea]))
    feats = index.features
    accepted &= ~np.fromiter(
        (figures_disagree(feats[a].figures, feats[b].figures) for a, b in pairs.tolist()),
        dtype=bool,
        count=len(pairs),
    )
    lengths = np.array([len(c.text) for c in sample])
    sentences = np.minimum(lengths[ea], lengths[eb]) > 60

    def recalls(idx: StoryIndex) -> tuple[np.ndarray, np.ndarray]:
        """Per exhaustive pair: did blocking score it, and did the pipeline put it in one story."""
        found = {(min(a, b), max(a, b)) for a, b in idx.wording_pairs}
        scored = np.fromiter(((a, b) in found for a, b in pairs.tolist()), dtype=bool, count=len(pairs))
        labels = idx.components()[0]
        return scored, labels[ea] == labels[eb]

    scored, together = recalls(index)
    numbers = [frozenset(re.findall(r"\d+(?:[.,]\d+)*", c.text)) for c in sample]
    same_numbers = np.array([numbers[a] == numbers[b] for a, b in pairs.tolist()], dtype=bool)
    copies = np.array([origin[a] == origin[b] for a, b in pairs.tolist()], dtype=bool)

    def share(hit: np.ndarray, where: np.ndarray | None = None) -> tuple[str, str]:
        hit = hit if where is None else hit[where]
        return f"{hit.mean() if len(hit) else 0:.3f}", f"{int(hit.sum()):,} of {len(hit):,}"

    n_pairs = len(texts) * (len(texts) - 1) // 2
    started = time.perf_counter()
    rare_only = StoryIndex(sample, settings=Settings(record=True, neighbours=0))
    rare_s = time.perf_counter() - started
    rare_scored, rare_together = recalls(rare_only)
    del rare_only
    raw, raw_note = share(scored)
    story, story_note = share(together, accepted)
    rows += [
        (
            "blocking recall (20k claims)",
            raw,
            f"{raw_note} cross-document pairs with token_sort >= {settings.wording:.0f} among "
            f"{len(texts):,} claims of 3+ content words, found as candidates",
        ),
        (
            "  recall, sentences over 60 characters",
            *share(scored, sentences),
        ),
        (
            "  recall, pairs with the same numbers",
            share(scored, same_numbers)[0],
            f"{share(scored, same_numbers)[1]} (the rest are templates: "
            "'Revs 44.1 mln vs 34.4 mln' / 'Sales 82.9 mln vs 73.7 mln')",
        ),
        (
            "  recall, copies of one claim",
            share(scored, copies)[0],
            f"{share(scored, copies)[1]} (an extracted claim and its perturbed copy)",
        ),
        (
            "  recall, pairs the pipeline accepts",
            share(scored, accepted)[0],
            f"{share(scored, accepted)[1]} (no quantity or figure conflict: the pairs a wording link can join)",
        ),
        (
            "story-level recall (20k claims)",
            story,
            f"{story_note} exhaustive pairs the pipeline accepts (no quantity or figure conflict) that end up "
            "in one story (transitive links count)",
        ),
        (
            "  story-level, sentences over 60 characters",
            *share(together, accepted & sentences),
        ),
        (
            "  rare-word keys only (neighbours=0)",
            f"{rare_scored.mean():.3f} / {rare_together[accepted].mean():.3f}",
            f"raw / story-level recall without the sorted-neighbourhood pass; sentences over 60 "
            f"characters {rare_scored[sentences].mean():.3f} / "
            f"{rare_together[accepted & sentences].mean():.3f}; {rare_s:.1f} s",
        ),
        (
            "blocked grouping 20k (whole pipeline)",
            f"{blocked_s:.1f} s",
            f"{index.candidates:,} candidate pairs = {index.candidates / n_pairs:.3%} of all",
        ),
        (
            "exhaustive cdist (same claims)",
            f"{brute_s:.1f} s",
            f"speed-up {brute_s / blocked_s:.1f}x (blocked pipeline includes features and event keys)",
        ),
    ]
    del index, exhaustive, sample

    sizes = [100_000] + ([300_000, 1_000_000] if os.environ.get("BENCH_BIG") else [])
    for n in sizes:
        claims = scaled(base, n + 20_000)
        old, new = claims[:n], claims[n:]
        old_docs = {c.document_id for c in old}
        started = time.perf_counter()
        index = StoryIndex(old)
        built = time.perf_counter() - started
        stories = index.stories()
        total = time.perf_counter() - started
        rows.append(
            (
                f"group {n:,} claims",
                f"{total:.1f} s",
                f"index {built:.1f} s; {len(stories):,} stories; {index.candidates:,} candidate "
                f"pairs; peak RSS {_rss_mb():,.0f} MB (process, incl. the input claims)",
            )
        )
        stages = ", ".join(f"{k} {v:.1f}" for k, v in index.timings.items())
        rows.append((f"  stages ({n:,})", f"{built:.1f} s", stages))
        new_docs = sorted({c.document_id for c in new} - old_docs)[:1000]
        wanted = set(new_docs)
        batch = [c for c in new if c.document_id in wanted]
        started = time.perf_counter()
        added = index.add(batch)
        touched = index.stories(only=added)
        rows.append(
            (
                f"incremental: +1,000 documents onto {n:,}",
                f"{time.perf_counter() - started:.2f} s",
                f"{len(batch):,} claims; {len(touched):,} stories touched",
            )
        )
        del index, stories, claims, old, new

    from workbench.text.matching import link_names, name_refs

    refs = name_refs(scaled(base, 100_000))
    started = time.perf_counter()
    clusters = link_names(refs)
    rows.append(
        (
            "link names of 100k claims",
            f"{time.perf_counter() - started:.1f} s",
            f"{len(refs):,} mentions -> {len(clusters):,} clusters",
        )
    )

    reviewed_claims = scaled(base, 100_000)
    started = time.perf_counter()
    reviewed = ReviewedIndex([(c, "false") for c in reviewed_claims])
    build = time.perf_counter() - started
    queries = scaled(base, 101_000)[100_000:]
    started = time.perf_counter()
    hits = sum(1 for q in queries if reviewed.query(q))
    per = (time.perf_counter() - started) / len(queries)
    rows.append(
        (
            "checked before? 100k reviewed",
            f"{per * 1000:.2f} ms/query",
            f"index built in {build:.1f} s; {hits}/{len(queries)} queries matched",
        )
    )
    return rows
