"""``audit verify`` proves the state: replay the events and compare what they produce with the tables.

The events are streamed in id order (in batches) inside one read transaction, so a write landing
meanwhile is not seen half-way. Each action kind has one small function in ``handlers.HANDLERS`` that
applies its event to shadow tables (temporary tables, paged to disk by SQLite, so memory stays
bounded); the comparison is then a join per table in key order. Each difference is one
``Problem(table, id, column, expected, found)``.

Proved (a direct edit, an added row or a deleted row is named):
- claims: status, triage, verdict, rationale, flagged, proposal_id, version, updated_by, updated_at;
  ``final`` is derived and checked against the judgements and the quorum; which claims each document
  has (ids, offsets, text hash), from the claim set its last ingest or re-extract event records;
- judgements (proposals, approvals, rejections, stale and withdrawn marks), notes (and retraction),
  evidence (stance, quote, note, what each check and archive lookup recorded, removal), reviewers and
  their roles, reviewers' matching decisions (merge, split, link, unlink), the settings set through
  events (quorum, overlap, rating scale) and the team's score adjustment (``meta.team_model``, the
  whole model recorded by ``model.learn`` / ``model.reset``; the scores it gives claims are derived);
- documents: the fields the ingest event records (sha256, source, outlet, title, published, chars,
  extractor, who and when) and the text itself, hashed, against the ingest event's sha256.
- others' fact-checks: each import row (source, sha256, format, items added, who and when) and the
  fact-checks it added, by id and by a digest of their stored fields recorded in the import event (a
  changed field is named per import, an added or deleted fact-check by id); imports recorded before
  the digest existed are reported as not provable;
- each event's ``before`` against the replayed row (an edit later overwritten by an action shows).

Not proved (derived or not recorded by any event): matching results (stories, names, speakers and
their keys, recomputed by runs), sentence vectors, the FTS indexes, leases (they expire), junk spans and the extraction
fields of claims (score, reasons, speaker, ...: re-extraction recomputes them), evidence page text
(``main_text``), document fields no event records (author, place, content type, original bytes,
encoding), and other ``meta`` keys. Claims of documents whose last ingest or re-extract event predates
claim sets (older databases) are reported as not provable, not as problems; for those, only that each
claim's text is the document's text at its offsets is checked.

A verify holds its read snapshot until it ends (about 13 s on a million claims): writers go on, and
the WAL cannot be checkpointed past the snapshot meanwhile.
"""

from __future__ import annotations

import sqlite3

from workbench.store import audit
from workbench.store.replay.compare import compare_all
from workbench.store.replay.handlers import DERIVED, HANDLERS, Replay, apply
from workbench.store.replay.model import Event, Problem, StateReport
from workbench.store.replay.shadow import Shadow

__all__ = ["DERIVED", "HANDLERS", "Problem", "StateReport", "replay_state", "verify"]


def replay_state(conn: sqlite3.Connection, *, limit: int = 1000) -> StateReport:
    """Replay every event and compare with the tables (the caller holds the read transaction)."""
    report = StateReport(limit=limit)
    shadow = Shadow(conn)
    try:
        replay = Replay(shadow, report)
        for row in audit.iter_raw(conn):
            apply(replay, Event.from_row(row))
            report.events += 1
        compare_all(conn, report)
    finally:
        shadow.drop()
    return report


def verify(
    conn: sqlite3.Connection,
    remembered: audit.Head | None = None,
    *,
    state: bool = True,
    limit: int = 1000,
    pinned_by: str | None = None,
) -> tuple[audit.Verification, StateReport | None]:
    """The chain and (with ``state``) the state, both read from one snapshot of the database."""
    own = not conn.in_transaction
    if own:
        conn.execute("PRAGMA temp_store = FILE")  # the shadow tables page to disk, however big
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM main.sqlite_master").fetchone()  # the snapshot starts here
    try:
        chain = audit.verify(conn, remembered, pinned_by=pinned_by)
        report = replay_state(conn, limit=limit) if state else None
    finally:
        if own and conn.in_transaction:
            conn.execute("ROLLBACK")
    return chain, report
