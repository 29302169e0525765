"""Re-extract claims after the extractor changed, never orphaning a reviewer's work."""

from __future__ import annotations

from datetime import date

from workbench.store import audit, claim_sets
from workbench.store import documents as doc_store
from workbench.store.database import ReviewDatabase
from workbench.text.extract import EXTRACTOR_VERSION, extract
from workbench.text.model import DocumentMeta


def reextract(database: ReviewDatabase, *, actor: str, force: bool = False) -> dict[str, int]:
    """Re-run extraction on stale documents (all with ``force``); one transaction and event per document.

    Claims at the same offsets are updated in place (keeping their ids, verdicts and history), new
    sentences are added, and old ones are removed only when no reviewer ever touched them.
    """
    totals = {"documents": 0, "added": 0, "updated": 0, "removed": 0, "kept": 0}
    for document_id in doc_store.documents_for_reextract(database.conn, EXTRACTOR_VERSION, force=force):
        text, source, published = doc_store.document_for_reextract(database.conn, document_id)
        # The stored date wins over the text's: it may be a reviewer's correction or a stated date.
        stored = DocumentMeta(published=date.fromisoformat(published)) if published else None
        extraction = extract(text, source=source, given=stored)
        with database.write_unit() as conn:
            keep = doc_store.claims_with_work(conn, document_id)
            counts = doc_store.replace_extraction(conn, document_id, extraction, EXTRACTOR_VERSION, keep)
            audit.append(
                conn,
                actor=actor,
                action="document.reextract",
                entity="document",
                entity_id=document_id,
                after={
                    **counts,
                    "extractor": EXTRACTOR_VERSION,
                    "claim_set": claim_sets.claim_set(conn, document_id),
                },
            )
        totals["documents"] += 1
        for key, value in counts.items():
            totals[key] += value
    return totals
