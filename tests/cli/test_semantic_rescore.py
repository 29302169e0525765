"""`workbench vectors` gives claims with a stored vector the semantic part of their score (real CLI, real DB)."""

from __future__ import annotations

import json
import math
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import run_cli
from workbench.text.checkworthy import BIAS
from workbench.text.checkworthy_semantic import NEWS_FLOOR


def _claims(db: Path) -> dict[int, tuple[float, int, list[dict[str, object]]]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT id, score, checkworthy, reasons FROM claims").fetchall()
    return {int(r[0]): (float(r[1]), int(r[2]), json.loads(r[3])) for r in rows}


def test_vectors_rescore_claims_once_with_a_reason_naming_training_lines(seeded_db: Path) -> None:
    before = _claims(seeded_db)
    assert not any(r["feature"] == "semantic" for _, _, rs in before.values() for r in rs)
    out = run_cli("--db", str(seeded_db), "--reviewer", "ana", "vectors", "--json")
    assert out.code == 0, out.err
    summary = json.loads(out.out)
    assert summary["encoded"] == len(before) and summary["rescored"] == len(before), summary
    after = _claims(seeded_db)
    for claim_id, (score, flag, reasons) in after.items():
        semantic = [r for r in reasons if r["feature"] == "semantic"]
        assert len(semantic) == 1
        assert str(semantic[0]["detail"]).startswith("meaning ")
        assert "check-worthy debate lines" in str(semantic[0]["detail"])
        logit = BIAS + math.fsum(float(str(r["weight"])) for r in reasons)
        assert math.isclose(logit, math.log(score / (1 - score)), abs_tol=1e-3)
        assert flag == int(score >= NEWS_FLOOR)
        lexical = [r for r in reasons if r["feature"] != "semantic"]
        assert lexical == before[claim_id][2]
    again = run_cli("--db", str(seeded_db), "vectors", "--json")
    assert json.loads(again.out) == {**summary, "encoded": 0, "rescored": 0}
    log = run_cli("--db", str(seeded_db), "audit", "log", "--json")
    events = [e for e in json.loads(log.out) if e["action"] == "claims.rescore"]
    assert len(events) == 1 and events[0]["after"]["claims"] == len(before), events
    verify = run_cli("--db", str(seeded_db), "audit", "verify")
    assert verify.code == 0, verify.out + verify.err


def test_vectors_filled_in_the_background_rescore_too(seeded_db: Path) -> None:
    """The TUI and `demo` fill vectors through ``fill_claim_vectors``: those claims get the part as well."""
    from workbench.actions.other_outlets import fill_claim_vectors
    from workbench.actions.same_claim import fill_vectors, shared_encoder
    from workbench.store.database import open_database

    encoder = shared_encoder(None, None, None)
    assert encoder is not None
    view = json.loads(run_cli("--db", str(seeded_db), "show", "1", "--json").out)
    assert view["score_provisional"] is True  # the model is here but claim 1 has no vector yet
    with open_database(seeded_db) as database:
        # one claim encoded by a step that does not re-score (as if interrupted before it could)
        early: list[int] = []
        assert fill_vectors(database, encoder, all_claims=True, limit=1, encoded_claims=early) == 1
        assert fill_claim_vectors(database, encoder, limit=5) == 5
    with_part = [
        i for i, (_, _, rs) in _claims(seeded_db).items() if any(r["feature"] == "semantic" for r in rs)
    ]
    # only the five just encoded are re-scored (no scan of every stored vector per background batch)
    assert len(with_part) == 5 and early[0] not in with_part
    with sqlite3.connect(seeded_db) as conn:
        actors = conn.execute("SELECT actor FROM events WHERE action = 'claims.rescore'").fetchall()
    assert actors == [("system:ingest",)]
    # `workbench vectors` re-scores every claim still waiting, the interrupted one included
    out = json.loads(run_cli("--db", str(seeded_db), "vectors", "--json").out)
    assert out["rescored"] == len(_claims(seeded_db)) - 5
    view = json.loads(run_cli("--db", str(seeded_db), "show", str(early[0]), "--json").out)
    assert view["score_provisional"] is False
    assert any(r.startswith(("+", "-")) and "check-worthy debate lines" in r for r in view["reasons"])


def test_rescore_in_chunks_is_one_transaction_and_the_same_result(
    seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks keep memory flat on a big database; they must not change the scores or add events."""
    from workbench.actions import rescore
    from workbench.actions.same_claim import fill_vectors, shared_encoder
    from workbench.store.database import open_database

    encoder = shared_encoder(None, None, None)
    assert encoder is not None
    with open_database(seeded_db) as database:
        assert fill_vectors(database, encoder, all_claims=True) == len(_claims(seeded_db))
    whole = tmp_path / "whole.db"
    with closing(sqlite3.connect(seeded_db)) as src, closing(sqlite3.connect(whole)) as dst:
        src.backup(dst)
    results = {}
    for path, chunk in ((whole, 10**6), (seeded_db, 7)):
        monkeypatch.setattr(rescore, "CHUNK", chunk)
        with open_database(path) as database:
            assert rescore.rescore_semantic(database, actor="system:ingest") == len(_claims(path))
        with sqlite3.connect(path) as conn:
            events = conn.execute("SELECT after FROM events WHERE action = 'claims.rescore'").fetchall()
        assert len(events) == 1 and json.loads(events[0][0])["claims"] == len(_claims(path))
        results[chunk] = _claims(path)
    assert results[7] == results[10**6]
    assert len(results[7]) > 7 * 3  # several chunks really ran
