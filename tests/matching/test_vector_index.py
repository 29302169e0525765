"""The approximate vector index (usearch HNSW) against the exact scan, on the seeds' real sentence vectors
in a real review database, with the threshold lowered so a small database takes the approximate path;
its cache file beside the database; the fallback without usearch; caches refreshed on re-encoding."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SEEDS, run_cli
from tests.matching.test_matching_db import _stories
from workbench.actions import meaning_links, nearest, other_outlets, same_claim
from workbench.actions.corrections import set_span
from workbench.store import factchecks as fc_store
from workbench.store.database import open_database
from workbench.text import encoder as enc

pytest.importorskip("usearch")


def _fresh_caches() -> None:
    """Each process keeps one index per database; a test switching paths builds them again."""
    same_claim._INDEXES.clear()
    other_outlets._CACHE.clear()


@pytest.fixture
def reviewed_seeds(tmp_path: Path) -> Iterator[Path]:
    """The seeds with every claim's vector and a verdict on every third claim."""
    db = tmp_path / "seeds.db"
    assert run_cli("--db", str(db), "ingest", str(SEEDS), "--workers", "1").code == 0
    assert run_cli("--db", str(db), "vectors").code == 0
    claims = json.loads(run_cli("--db", str(db), "claims", "--all", "--json").out)
    for claim in claims[::3]:
        out = run_cli("--db", str(db), "verdict", str(claim["id"]), "false", "--reviewer", "ana")
        assert out.code == 0, out.err
    _fresh_caches()
    yield db
    _fresh_caches()


def _approximate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nearest.ANN_FROM_ENV, "1")
    _fresh_caches()


