"""First run: with no database the welcome explains how to begin and creates nothing by itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.cli.context import AppContext
from workbench.cli.review_cmd import act_on_welcome
from workbench.config import Settings
from workbench.tui.welcome import WelcomeApp, WelcomeChoice


async def test_welcome_explains_and_creates_nothing(tmp_path: Path) -> None:
    db = tmp_path / "workbench.db"
    app = WelcomeApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = str(app.query_one("#welcome-text").render())
        for phrase in ("run the demo", "ingest a folder", "open another database", "give a verdict", "undo"):
            assert phrase in shown
        await pilot.press("q")
    assert app.return_value is None
    assert not db.exists()
    assert list(tmp_path.iterdir()) == []


async def test_welcome_returns_the_choice(tmp_path: Path) -> None:
    app = WelcomeApp(tmp_path / "workbench.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        for ch in "other.db":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value == WelcomeChoice("open", "other.db")

    app = WelcomeApp(tmp_path / "workbench.db")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
    assert app.return_value == WelcomeChoice("demo")


def _context(db: Path) -> AppContext:
    return AppContext(Settings(), db, None, False)


def test_welcome_choices_act_and_refuse_in_words(tmp_path: Path) -> None:
    obj = _context(tmp_path / "workbench.db")
    message = act_on_welcome(obj, "ingest", str(tmp_path / "missing"))
    assert "No folder or file" in message
    assert not obj.db_path.exists()
    assert (
        act_on_welcome(obj, "open", str(tmp_path / "nope.db"))
        == "No database at " + str(tmp_path / "nope.db") + "."
    )
    assert not obj.db_path.exists()
    assert act_on_welcome(obj, "demo", "") == ""
    assert obj.db_path.exists()


@pytest.mark.parametrize("args", [(), ("review",)])
def test_no_database_means_no_file_until_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """`workbench` (and `workbench review`) in an empty folder show the welcome; quitting leaves no file."""
    from workbench.cli import main
    from workbench.tui import welcome

    monkeypatch.chdir(tmp_path)
    shown: list[Path] = []

    def quit_at_once(self: WelcomeApp, *a: object, **k: object) -> None:
        shown.append(self.db_path)
        return None

    monkeypatch.setattr(welcome.WelcomeApp, "run", quit_at_once)
    monkeypatch.setattr("workbench.cli.review_cmd.has_terminal", lambda: True)
    assert main(["--reviewer", "ana", *args]) == 0
    assert shown == [Path("workbench.db")]
    assert list(tmp_path.iterdir()) == []


def test_without_a_terminal_the_tui_is_not_opened(tmp_path: Path) -> None:
    """In a script (stdin and stdout not a terminal) `workbench` says why in one line and `demo` still
    loads the seeds: neither starts a TUI that would wait forever for keys nobody can press."""
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workbench", "--reviewer", "ana", *args],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
        )

    bare = run()
    assert bare.returncode == 1
    assert "needs a terminal" in bare.stderr and "Traceback" not in bare.stderr
    assert list(tmp_path.iterdir()) == []
    demo = run("demo")
    assert demo.returncode == 0, demo.stderr
    assert "Not opening the TUI: no terminal here" in demo.stderr
    assert (tmp_path / "workbench.db").exists()
