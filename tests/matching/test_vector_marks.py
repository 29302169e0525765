"""Vector marks (migration 0017) on real database files with the real sentence encoder: they rise after a
complete fill and only over what a limited one covered; a change below a mark (a claim's text, a first
verdict, a fact-check edited or inserted) lowers it, so the text is found and encoded again; another
model's marks are never taken for this one's. What the marks let a scan skip is checked against the
full scan each time."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.actions import other_outlets, same_claim
from workbench.actions.corrections import set_span
from workbench.actions.ingest import ingest_paths
from workbench.actions.review import set_verdict
from workbench.store import factchecks as fc_store
from workbench.store import vector_marks
from workbench.store.database import ReviewDatabase, open_database
from workbench.text import encoder as enc

ARTICLES = {
    "budget.txt": (
        "Budget day\n\nThe minister said unemployment fell to 4.1 percent in March. "
        "Officials claimed that 12,000 new homes were built in 2023. "
        "The opposition said bread prices rose 40 percent in a single year.\n"
    ),
    "crime.txt": (
        "Crime figures\n\nThe mayor said crime in the city doubled since 2010. "
        "Police reported 3,400 burglaries last year, down from 5,100. "
        "A spokesman claimed the force hired 900 officers in 2022.\n"
    ),
}

FACTCHECKS = [
    {"claim": "Unemployment fell to its lowest level in fifty years.", "title": "Jobs claim checked"},
    {"claim": "Crime in London doubled since 2010.", "title": "Crime claim checked"},
    {"claim": "Bread prices rose 40 percent in 2023."},
    {"claim": "The force hired 900 new officers.", "title": "Police numbers"},
]


@pytest.fixture(scope="module")
def encoder() -> enc.SentenceEncoder:
    model = same_claim.shared_encoder()
    assert model is not None, enc.unavailable_message()
    return model


@pytest.fixture
def database(tmp_path: Path) -> Iterator[ReviewDatabase]:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    feed = tmp_path / "factchecks.jsonl"
    feed.write_text("\n".join(json.dumps(row) for row in FACTCHECKS), encoding="utf-8")
    with open_database(tmp_path / "marks.db") as db:
        ingest_paths(db, [str(folder)], workers=1)
        same_claim.import_factchecks(db, str(feed), actor="ana")
        assert _claim_ids(db), "the articles gave no claims"
        yield db


def _claim_ids(db: ReviewDatabase) -> list[int]:
    return [int(r[0]) for r in db.conn.execute("SELECT id FROM claims ORDER BY id")]


def _marks(db: ReviewDatabase, model: enc.SentenceEncoder) -> vector_marks.Marks:
    return vector_marks.read(db.conn, model.name)


def _full_scan(db: ReviewDatabase, model: enc.SentenceEncoder, *, all_claims: bool = True) -> set[tuple]:
    """What the full scan (no marks) finds waiting: the truth the marks must agree with."""
    return set(fc_store.texts_to_encode(db.conn, model.name, all_claims=all_claims).texts)


def _full_missing(db: ReviewDatabase, model: enc.SentenceEncoder) -> int:
    return fc_store.claims_without_vector(db.conn, model.name) + fc_store.factcheck_texts_without_vector(
        db.conn, model.name
    )


def _texts(db: ReviewDatabase) -> int:
    row = db.conn.execute(
        "SELECT (SELECT count(*) FROM claims) + (SELECT count(*) FROM factchecks) "
        "+ (SELECT count(*) FROM factchecks WHERE title IS NOT NULL)"
    ).fetchone()
    return int(row[0])


def test_marks_rise_after_a_complete_fill(database: ReviewDatabase, encoder: enc.SentenceEncoder) -> None:
    claim_top, fc_top = vector_marks.tops(database.conn)
    assert _marks(database, encoder) == vector_marks.Marks()  # none yet: everything is looked at
    assert other_outlets.missing_vectors(database, encoder) == _texts(database)
    assert other_outlets.fill_claim_vectors(database, encoder) == _texts(database)
    marks = _marks(database, encoder)
    assert (marks.claims, marks.factchecks) == (claim_top, fc_top)
    assert other_outlets.missing_vectors(database, encoder) == 0 == _full_missing(database, encoder)
    assert same_claim.waiting(database, encoder, all_claims=True) == []
    assert _full_scan(database, encoder) == set()


def test_a_text_edit_below_the_mark_is_found_and_encoded_again(
    database: ReviewDatabase, encoder: enc.SentenceEncoder
) -> None:
    other_outlets.fill_claim_vectors(database, encoder)
    first = _claim_ids(database)[0]
    row = database.conn.execute('SELECT start, "end", text FROM claims WHERE id = ?', (first,)).fetchone()
    edited = set_span(database, first, int(row[0]), int(row[1]) - 1, actor="ana")  # drops the full stop
    assert edited.text != row[2]
    assert _marks(database, encoder).claims < first
    expected = {("claim", first, "text", edited.text)}
    assert (
        set(same_claim.waiting(database, encoder, all_claims=True))
        == expected
        == _full_scan(database, encoder)
    )
    assert other_outlets.fill_claim_vectors(database, encoder) == 1
    stored = database.conn.execute(
        "SELECT text_sha1 FROM vectors WHERE kind = 'claim' AND item_id = ? AND field = 'text'", (first,)
    ).fetchone()[0]
    assert stored == fc_store.text_sha1(edited.text)
    assert _marks(database, encoder).claims == vector_marks.tops(database.conn)[0]
    assert same_claim.waiting(database, encoder, all_claims=True) == []


def test_a_first_verdict_below_the_reviewed_mark_is_found(
    database: ReviewDatabase, encoder: enc.SentenceEncoder
) -> None:
    filled = same_claim.fill_vectors_if_few(database, encoder)  # no reviewed claim yet: fact-checks only
    assert filled.encoded == _texts(database) - len(_claim_ids(database))
    marks = _marks(database, encoder)
    assert marks.reviewed == vector_marks.tops(database.conn)[0] and marks.claims == 0
    assert same_claim.waiting(database, encoder) == []
    first = _claim_ids(database)[0]
    claim = set_verdict(database, first, "false", actor="ana")
    assert _marks(database, encoder).reviewed < first
    expected = [("claim", first, "text", claim.text)]
    assert same_claim.waiting(database, encoder) == expected
    assert set(expected) == _full_scan(database, encoder, all_claims=False)
    assert same_claim.fill_vectors_if_few(database, encoder).encoded == 1
    assert (
        same_claim.waiting(database, encoder) == []
        and _full_scan(database, encoder, all_claims=False) == set()
    )


def test_a_fact_check_edited_or_inserted_below_the_mark_is_found(
    database: ReviewDatabase, encoder: enc.SentenceEncoder
) -> None:
    other_outlets.fill_claim_vectors(database, encoder)
    fc_top = vector_marks.tops(database.conn)[1]
    assert _marks(database, encoder).factchecks == fc_top
    # an edit from outside the workbench (sqlite3, Datasette): the triggers see it all the same
    with database.write_unit() as conn:
        conn.execute("UPDATE factchecks SET title = 'Jobs claim checked again' WHERE id = 1")
    assert _marks(database, encoder).factchecks == 0
    assert same_claim.waiting(database, encoder) == [("factcheck", 1, "title", "Jobs claim checked again")]
    other_outlets.fill_claim_vectors(database, encoder)
    assert _marks(database, encoder).factchecks == fc_top
    # one deleted and another stored under its id (below the mark): its stale vector is not trusted
    with database.write_unit() as conn:
        old = conn.execute("SELECT claim, title FROM factchecks WHERE id = 2").fetchone()
        conn.execute(
            "INSERT INTO factchecks_fts (factchecks_fts, rowid, claim, title) VALUES ('delete', 2, ?, ?)",
            (old[0], old[1] or ""),
        )
        conn.execute("DELETE FROM factchecks WHERE id = 2")
        conn.execute(
            "INSERT INTO factchecks (id, import_id, item_key, claim) "
            "VALUES (2, 1, 'replaced', 'Knife crime fell by a third.')"
        )
    assert _marks(database, encoder).factchecks == 1
    found = same_claim.waiting(database, encoder)
    assert found == [("factcheck", 2, "text", "Knife crime fell by a third.")]
    assert set(found) == _full_scan(database, encoder)
    assert other_outlets.fill_claim_vectors(database, encoder) == 1
    assert same_claim.waiting(database, encoder) == [] == list(_full_scan(database, encoder))


def test_a_model_change_ignores_the_other_models_marks(
    database: ReviewDatabase, encoder: enc.SentenceEncoder, tmp_path: Path
) -> None:
    spec = enc.default_spec()
    shutil.copyfile(spec.path, tmp_path / "model.onnx")
    shutil.copyfile(spec.tokenizer, tmp_path / "tokenizer.json")
    other = enc.load_encoder(tmp_path / "model.onnx", sha256=spec.sha256)
    assert other is not None and other.name != encoder.name
    total = _texts(database)
    assert other_outlets.fill_claim_vectors(database, encoder) == total
    assert other_outlets.missing_vectors(database, other) == total  # the first model's marks are not its
    assert other_outlets.fill_claim_vectors(database, other) == total
    assert _marks(database, encoder) == vector_marks.Marks()  # dropped: every vector is the other model's
    assert other_outlets.missing_vectors(database, encoder) == total == _full_missing(database, encoder)
    assert len(same_claim.waiting(database, encoder, all_claims=True)) == total
    assert other_outlets.missing_vectors(database, other) == 0


def test_a_limited_fill_raises_the_mark_only_over_what_it_covered(
    database: ReviewDatabase, encoder: enc.SentenceEncoder
) -> None:
    ids = _claim_ids(database)
    total = _texts(database)
    assert same_claim.fill_vectors(database, encoder, all_claims=True, limit=2) == 2
    marks = _marks(database, encoder)
    assert (marks.claims, marks.factchecks) == (ids[1], 0)
    assert other_outlets.missing_vectors(database, encoder) == total - 2 == _full_missing(database, encoder)
    # the rest of the claims and only the first fact-check's claim, not its title: that one stays below
    assert same_claim.fill_vectors(database, encoder, all_claims=True, limit=len(ids) - 2 + 1) == len(ids) - 1
    marks = _marks(database, encoder)
    assert (marks.claims, marks.factchecks) == (ids[-1], 0)
    assert same_claim.waiting(database, encoder, all_claims=True)[0] == (
        "factcheck",
        1,
        "title",
        "Jobs claim checked",
    )
    assert (
        other_outlets.missing_vectors(database, encoder)
        == total - len(ids) - 1
        == _full_missing(database, encoder)
    )
    assert same_claim.fill_vectors(database, encoder, all_claims=True, limit=2) == 2  # title 1, claim 2
    assert _marks(database, encoder).factchecks == 1  # fact-check 2's title still waits
    assert same_claim.fill_vectors(database, encoder, all_claims=True) == total - len(ids) - 3
    assert _marks(database, encoder).factchecks == vector_marks.tops(database.conn)[1]
    assert _full_scan(database, encoder) == set()


def test_the_reviewed_claims_key_follows_every_verdict(database: ReviewDatabase) -> None:
    first, second = _claim_ids(database)[:2]
    assert same_claim._reviewed_state(database) == (0, 0)
    set_verdict(database, first, "false", actor="ana")
    assert same_claim._reviewed_state(database) == (1, first) == fc_store.reviewed_state(database.conn)
    # a verdict written without an event or a new claim (sqlite3 by hand): the trigger's counter moves
    with database.write_unit() as conn:
        conn.execute("UPDATE claims SET verdict = 'true' WHERE id = ?", (second,))
    assert (
        same_claim._reviewed_state(database) == (2, first + second) == fc_store.reviewed_state(database.conn)
    )
