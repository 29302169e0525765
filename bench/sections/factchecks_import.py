"""Importing published fact-checks at scale: the 10,375 CLEF-2020 verified claims (Snopes) imported by
``workbench factchecks import`` into a fresh database, then one ``similar`` query right after, each as its
own process with its own peak RSS (``bench/peak.py``).

By default the import stores first and leaves the vectors to ``workbench vectors`` (above 256 waiting
texts). ``BENCH_IMPORT_INLINE=1`` also runs the former behaviour, ``import --vectors`` (every text encoded
inline: 155 s on this idle 2-core machine), as the baseline in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.registry import Row, fresh_db, read_peak, section, with_peak


def _timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB, the command's own: ``bench/peak.py``) and stderr of one command."""
    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        started = time.perf_counter()
        proc = subprocess.run(
            with_peak(command, peak), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        seconds = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {proc.stderr[-500:]}")
        return seconds, read_peak(peak), proc.stderr


@section("factchecks-import")
def factchecks_import(args: argparse.Namespace) -> list[Row]:
    source = args.corpus / "checked-before" / "ct20-vclaims.jsonl"
    cli = [sys.executable, "-m", "workbench", "--reviewer", "bench"]
    runs: list[tuple[str, list[str]]] = [("import (vectors left for later)", [])]
    if os.environ.get("BENCH_IMPORT_INLINE") == "1":
        runs.append(("import --vectors (all encoded inline, the former default)", ["--vectors"]))
    rows: list[Row] = []
    for label, extra in runs:
        db = fresh_db(args.workdir, "bench-factchecks-import.db")
        seconds, rss, err = _timed([*cli, "--db", str(db), "factchecks", "import", str(source), *extra])
        said = err.strip().splitlines()[-1][:70] if err.strip() else ""
        rows.append((label, f"{seconds:.1f} s", f"peak RSS {rss:,.0f} MB; said: {said!r}"))
        query = "Did 122 prisoners released from Guantanamo return to terrorism?"
        seconds, rss, err = _timed([*cli, "--db", str(db), "similar", query, "--json"])
        rows.append((f"`similar`, one query right after the {label.split(' (')[0]}", f"{seconds:.1f} s",
                     f"peak RSS {rss:,.0f} MB, model load included"))  # fmt: skip
    return rows
