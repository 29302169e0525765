"""Metadata stated beside an article rather than read from it: front matter, a sidecar ``NAME.json``,
and the batch flags of ``workbench ingest`` (``--outlet --published --url --title --author``).

Values are checked here (a date must be a date, a URL an http(s) address) so a typo is one clear line
naming the file, not a wrong date stored silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from workbench.errors import InputError
from workbench.text.meta import parse_date

FIELDS = ("outlet", "title", "published", "author", "url")
_KEYS = {
    "outlet": "outlet", "publisher": "outlet", "site": "outlet", "site_name": "outlet", "sitename": "outlet",
    "source": "outlet", "title": "title", "headline": "title", "published": "published", "date": "published",
    "pubdate": "published", "published_at": "published", "datepublished": "published",
    "publication_date": "published", "author": "author", "authors": "author", "byline": "author",
    "url": "url", "link": "url", "canonical_url": "url", "canonical": "url",
}  # fmt: skip
_FENCE = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
MAX_VALUE = 1000


@dataclass(frozen=True, slots=True)
class Given:
    """Stated metadata (field -> value) and where each value came from (field -> ``"sidecar"``...)."""

    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def over(self, lower: Given) -> Given:
        """These values, with ``lower``'s filling the fields these do not state."""
        return Given({**lower.values, **self.values}, {**lower.sources, **self.sources})


def normalise(raw: dict[str, Any], origin: str) -> Given:
    """Known keys (any case, synonyms such as ``date``/``publisher``) to checked field values."""
    values: dict[str, str] = {}
    for key, value in raw.items():
        name = _KEYS.get(str(key).strip().lower().replace("-", "_"))
        if name is None or name in values or value in (None, "", []):
            continue
        values[name] = _checked(name, value, origin)
    return Given(values, dict.fromkeys(values, origin))


def _checked(name: str, value: Any, origin: str) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        value = value.get("name") or ""
    text = " ".join(str(value).split())
    if len(text) > MAX_VALUE:
        raise InputError(f"{origin}: the {name} is longer than {MAX_VALUE} characters")
    if name == "published":
        return published_value(text, origin)
    if name == "url":
        return url_value(text, origin)
    return text


def published_value(text: str, origin: str) -> str:
    found = parse_date(text)
    if found is None:
        raise InputError(f"{origin}: published {text[:40]!r} is not a date (write it like 2019-05-28)")
    return found.isoformat()


def url_value(text: str, origin: str) -> str:
    if not re.match(r"^https?://[^\s/]+", text, re.I):
        raise InputError(f"{origin}: url {text[:60]!r} is not an http(s) address")
    return text


def split_front_matter(text: str) -> tuple[Given, int]:
    """YAML front matter at the top of a Markdown/text file, and the offset where the article starts."""
    found = _FENCE.match(text)
    if found is None:
        return Given(), 0
    try:
        data = yaml.safe_load(found["body"])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise InputError(f"the front matter is not valid YAML{where}") from exc
    if not isinstance(data, dict):
        return Given(), 0  # a '---' rule at the top, not front matter
    return normalise(data, "front matter"), found.end()


def sidecar_for(path: Path) -> Path | None:
    """``article.json`` (or ``article.txt.json``) beside ``article.txt``, if there is one."""
    for candidate in (path.with_suffix(".json"), path.with_name(path.name + ".json")):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> Given:
    sidecar = sidecar_for(path)
    if sidecar is None:
        return Given()
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"the sidecar {sidecar.name} is not readable JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"the sidecar {sidecar.name} is not a JSON object")
    return normalise(data, sidecar.name)


def is_sidecar(path: Path) -> bool:
    """A ``.json`` file that belongs to an article beside it (not an input of its own)."""
    if path.suffix.lower() != ".json":
        return False
    stem = path.with_suffix("")
    if stem.suffix and stem.is_file():
        return True
    return any(
        path.with_suffix(s).is_file() for s in (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf")
    )
