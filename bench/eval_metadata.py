"""How often plain-text articles get the right outlet, date and title: PolNeAR (1,008 US election
articles from 7 outlets; texts in ../shared/eval-dev/polnear-articles, metadata in polnear-docs.jsonl).

    python bench/eval_metadata.py                 # every article with metadata
    python bench/eval_metadata.py --limit 100

Each article is read and prepared exactly as ``workbench ingest FILE`` does (no database), twice:
under its own file name (``breitbart_2015-11-16_slug.txt``, so the file-name reader can help) and
under a neutral name (``article.txt``: what the text alone shows).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.actions.ingest import prepare
from workbench.reading.sources import read

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval-dev"
OUTLETS = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}
"""PolNeAR's publisher keys and the names the outlets go by (the gold standard for "right outlet")."""


def _norm(value: str | None) -> str:
    return " ".join(re.findall(r"\w+", (value or "").lower().removeprefix("the ")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    docs = [json.loads(line) for line in (args.data / "polnear-docs.jsonl").open(encoding="utf-8")]
    if args.limit:
        docs = docs[: args.limit]
    counts: dict[str, Counter[str]] = {"file name": Counter(), "text only": Counter()}
    with tempfile.TemporaryDirectory() as tmp:
        neutral = Path(tmp) / "article.txt"
        for doc in docs:
            path = args.data / "polnear-articles" / f"{doc['doc_id']}.txt"
            shutil.copyfile(path, neutral)
            for mode, locator in (("file name", path), ("text only", neutral)):
                meta = prepare(read(str(locator))).extraction.meta
                c = counts[mode]
                c["articles"] += 1
                c["outlet"] += _norm(meta.outlet) == _norm(OUTLETS[doc["publisher"]])
                c["outlet given"] += meta.outlet is not None
                c["date"] += (
                    meta.published is not None and meta.published.isoformat() == doc["publication_date"]
                )
                c["date given"] += meta.published is not None
                c["title"] += _norm(meta.title) == _norm(doc["title"])
                c["both"] += (
                    _norm(meta.outlet) == _norm(OUTLETS[doc["publisher"]])
                    and meta.published is not None
                    and meta.published.isoformat() == doc["publication_date"]
                )
    for mode, c in counts.items():
        n = c["articles"]
        print(
            f"{mode:10s} {n} articles: outlet right {c['outlet']} ({c['outlet'] / n:.1%}, any outlet "
            f"{c['outlet given']}), date right {c['date']} ({c['date'] / n:.1%}, any date {c['date given']}), "
            f"both {c['both']} ({c['both'] / n:.1%}), title right {c['title']} ({c['title'] / n:.1%})"
        )


if __name__ == "__main__":
    main()
