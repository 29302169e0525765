"""Matching over the review database: the seed story, names, speakers, and reviewers' decisions that
survive a re-run, each an audit event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import run_cli


def _stories(db: Path) -> list[dict[str, Any]]:
    result = run_cli("--db", str(db), "stories", "--json")
    assert result.code == 0, result.err
    return result.json()  # type: ignore[return-value]


def _claim_id(db: Path, prefix: str) -> int:
    claims = run_cli("--db", str(db), "claims", "--all", "--json").json()
    return next(c["id"] for c in claims if c["text"].startswith(prefix))  # type: ignore[union-attr]


def _story_of(stories: list[dict[str, Any]], claim_id: int) -> dict[str, Any] | None:
    return next((s for s in stories if claim_id in s["claims"]), None)


def test_the_three_detention_reports_are_one_story_with_their_disagreements(seeded_db: Path) -> None:
    rt = _claim_id(seeded_db, "At least 19 people were detained")
    mt = _claim_id(seeded_db, "On Tuesday, Kosovo police arrested 19 police officers")
    gr = _claim_id(seeded_db, "ROSU units, reportedly supported by over 70 vehicles")
    story = _story_of(_stories(seeded_db), rt)
    assert story is not None and {rt, mt, gr} <= set(story["claims"])
    assert set(story) >= {"id", "title", "claims", "outlets", "disagreements"}
    assert {"RT", "The Moscow Times", "Global Research"} <= set(story["outlets"])
    quantity = next(d for d in story["disagreements"] if d["kind"] == "quantity")
    values = {v["claim_id"]: v["value"] for v in quantity["values"]}
    assert values[rt] == "≥19" and values[mt] == "19" and values[gr] == ">12"


def test_name_variants_are_one_name_and_speakers_link_documents(seeded_db: Path) -> None:
    names = run_cli("--db", str(seeded_db), "names", "--json").json()
    assert isinstance(names, list)
    krasno = [n for n in names if any("Krasnoshche" in v for v in n["variants"])]
    assert len(krasno) == 1
    assert {"Mikhail Krasnoshchekov", "Mikhail Krasnoshchenkov"} <= set(krasno[0]["variants"])
    assert set(krasno[0]) >= {"id", "name", "variants", "documents", "mentions"}
    vucic = [n for n in names if n["name"].endswith("Vucic")]
    assert len(vucic) == 1 and "Vucic" in vucic[0]["variants"]


def test_split_and_merge_survive_a_rerun_and_are_audited(seeded_db: Path) -> None:
    db = str(seeded_db)
    rt = _claim_id(seeded_db, "At least 19 people were detained")
    gr = _claim_id(seeded_db, "ROSU units, reportedly supported by over 70 vehicles")
    assert run_cli("--db", db, "stories", "split", str(gr), "--reviewer", "ana").code == 0
    for _ in range(2):  # the split holds however often matching runs again
        story = _story_of(_stories(seeded_db), rt)
        assert story is not None and gr not in story["claims"]
        assert run_cli("--db", db, "match", "--full").code == 0
    unrelated = _claim_id(seeded_db, "The targeted area is 90 percent populated by Serbs")
    assert run_cli("--db", db, "stories", "merge", str(rt), str(unrelated), "--reviewer", "ana").code == 0
    assert run_cli("--db", db, "match", "--full").code == 0
    story = _story_of(_stories(seeded_db), rt)
    assert story is not None and unrelated in story["claims"]
    log = run_cli("--db", db, "audit", "log", "--json").json()
    actions = [e["action"] for e in log]  # type: ignore[union-attr]
    assert "match.split" in actions and "match.merge" in actions and actions.count("match.run") >= 3
    assert run_cli("--db", db, "audit", "verify").code == 0


def test_unlinking_two_names_keeps_them_apart(seeded_db: Path) -> None:
    db = str(seeded_db)
    result = run_cli(
        "--db",
        db,
        "names",
        "unlink",
        "Mikhail Krasnoshchekov",
        "Mikhail Krasnoshchenkov",
        "--reviewer",
        "ana",
    )
    assert result.code == 0, result.err
    names = run_cli("--db", db, "names", "--json").json()
    krasno = [n for n in names if any("Krasnoshchenkov" in v for v in n["variants"])]  # type: ignore[union-attr]
    assert all("Mikhail Krasnoshchekov" not in n["variants"] for n in krasno)


def test_reports_show_the_disagreements(seeded_db: Path) -> None:
    db = str(seeded_db)
    rt = _claim_id(seeded_db, "At least 19 people were detained")
    assert run_cli("--db", db, "verdict", str(rt), "misleading", "--reviewer", "ana").code == 0
    report = run_cli("--db", db, "export", "--format", "jsonl")
    assert report.code == 0
    assert '"kind": "quantity"' in report.out or '"kind":"quantity"' in report.out


def test_the_demo_matches_the_seeds_across_outlets(db_path: Path) -> None:
    assert run_cli("--db", str(db_path), "demo", "--no-tui").code == 0
    stories = _stories(db_path)
    assert any(len(set(s["outlets"])) >= 3 and s["disagreements"] for s in stories)
