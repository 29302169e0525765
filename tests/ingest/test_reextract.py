"""Re-extraction after the extractor changes never orphans a reviewer's work."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import run_cli


def test_reextract_keeps_reviewed_claims_and_refreshes_the_rest(seeded_db: Path) -> None:
    db = str(seeded_db)
    claims = run_cli("--db", db, "claims", "--json").json()
    judged, with_evidence = claims[0]["id"], claims[1]["id"]  # type: ignore[index]
    assert run_cli("--db", db, "verdict", str(judged), "false", "--reviewer", "ana").code == 0
    assert (
        run_cli(
            "--db",
            db,
            "evidence",
            "add",
            str(with_evidence),
            "https://example.org/x",
            "--no-fetch",
            "--reviewer",
            "ana",
        ).code
        == 0
    )
    conn = sqlite3.connect(seeded_db)
    # Pretend an older extractor made these rows: other spans for two claims, a stale extractor version.
    conn.execute("UPDATE claims SET start = start + 1 WHERE id IN (?, ?)", (judged, with_evidence))
    # An unreviewed claim that matching put in a story: re-extraction may drop it, with its derived rows.
    untouched = conn.execute(
        "SELECT claim_id FROM story_claims WHERE claim_id NOT IN (?, ?) LIMIT 1", (judged, with_evidence)
    ).fetchone()[0]
    conn.execute("UPDATE claims SET start = start + 1 WHERE id = ?", (untouched,))
    conn.execute("UPDATE documents SET extractor = 'old'")
    conn.commit()
    conn.close()
    result = run_cli("--db", db, "reextract", "--json")
    assert result.code == 0, result.err
    counts = result.json()
    assert counts["documents"] == 5 and counts["kept"] == 2 and counts["removed"] == 1  # type: ignore[index]
    conn = sqlite3.connect(seeded_db)
    assert conn.execute("SELECT verdict FROM claims WHERE id = ?", (judged,)).fetchone() == ("false",)
    assert conn.execute("SELECT count(*) FROM evidence WHERE claim_id = ?", (with_evidence,)).fetchone() == (
        1,
    )
    assert conn.execute("SELECT count(*) FROM claims WHERE id = ?", (untouched,)).fetchone() == (0,)
    assert conn.execute("SELECT count(DISTINCT extractor) FROM documents").fetchone() == (1,)
    conn.close()
    assert run_cli("--db", db, "audit", "verify").code == 0
