"""Watch RSS/Atom feeds: poll with conditional requests, honour robots.txt and a per-host rate limit,
and ingest each new item as a document.

Every request goes through the evidence layer's guarded client. A poll of one feed ends in one write
unit holding its new state (validators, counts, items seen) and one ``feed.poll`` event; each new
article is stored by ingest in its own write unit, as ``workbench ingest URL`` would.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from workbench.actions.ingest import IngestReport, prepare, store_prepared
from workbench.errors import InputError
from workbench.evidence.fetch import FetchPolicy, check_url, fetch
from workbench.reading.feeds import parse_feed
from workbench.reading.web import from_fetch, is_url
from workbench.store import audit
from workbench.store import feeds as feed_store
from workbench.store.database import ReviewDatabase

SYSTEM_ACTOR = "system:watch"
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass
class PollResult:
    feed: str
    status: str
    """``new`` (items ingested), ``unchanged`` (304 or nothing new), ``refused`` (robots.txt), ``failed``."""
    new_items: int = 0
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(item URL, reason)`` for each new item that could not be ingested."""
    error: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "feed": self.feed,
            "status": self.status,
            "new_items": self.new_items,
            "documents": self.documents,
            "failed": [{"url": u, "error": e} for u, e in self.failed],
            "error": self.error,
        }


class HostPacer:
    """At most one request per ``interval`` seconds to any one host (a polite crawler's rate limit)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self.last: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        previous = self.last.get(host)
        if previous is not None:
            pause = self.interval - (self.clock() - previous)
            if pause > 0:
                time.sleep(pause)
        self.last[host] = self.clock()


class Robots:
    """robots.txt per host, fetched once per run through the guarded client; a missing file allows all."""

    def __init__(self, policy: FetchPolicy, client: httpx.Client, pacer: HostPacer) -> None:
        self.policy = policy
        self.client = client
        self.pacer = pacer
        self.parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.parsers:
            robots_url = urljoin(origin, "/robots.txt")
            self.pacer.wait(robots_url)
            result = fetch(robots_url, self.policy, client=self.client, keep_body=True)
            parser: urllib.robotparser.RobotFileParser | None = None
            if result.http_status == 200 and result.body is not None:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(result.body.decode("utf-8", "replace").splitlines())
            self.parsers[origin] = parser
        parser = self.parsers[origin]
        return parser is None or parser.can_fetch(self.policy.user_agent, url)


def check_feed_address(url: str) -> None:
    """``InputError`` unless ``url`` is an http(s) address (checked before a feed is stored)."""
    problem = check_url(url, FetchPolicy(allow_private=True)) if is_url(url) else ("malformed_url", "")
    if problem is not None:
        raise InputError(f"{url[:200]!r} is not a feed address (it needs http:// or https://)")


def poll_feed(
    database: ReviewDatabase,
    url: str,
    *,
    policy: FetchPolicy,
    client: httpx.Client,
    pacer: HostPacer,
    robots: Robots,
    actor: str = SYSTEM_ACTOR,
) -> PollResult:
    """Poll one feed once and ingest its new items. Network trouble is a result, never an exception."""
    check_feed_address(url)
    feed = feed_store.get_feed(database.conn, url)
    if feed is None:
        with database.write_unit() as conn:
            feed_id = feed_store.add_feed(conn, url, audit.utc_now())
            audit.append(
                conn, actor=actor, action="feed.add", entity="feed", entity_id=feed_id, after={"url": url}
            )
        feed = feed_store.get_feed(database.conn, url)
        assert feed is not None
    result = PollResult(url, "unchanged")
    title = etag = last_modified = None
    new_items: list[tuple[str, str | None]] = []
    if not robots.allowed(url):
        result.status, result.error = "refused", "robots.txt disallows fetching this feed"
    else:
        headers = {"Accept": FEED_ACCEPT}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        pacer.wait(url)
        fetched = fetch(url, policy, client=client, keep_body=True, headers=headers)
        etag, last_modified = fetched.etag, fetched.last_modified
        if fetched.http_status == 304:
            pass
        elif not fetched.alive or fetched.body is None:
            result.status, result.error = "failed", fetched.error or fetched.status
        else:
            try:
                parsed = parse_feed(fetched.body)
            except InputError as exc:
                result.status, result.error = "failed", str(exc)
            else:
                title = parsed.title
                seen = feed_store.seen_guids(database.conn, feed.id)
                new_items = [(item.guid, item.link) for item in parsed.items if item.guid not in seen]
                new_items = list(dict.fromkeys(new_items))
    statuses: list[tuple[str, str | None, int | None, str]] = []
    for guid, link in new_items:
        document_id, status = _ingest_item(database, link, policy, client, pacer, robots, actor, result)
        statuses.append((guid, link, document_id, status))
    result.new_items = len(new_items)
    if result.new_items and result.status == "unchanged":
        result.status = "new"
    with database.write_unit() as conn:
        ts = audit.utc_now()
        for guid, link, document_id, status in statuses:
            feed_store.record_item(conn, feed.id, guid, link, document_id, status, ts)
        feed_store.record_poll(
            conn, feed.id, ts=ts, status=result.status, title=title, etag=etag, last_modified=last_modified,
            new_items=result.new_items, new_documents=result.documents,
        )  # fmt: skip
        audit.append(
            conn, actor=actor, action="feed.poll", entity="feed", entity_id=feed.id, ts=ts,
            after={"status": result.status, "new_items": result.new_items, "documents": result.documents,
                   "failed": len(result.failed), "error": result.error},
        )  # fmt: skip
    return result


def _ingest_item(
    database: ReviewDatabase,
    link: str | None,
    policy: FetchPolicy,
    client: httpx.Client,
    pacer: HostPacer,
    robots: Robots,
    actor: str,
    result: PollResult,
) -> tuple[int | None, str]:
    if not link or not is_url(link):
        result.failed.append((link or "", "the item has no web address"))
        return None, "failed: no link"
    if not robots.allowed(link):
        result.failed.append((link, "robots.txt disallows fetching it"))
        return None, "refused by robots.txt"
    pacer.wait(link)
    try:
        prepared = prepare(from_fetch(fetch(link, policy, client=client, keep_body=True), policy))
    except InputError as exc:
        result.failed.append((link, str(exc)))
        return None, f"failed: {exc}"
    report = IngestReport()
    document_id = store_prepared(database, prepared, actor, report)
    if report.ingested:
        result.documents += 1
        return document_id, "ingested"
    return document_id, "already in the database"
