"""Front matter and PDFs from anywhere: any input is a document or one clear ``InputError``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ingest.webpages import text_pdf
from workbench.errors import InputError
from workbench.reading.given import split_front_matter
from workbench.reading.pdf import pdf_text

_YAMLISH = st.text(alphabet=st.sampled_from(list("abdeltiurp:-[]{}'\"!&*#|>\n 0123456789.,/")), max_size=120)


@settings(max_examples=300, deadline=None)
@given(_YAMLISH, st.text(max_size=60))
def test_front_matter_is_parsed_or_refused_in_one_line(head: str, body: str) -> None:
    text = f"---\n{head}\n---\n{body}"
    try:
        stated, start = split_front_matter(text)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert 0 <= start <= len(text)
    assert set(stated.values) <= {"outlet", "title", "published", "author", "url"}


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.integers(min_value=0, max_value=400))
def test_damaged_pdfs_are_one_line(noise: bytes, cut: int) -> None:
    good = text_pdf([["The unemployment rate rose to 7.4 percent in May."]])
    for data in (b"%PDF-1.4\n" + noise, good[: len(good) - cut] + noise):
        try:
            text, pages, _ = pdf_text(data)
        except InputError as exc:
            assert "\n" not in str(exc)
        else:
            assert pages and pages[0] == 0 and len(text) >= 0
