"""`factchecks import`, `factchecks`, `vectors` and `similar` through the real CLI on real databases."""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import run_cli
from workbench import queries
from workbench.actions import other_outlets, same_claim
from workbench.store.database import open_database
from workbench.text.encoder import from_blob

FEED = {
    "@context": "https://schema.org",
    "@type": "DataFeed",
    "dataFeedElement": [
        {
            "@type": "DataFeedItem",
            "item": [
                {
                    "@type": "ClaimReview",
                    "url": "https://fc.example/1",
                    "claimReviewed": "Unemployment fell to its lowest level in fifty years.",
                    "author": {"@type": "Organization", "name": "Example Check"},
                    "datePublished": "2024-03-01",
                    "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
                },
                {
                    "@type": "ClaimReview",
                    "url": "https://fc.example/2",
                    "claimReviewed": "Crime in London doubled since 2010.",
                    "author": {"@type": "Organization", "name": "Example Check"},
                    "reviewRating": {"@type": "Rating", "alternateName": "False"},
                },
            ],
        }
    ],
}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "feed.json").write_text(json.dumps(FEED), encoding="utf-8")
    (tmp_path / "more.csv").write_text(
        'claim,rating,url,publisher\n"Bread prices rose 40 percent in 2023",Misleading,https://x.example/b,X\n'
        '"Crime in London doubled since 2010.",False,https://fc.example/2,Example Check\n',
        encoding="utf-8",
    )
    return tmp_path


