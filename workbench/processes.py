"""Child processes that never outlive the process that started them.

A worker left behind by a killed ingest, or an evidence check whose TUI is gone, would keep the
review database open and go on writing. On Linux the kernel sends the child a signal when its parent
dies (``PR_SET_PDEATHSIG``); elsewhere, and for the moment before the call, the child compares its
parent's pid with the one it was started by.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PARENT_ENV = "WORKBENCH_PARENT_PID"
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask to be killed when the parent exits; exit at once if it already has."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except OSError:
            pass
    expected = parent_pid if parent_pid is not None else _parent_from_environment()
    if expected is not None and os.getppid() != expected:
        os._exit(1)


def child_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child that should end with us: it names this process as its parent."""
    return {**(os.environ if base is None else base), PARENT_ENV: str(os.getpid())}


def _parent_from_environment() -> int | None:
    value = os.environ.pop(PARENT_ENV, "")  # not passed on to our own children
    return int(value) if value.isdigit() else None


def started_by_a_workbench() -> bool:
    return PARENT_ENV in os.environ


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one, e.g. a container
    limited to two of the host's cores), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # no affinity call on this system
        return os.cpu_count() or 1
