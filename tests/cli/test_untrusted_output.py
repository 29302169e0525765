"""Article text and user input reach the terminal as plain printable text, never as escapes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli

HOSTILE = (
    "Hostile Daily\n\n"
    "The minister said 19 people were detained on Tuesday \x1b[2J\x1b]0;pwned\x07 in the north.\n\n"
    "Police said 42 officers were injured on Monday, according to the ministry \x1b[31mred\x1b[0m.\n"
)


def test_cli_lines_escape_control_characters(tmp_path: Path) -> None:
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE)
    db = str(tmp_path / "review.db")
    assert run_cli("--db", db, "ingest", str(source)).code == 0
    for args in (["next", "--reviewer", "ana"], ["stories"], ["claims", "--all"], ["documents"]):
        result = run_cli("--db", db, *args)
        assert result.code == 0, (args, result.err)
        assert "\x1b" not in result.out and "\x07" not in result.out, args
    shown = run_cli("--db", db, "next", "--reviewer", "bo").out
    assert "\\x1b" in shown  # visible, not lost
    bad = run_cli("--db", db, "evidence", "add", "1", "ht\x1b[2Jtp://x", "--reviewer", "ana")
    assert bad.code == 1 and "\x1b" not in bad.err and bad.err.count("\n") == 1
