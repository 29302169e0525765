"""write_report: refuse to clobber, publish atomically, turn OS failures into one clear error."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import pytest

from workbench.export import ExportError, OutputExistsError, OutputWriteError, render, write_report

from .reportdata import seed_report

ROOT = Path(__file__).resolve().parents[2]


def md(out: TextIO) -> object:
    return render(seed_report(), "md", out)


def test_writes_report_with_normal_permissions(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    result = write_report(path, md)
    assert path.read_text(encoding="utf-8").startswith("# Verdict report")
    assert result.claims == 6  # type: ignore[attr-defined]
    assert path.stat().st_mode & 0o044  # readable by others, not mkstemp's 0600
    assert os.listdir(tmp_path) == ["report.md"]


def test_refuses_existing_file_without_force(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("keep me")
    with pytest.raises(OutputExistsError, match="already exists"):
        write_report(path, md)
    assert path.read_text() == "keep me" and os.listdir(tmp_path) == ["report.md"]
    write_report(path, md, force=True)
    assert path.read_text(encoding="utf-8").startswith("# Verdict report")


def test_file_appearing_during_render_is_not_clobbered(tmp_path: Path) -> None:
    path = tmp_path / "report.md"

    def racing(out: TextIO) -> None:
        out.write("ours")
        path.write_text("theirs")  # another process wins the race

    with pytest.raises(OutputExistsError):
        write_report(path, racing)
    assert path.read_text() == "theirs" and os.listdir(tmp_path) == ["report.md"]


def test_failed_render_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("previous report")

    def broken(out: TextIO) -> None:
        out.write("half a report")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        write_report(path, broken, force=True)
    assert path.read_text() == "previous report" and os.listdir(tmp_path) == ["report.md"]


@pytest.mark.parametrize("where", ["missing-dir/report.md", "a-file/report.md", "."])
def test_unwritable_target_is_one_clear_error(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(OutputWriteError) as err:
        write_report(tmp_path / where, md)
    assert str(err.value).startswith("cannot write report to ") and "\n" not in str(err.value)
    assert isinstance(err.value, ExportError)


def test_file_size_limit_mid_write_is_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    """A real kernel-enforced limit (RLIMIT_FSIZE) makes the write fail part-way, as a full disk would."""
    script = textwrap.dedent(f"""
        import os, resource, signal, sys
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "tests")!r}]
        from workbench.export import OutputWriteError, render, write_report
        from export.reportdata import seed_report
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_report({str(tmp_path / "report.html")!r}, lambda out: render(seed_report(), "html", out))
        except OutputWriteError as e:
            print(e)
            sys.exit(3)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 3, proc.stderr
    assert proc.stdout.strip() == f"cannot write report to {tmp_path / 'report.html'}: File too large"
    assert os.listdir(tmp_path) == []


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, for a real ENOSPC; skipped where mounting is not allowed."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


def test_full_disk_is_clear_error_and_leaves_nothing(tiny_tmpfs: Path) -> None:
    def big(out: TextIO) -> None:
        for _ in range(2000):
            out.write("x" * 1000)

    with pytest.raises(OutputWriteError, match="No space left on device"):
        write_report(tiny_tmpfs / "report.md", big)
    assert os.listdir(tiny_tmpfs) == []
