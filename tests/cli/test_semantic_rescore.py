"""`workbench vectors` gives claims with a stored vector the semantic part of their score (real CLI, real DB)."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

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
    ids = sorted(before)[:2]
    for claim_id in ids:  # matching stores vectors for reviewed claims
        done = run_cli("--db", str(seeded_db), "verdict", str(claim_id), "false", "--reviewer", "ana")
        assert done.code == 0, done.err
    out = run_cli("--db", str(seeded_db), "--reviewer", "ana", "vectors", "--json")
    assert out.code == 0, out.err
    summary = json.loads(out.out)
    assert summary["encoded"] == 2 and summary["rescored"] == 2, summary
    after = _claims(seeded_db)
    for claim_id, (score, flag, reasons) in after.items():
        semantic = [r for r in reasons if r["feature"] == "semantic"]
        if claim_id not in ids:
            assert (score, flag, reasons) == before[claim_id]
            continue
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
    assert len(events) == 1 and events[0]["after"]["claims"] == 2, events
    verify = run_cli("--db", str(seeded_db), "audit", "verify")
    assert verify.code == 0, verify.out + verify.err
