"""Others' fact-checks read from ClaimReview JSON-LD (an object, a list, ``@graph`` or a DataFeed)
or from CSV/JSONL with a ``claim`` column. Pure: bytes in, items out; bad input raises ``InputError``."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from workbench.errors import InputError

FIELDS = ("claim", "title", "rating", "url", "publisher", "date", "language")


@dataclass(frozen=True, slots=True)
class FactCheckItem:
    claim: str
    title: str | None = None
    rating: str | None = None
    url: str | None = None
    publisher: str | None = None
    date: str | None = None
    language: str | None = None

    @property
    def key(self) -> str:
        """Identity for de-duplication: the same claim, review address and publisher."""
        basis = "\x1f".join((" ".join(self.claim.split()).lower(), self.url or "", self.publisher or ""))
        return hashlib.sha1(basis.encode("utf-8")).hexdigest()


def parse(body: bytes, name: str) -> tuple[str, list[FactCheckItem]]:
    """(format, items) of a file's bytes; ``name`` (file name or URL) hints at CSV."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    stripped = text.lstrip()
    if not stripped:
        raise InputError(f"{name}: the file is empty")
    if stripped[0] in "[{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            if stripped[0] == "{":
                return "jsonl", _jsonl(text, name)
            raise InputError(f"{name}: not valid JSON") from None
        if isinstance(data, dict) and "claim" in data and not _is_claim_review(data):
            return "jsonl", [_row(data, name, 1)]
        items = [_from_review(node) for node in _reviews(data)]
        found = [i for i in items if i is not None]
        if not found:
            raise InputError(f"{name}: no ClaimReview with a claimReviewed text found")
        return "claimreview", found
    return "csv", _csv(text, name)


def _is_claim_review(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds


def _reviews(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for element in data:
            yield from _reviews(element)
    elif isinstance(data, dict):
        if _is_claim_review(data):
            yield data
        for key in ("@graph", "dataFeedElement", "item", "itemListElement"):
            if key in data:
                yield from _reviews(data[key])


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@id") or value.get("url"))
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _from_review(node: dict[str, Any]) -> FactCheckItem | None:
    claim = _text(node.get("claimReviewed"))
    if not claim:
        return None
    rating = node.get("reviewRating")
    rating_text = None
    if isinstance(rating, dict):
        rating_text = _text(rating.get("alternateName")) or _text(rating.get("ratingValue"))
    return FactCheckItem(
        claim=claim,
        title=_text(node.get("headline")) or _text(node.get("name")),
        rating=rating_text,
        url=_text(node.get("url")),
        publisher=_text(node.get("author")) or _text(node.get("publisher")),
        date=_text(node.get("datePublished")),
        language=_text(node.get("inLanguage")),
    )


def _row(row: dict[str, Any], name: str, line: int) -> FactCheckItem:
    claim = _text(row.get("claim"))
    if not claim:
        raise InputError(f"{name}: row {line} has no claim")
    return FactCheckItem(claim, *(_text(row.get(f)) for f in FIELDS[1:]))


def _jsonl(text: str, name: str) -> list[FactCheckItem]:
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            raise InputError(f"{name}: line {number} is not JSON") from None
        if not isinstance(row, dict):
            raise InputError(f"{name}: line {number} is not a JSON object")
        items.append(_row(row, name, number))
    return items


def _csv(text: str, name: str) -> list[FactCheckItem]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if "claim" not in columns:
        raise InputError(f"{name}: neither ClaimReview JSON-LD nor CSV/JSONL with a 'claim' column")
    reader.fieldnames = columns
    return [_row(row, name, number) for number, row in enumerate(reader, 2)]
