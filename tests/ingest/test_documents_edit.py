"""`workbench documents edit`: corrections are audited events; relative dates follow a new date."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import run_cli

ARTICLE = (
    "Police detain 19 in northern raids\n\n"
    "Kosovo police said on Tuesday that 19 officers had been detained during the raids in the north.\n\n"
    "The mission said the operation had been planned for weeks."
)


def _db(tmp_path: Path) -> Path:
    db = tmp_path / "review.db"
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("--db", str(db), "ingest", "--published", "2019-05-29", "--no-match", str(article))
    assert result.code == 0, result.err
    return db


def _tuesday(db: Path) -> str | None:
    with sqlite3.connect(db) as conn:
        dates = json.loads(
            conn.execute("SELECT dates FROM claims WHERE text LIKE '%on Tuesday%'").fetchone()[0]
        )
    return next(d["value"] for d in dates if d["text"] == "Tuesday")


def test_edit_is_an_event_and_tuesday_moves_with_the_date(tmp_path: Path) -> None:
    db = _db(tmp_path)
    assert _tuesday(db) == "2019-05-28"  # the Tuesday before Wednesday 29 May 2019
    result = run_cli(
        "--db", str(db), "--reviewer", "ana", "documents", "edit", "1",
        "--outlet", "Balkan Desk", "--published", "2019-06-06", "--url", "https://balkan.example/raids",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "document 1 corrected by ana" in result.out
    assert _tuesday(db) == "2019-06-04"
    [doc] = run_cli("--db", str(db), "documents", "--json").json()  # type: ignore[misc]
    assert (doc["outlet"], doc["published"], doc["url"], doc["version"]) == (
        "Balkan Desk", "2019-06-06", "https://balkan.example/raids", 2
    )  # fmt: skip
    assert doc["meta_sources"]["outlet"] == "edited"
    with sqlite3.connect(db) as conn:
        events = conn.execute(
            "SELECT actor, before, after FROM events WHERE action = 'document.edit'"
        ).fetchall()
    assert len(events) == 1
    before, after = json.loads(events[0][1]), json.loads(events[0][2])
    assert events[0][0] == "ana"
    assert before["published"] == "2019-05-29" and before["outlet"] is None
    assert after["published"] == "2019-06-06" and after["claims_redated"] == 1
    # Re-extraction keeps the corrected date: Tuesday stays the one before 6 June.
    assert run_cli("--db", str(db), "reextract", "--all").code == 0
    assert _tuesday(db) == "2019-06-04"
    verify = run_cli("--db", str(db), "audit", "verify")
    assert verify.code == 0, verify.err


def test_bad_edits_are_one_line_and_change_nothing(tmp_path: Path) -> None:
    db = _db(tmp_path)
    cases = [
        (("documents", "edit", "1", "--outlet", "X"), "who is acting?"),
        (("--reviewer", "ana", "documents", "edit", "1", "--published", "soon"), "is not a date"),
        (
            ("--reviewer", "ana", "documents", "edit", "1", "--url", "javascript:alert(1)"),
            "not an http(s) address",
        ),
        (("--reviewer", "ana", "documents", "edit", "9", "--outlet", "X"), "no document with id 9"),
        (("--reviewer", "ana", "documents", "edit", "1"), "nothing to change"),
        (
            ("--reviewer", "ana", "documents", "edit", "1", "--outlet", "X", "--version", "7"),
            "reload and try again",
        ),
    ]
    for args, message in cases:
        result = run_cli("--db", str(db), *args)
        assert result.code == 1, args
        assert result.err.startswith("workbench: error: ") and message in result.err, result.err
        assert result.err.count("\n") == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE action = 'document.edit'").fetchone() == (0,)
        assert conn.execute("SELECT outlet FROM documents").fetchone() == (None,)


def test_reextract_keeps_a_corrected_date_over_the_texts(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    article = tmp_path / "dated.txt"
    lines = ARTICLE.split("\n\n")
    article.write_text("\n\n".join([lines[0], "May 29, 2019", *lines[1:]]), encoding="utf-8")
    assert run_cli("--db", str(db), "ingest", "--no-match", str(article)).code == 0
    assert _tuesday(db) == "2019-05-28"  # the text's own date
    edit = ("--db", str(db), "--reviewer", "ana", "documents", "edit", "1", "--published", "2019-06-06")
    assert run_cli(*edit).code == 0
    assert _tuesday(db) == "2019-06-04"
    assert run_cli("--db", str(db), "reextract", "--all").code == 0
    assert _tuesday(db) == "2019-06-04"
