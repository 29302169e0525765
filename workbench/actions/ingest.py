"""Ingest: read articles, extract their claims, and store each document in one audited transaction.

Each document is its own write unit (document, junk spans, claims and one ``document.ingest`` event),
so a run killed at any moment leaves only whole documents behind, and a re-run skips what is there
(the content hash is unique) and finishes the job.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workbench.errors import InputError
from workbench.evidence.fetch import FetchPolicy, make_client
from workbench.processes import die_with_parent, usable_cores
from workbench.reading.given import Given
from workbench.reading.sources import DEFAULT_MAX_BYTES, RawDocument, ReadFailure, Skipped, discover, read
from workbench.reading.web import ingest_policy, is_url, read_url
from workbench.store import audit, claim_sets
from workbench.store import documents as doc_store
from workbench.store.database import ReviewDatabase, is_database_file
from workbench.text.extract import EXTRACTOR_VERSION, extract
from workbench.text.meta import filename_meta
from workbench.text.model import DocumentMeta, Extraction

SYSTEM_ACTOR = "system:ingest"
PARALLEL_THRESHOLD = 64
"""Batches at least this long extract in worker processes (extraction is CPU-bound)."""


@dataclass
class IngestReport:
    ingested: int = 0
    skipped: int = 0
    failed: list[ReadFailure] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    notes: list[Skipped] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "ingested": self.ingested,
            "skipped": self.skipped,
            "failed": [
                {"path": f.source, "error": f.error, **({"url": f.source} if is_url(f.source) else {})}
                for f in self.failed
            ],
        }


Progress = Callable[[int, int | None, str], None]
"""Called as ``progress(done, total_or_None, current_source)``."""


@dataclass(frozen=True, slots=True)
class Prepared:
    raw: RawDocument
    sha256: str
    extraction: Extraction
    meta_sources: dict[str, str] = field(default_factory=dict)
    url: str | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def prepare(raw: RawDocument, batch: Given | None = None) -> Prepared:
    """The CPU-bound part (hashing and extraction), safe to run in a worker process.

    Metadata comes, highest first, from the batch flags, a sidecar, front matter, the page or text
    itself, and last the file name (``outlet_2016-09-12_slug.txt``).
    """
    given = batch.over(raw.given) if batch is not None else raw.given
    values = given.values
    stated = DocumentMeta(
        outlet=values.get("outlet"),
        title=values.get("title"),
        published=date.fromisoformat(values["published"]) if "published" in values else None,
        author=values.get("author"),
    )
    from_name = DocumentMeta() if raw.url or "://" in raw.source else filename_meta(raw.source)
    extraction = extract(
        raw.text,
        source=raw.url or raw.source,
        html_meta=raw.html_meta or None,
        published=from_name.published,
        given=stated if values else None,
    )
    meta = extraction.meta
    origin = "page" if raw.url else "text"
    sources: dict[str, str] = {}
    for name in ("outlet", "title", "published", "author"):
        if name in values:
            sources[name] = given.sources[name]
        elif getattr(meta, name) is not None:
            sources[name] = "file name" if getattr(meta, name) == getattr(from_name, name) else origin
    # The archive's label beats a wire credit in the text ("DALLAS (AP) -" in a Breitbart copy), not
    # what the page or the user states.
    text_outlet = "outlet" not in values and not any(
        k in raw.html_meta for k in ("og:site_name", "publisher")
    )
    if from_name.outlet is not None and (meta.outlet is None or text_outlet):
        extraction = dataclasses.replace(extraction, meta=dataclasses.replace(meta, outlet=from_name.outlet))
        sources["outlet"] = "file name"
    url = values.get("url") or raw.url
    if url:
        sources["url"] = given.sources.get("url", "page")
    return Prepared(raw, content_hash(raw.text), extraction, sources, url)


def _read_and_prepare(job: tuple[str, int, Given | None]) -> Prepared | ReadFailure:
    locator, max_bytes, batch = job
    try:
        return prepare(read(locator, max_bytes=max_bytes), batch)
    except InputError as exc:
        return ReadFailure(locator, str(exc))
    except RecursionError:
        return ReadFailure(locator, "too deeply nested to read")


def ingest_paths(
    database: ReviewDatabase,
    locators: Iterable[str],
    *,
    actor: str = SYSTEM_ACTOR,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    workers: int | None = None,
    given: Given | None = None,
    fetch_policy: FetchPolicy | None = None,
) -> IngestReport:
    """Ingest files, folders (recursively), ``-`` (standard input) and http(s) URLs.

    URLs are fetched one at a time through the evidence layer's guarded client under
    ``fetch_policy`` (default: public addresses only, the same byte cap); one that fails is listed in
    ``failed`` with its reason and the batch goes on. ``given`` holds metadata for the whole batch.
    """
    report = IngestReport()
    jobs: list[str] = []
    urls: list[str] = []
    for item in discover(locators):
        if isinstance(item, str) and item != "-" and is_database_file(Path(item), database.path):
            # Reading it would also drop this process's SQLite locks on it when the file is closed.
            item = Skipped(item, "the review database itself (or one of its SQLite files)")
        if isinstance(item, ReadFailure):
            report.failed.append(item)
        elif isinstance(item, Skipped):
            report.skipped += 1
            report.notes.append(item)
        elif is_url(item):
            urls.append(item)
        else:
            jobs.append(item)
    known = doc_store.known_hashes(database.conn)
    total = len(jobs) + len(urls)
    results = _prepared_stream(jobs, max_bytes, workers, given)
    if urls:
        policy = fetch_policy or ingest_policy(max_bytes)
        results = _chain(results, _fetched_stream(urls, policy, given))
    for done, result in enumerate(results, start=1):
        if isinstance(result, ReadFailure):
            report.failed.append(result)
        else:
            _store(database, result, actor, known, report)
        if progress:
            progress(done, total, result.source if isinstance(result, ReadFailure) else result.raw.source)
    return report


def _chain(*streams: Iterable[Prepared | ReadFailure]) -> Iterator[Prepared | ReadFailure]:
    for stream in streams:
        yield from stream


def _fetched_stream(
    urls: list[str], policy: FetchPolicy, given: Given | None
) -> Iterator[Prepared | ReadFailure]:
    with make_client(policy) as client:
        for url in urls:
            try:
                yield prepare(read_url(url, policy, client=client), given)
            except InputError as exc:
                yield ReadFailure(url, str(exc))
            except RecursionError:
                yield ReadFailure(url, "too deeply nested to read")


def _prepared_stream(
    jobs: list[str], max_bytes: int, workers: int | None, given: Given | None = None
) -> Iterator[Prepared | ReadFailure]:
    if "-" in jobs or len(jobs) < PARALLEL_THRESHOLD or workers == 1:
        for locator in jobs:
            yield _read_and_prepare((locator, max_bytes, given))
        return
    with _pool(workers) as pool:
        yield from pool.map(_read_and_prepare, [(j, max_bytes, given) for j in jobs], chunksize=8)


def _pool(workers: int | None) -> ProcessPoolExecutor:
    """Extraction workers that exit when this process dies (a killed ingest leaves none behind)."""
    return ProcessPoolExecutor(
        max_workers=workers or usable_cores(), initializer=die_with_parent, initargs=(os.getpid(),)
    )


def ingest_documents(
    database: ReviewDatabase,
    documents: Iterable[RawDocument],
    *,
    actor: str = SYSTEM_ACTOR,
    progress: Progress | None = None,
    total: int | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest already-read documents (from a corpus file, a URL fetcher, a test)."""
    report = IngestReport()
    known = doc_store.known_hashes(database.conn)
    if workers == 1:
        stream: Iterable[Prepared] = (prepare(d) for d in documents)
        for done, prepared in enumerate(stream, start=1):
            _store(database, prepared, actor, known, report)
            if progress:
                progress(done, total, prepared.raw.source)
        return report
    with _pool(workers) as pool:
        for done, prepared in enumerate(pool.map(prepare, documents, chunksize=16), start=1):
            _store(database, prepared, actor, known, report)
            if progress:
                progress(done, total, prepared.raw.source)
    return report


