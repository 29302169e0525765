"""Reading the news-scale corpus (and scaling it up by repetition with varied ids)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from workbench.reading.sources import RawDocument


def news_articles(corpus: Path, limit: int | None = None) -> list[dict[str, str]]:
    path = corpus / "news-scale.jsonl"
    if not path.exists():
        raise SystemExit(f"no corpus at {path}; pass --corpus DIR")
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            text = item.get("text") or ""
            if item.get("title") and not text.startswith(item["title"]):
                text = f"{item['title']}\n\n{text}"
            out.append({"id": str(item.get("id")), "text": text, "source": str(item.get("source") or "")})
            if limit is not None and len(out) >= limit:
                break
    return out


def raw_documents(articles: list[dict[str, str]], copy: int = 0) -> Iterator[RawDocument]:
    for article in articles:
        text = article["text"] if copy == 0 else f"{article['text']}\n\n[copy {copy} of {article['id']}]"
        yield RawDocument(f"news-scale:{article['id']}#{copy}", text, "text/plain", "utf-8")
