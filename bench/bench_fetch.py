"""Throughput of the evidence link checker against a local server with a fixed per-request delay.

Serves a real seed article on 127.0.0.1 (each answer delayed by ``--delay-ms``), checks ``--links``
distinct URLs through :class:`workbench.evidence.pool.FetchPool` at each concurrency, and prints
links/s and per-link latency. The full pipeline runs: SSRF guard, streaming cap, charset, title,
trafilatura main text.

    python bench/bench_fetch.py [--links 200] [--delay-ms 50] [--concurrency 1,4,16,32]
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workbench.evidence.fetch import FetchPolicy  # noqa: E402
from workbench.evidence.pool import FetchPool, Progress  # noqa: E402


def _page() -> bytes:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in seed.split("\n\n") if len(p.strip()) > 120]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = f"<html><head><title>Seed article</title></head><body><article>{body}</article></body></html>"
    return page.encode()


def serve(delay: float) -> tuple[ThreadingHTTPServer, int]:
    page = _page()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers+body as two writes meet delayed ACK: +40 ms

        def do_GET(self) -> None:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 128

    httpd = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def run(port: int, links: int, concurrency: int) -> dict[str, float]:
    policy = FetchPolicy(allow_addresses=("127.0.0.1",))
    urls = [f"http://127.0.0.1:{port}/article/{i}" for i in range(links)]
    latencies: list[float] = []
    ok = 0

    def on_progress(p: Progress) -> None:
        nonlocal ok
        latencies.append(p.result.elapsed_ms)
        ok += p.result.status == "ok"

    with FetchPool(policy, concurrency=concurrency) as pool:
        started = time.perf_counter()
        pool.run(urls, on_progress=on_progress)
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "seconds": elapsed,
        "links_per_s": links / elapsed,
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "ok": ok,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--links", type=int, default=200)
    parser.add_argument("--delay-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", default="1,4,16,32")
    args = parser.parse_args()
    httpd, port = serve(args.delay_ms / 1000)
    levels = [int(x) for x in args.concurrency.split(",")]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.links} links, {args.delay_ms:g} ms server delay per request, 127.0.0.1:{port}")
    print(f"{os.cpu_count()} CPUs, load average {load} (server and client share them)")
    print(f"{'concurrency':>11} {'seconds':>8} {'links/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'ok':>5}")
    try:
        for level in levels:
            row = run(port, args.links, level)
            print(
                f"{level:>11} {row['seconds']:>8.2f} {row['links_per_s']:>8.1f} {row['p50_ms']:>7.0f} "
                f"{row['p95_ms']:>7.0f} {row['ok']:>5.0f}"
            )
    finally:
        httpd.shutdown()


if __name__ == "__main__":
    main()
