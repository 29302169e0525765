"""Shared fixtures: real database files in tmp_path, the bundled seeds, and an in-process CLI runner."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EVAL_DEV = ROOT.parent / "shared" / "eval-dev"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the developer's own config or remembered audit heads."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKBENCH_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("WORKBENCH_STATE_DIR", str(home / "state"))
    for var in ("WORKBENCH_DB", "WORKBENCH_REVIEWER", "WORKBENCH_RATING_SCALE", "WORKBENCH_SIGNING_KEY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "review.db"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


def run_cli(*args: str, stdin: str | None = None) -> CliResult:
    """Run the real CLI in-process and capture what it prints."""
    from workbench.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = old_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> type[CliResult]:
    return CliResult


@pytest.fixture
def seeded_db(db_path: Path) -> Iterator[Path]:
    result = run_cli("--db", str(db_path), "ingest", str(SEEDS), "--workers", "1")
    assert result.code == 0, result.err
    yield db_path
