"""The README's team section works in the order written; messages read right; shell completion works."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, run_cli


def _walkthrough() -> list[list[str]]:
    text = (ROOT / "README.md").read_text()
    block = text.split("<!-- team-walkthrough", 1)[1].split("<!-- /team-walkthrough -->", 1)[0]
    lines = [line for line in block.splitlines() if line.startswith("workbench ")]
    return [shlex.split(line, comments=True)[1:] for line in lines]


def test_team_section_runs_in_the_order_written(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.db")
    assert run_cli("--db", db, "demo", "--no-tui").code == 0
    commands = _walkthrough()
    assert len(commands) >= 8
    out = None
    for args in commands:
        out = run_cli("--db", db, *args)
        assert out.code == 0, (args, out.err)
    assert out is not None and "final: 1/1 proposal(s), 1/1 approval(s)" in out.out


def test_messages_say_an_editor(tmp_path: Path) -> None:
    db = str(tmp_path / "desk.db")
    assert run_cli("--db", db, "demo", "--no-tui").code == 0
    for args in _walkthrough()[:2]:
        assert run_cli("--db", db, *args).code == 0
    refused = run_cli("--db", db, "scale", "politifact", "--yes", "--reviewer", "ed")
    assert refused.code == 1
    assert (
        refused.err.strip() == "workbench: error: ed is an editor; only an admin can change the rating scale"
    )


def test_shell_completion_completes_commands() -> None:
    env = {
        **os.environ,
        "_WORKBENCH_COMPLETE": "bash_complete",
        "COMP_WORDS": "workbench sh",
        "COMP_CWORD": "1",
    }
    script = "import sys; from workbench.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert "show" in done.stdout.split() or "plain,show" in done.stdout.splitlines()
