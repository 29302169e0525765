"""URL ingest and feed polling against a real server on 127.0.0.1 (no network).

    python bench/bench_watch.py [--items 50]

Serves ``--items`` distinct article pages (seed text plus a numbered paragraph, Open Graph and
JSON-LD metadata) and an RSS feed listing them, then times, each in a fresh database:
``workbench ingest URL...`` of every page, a first ``workbench watch --once`` of the feed (every item
fetched, extracted and stored) and a second, unchanged poll (one conditional request, 304).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.evidence.localserver import running_server  # noqa: E402
from tests.ingest.webpages import article_page, rss_feed  # noqa: E402
from workbench.cli import main  # noqa: E402


def _run(*args: str) -> float:
    started = time.perf_counter()
    code = main(list(args))
    if code != 0:
        raise SystemExit(f"workbench {' '.join(args[:4])}... exited {code}")
    return time.perf_counter() - started


def main_bench() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    with running_server() as server, tempfile.TemporaryDirectory() as tmp:
        urls = []
        for i in range(args.items):
            extra = (
                f"<p>Item {i}: the ministry said {i + 3} more people were questioned on {i % 28 + 1} May.</p>"
            )
            server.pages[f"/pages/a{i}"] = ("text/html", article_page(i % 4, extra=extra)[1].encode())
            urls.append(server.url(f"/pages/a{i}"))
        items = [(f"g{i}", url, f"Item {i}") for i, url in enumerate(urls)]
        server.pages["/pages/feed.xml"] = ("application/rss+xml", rss_feed("Bench", items))
        common = ("--allow-private", "--no-match")
        ingest = _run("--db", f"{tmp}/a.db", "ingest", *common, "--json", *urls)
        first = _run(
            "--db", f"{tmp}/b.db", "watch", "--once", "--rate", "0", *common, server.url("/pages/feed.xml")
        )
        second = _run(
            "--db", f"{tmp}/b.db", "watch", "--once", "--rate", "0", *common, server.url("/pages/feed.xml")
        )
    n = args.items
    print(
        f"ingest {n} URLs: {ingest:.2f} s ({n / ingest:.1f} pages/s); first watch poll of a {n}-item feed: "
        f"{first:.2f} s; unchanged second poll: {second * 1000:.0f} ms",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main_bench()
