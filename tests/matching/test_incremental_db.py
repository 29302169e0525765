"""Incremental matching over the review database: documents added later are matched against the stored
claims they could match, growing stories and names, with the same result a full run gives."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEEDS, run_cli
from workbench.actions.match_incremental import TOKEN_CAP, _plan
from workbench.store.database import open_database

FIRST = ("000_24d4c95b88186933.txt", "003_6c9cbda01d2f2d56.txt")
LATER = ("001_30b9182e00ee7e70.txt", "002_ec97de5c950c74ab.txt", "004_780c27eb3452555a.txt")


def _copy(names: tuple[str, ...], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def _ingest(db: Path, folder: Path) -> None:
    result = run_cli("--db", str(db), "ingest", str(folder), "--workers", "1")
    assert result.code == 0, result.err


def _results(db: Path) -> tuple[set[Any], set[Any], set[Any]]:
    """(stories as claim sets with strength, names as variant sets with document counts, speaker links)."""
    stories = run_cli("--db", str(db), "stories", "--json").json()
    names = run_cli("--db", str(db), "names", "--json").json()
    conn = sqlite3.connect(db)
    speakers = {
        tuple(r[0] for r in conn.execute("SELECT claim_id FROM speaker_claims WHERE speaker_id = ?", (s,)))
        for (s,) in conn.execute("SELECT id FROM speakers WHERE documents >= 2")
    }
    conn.close()
    return (
        {(frozenset(s["claims"]), s["strength"]) for s in stories},  # type: ignore[union-attr]
        {(frozenset(n["variants"]), n["documents"]) for n in names},  # type: ignore[union-attr]
        speakers,
    )


def _actions(db: Path) -> list[str]:
    return [e["action"] for e in run_cli("--db", str(db), "audit", "log", "--json").json()]  # type: ignore[union-attr]


def _claim_id(db: Path, prefix: str) -> int:
    claims = run_cli("--db", str(db), "claims", "--all", "--json").json()
    return next(c["id"] for c in claims if c["text"].startswith(prefix))  # type: ignore[union-attr]


def test_later_documents_grow_the_stored_results_as_a_full_run_would(tmp_path: Path, db_path: Path) -> None:
    _ingest(db_path, _copy(FIRST, tmp_path / "first"))
    assert _actions(db_path).count("match.run") == 1
    _ingest(db_path, _copy(LATER, tmp_path / "later"))
    assert _actions(db_path).count("match.add") == 1, "the second ingest matched incrementally"
    grown = _results(db_path)
    # the RT / Moscow Times / Global Research detention story formed across the two batches
    rt = _claim_id(db_path, "At least 19 people were detained")
    story = next(s for s, _ in grown[0] if rt in s)
    assert len(story) >= 3
    assert any("Krasnoshchenkov" in v for vs, _ in grown[1] for v in vs)
    assert grown[2], "TASS's two Botsan-Kharchenko articles are linked by speaker"
    assert (
        run_cli("--db", str(db_path), "match", "--full").code == 0
    )  # a full run from scratch over the same claims
    assert _results(db_path) == grown
    assert run_cli("--db", str(db_path), "audit", "verify").code == 0


def test_an_incremental_run_reads_only_candidates(tmp_path: Path, db_path: Path) -> None:
    _ingest(db_path, _copy((*FIRST, *LATER[1:]), tmp_path / "first"))
    second = _copy(LATER[:1], tmp_path / "second")  # The Moscow Times
    result = run_cli("--db", str(db_path), "ingest", str(second), "--workers", "1", "--no-match")
    assert result.code == 0, result.err
    with open_database(db_path) as database:
        through = database.conn.execute("SELECT value FROM meta WHERE key = 'match_through'").fetchone()
        stored = database.conn.execute("SELECT count(*) FROM claims WHERE id <= ?", (through[0],)).fetchone()
        plan = _plan(database.conn, int(through[0]))
    assert plan.new and 0 < plan.candidates < stored[0]
    assert plan.growth.upserts, "the new claims joined or formed stories"


def test_a_split_holds_when_later_documents_join_the_story(tmp_path: Path, db_path: Path) -> None:
    _ingest(db_path, _copy(("000_24d4c95b88186933.txt", "002_ec97de5c950c74ab.txt"), tmp_path / "a"))
    rt = _claim_id(db_path, "At least 19 people were detained")
    gr = _claim_id(db_path, "ROSU units, reportedly supported by over 70 vehicles")
    stories = run_cli("--db", str(db_path), "stories", "--json").json()
    assert any({rt, gr} <= set(s["claims"]) for s in stories)  # type: ignore[union-attr]
    assert run_cli("--db", str(db_path), "stories", "split", str(gr), "--reviewer", "ana").code == 0
    _ingest(db_path, _copy(("001_30b9182e00ee7e70.txt",), tmp_path / "b"))  # The Moscow Times joins
    stories = run_cli("--db", str(db_path), "stories", "--json").json()
    story = next(s for s in stories if rt in s["claims"])  # type: ignore[union-attr]
    assert gr not in story["claims"] and len(story["outlets"]) >= 2
    assert _actions(db_path)[-1] == "match.add"


def test_merge_and_split_apply_in_place_without_a_full_run(seeded_db: Path) -> None:
    db = str(seeded_db)
    runs = _actions(seeded_db).count("match.run")
    rt = _claim_id(seeded_db, "At least 19 people were detained")
    other = _claim_id(seeded_db, "The targeted area is 90 percent populated by Serbs")
    assert run_cli("--db", db, "stories", "merge", str(rt), str(other), "--reviewer", "ana").code == 0
    stories = run_cli("--db", db, "stories", "--json").json()
    merged = next(s for s in stories if rt in s["claims"])  # type: ignore[union-attr]
    assert other in merged["claims"]
    assert run_cli("--db", db, "stories", "split", str(other), "--reviewer", "ana").code == 0
    stories = run_cli("--db", db, "stories", "--json").json()
    assert other not in next(s for s in stories if rt in s["claims"])["claims"]  # type: ignore[union-attr]
    assert _actions(seeded_db).count("match.run") == runs
    # a merge over a reviewer's split is refused with a reason, not silently ignored
    events = _actions(seeded_db)
    assert events.count("match.split") == 1, "a split is one decision, one event"
    result = run_cli("--db", db, "stories", "merge", str(rt), str(other), "--reviewer", "ana")
    assert result.code == 1 and "split" in result.err
    assert _actions(seeded_db) == events, "a refused merge records nothing"


def test_two_processes_ingesting_at_once_leave_every_claim_matched(tmp_path: Path, db_path: Path) -> None:
    _ingest(db_path, _copy(FIRST, tmp_path / "first"))
    folders = [_copy((name,), tmp_path / f"p{i}") for i, name in enumerate(LATER)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "workbench", "--db", str(db_path), "ingest", str(f), "--workers", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=Path(__file__).resolve().parents[2],
        )
        for f in folders
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    conn = sqlite3.connect(db_path)
    through = int(conn.execute("SELECT value FROM meta WHERE key = 'match_through'").fetchone()[0])
    assert through == conn.execute("SELECT max(id) FROM claims").fetchone()[0]
    conn.close()
    grown = _results(db_path)
    assert run_cli("--db", str(db_path), "match", "--full").code == 0
    full = _results(db_path)
    # One document at a time, words are keyed by their rarity at the time, so a weak "possible" link
    # can differ from a full run; the stories themselves, names and speakers may not.
    assert {s for s in grown[0] if s[1] != "possible"} == {s for s in full[0] if s[1] != "possible"}
    assert grown[1:] == full[1:]


@pytest.mark.parametrize("when", ["before", "after"])
def test_reextract_keeps_matching_state_consistent(tmp_path: Path, db_path: Path, when: str) -> None:
    _ingest(db_path, _copy(FIRST, tmp_path / "first"))
    if when == "after":
        _ingest(db_path, _copy(LATER, tmp_path / "later"))
    result = run_cli("--db", str(db_path), "reextract", "--all")
    assert result.code == 0, result.err
    conn = sqlite3.connect(db_path)
    orphans = (
        conn.execute(
            "SELECT count(*) FROM speaker_claims WHERE claim_id NOT IN (SELECT id FROM claims)"
        ).fetchone()[0]
        + conn.execute(
            "SELECT count(*) FROM match_events WHERE claim_id NOT IN (SELECT id FROM claims)"
        ).fetchone()[0]
    )
    conn.close()
    assert orphans == 0


def test_match_matches_only_what_is_new_and_is_silent_when_nothing_is(tmp_path: Path, db_path: Path) -> None:
    _ingest(db_path, _copy(FIRST, tmp_path / "first"))
    later = _copy(LATER, tmp_path / "later")
    assert run_cli("--db", str(db_path), "ingest", str(later), "--workers", "1", "--no-match").code == 0
    result = run_cli("--db", str(db_path), "match")
    assert result.code == 0 and "new claims matched" in result.out
    events = len(_actions(db_path))
    again = run_cli("--db", str(db_path), "match", "--json")
    assert again.code == 0 and again.json()["matched"] == 0  # type: ignore[index]
    assert len(_actions(db_path)) == events, "no change, no audit event"


def test_a_line_of_common_words_finds_its_copy_among_stored_claims(tmp_path: Path, db_path: Path) -> None:
    line = "Revs 1.1 mln vs 1.0 mln"  # a Reuters earnings line
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.txt").write_text(line + "\n", encoding="utf-8")
    for k in range(2, 2 + TOKEN_CAP + 10):  # other companies' lines: every word of the line is common
        (first / f"o{k}.txt").write_text(f"Revs {k}.1 mln vs 1.0 mln\n", encoding="utf-8")
    _ingest(db_path, first)
    later = tmp_path / "later"
    later.mkdir()
    (later / "b.txt").write_text(f"{line}\n\nNote: figures unaudited.\n", encoding="utf-8")
    _ingest(db_path, later)
    assert _actions(db_path)[-1] == "match.add"
    stories = run_cli("--db", str(db_path), "stories", "--json").json()
    texts = run_cli("--db", str(db_path), "claims", "--all", "--json").json()
    by_id = {c["id"]: c["text"] for c in texts}  # type: ignore[union-attr]
    with_line = [s for s in stories if any(by_id[i] == line for i in s["claims"])]  # type: ignore[union-attr]
    assert len(with_line) == 1 and [by_id[i] for i in with_line[0]["claims"]] == [line, line]


def test_full_runs_and_ingests_at_once_leave_every_claim_matched(tmp_path: Path, db_path: Path) -> None:
    _ingest(db_path, _copy(FIRST, tmp_path / "first"))
    repo = Path(__file__).resolve().parents[2]
    cli = [sys.executable, "-m", "workbench", "--db", str(db_path)]
    full = subprocess.Popen(
        ["bash", "-c", " && ".join([" ".join([*cli, "match", "--full"])] * 4)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=repo,
    )
    for i, name in enumerate(LATER):  # while the full runs go on, documents arrive one by one
        folder = _copy((name,), tmp_path / f"p{i}")
        done = subprocess.run([*cli, "ingest", str(folder), "--workers", "1"], capture_output=True, cwd=repo)
        assert done.returncode == 0, done.stderr.decode()
    _, err = full.communicate(timeout=300)
    assert full.returncode == 0, err.decode()
    conn = sqlite3.connect(db_path)
    through = int(conn.execute("SELECT value FROM meta WHERE key = 'match_through'").fetchone()[0])
    newest = conn.execute("SELECT max(id) FROM claims").fetchone()[0]
    orphans = conn.execute("SELECT count(*) FROM story_claims WHERE claim_id NOT IN (SELECT id FROM claims)")
    assert through == newest and orphans.fetchone()[0] == 0
    conn.close()
    grown = _results(db_path)
    assert run_cli("--db", str(db_path), "match", "--full").code == 0
    full_run = _results(db_path)
    assert {s for s in grown[0] if s[1] != "possible"} == {s for s in full_run[0] if s[1] != "possible"}
    assert run_cli("--db", str(db_path), "audit", "verify").code == 0
