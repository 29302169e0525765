"""BM25 candidates among reviewed claims: ranking in the FTS index alone first (then testing verdicts)
finds what the query joining claims finds, on the seeds in a real review database."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli
from workbench.store import factchecks as fc_store
from workbench.store.database import open_database
from workbench.text.matching import same_claim

JOINED = (
    "SELECT c.id, bm25(claims_fts) FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid "
    "WHERE claims_fts MATCH ? AND c.verdict IS NOT NULL ORDER BY bm25(claims_fts) LIMIT ?"
)


@pytest.fixture(scope="module")
def reviewed_every_third(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("bm25") / "seeds.db"
    assert run_cli("--db", str(db), "ingest", str(SEEDS), "--workers", "1").code == 0
    claims = json.loads(run_cli("--db", str(db), "claims", "--all", "--json").out)
    for claim in claims[::3]:
        out = run_cli("--db", str(db), "verdict", str(claim["id"]), "false", "--reviewer", "ana")
        assert out.code == 0, out.err
    yield db


def _queries(conn: sqlite3.Connection) -> list[str]:
    """Every claim's text, and its first half (fewer words: other claims rank near it)."""
    texts = [str(r[0]) for r in conn.execute("SELECT text FROM claims ORDER BY id")]
    return texts + [" ".join(t.split()[: max(1, len(t.split()) // 2)]) for t in texts]


def _assert_nothing_lost(got: dict[int, float], want: dict[int, float]) -> None:
    # ties at the k-th score may be cut either way; any better match must be there with its score
    assert sorted(round(s, 9) for s in got.values()) == sorted(round(s, 9) for s in want.values())
    cut = max(want.values(), default=0.0)
    for claim_id, score in want.items():
        if score < cut - 1e-9:
            assert got.get(claim_id) == pytest.approx(score)


def _compare(db: Path, share: float | None, k: int) -> set[str]:
    """Each query's candidates against the joined query's; which paths were taken."""
    statements: list[str] = []
    paths: set[str] = set()
    compared = 0
    with open_database(db) as database:
        conn = database.conn
        assert conn.execute("SELECT count(*) FROM claims WHERE verdict IS NOT NULL").fetchone()[0] > 20
        conn.set_trace_callback(statements.append)
        for text in _queries(conn):
            fts = same_claim.fts_query(text)
            if not fts:
                continue
            want = {int(r[0]): float(r[1]) for r in conn.execute(JOINED, (fts, k))}
            statements.clear()
            got = fc_store.bm25_reviewed_claims(conn, fts, k, share)
            _assert_nothing_lost(got, want)
            compared += bool(want)
            ranked_alone = any("json_each" in s for s in statements)
            joined = any("JOIN claims" in s for s in statements)
            paths.add("joined" if not ranked_alone else "fell back" if joined else "alone")
        conn.set_trace_callback(None)
    assert compared > 50
    return paths


@pytest.mark.parametrize("share", [None, 1.0, 0.34, 0.05])
@pytest.mark.parametrize("k", [1, 3, 50])
def test_ranking_alone_first_loses_no_match_of_the_joined_query(
    reviewed_every_third: Path, share: float | None, k: int
) -> None:
    paths = _compare(reviewed_every_third, share, k)
    assert ("joined" in paths) == (share is None)


def test_too_few_reviewed_among_the_best_falls_back_to_the_joined_query(reviewed_every_third: Path) -> None:
    # a third of the claims reviewed but the share said to be all: 6 best matches ranked for k=3
    assert _compare(reviewed_every_third, 1.0, 3) == {"alone", "fell back"}