def cli(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    out = run_cli("--db", str(db), "--reviewer", "ana", *args, stdin=stdin)
    return out.code, out.out, out.err


def test_import_is_audited_and_idempotent(files: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    code, out, err = cli(
        db, "factchecks", "import", str(files / "feed.json"), str(files / "more.csv"), "--json"
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(r["format"], r["items"], r["added"]) for r in lines] == [("claimreview", 2, 2), ("csv", 2, 1)]
    code, out, _ = cli(db, "factchecks", "import", str(files / "feed.json"))
    assert code == 0 and "already imported" in out and "nothing added" in out
    code, out, _ = cli(db, "factchecks", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 3
    assert rows[0]["publisher"] == "Example Check" and rows[0]["source"] == str(files / "feed.json")
    verify = run_cli("--db", str(db), "audit", "verify")
    assert verify.code == 0, verify.out + verify.err
    assert "2 event(s) verified" in verify.out


def test_bad_input_is_one_line(files: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    (files / "bad.csv").write_text("name,rating\nx,y\n", encoding="utf-8")
    assert cli(db, "factchecks", "import", str(files / "bad.csv"))[0] != 0  # the database exists from here
    for source, message in [
        ("missing.json", "no such file"),
        (str(files / "bad.csv"), "'claim' column"),
        (str(db), "is the review database itself"),  # reading it would drop this process's SQLite locks
    ]:
        code, _, err = cli(db, "factchecks", "import", source)
        assert code != 0
        assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.fixture
def http_dir(files: Path) -> Iterator[str]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(files))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_import_from_url_is_ssrf_guarded(http_dir: str, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    code, _, err = cli(db, "factchecks", "import", f"{http_dir}/feed.json")
    assert code != 0 and "Traceback" not in err
    code, out, err = cli(db, "factchecks", "import", f"{http_dir}/feed.json", "--allow-private", "--json")
    assert code == 0, err
    assert json.loads(out)["added"] == 2


def test_similar_finds_paraphrases_with_reasons(files: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert cli(db, "factchecks", "import", str(files / "feed.json"), str(files / "more.csv"))[0] == 0
    code, out, err = cli(
        db,
        "similar",
        "--json",
        "--limit",
        "2",
        stdin="Joblessness is at its lowest level in half a century\nThe price of bread went up by 40%\n",
    )
    assert code == 0, err
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["text"] == "Joblessness is at its lowest level in half a century"
    top = first["matches"][0]
    assert top["kind"] == "factcheck" and top["text"].startswith("Unemployment fell")
    assert top["label"] in ("likely the same claim", "possibly"), out
    assert first["matches"][1]["label"] is None
    assert any(w.startswith("meaning similarity") for w in top["why"])
    assert "verdict: Mostly true by Example Check on 2024-03-01" in top["why"]
    assert len(first["matches"]) == 2 and first["matches"][1]["score"] < top["score"]
    # the score is the re-ranker's probability; its why names what raised it most
    assert 0 < top["score"] <= 1 and any(w.startswith("ranked up by: ") for w in top["why"]), top["why"]
    bread = second["matches"][0]
    assert bread["rating"] == "Misleading" and "same figures: 40%" in bread["why"]


def test_similar_includes_our_reviewed_claims(seeded_db: Path) -> None:
    found = run_cli("--db", str(seeded_db), "claims", "--all", "--json")
    claim = json.loads(found.out)[0]
    verdict = run_cli("--db", str(seeded_db), "verdict", str(claim["id"]), "false", "--reviewer", "ana")
    assert verdict.code == 0, verdict.err
    out = run_cli("--db", str(seeded_db), "similar", claim["text"], "--json")
    assert out.code == 0, out.err
    top = json.loads(out.out)["matches"][0]
    assert (top["kind"], top["id"], top["rating"]) == ("claim", claim["id"], "false")


def test_without_the_model_it_is_lexical_and_says_so(
    files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_ENCODER_MODEL", str(tmp_path / "no-such-model.onnx"))
    db = tmp_path / "t.db"
    assert cli(db, "factchecks", "import", str(files / "feed.json"))[0] == 0
    code, out, err = cli(db, "similar", "London crime doubled", "--json")
    assert code == 0, err
    assert err.count("semantic matching off") == 1 and "lexical only" in err
    matches = json.loads(out)["matches"]
    top = matches[0]
    # by words alone, a match is at most "possibly" (token-set ratio >= 70), and says how it was found
    assert top["text"].startswith("Crime in London") and top["label"] == "possibly"
    assert top["why"][0] == "by words only (no sentence model)" and top["similarity"] is None
    assert not any(w.startswith("meaning similarity") for m in matches for w in m["why"])
    assert all(m["label"] is None for m in matches if not m["text"].startswith("Crime in London"))


def _vectors(db: Path) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute("SELECT count(*) FROM vectors WHERE kind = 'factcheck'").fetchone()[0])


def test_a_large_import_stores_first_and_leaves_the_vectors_for_later(
    files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the bound nothing is encoded inline (10k fact-checks took 155 s): the import says how
    to fill the vectors, `similar` still finds the fact-checks by their words (and scores its few
    candidates by meaning), and `workbench vectors` fills them."""
    monkeypatch.setattr(same_claim, "ENCODE_NOW", 2)
    db = tmp_path / "t.db"
    code, out, err = cli(db, "factchecks", "import", str(files / "feed.json"), str(files / "more.csv"))
    assert code == 0, err
    assert _vectors(db) == 0
    assert "3 texts have no sentence vector yet" in err and "`workbench vectors`" in err
    code, out, err = cli(db, "similar", "Joblessness is at its lowest level in half a century", "--json")
    assert code == 0, err
    assert err.count("no sentence vector yet") == 1 and _vectors(db) == 0
    top = json.loads(out)["matches"][0]
    assert top["text"].startswith("Unemployment fell")
    assert any(w.startswith("meaning similarity") for w in top["why"])
    code, out, err = cli(db, "vectors", "--json")
    assert code == 0, err
    assert json.loads(out)["encoded"] == 3 and _vectors(db) == 3
    code, again, err = cli(db, "similar", "Joblessness is at its lowest level in half a century", "--json")
    assert code == 0 and "no sentence vector" not in err
    assert json.loads(again)["matches"][0]["id"] == top["id"]


def test_vectors_threads_is_checked_and_gives_the_same_vectors(
    files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--threads` only changes how fast: two threads store the vectors one thread stores."""
    monkeypatch.setattr(same_claim, "ENCODE_NOW", 0)
    stored: list[dict[str, bytes]] = []
    for threads in ("1", "2"):
        db = tmp_path / f"t{threads}.db"
        code, _, err = cli(db, "factchecks", "import", str(files / "feed.json"), str(files / "more.csv"))
        assert code == 0, err
        code, out, err = cli(db, "vectors", "--json", "--threads", threads)
        assert code == 0, err
        assert json.loads(out)["threads"] == int(threads) and json.loads(out)["encoded"] == 3
        with closing(sqlite3.connect(db)) as conn:
            rows = conn.execute("SELECT kind || item_id || field, vector FROM vectors").fetchall()
            stored.append(dict(rows))
    assert stored[0].keys() == stored[1].keys() and len(stored[0]) == 3
    for key, blob in stored[0].items():
        assert float(from_blob(blob) @ from_blob(stored[1][key])) > 0.999
    code, _, err = cli(tmp_path / "t1.db", "vectors", "--threads", "0")
    assert code != 0 and "--threads must be at least 1" in err and "Traceback" not in err


def test_a_small_import_encodes_at_once_and_vectors_forces_it(
    files: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "t.db"
    code, _, err = cli(db, "factchecks", "import", str(files / "feed.json"))
    assert code == 0 and "no sentence vector" not in err and _vectors(db) == 2
    monkeypatch.setattr(same_claim, "ENCODE_NOW", 0)
    code, _, err = cli(db, "factchecks", "import", str(files / "more.csv"), "--no-vectors")
    assert code == 0 and "no sentence vector" not in err and _vectors(db) == 2
    other = tmp_path / "u.db"
    code, _, err = cli(other, "factchecks", "import", str(files / "more.csv"), "--vectors")
    assert code == 0, err
    assert "2/2 encoded" in err and _vectors(other) == 2


def test_the_workbench_fills_the_fact_checks_an_import_left(files: Path, tmp_path: Path) -> None:
    """The claim view's background filling counts and encodes imported fact-checks too, not only claims
    (with every claim encoded, a large import's fact-checks would otherwise wait for `workbench vectors`)."""
    db = tmp_path / "t.db"
    assert cli(db, "factchecks", "import", str(files / "feed.json"), "--no-vectors")[0] == 0
    with open_database(db) as database:
        encoder = same_claim.shared_encoder()
        assert encoder is not None
        assert other_outlets.missing_vectors(database, encoder) == 2
        assert queries.fill_claim_vectors(database, 1) == (1, 1)
        assert queries.fill_claim_vectors(database, 10) == (1, 0)
    assert _vectors(db) == 2
