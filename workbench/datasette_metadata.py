"""Datasette metadata for a review database: what each table and column means, label columns, and
canned queries a desk asks every day. ``workbench datasette-metadata > metadata.json``, then
``datasette workbench.db -m metadata.json``.

Matching-state tables (match_*, speaker_claims, leases, schema_migrations) are hidden: they are
the matcher's working memory, not something a reader needs.
"""

from __future__ import annotations

from typing import Any

TABLES: dict[str, dict[str, Any]] = {
    "documents": {
        "label_column": "title",
        "description": "Articles as ingested: text stored verbatim with its SHA-256; never edited.",
        "columns": {
            "sha256": "SHA-256 of the text: the same content ingested twice is one document",
            "source": "the file (or - for standard input) it was read from",
            "outlet": "the publishing outlet",
            "published": "publication date (YYYY-MM-DD) when known",
            "place": "dateline place",
            "text": "the main text exactly as stored; claim offsets point into it",
            "original": "the page as read, before main-text extraction",
            "chars": "length of text in characters",
            "extractor": "version of the claim extractor last run on it",
            "ingested_by": "who ingested it",
        },
    },
    "claims": {
        "label_column": "text",
        "description": (
            "Candidate claims: one per sentence, with exact offsets (documents.text[start:end] = text), "
            "a check-worthiness score and its reasons, the speaker, and the review state."
        ),
        "columns": {
            "document_id": "the document the claim comes from",
            "start": "character offset of the claim in documents.text",
            "end": "offset just past the claim",
            "score": "check-worthiness in [0, 1]",
            "checkworthy": "1 when the score passes the threshold",
            "reasons": "JSON: the features behind the score, with their weights",
            "speaker": "who makes the claim; empty when the outlet asserts it",
            "attribution_method": "how the speaker was found ('reviewer' when corrected by hand)",
            "quantities": "JSON: numbers as intervals (more than a dozen is >12)",
            "dates": "JSON: dates resolved against the article date",
            "names": "JSON: people, organisations and places named",
            "status": "unreviewed, in_progress, needs_second_opinion, reviewed, dismissed or skipped",
            "triage": "checkworthy, not_checkworthy or skipped",
            "verdict": "label id on the rating scale (verdict_scale), or a written conclusion",
            "verdict_scale": "the rating scale the verdict was given under",
            "rationale": "the reviewer's reasoning",
            "flagged": "1 when flagged for a second opinion",
            "final": "1 when the sign-off quorum is met",
            "version": "bumped on every change; writes name the version they read",
            "updated_by": "the reviewer of the last change",
        },
    },
    "claim_extractions": {
        "label_column": "text",
        "description": "A claim as first extracted, kept when a reviewer corrected its speaker or span.",
    },
    "events": {
        "label_column": "action",
        "description": (
            "The audit trail: append-only (triggers refuse UPDATE and DELETE), each row hashing the "
            "previous one. `workbench audit verify` recomputes the chain."
        ),
        "columns": {
            "actor": "the reviewer (or system) who made the change",
            "action": "what happened, e.g. claim.verdict, evidence.add, claim.undo",
            "before": "JSON: values before the change",
            "after": "JSON: values after the change",
            "prev_hash": "hash of the previous event",
            "hash": "SHA-256 over prev_hash and this event's canonical JSON",
        },
    },
    "evidence": {
        "label_column": "url",
        "description": "Each claim's evidence ledger: links and files, fetched safely, with what was found.",
        "columns": {
            "stance": "supports, refutes or context",
            "quote": "the passage the source should contain",
            "quote_found": "1 when the quote was found in the fetched text",
            "status": "ok, not checked, or why the check failed",
            "error": "the failure in words",
            "domain": "registrable domain, for counting independent sources",
            "archive_url": "Wayback Machine capture",
        },
    },
    "notes": {
        "label_column": "text",
        "description": "Reviewers' internal notes on claims (kept out of reports).",
    },
    "reviewers": {
        "label_column": "name",
        "description": "Everyone who has acted on the database, with their role: reviewer, editor or admin.",
        "columns": {
            "os_user": "the operating-system account that may act under the name (empty: its first user)",
            "password": "salted scrypt hash for signing in to `workbench serve` (never the password)",
        },
    },
    "judgements": {
        "label_column": "kind",
        "description": "Sign-off: proposals, approvals and rejections of verdicts; stale when evidence changed.",
    },
    "stories": {
        "label_column": "title",
        "description": "Claims of different outlets reporting the same event, with where they disagree.",
        "columns": {
            "strength": "how the claims were grouped",
            "disagreements": "JSON: values the outlets disagree on (≥19 vs 19 vs >12)",
            "agreements": "JSON: values they agree on",
        },
    },
    "story_claims": {"description": "Which claims belong to which story."},
    "names": {
        "label_column": "name",
        "description": "People, organisations and places named in several documents.",
    },
    "speakers": {"label_column": "name", "description": "The same speaker across documents."},
    "junk_spans": {"label_column": "reason", "description": "Page junk marked in documents (never deleted)."},
    "meta": {"label_column": "key", "description": "Database settings, e.g. rating_scale and quorum."},
    "match_decisions": {
        "description": "Reviewers' merges, splits, links and unlinks, respected by matching."
    },
}

HIDDEN = (
    "match_copies",
    "match_documents",
    "match_events",
    "match_words",
    "speaker_claims",
    "leases",
    "schema_migrations",
)

QUERIES: dict[str, dict[str, str]] = {
    "awaiting_sign_off": {
        "title": "Verdicts awaiting sign-off",
        "description": "Claims with a proposed verdict whose sign-off quorum is not met yet.",
        "sql": (
            "SELECT c.id, c.text, d.outlet, c.verdict, c.verdict_scale, c.updated_by, c.updated_at\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id\n"
            "WHERE c.verdict IS NOT NULL AND c.final = 0\nORDER BY c.updated_at"
        ),
    },
    "outlets_disagree": {
        "title": "Claims whose outlets disagree",
        "description": "Each story with disagreements, one row per claim and outlet.",
        "sql": (
            "SELECT s.id AS story, s.title, s.disagreements, c.id AS claim, d.outlet, c.text, c.verdict\n"
            "FROM stories s JOIN story_claims sc ON sc.story_id = s.id\n"
            "JOIN claims c ON c.id = sc.claim_id JOIN documents d ON d.id = c.document_id\n"
            "WHERE s.disagreements != '[]'\nORDER BY s.id, d.outlet"
        ),
    },
    "verdicts_by_outlet": {
        "title": "Verdicts by outlet",
        "description": "How many claims of each outlet got each verdict.",
        "sql": (
            "SELECT coalesce(d.outlet, 'unknown') AS outlet, c.verdict, c.verdict_scale, count(*) AS claims\n"
            "FROM claims c JOIN documents d ON d.id = c.document_id\n"
            "WHERE c.verdict IS NOT NULL\nGROUP BY 1, 2, 3\nORDER BY 1, 4 DESC"
        ),
    },
}


def datasette_metadata(database_name: str) -> dict[str, Any]:
    """Metadata for ``datasette DB -m metadata.json``; ``database_name`` is the file name without .db."""
    tables: dict[str, Any] = {name: dict(spec) for name, spec in TABLES.items()}
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": "factcheck-workbench review database",
        "description": (
            "Claims pulled out of news articles, judged by a team, with an append-only audit trail. "
            "Made by `workbench datasette-metadata`."
        ),
        "databases": {database_name: {"tables": tables, "queries": QUERIES}},
    }
