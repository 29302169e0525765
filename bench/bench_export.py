"""Export throughput and memory: N synthetic claims (built from seed sentences) to every format.

    python bench/bench_export.py                 # 10,000 and 100,000 claims, all formats
    python bench/bench_export.py --sizes 1000 --formats md html

For each format and size: wall time of ``write_report`` to a temp file (no tracing), then the peak
Python heap during a second, traced run (tracemalloc). Flat peaks across sizes show the claims
stream through without being held.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.export import EXTENSIONS, FORMATS, render, write_report
from workbench.export.model import (
    Agreement,
    Approval,
    AuditHead,
    Disagreement,
    DisagreementValue,
    Label,
    Organisation,
    RatingScale,
    Report,
    ReportClaim,
    ReportDocument,
    ReportEvidence,
    ReportSummary,
    SignOff,
)

ROOT = Path(__file__).resolve().parents[1]
SCALE = RatingScale(
    "Truth-O-Meter",
    tuple(
        Label(f"l{v}", name, f"Definition of {name}.", v)
        for v, name in (
            (6, "True"),
            (5, "Mostly True"),
            (4, "Half True"),
            (3, "Mostly False"),
            (2, "False"),
            (1, "Pants on Fire"),
        )
    ),
    best=6,
    worst=1,
)
OUTLETS = ("RT", "The Moscow Times", "Global Research", "TASS", "Reuters", "BBC", "AP", "Balkan Insight")


def seed_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 60 <= len(s.strip()) <= 300]
    return out


def synthetic_claims(n: int, sentences: list[str]) -> Iterator[ReportClaim]:
    """``n`` claims made on the fly; nothing is kept, like rows from a database cursor."""
    for i in range(n):
        outlet = OUTLETS[i % len(OUTLETS)]
        label = SCALE.labels[i % len(SCALE.labels)] if i % 5 else None
        doc = ReportDocument(
            i // 7,
            outlet,
            f"Article {i // 7} from {outlet}",
            "2019-05-28",
            f"https://news{i % 13}.example/{i // 7}",
        )
        evidence = tuple(
            ReportEvidence(
                f"https://src{j}.example/{i}",
                ("supports", "refutes", "context")[j % 3],
                f"Source {j} for claim {i}",
                "ok",
                f"src{j}.example",
                f"https://archive.example.org/{i}/{j}",
                "2026-11-20T10:00:00Z",
                j // 2,
            )
            for j in range(i % 4)
        )
        yield ReportClaim(
            id=i,
            text=sentences[i % len(sentences)],
            document=doc,
            speaker="Aleksandar Vucic" if i % 3 == 0 else None,
            speaker_kind="Person" if i % 3 == 0 else None,
            score=(i % 100) / 100,
            status="reviewed" if label else "new",
            verdict=label,
            rationale=f"Rationale {i}: compared with the police statement.\nSecond line." if label else "",
            evidence=evidence,
            independence_summary=f"{len(evidence)} sources",
            signoff=SignOff(
                "amira", "2026-11-20T11:00:00Z", (Approval("bogdan", "2026-11-20T12:00:00Z"),), True
            )
            if label
            else SignOff(),
            disagreements=(
                Disagreement(
                    "count",
                    (
                        DisagreementValue(i, outlet, "19 people", "19"),
                        DisagreementValue(i + 1, "TASS", "a dozen", "12"),
                    ),
                ),
            )
            if i % 10 == 0
            else (),
            events=({"id": i, "action": "verdict.set", "actor": "amira", "at": "2026-11-20T11:00:00Z"},),
            reviewed_at="2026-11-20T12:00:00Z" if label else None,
            review_url=f"https://factcheck.example.org/r/{i}" if label else None,
        )


def report(n: int, sentences: list[str]) -> Report:
    counts = {o: {lab.id: n // 48 for lab in SCALE.labels} for o in OUTLETS}
    return Report(
        database="bench.db",
        generated_at="2026-11-22T23:00:00Z",
        scale=SCALE,
        claims=synthetic_claims(n, sentences),
        filters={"bench": str(n)},
        audit_head=AuditHead(n, "0" * 64),
        organisation=Organisation("Example Fact Desk", "https://factcheck.example.org"),
        summary=ReportSummary(
            counts,
            {"Aleksandar Vucic": counts["TASS"]},
            (n * 4 // 5, n),
            (Agreement(("amira", "bogdan"), 100, kappa=0.6),),
        ),
    )


def run(fmt: str, n: int, sentences: list[str], folder: Path, *, traced: bool) -> tuple[float, int, int]:
    """(seconds, peak traced bytes or 0, output bytes) for one export."""
    path = folder / f"bench-{n}{EXTENSIONS[fmt]}"  # type: ignore[index]
    problems = 0

    def count(_: object) -> None:
        nonlocal problems
        problems += 1

    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    write_report(path, lambda out: render(report(n, sentences), fmt, out, on_problem=count), force=True)
    seconds = time.perf_counter() - start
    peak = 0
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    size = path.stat().st_size
    path.unlink()
    return seconds, peak, size


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    args = parser.parse_args()
    sentences = seed_sentences()
    print(f"{len(sentences)} seed sentences; sizes {args.sizes}")
    print(f"{'format':<12}{'claims':>9}{'seconds':>9}{'claims/s':>10}{'output MB':>11}{'peak heap MB':>14}")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in args.formats:
            for n in args.sizes:
                seconds, _, size = run(fmt, n, sentences, Path(tmp), traced=False)
                _, peak, _ = run(fmt, n, sentences, Path(tmp), traced=True)
                print(
                    f"{fmt:<12}{n:>9}{seconds:>9.2f}{n / seconds:>10.0f}{size / 1e6:>11.1f}"
                    f"{peak / 1e6:>14.2f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
