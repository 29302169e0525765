"""Run a command and write its own peak RSS (MB) to a file: ``python bench/peak.py FILE COMMAND...``.

A child's ``ru_maxrss`` starts at its parent's RSS at the fork, so a bench process holding a big
database in memory would inflate every figure of the commands it starts. This launcher is small: the
command it starts inherits only the launcher's few MB, and ``wait4`` gives the command's own peak.
Standard streams pass through; the exit code is the command's.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main(argv: list[str]) -> int:
    out, command = argv[0], argv[1:]
    proc = subprocess.Popen(command)
    _, status, usage = os.wait4(proc.pid, 0)
    with open(out, "w", encoding="ascii") as fh:
        fh.write(f"{usage.ru_maxrss / 1024:.1f}\n")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
