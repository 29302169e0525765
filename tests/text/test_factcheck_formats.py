from __future__ import annotations

import json

import pytest

from workbench.errors import InputError
from workbench.text.factcheck_formats import parse

REVIEW = {
    "@type": "ClaimReview",
    "url": "https://fc.example/1",
    "claimReviewed": "  Crime in London   doubled since 2010. ",
    "author": {"@type": "Organization", "name": "Example Check"},
    "datePublished": "2024-04-01",
    "inLanguage": "en",
    "headline": "Did crime double?",
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
}


@pytest.mark.parametrize(
    "wrap",
    [
        lambda r: r,
        lambda r: [r, {"@type": "WebPage"}],
        lambda r: {"@context": "https://schema.org", "@graph": [{"@type": "Organization"}, r]},
        lambda r: {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]}]},
    ],
    ids=["object", "list", "graph", "datafeed"],
)
def test_claimreview_shapes(wrap: object) -> None:
    fmt, items = parse(json.dumps(wrap(REVIEW)).encode(), "f.json")  # type: ignore[operator]
    assert fmt == "claimreview"
    assert len(items) == 1
    item = items[0]
    assert item.claim == "Crime in London doubled since 2010."
    assert (item.title, item.rating, item.url, item.publisher, item.date, item.language) == (
        "Did crime double?", "False", "https://fc.example/1", "Example Check", "2024-04-01", "en"
    )  # fmt: skip


def test_csv_and_jsonl_rows() -> None:
    fmt, items = parse(b"Claim,Rating,URL\nBread rose 40%,Misleading,https://x.example/b\n", "f.csv")
    assert fmt == "csv" and items[0].claim == "Bread rose 40%" and items[0].rating == "Misleading"
    fmt, items = parse(b'{"claim": "A", "publisher": "P"}\n\n{"claim": "B"}\n', "f.jsonl")
    assert fmt == "jsonl" and [i.claim for i in items] == ["A", "B"] and items[0].publisher == "P"


def test_same_item_same_key_whitespace_and_case_aside() -> None:
    _, a = parse(b'{"claim": "Bread  rose", "url": "u"}', "a")
    _, b = parse(b'{"claim": "bread rose", "url": "u"}', "b")
    _, c = parse(b'{"claim": "bread rose", "url": "v"}', "c")
    assert a[0].key == b[0].key != c[0].key


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "the file is empty"),
        (b"[1, 2", "not valid JSON"),
        (b'{"@type": "ClaimReview"}', "no ClaimReview with a claimReviewed text"),
        (b"name,rating\nx,y\n", "with a 'claim' column"),
        (b'{"claim": ""}\n{"claim": "x"}\n', "row 1 has no claim"),
        (b'{"claim": "x"}\n[1]\n', "line 2 is not a JSON object"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_input_is_one_clear_line(body: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse(body, "bad.file")
    assert "\n" not in str(info.value) and str(info.value).startswith("bad.file: ")