def store_prepared(
    database: ReviewDatabase, prepared: Prepared, actor: str, report: IngestReport
) -> int | None:
    """Store one prepared document (its own write unit and event); its id, new or already there."""
    _store(database, prepared, actor, set(), report)
    return doc_store.document_id_for_hash(database.conn, prepared.sha256)


def _store(
    database: ReviewDatabase, prepared: Prepared, actor: str, known: set[str], report: IngestReport
) -> None:
    if prepared.sha256 in known:
        report.skipped += 1
        report.notes.append(Skipped(prepared.raw.source, "already in the database (same content)"))
        return
    raw, meta = prepared.raw, prepared.extraction.meta
    fields = {
        "sha256": prepared.sha256,
        "source": raw.source,
        "outlet": meta.outlet,
        "title": meta.title,
        "published": meta.published.isoformat() if isinstance(meta.published, date) else None,
        "author": meta.author,
        "place": meta.place,
        "content_type": raw.content_type,
        "text": raw.text,
        "original": raw.original,
        "encoding": raw.encoding,
        "chars": len(raw.text),
        "extractor": EXTRACTOR_VERSION,
        "ingested_at": audit.utc_now(),
        "ingested_by": actor,
        "url": prepared.url,
        "fetched_url": raw.fetched_url,
        "final_url": raw.final_url,
        "fetched_sha256": raw.fetched_sha256,
        "fetched_at": raw.fetched_at,
        "language": raw.language,
        "page_starts": json.dumps(list(raw.page_starts)) if raw.page_starts else None,
        "meta_sources": json.dumps(prepared.meta_sources, sort_keys=True) if prepared.meta_sources else None,
        "version_of": None,
    }
    with database.write_unit() as conn:
        if doc_store.document_id_for_hash(conn, prepared.sha256) is not None:
            report.skipped += 1
            known.add(prepared.sha256)
            return
        if prepared.url:
            fields["version_of"] = doc_store.latest_for_url(conn, prepared.url)
        document_id = doc_store.insert_document(conn, fields, prepared.extraction)
        summary: dict[str, object] = {
            k: fields[k]
            for k in (
                *("sha256", "source", "outlet", "title", "published", "chars", "extractor"),
                *("url", "final_url", "fetched_sha256", "version_of", "meta_sources"),
            )
            if fields[k] is not None or k in ("outlet", "title", "published")
        }
        summary["claims"] = len(prepared.extraction.claims)
        summary["checkworthy"] = sum(1 for c in prepared.extraction.claims if c.checkworthy)
        summary["junk_spans"] = len(prepared.extraction.junk)
        summary["claim_set"] = claim_sets.claim_set(conn, document_id)
        audit.append(
            conn,
            actor=actor,
            action="document.ingest",
            entity="document",
            entity_id=document_id,
            after=summary,
            ts=str(fields["ingested_at"]),
        )
    known.add(prepared.sha256)
    report.ingested += 1
    report.document_ids.append(document_id)
