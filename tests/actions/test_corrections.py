"""Corrections of speaker and span: audited, undoable, the original extraction kept, offsets exact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from workbench.actions import corrections, review
from workbench.actions.reextract import reextract
from workbench.errors import ConflictError, InputError
from workbench.store.database import ReviewDatabase, open_database


def _claim(database: ReviewDatabase, like: str) -> int:
    return int(database.conn.execute("SELECT id FROM claims WHERE text LIKE ?", (like + "%",)).fetchone()[0])


def _holds(database: ReviewDatabase, claim_id: int) -> None:
    start, end, text, doc = database.conn.execute(
        'SELECT c.start, c."end", c.text, d.text FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = ?',
        (claim_id,),
    ).fetchone()
    assert doc[start:end] == text


def _events(
    database: ReviewDatabase, claim_id: int
) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    rows = database.conn.execute(
        "SELECT action, before, after FROM events WHERE claim_id = ? ORDER BY id", (claim_id,)
    ).fetchall()
    return [(r[0], json.loads(r[1] or "null"), json.loads(r[2] or "null")) for r in rows]


def test_speaker_correction_is_audited_undoable_and_keeps_the_extraction(seeded_db: Path) -> None:
    with open_database(seeded_db) as database:
        claim_id = _claim(database, "At least 19 people were detained")
        before = database.conn.execute(
            "SELECT speaker, version FROM claims WHERE id = ?", (claim_id,)
        ).fetchone()
        choices = corrections.speaker_choices(database, claim_id)
        assert choices[0] == corrections.NO_SPEAKER and "Mikhail Krasnoshchekov" in choices
        row = corrections.correct_speaker(
            database, claim_id, "Mikhail Krasnoshchekov", actor="ana", expected_version=before[1]
        )
        assert row.speaker == "Mikhail Krasnoshchekov" and row.attribution_method == "reviewer"
        doc = database.conn.execute("SELECT text FROM documents WHERE id = ?", (row.document_id,)).fetchone()[
            0
        ]
        assert row.speaker_start is not None and doc[row.speaker_start : row.speaker_end] == row.speaker
        action, was, now = _events(database, claim_id)[-1]
        assert action == "claim.speaker" and was["speaker"] == before[0] and now["speaker"] == row.speaker
        assert corrections.original_extraction(database, claim_id)["speaker"] == before[0]  # type: ignore[index]
        with pytest.raises(ConflictError):  # a stale version is refused, never overwritten
            corrections.correct_speaker(database, claim_id, "ROSU", actor="bo", expected_version=before[1])
        none = corrections.correct_speaker(database, claim_id, corrections.NO_SPEAKER, actor="ana")
        assert none.speaker is None and none.speaker_start is None
        review.undo_last(database, actor="ana")
        assert database.conn.execute("SELECT speaker FROM claims WHERE id = ?", (claim_id,)).fetchone()[
            0
        ] == ("Mikhail Krasnoshchekov")


def test_span_extend_and_trim_keep_offsets_exact(seeded_db: Path) -> None:
    with open_database(seeded_db) as database:
        claim_id = _claim(database, "At least 19 people were detained")
        original = database.conn.execute(
            'SELECT start, "end", text FROM claims WHERE id = ?', (claim_id,)
        ).fetchone()
        grown = corrections.extend_span(database, claim_id, "next", actor="ana")
        assert grown.start == original[0] and grown.end > original[1] and grown.text.startswith(original[2])
        _holds(database, claim_id)
        grown = corrections.extend_span(database, claim_id, "previous", actor="ana")
        assert grown.start < original[0]
        _holds(database, claim_id)
        trimmed = corrections.trim_span(database, claim_id, "At least 19 people were detained", actor="ana")
        assert trimmed.text == "At least 19 people were detained" and trimmed.start == original[0]
        _holds(database, claim_id)
        kept = corrections.original_extraction(database, claim_id)
        assert kept is not None and (kept["start"], kept["end"], kept["text"]) == tuple(original)
        actions = [a for a, _, _ in _events(database, claim_id)]
        assert actions == ["claim.span", "claim.span", "claim.span"]
        with pytest.raises(InputError, match="not part of the claim"):
            corrections.trim_span(database, claim_id, "nineteen", actor="ana")
        review.undo_last(database, actor="ana")
        assert (
            database.conn.execute("SELECT text FROM claims WHERE id = ?", (claim_id,)).fetchone()[0]
            == grown.text
        )
        _holds(database, claim_id)


def test_reextract_keeps_corrections(seeded_db: Path) -> None:
    with open_database(seeded_db) as database:
        claim_id = _claim(database, "At least 19 people were detained")
        corrections.correct_speaker(database, claim_id, "ROSU", actor="ana")
        corrections.extend_span(database, claim_id, "next", actor="ana")
        row = database.conn.execute(
            'SELECT start, "end", speaker FROM claims WHERE id = ?', (claim_id,)
        ).fetchone()
        count = database.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        reextract(database, actor="system", force=True)
        assert (
            database.conn.execute(
                'SELECT start, "end", speaker FROM claims WHERE id = ?', (claim_id,)
            ).fetchone()
            == row
        )
        assert database.conn.execute("SELECT count(*) FROM claims").fetchone()[0] == count
        _holds(database, claim_id)


def test_cli_corrections(seeded_db: Path) -> None:
    db = str(seeded_db)
    claim_id = json.loads(run_cli("--db", db, "claims", "--search", "At least 19 people", "--json").out)[0][
        "id"
    ]
    out = run_cli(
        "--db",
        db,
        "correct",
        "speaker",
        str(claim_id),
        "Mikhail Krasnoshchekov",
        "--reviewer",
        "ana",
        "--json",
    )
    assert out.code == 0, out.err
    assert json.loads(out.out)["speaker"] == "Mikhail Krasnoshchekov"
    out = run_cli("--db", db, "correct", "span", str(claim_id), "--next", "--reviewer", "ana")
    assert out.code == 0, out.err
    shown = json.loads(run_cli("--db", db, "show", str(claim_id), "--json").out)
    assert [e["action"] for e in shown["history"]] == ["claim.speaker", "claim.span"]
    assert shown["original_extraction"]["text"].startswith("At least 19 people were detained")
    bad = run_cli("--db", db, "correct", "span", str(claim_id), "--keep", "not in it", "--reviewer", "ana")
    assert bad.code == 1 and bad.err.startswith("workbench: error: that text is not part of the claim")


def test_a_corrected_speaker_is_not_shown_as_the_one_the_score_used(seeded_db: Path) -> None:
    """The score's attribution reason names the extracted speaker; after a correction the claim view says
    the score was computed at extraction and who the speaker is now, in the TUI and in `show`."""
    from workbench.claim_view import claim_view

    with open_database(seeded_db) as database:
        claim_id = _claim(database, "Vucic said Kurti")
        before = claim_view(database, claim_id)
        attributed = [r for r in before["reasons"] if "speaker: Vucic" in r]
        assert attributed and "scored at extraction" not in attributed[0]
        corrections.correct_speaker(database, claim_id, "Kurti", actor="ana")
        after = [r for r in claim_view(database, claim_id)["reasons"] if "speaker: Vucic" in r]
        assert after == [attributed[0] + " (scored at extraction; the speaker is now Kurti)"]
        corrections.correct_speaker(database, claim_id, "Vucic", actor="ana")
        assert [r for r in claim_view(database, claim_id)["reasons"] if "speaker: Vucic" in r] == attributed
