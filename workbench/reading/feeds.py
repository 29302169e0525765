"""RSS and Atom feeds with feedparser: each item's stable id, link and title."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.errors import InputError


@dataclass(frozen=True, slots=True)
class FeedItem:
    guid: str
    """The item's id (``guid``/``id``), else its link: what tells a new item from one already seen."""
    link: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    items: tuple[FeedItem, ...]


def parse_feed(data: bytes) -> ParsedFeed:
    """Parse feed bytes (no network: feedparser is never handed a URL). ``InputError`` if not a feed."""
    import feedparser

    parsed = feedparser.parse(data)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        guid = entry.get("id") or link
        if not guid:
            continue
        items.append(FeedItem(str(guid), str(link) if link else None, entry.get("title")))
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return ParsedFeed(str(title) if title else None, tuple(items))