def test_the_approximate_index_finds_the_exact_scans_neighbours(
    reviewed_seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_database(reviewed_seeds) as database:
        exact = meaning_links.load(database.conn)
        _approximate(monkeypatch)
        approximate = meaning_links.load(database.conn)
    assert exact is not None and approximate is not None
    assert not exact.nearest.approximate and approximate.nearest.approximate
    n = len(exact.ids)
    assert n == 80 and list(exact.ids) == list(approximate.ids)
    queries = exact.nearest.vectors(np.arange(n, dtype=np.int64))
    # the index holds the stored int8 codes: its rows are the exact scan's rows
    assert np.allclose(approximate.nearest.vectors(np.arange(n, dtype=np.int64)), queries, atol=1e-6)
    want_rows, want_cos = exact.nearest.search(queries, 10)
    got_rows, got_cos = approximate.nearest.search(queries, 10)
    assert (got_rows == want_rows).all()
    assert np.allclose(got_cos, want_cos, atol=1e-5)
    # story neighbours (other documents only, floor kept) and the claim view's list agree too
    got_pairs, want_pairs = meaning_links.pairs(approximate), meaning_links.pairs(exact)
    assert want_pairs and [p[:2] for p in got_pairs] == [p[:2] for p in want_pairs]
    assert np.allclose([p[2] for p in got_pairs], [p[2] for p in want_pairs], atol=1e-5)
    for row in range(n):
        doc = int(exact.documents[row])
        want = nearest.nearest_in_other_documents(exact.nearest, exact.documents, queries[row], doc, k=20)
        got = nearest.nearest_in_other_documents(
            approximate.nearest, approximate.documents, queries[row], doc, k=20
        )
        assert [w.index for w in got] == [w.index for w in want]


def test_every_build_of_a_small_index_finds_the_exact_top_ten(reviewed_seeds: Path) -> None:
    """Parallel insertion into an empty HNSW graph can strand its first nodes; built again and again on
    the seeds' 80 claims, the index must find each claim's exact ten nearest every time."""
    with open_database(reviewed_seeds) as database:
        blobs = [r[0] for r in database.conn.execute("SELECT vector FROM vectors WHERE kind = 'claim'")]
    exact = nearest.build(blobs, 384)
    assert isinstance(exact, nearest.ExactScan) and len(exact) == 80
    queries = exact.matrix
    want_rows, _ = exact.search(queries, 10)
    for _ in range(100):
        approximate = nearest.build(blobs, 384, exact_up_to=1)
        assert approximate.approximate
        got_rows, _ = approximate.search(queries, 10)
        assert (got_rows == want_rows).all()
        everything, _ = approximate.search(queries[:1], len(blobs))
        assert sorted(everything[0].tolist()) == list(range(len(blobs)))


def _similar(db: Path, texts: list[str]) -> list[dict[str, object]]:
    out = run_cli("--db", str(db), "similar", *texts, "--json", "--limit", "5")
    assert out.code == 0, out.err
    return [json.loads(line) for line in out.out.splitlines()]


def _listed(found: list[other_outlets.OtherOutletClaim]) -> list[tuple[int, float, bool]]:
    return [(o.id, round(o.similarity, 5), o.same_story) for o in found]


def test_similar_and_other_outlets_are_the_same_through_the_approximate_index(
    reviewed_seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [
        "Serbia put its army on full alert",
        "A man was hurt when the police arrested him",
        "Kosovo police detained several Serbs",
    ]
    exact = _similar(reviewed_seeds, texts)
    encoder = same_claim.shared_encoder()
    assert encoder is not None
    with open_database(reviewed_seeds) as database:
        ids = [int(i) for i in other_outlets.claim_vectors(database, encoder).ids]
        exact_lists = [
            _listed(other_outlets.similar_in_other_outlets(database, i, encoder=encoder)) for i in ids
        ]
        assert not other_outlets.claim_vectors(database, encoder).nearest.approximate
    _approximate(monkeypatch)
    assert _similar(reviewed_seeds, texts) == exact
    assert any(m["kind"] == "claim" for line in exact for m in line["matches"])  # type: ignore[attr-defined]
    with open_database(reviewed_seeds) as database:
        assert other_outlets.claim_vectors(database, encoder).nearest.approximate
        assert same_claim._vector_index(database, encoder).nearest.approximate
        got = [_listed(other_outlets.similar_in_other_outlets(database, i, encoder=encoder)) for i in ids]
        assert got == exact_lists and any(exact_lists)
    # the indexes are cached beside the database, one file per set
    cached = sorted(p.name.split("-")[0] for p in Path(f"{reviewed_seeds}.ann").glob("*.usearch"))
    assert cached == ["claims", "reviewed"]


def test_a_full_run_groups_the_same_stories_through_the_approximate_index(
    reviewed_seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stories() -> list[list[int]]:
        return sorted(sorted(s["claims"]) for s in _stories(reviewed_seeds))

    assert run_cli("--db", str(reviewed_seeds), "match", "--full").code == 0
    exact = stories()
    _approximate(monkeypatch)
    assert run_cli("--db", str(reviewed_seeds), "match", "--full").code == 0
    assert stories() == exact and any(len(s) > 1 for s in exact)
    assert list(Path(f"{reviewed_seeds}.ann").glob("claims-*.usearch"))


def test_the_cache_file_is_reused_and_replaced_when_vectors_change(
    reviewed_seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _approximate(monkeypatch)
    folder = Path(f"{reviewed_seeds}.ann")
    encoder = same_claim.shared_encoder()
    assert encoder is not None
    with open_database(reviewed_seeds) as database:
        other_outlets.claim_vectors(database, encoder)
        (first,) = folder.glob("claims-*.usearch")
        os.utime(first, (1, 1))
        _fresh_caches()  # another process: the file is read, not rebuilt
        other_outlets.claim_vectors(database, encoder)
        assert first.stat().st_mtime == 1
        # new vectors: another generation, another file, the old one gone
        some = fc_store.claim_vectors(database.conn, encoder.name)[0]
        with database.write_unit() as conn:
            fc_store.store_vectors(conn, encoder.name, [("claim", some[0], "text", "x", some[2])])
        other_outlets.claim_vectors(database, encoder)
        (second,) = folder.glob("claims-*.usearch")
        assert second != first and second.stat().st_mtime > 1


def test_without_usearch_the_exact_scan_runs_and_says_so_once(reviewed_seeds: Path, tmp_path: Path) -> None:
    exact = _similar(reviewed_seeds, ["Serbia put its army on full alert", "Kosovo police detained Serbs"])
    blocked = (
        "import sys; sys.modules['usearch'] = None; "  # as if not installed: importing it fails
        "from workbench.cli import main; raise SystemExit(main(sys.argv[1:]))"
    )
    env = {**os.environ, nearest.ANN_FROM_ENV: "1"}
    args = ["--db", str(reviewed_seeds), "similar", "Serbia put its army on full alert"]
    done = subprocess.run(
        [sys.executable, "-c", blocked, *args, "Kosovo police detained Serbs", "--json", "--limit", "5"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == exact
    assert done.stderr.count("usearch is not installed") == 1
    assert "scanning every vector instead" in done.stderr
    assert not Path(f"{reviewed_seeds}.ann").exists()
    # below the threshold nothing is said, with or without usearch
    quiet = subprocess.run(
        [sys.executable, "-c", blocked, *args, "--json"],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != nearest.ANN_FROM_ENV},
        timeout=300,
    )
    assert quiet.returncode == 0 and "usearch" not in quiet.stderr


def test_the_claim_views_vectors_refresh_when_a_corrected_claim_is_encoded_again(
    reviewed_seeds: Path,
) -> None:
    """A span correction changes a claim's text; `workbench vectors` encodes it again (the count of
    vectors stays the same) and the claim view's cached vectors show the new one at once."""
    encoder = same_claim.shared_encoder()
    assert encoder is not None
    with open_database(reviewed_seeds) as database:
        before = other_outlets.claim_vectors(database, encoder)
        claim_id = int(before.ids[0])
        row = database.conn.execute('SELECT start, "end" FROM claims WHERE id = ?', (claim_id,)).fetchone()
        count = fc_store.vector_count(database.conn, encoder.name)
        set_span(database, claim_id, int(row[0]), int(row[1]) - 10, actor="ana")
        assert other_outlets.fill_claim_vectors(database, encoder) == 1
        assert fc_store.vector_count(database.conn, encoder.name) == count
        after = other_outlets.claim_vectors(database, encoder)
        assert after is not before
        text = database.conn.execute("SELECT text FROM claims WHERE id = ?", (claim_id,)).fetchone()[0]
        new = enc.from_blob(enc.to_blob(encoder.encode([text])[0]))
        at = np.array([after.row_of[claim_id]], dtype=np.int64)
        assert np.allclose(after.nearest.vectors(at)[0], new, atol=1e-6)
        assert not np.allclose(before.nearest.vectors(at)[0], new, atol=1e-3)
        assert other_outlets.claim_vectors(database, encoder) is after  # nothing new: the same object
