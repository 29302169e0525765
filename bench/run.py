"""The benchmark harness: one command, one table of figures.

    python bench/run.py                      # every section but the soak (python bench/run.py soak)
    python bench/run.py ingest write         # some sections
    python bench/run.py --corpus DIR --limit 2000

Corpus paths default to ``../shared/eval-dev/`` when it is there. Each section returns rows of
(figure, value, note); medians are over repeats, and ratios compare with a baseline run in the same
process on the same data.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.registry import SECTIONS, Row  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "eval-dev"


def main(argv: list[str] | None = None) -> int:
    import bench.sections  # noqa: F401  (registers the sections)

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sections", nargs="*", help=f"which sections (default all): {', '.join(SECTIONS)}")
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="folder holding news-scale.jsonl etc."
    )
    parser.add_argument("--limit", type=int, default=None, help="use at most this many articles")
    parser.add_argument("--repeats", type=int, default=3, help="repeats for medians")
    parser.add_argument("--minutes", type=float, default=None, help="how long timed sections run (soak: 10)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    # The soak takes ten minutes: it runs only when named.
    chosen = args.sections or [name for name in SECTIONS if name != "soak"]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    rows: list[tuple[str, Row]] = []
    for name in chosen:
        started = time.perf_counter()
        print(f"[{name}] running...", file=sys.stderr, flush=True)
        for row in SECTIONS[name](args):
            rows.append((name, row))
            print(f"[{name}] {row[0]}: {row[1]} {row[2]}", file=sys.stderr, flush=True)
        print(f"[{name}] done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    widths = (
        [max(len(x) for x in col) for col in zip(*[(s, *r) for s, r in rows], strict=True)] if rows else []
    )
    header = ("section", "figure", "value", "note")
    widths = (
        [max(w, len(h)) for w, h in zip(widths, header, strict=True)] if widths else [len(h) for h in header]
    )
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for name, (figure, value, note) in rows:
        print("  ".join(v.ljust(w) for v, w in zip((name, figure, value, note), widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
