"""Corrections to what a document says about itself (outlet, title, date, author, address).

One write unit per correction: the new values, claims' relative dates re-resolved against a changed
publication date ("on Tuesday" means another day now), and one ``document.edit`` event holding the
before and after values and how many claims' dates changed.
"""

from __future__ import annotations

import json
from datetime import date

from workbench.errors import InputError, NotFoundError
from workbench.reading.given import published_value, url_value
from workbench.store import audit
from workbench.store import documents as doc_store
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase
from workbench.store.records import DocumentRow
from workbench.store.serialize import dates_json
from workbench.text.dates import find_dates

MAX_FIELD = 500


def checked_changes(changes: dict[str, str | None]) -> dict[str, str | None]:
    """Validated values; an empty string clears a field (it becomes unknown, never invented)."""
    out: dict[str, str | None] = {}
    for name, value in changes.items():
        if name not in doc_store.EDITABLE:
            raise InputError(f"{name} cannot be edited (choose from {', '.join(doc_store.EDITABLE)})")
        if value is None:
            continue
        text = " ".join(value.split())
        if not text:
            out[name] = None
        elif len(text) > MAX_FIELD:
            raise InputError(f"the {name} is longer than {MAX_FIELD} characters")
        elif name == "published":
            out[name] = published_value(text, f"--{name}")
        elif name == "url":
            out[name] = url_value(text, f"--{name}")
        else:
            out[name] = text
    if not out:
        raise InputError("nothing to change: give --outlet, --title, --published, --author or --url")
    return out


def edit_document(
    database: ReviewDatabase,
    document_id: int,
    changes: dict[str, str | None],
    *,
    actor: str,
    expected_version: int | None = None,
) -> DocumentRow:
    """Correct a document's metadata as one audited event; raises ``ConflictError`` on a stale version."""
    values = checked_changes(changes)
    with database.write_unit() as conn:
        actor = reviewer_store.ensure(conn, actor).name
        ts = audit.utc_now()
        before, version = doc_store.update_document(conn, document_id, values, expected_version)
        redated = 0
        if "published" in values and values["published"] != before.get("published"):
            redated = _redate(database, document_id, values["published"])
        after: dict[str, object] = {**values, "version": version}
        if redated:
            after["claims_redated"] = redated
        audit.append(
            conn,
            actor=actor,
            action="document.edit",
            entity="document",
            entity_id=document_id,
            before={**before, "version": version - 1},
            after=after,
            ts=ts,
        )
    row = doc_store.get_document(database.conn, document_id)
    if row is None:  # pragma: no cover - the update above proved it exists
        raise NotFoundError(f"no document with id {document_id}")
    return row


def _redate(database: ReviewDatabase, document_id: int, published: str | None) -> int:
    """Re-resolve relative dates of the document's claims; the number of claims whose dates changed."""
    conn = database.conn
    text = doc_store.document_text(conn, document_id) or ""
    anchor = date.fromisoformat(published) if published else None
    updates = []
    for claim_id, start, end, old in doc_store.claim_offsets(conn, document_id):
        new = json.dumps(dates_json(find_dates(text, start, end, published=anchor)), ensure_ascii=False)
        if json.loads(new) != json.loads(old):
            updates.append((new, claim_id))
    doc_store.set_claim_dates(conn, updates)
    return len(updates)
