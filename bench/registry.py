"""The sections the harness knows, registered by the modules in ``bench/sections``."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Row = tuple[str, str, str]
Section = Callable[[argparse.Namespace], list[Row]]
SECTIONS: dict[str, Section] = {}


def section(name: str) -> Callable[[Section], Section]:
    def register(fn: Section) -> Section:
        SECTIONS[name] = fn
        return fn

    return register


def median_time(fn: Callable[[], Any], repeats: int) -> float:
    """Median wall time of ``fn()`` over ``repeats`` runs, in seconds."""
    times = []
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fresh_db(workdir: Path, name: str) -> Path:
    """``workdir / name`` with any database file of that name (and its -wal, -shm) removed."""
    path = workdir / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def peak_rss_mb() -> float:
    """This process's own peak RSS in MB. ``ru_maxrss`` is not: a child started by a big parent reports at
    least the parent's RSS at the fork (Linux carries it over ``fork`` and ``execve``); ``VmHWM`` belongs
    to the process's own memory map, which ``execve`` replaces."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def with_peak(command: list[str], peak_file: Path) -> list[str]:
    """``command`` started through ``bench/peak.py``, which writes its own peak RSS to ``peak_file``."""
    return [sys.executable, str(Path(__file__).with_name("peak.py")), str(peak_file), *command]


def read_peak(peak_file: Path) -> float:
    return float(peak_file.read_text(encoding="ascii"))
