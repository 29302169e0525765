"""Evidence actions: add, edit, remove, and record what a fetch or an archive lookup found.

Fetching happens outside any transaction (it can take seconds); only recording the result is a
write unit, with an event naming what changed (status, moved, body changed). A change to evidence
after an approval marks that approval stale (see ``workbench.actions.signoff``).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from workbench.errors import InputError
from workbench.evidence.archive import ArchiveKeys, save_page_now, wayback_lookup
from workbench.evidence.changes import compare
from workbench.evidence.fetch import FetchPolicy, FetchResult, check_url
from workbench.evidence.independence import registrable_domain
from workbench.evidence.pool import FetchPool, Progress
from workbench.store import audit
from workbench.store import claims as claim_store
from workbench.store import evidence as evidence_store
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase, is_database_file
from workbench.store.evidence import EvidenceRow
from workbench.text.urls import strip_credentials

STANCES = ("supports", "refutes", "context")
R = TypeVar("R")
Runner = Callable[..., Any]
"""``run(fn, *args, **kwargs)`` calls ``fn(database, *args, **kwargs)`` (the TUI's ``TuiData.sync``)."""

MAX_LOCAL_FILE_BYTES = 512_000_000
"""Local evidence files above this are refused (they are hashed, not copied, but hashing takes time)."""


def add_evidence(
    database: ReviewDatabase,
    claim_id: int,
    url: str,
    *,
    actor: str,
    stance: str = "context",
    quote: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> EvidenceRow:
    """Add a link (or a local file path) to a claim's evidence ledger, as "not checked"."""
    if stance not in STANCES:
        raise InputError(f"stance is one of {', '.join(STANCES)}, not '{stance}'")
    locator = strip_credentials(url.strip())
    if not locator:
        raise InputError("the evidence link is empty")
    fields: dict[str, Any] = {"stance": stance, "quote": _opt(quote), "note": _opt(note)}
    local = Path(locator).expanduser()
    if "://" not in locator and local.is_file():
        if is_database_file(local, database.path):
            raise InputError(f"{locator} is the review database itself; it cannot be its own evidence")
        fields.update(_local_file(local))
    else:
        problem = check_url(locator, FetchPolicy(allow_private=True))
        if problem is not None and problem[0] in ("malformed_url", "unsupported"):
            raise InputError(f"not a usable link: {problem[1]}")
        fields.update({"url": locator, "domain": _domain(locator)})
    with database.write_unit() as conn:
        actor = reviewer_store.ensure(conn, actor).name
        claim_store.get(conn, claim_id)
        ts = audit.utc_now()
        fields.update({"claim_id": claim_id, "added_by": actor, "added_at": ts})
        evidence_id = evidence_store.add(conn, fields)
        audit.append(
            conn,
            actor=actor,
            action="evidence.add",
            entity="evidence",
            entity_id=evidence_id,
            claim_id=claim_id,
            after={k: v for k, v in fields.items() if k not in ("added_by", "added_at", "main_text")},
            ts=ts,
        )
        return evidence_store.get(conn, evidence_id)


def _opt(text: str | None) -> str | None:
    return text.strip() or None if text is not None else None


def _domain(url: str) -> str | None:
    try:
        return registrable_domain(url) or urlsplit(url).hostname
    except ValueError:
        return None


def _local_file(path: Path) -> dict[str, Any]:
    """A local file's fingerprint, hashed in chunks (a huge file is refused, never read whole)."""
    size = path.stat().st_size
    if size > MAX_LOCAL_FILE_BYTES:
        raise InputError(
            f"{path.name} is {size / 1e6:.0f} MB; local evidence files are at most "
            f"{MAX_LOCAL_FILE_BYTES // 1_000_000} MB (link to where it is published instead)"
        )
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return {
        "url": path.resolve().as_uri(),
        "domain": "local file",
        "status": "local file",
        "sha256": digest.hexdigest(),
        "byte_size": size,
        "content_type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "title": path.name,
    }


def edit_evidence(
    database: ReviewDatabase,
    evidence_id: int,
    *,
    actor: str,
    stance: str | None = None,
    quote: str | None = None,
    note: str | None = None,
) -> EvidenceRow:
    changes: dict[str, Any] = {}
    if stance is not None:
        if stance not in STANCES:
            raise InputError(f"stance is one of {', '.join(STANCES)}, not '{stance}'")
        changes["stance"] = stance
    if quote is not None:
        changes["quote"] = _opt(quote)
    if note is not None:
        changes["note"] = _opt(note)
    if not changes:
        raise InputError("nothing to change: give --stance, --quote or --note")
    with database.write_unit() as conn:
        actor = reviewer_store.ensure(conn, actor).name
        row = evidence_store.get(conn, evidence_id)
        before, version = evidence_store.update(conn, evidence_id, changes)
        audit.append(
            conn,
            actor=actor,
            action="evidence.edit",
            entity="evidence",
            entity_id=evidence_id,
            claim_id=row.claim_id,
            before=before,
            after={**changes, "version": version},
        )
        _stale_approvals(conn, row.claim_id, actor, f"evidence {evidence_id} edited")
        return evidence_store.get(conn, evidence_id)


def remove_evidence(database: ReviewDatabase, evidence_id: int, *, actor: str) -> EvidenceRow:
    with database.write_unit() as conn:
        actor = reviewer_store.ensure(conn, actor).name
        row = evidence_store.get(conn, evidence_id)
        ts = audit.utc_now()
        evidence_store.remove(conn, evidence_id, actor, ts)
        audit.append(
            conn,
            actor=actor,
            action="evidence.remove",
            entity="evidence",
            entity_id=evidence_id,
            claim_id=row.claim_id,
            before={"url": row.url, "stance": row.stance},
            after={"removed": True},
            ts=ts,
        )
        _stale_approvals(conn, row.claim_id, actor, f"evidence {evidence_id} removed")
        return row


def quote_found(quote: str | None, text: str | None) -> int | None:
    """Whether the quoted passage appears in the page text (whitespace and case folded)."""
    if not quote or not text:
        return None

    def fold(value: str) -> str:
        return re.sub(r"\W+", " ", value.casefold()).strip()

    return int(fold(quote) in fold(text))


def record_fetch(database: ReviewDatabase, evidence_id: int, result: FetchResult, *, actor: str) -> list[str]:
    """Store a fetch result; return the changes against the previous check (as written to the trail)."""
    with database.write_unit() as conn:
        row = evidence_store.get(conn, evidence_id)
        previous = (
            None
            if row.fetched_at is None
            else {
                "status": row.status,
                "http_status": row.http_status,
                "final_url": row.final_url,
                "sha256": row.sha256,
                "title": row.title,
            }
        )
        changes = compare(previous, result) if previous is not None else []
        values = {
            "status": result.status,
            "http_status": result.http_status,
            "final_url": strip_credentials(result.final_url),
            "title": result.title,
            "content_type": result.content_type,
            "byte_size": result.byte_size,
            "sha256": result.sha256,
            "main_text": result.main_text,
            "fetched_at": result.fetched_at,
            "error": result.error,
            "quote_found": quote_found(row.quote, result.main_text),
        }
        before, version = evidence_store.update(conn, evidence_id, values)
        summary = {k: v for k, v in values.items() if k != "main_text"}
        audit.append(
            conn,
            actor=actor,
            action="evidence.check",
            entity="evidence",
            entity_id=evidence_id,
            claim_id=row.claim_id,
            before={k: v for k, v in before.items() if k != "main_text"},
            after={**summary, "changes": changes, "version": version},
        )
        if changes:
            _stale_approvals(
                conn, row.claim_id, actor, f"evidence {evidence_id} changed: " + "; ".join(changes)
            )
        return changes


def record_archive(
    database: ReviewDatabase, evidence_id: int, *, actor: str, url: str | None, timestamp: str | None
) -> None:
    with database.write_unit() as conn:
        row = evidence_store.get(conn, evidence_id)
        before, version = evidence_store.update(
            conn, evidence_id, {"archive_url": url, "archive_ts": timestamp}
        )
        audit.append(
            conn,
            actor=actor,
            action="evidence.archive",
            entity="evidence",
            entity_id=evidence_id,
            claim_id=row.claim_id,
            before=before,
            after={"archive_url": url, "archive_ts": timestamp, "version": version},
        )


def _stale_approvals(conn: Any, claim_id: int, actor: str, why: str) -> None:
    try:
        from workbench.actions.signoff import mark_stale
    except ImportError:  # sign-off arrives with the team workflow
        return
    mark_stale(conn, claim_id, actor=actor, why=why)


def check_evidence(
    run: Runner,
    claim_id: int | None,
    *,
    actor: str,
    policy: FetchPolicy | None = None,
    only_unchecked: bool = False,
    archive: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
    pool: FetchPool | None = None,
) -> list[tuple[EvidenceRow, FetchResult, list[str]]]:
    """Fetch a claim's evidence (every claim's with ``claim_id=None``) and record each result.

    ``run(fn, ...)`` gives database access (a lock-holding runner in the TUI); the fetches themselves
    run concurrently in a pool, outside any transaction.
    """
    rows: list[EvidenceRow] = run(_pending, claim_id, only_unchecked)
    fetchable = [r for r in rows if not r.url.startswith("file:")]
    if not fetchable:
        return []
    checker = pool or FetchPool(policy or FetchPolicy())
    outcomes = []
    for progress in checker.as_completed([r.url for r in fetchable]):
        row = fetchable[progress.index]
        changes = run(record_fetch, row.id, progress.result, actor=actor)
        outcomes.append((row, progress.result, changes))
        if archive and progress.result.alive:
            copy = wayback_lookup(row.url)
            if copy.url:
                run(record_archive, row.id, actor=actor, url=copy.url, timestamp=copy.timestamp)
        if on_progress is not None:
            on_progress(progress)
    return outcomes


def _pending(database: ReviewDatabase, claim_id: int | None, only_unchecked: bool) -> list[EvidenceRow]:
    if only_unchecked:
        return evidence_store.unchecked(database.conn, claim_id)
    return evidence_store.for_claim(database.conn, claim_id)


def check_command(
    db_path: Path, claim_id: int | None, *, actor: str, allow_private: bool = False
) -> list[str]:
    """The CLI command that checks a claim's links (every claim's with ``None``) in a process of its own."""
    import sys

    command = [
        sys.executable,
        "-m",
        "workbench",
        "--db",
        str(Path(db_path).resolve()),
        "evidence",
        "check",
        *([str(claim_id)] if claim_id is not None else ["--all"]),
        "--reviewer",
        actor,
        "--json",
    ]
    if allow_private:
        command.append("--allow-private")
    return command


def check_environment() -> dict[str, str]:
    """The environment for :func:`check_command`: this package importable even from a source checkout."""
    import os

    import workbench
    from workbench.processes import child_environment

    root = str(Path(workbench.__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    return child_environment({**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")})


def archive_evidence(
    database: ReviewDatabase,
    evidence_id: int,
    *,
    actor: str,
    save: bool = False,
    keys: ArchiveKeys | None = None,
    client: httpx.Client | None = None,
) -> tuple[str, str | None]:
    """Find (or, with ``save``, request) a Wayback Machine copy of an evidence link and record it.

    Returns ``(status, archive_url)``. Offline, the status is ``not_checked`` and nothing blocks: the
    link can be archived later.
    """
    row = evidence_store.get(database.conn, evidence_id)
    if row.url.startswith("file:"):
        raise InputError(f"evidence {evidence_id} is a local file; only web links can be archived")
    if save:
        job = save_page_now(row.url, client=client, keys=keys)
        status, url, timestamp = job.status, job.capture_url, job.timestamp
    else:
        copy = wayback_lookup(row.url, client=client)
        status, url, timestamp = copy.status, copy.url, copy.timestamp
    if url:
        record_archive(database, evidence_id, actor=actor, url=url, timestamp=timestamp)
    return status, url
