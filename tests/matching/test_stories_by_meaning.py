"""Stories by meaning over the review database: stored claim vectors are one more candidate source for
full and incremental runs (the model is never loaded by matching), with the vetoes kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SEEDS, run_cli
from tests.matching.test_matching_db import _claim_id, _stories, _story_of

ALERT = "Belgrade, which says the operation was a show of force"
TROOPS = "Serbia reacted to the escalation by putting its troops"
KRASNOSHCHEKOV = "Mikhail Krasnoshchekov, a Russian national"
BEAT = "Besides this, the ROSU briefly detained and beat"


def _together(db: Path, a: str, b: str) -> bool:
    story = _story_of(_stories(db), _claim_id(db, a))
    return story is not None and _claim_id(db, b) in story["claims"]


def test_a_full_run_groups_paraphrases_once_vectors_exist(seeded_db: Path) -> None:
    db = str(seeded_db)
    assert not _together(seeded_db, ALERT, TROOPS)  # by words and event keys alone: apart
    assert run_cli("--db", db, "vectors").code == 0
    assert not _together(seeded_db, ALERT, TROOPS)  # vectors are derived data: no regrouping by themselves
    assert run_cli("--db", db, "match", "--full").code == 0
    assert _together(seeded_db, ALERT, TROOPS)
    assert _together(seeded_db, KRASNOSHCHEKOV, BEAT)
    # the wire-copy-style story with its figures is untouched, and differing figures stay apart
    rt = _claim_id(seeded_db, "At least 19 people were detained")
    story = _story_of(_stories(seeded_db), rt)
    assert story is not None
    seven = _claim_id(seeded_db, "The Kosovo police detained seven local Serbs")
    assert seven not in story["claims"]


def test_an_incremental_run_links_new_claims_by_meaning(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    files = sorted(SEEDS.glob("*.txt"))
    for f in files:
        shutil.copy(f, (second if f.name.startswith("002_") else first) / f.name)
    db = tmp_path / "t.db"
    assert run_cli("--db", str(db), "ingest", str(first), "--workers", "1").code == 0
    assert run_cli("--db", str(db), "ingest", str(second), "--workers", "1", "--no-match").code == 0
    assert run_cli("--db", str(db), "vectors").code == 0
    result = run_cli("--db", str(db), "match")  # incremental: the new document's claims only
    assert result.code == 0, result.err
    assert _together(db, ALERT, TROOPS)
    assert run_cli("--db", str(db), "audit", "verify").code == 0
