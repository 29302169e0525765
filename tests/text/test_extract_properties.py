"""The whole extraction pipeline on arbitrary input: it never crashes, and every span indexes the text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.actions.ingest import ingest_documents
from workbench.reading.sources import RawDocument
from workbench.store.database import open_database
from workbench.text.extract import extract

NEWSY = st.text(
    alphabet=st.sampled_from(list("abcXYZ .,;:!?\"'“”‘’()-—19%$\n\u00a0\t")) | st.characters(),
    max_size=600,
)
WORDS = st.lists(
    st.sampled_from(
        [
            "Police",
            "said",
            "19",
            "people",
            "were",
            "detained",
            "U.S.",
            "Gen.",
            "on",
            "Tuesday.",
            "“We",
            "demand”",
            "according",
            "to",
            "Kurti,",
            "more than a dozen",
            "\n\n",
            "\n",
            "3.5",
            "[bold]",
            "[@click=app.quit]",
            "\x1b[31m",
            "icon",
            "Share",
            "this!",
            "Read more",
        ]
    ),
    max_size=80,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(NEWSY, WORDS))
def test_extract_never_crashes_and_offsets_slice_the_text(text: str) -> None:
    result = extract(text)
    for claim in result.claims:
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.text
        assert 0.0 <= claim.score <= 1.0
        for span in (*claim.quantities, *claim.dates, *claim.names):
            assert text[span.start : span.end] == span.text
        a = claim.attribution
        if a is not None and a.speaker_start is not None and a.speaker_end is not None:
            assert 0 <= a.speaker_start <= a.speaker_end <= len(text)
    for junk in result.junk:
        assert 0 <= junk.start <= junk.end <= len(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.one_of(NEWSY, WORDS).filter(lambda t: t.strip()), min_size=1, max_size=3))
def test_stored_claims_slice_the_stored_text(tmp_path: Path, texts: list[str]) -> None:
    db_path = tmp_path / f"prop-{abs(hash(tuple(texts)))}.db"
    with open_database(db_path) as database:
        docs = [RawDocument(f"doc{i}", t, "text/plain", "utf-8") for i, t in enumerate(texts)]
        ingest_documents(database, docs, workers=1)
        rows = database.conn.execute(
            'SELECT d.text, c.start, c."end", c.text FROM claims c JOIN documents d ON d.id = c.document_id'
        ).fetchall()
    for document, start, end, claim in rows:
        assert document[start:end] == claim
