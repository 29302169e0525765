"""Comparing the replayed rows with the real tables: SQL joins in key order, streamed.

Each comparison lets SQLite find the differing rows (a join on the primary key), so Python sees only
those, plus two streams that need hashing: documents' text and claims grouped by document.
"""

from __future__ import annotations

import json
import sqlite3
from itertools import groupby
from typing import Any

from workbench.store import claim_sets, team
from workbench.store import factchecks as fc_store
from workbench.store.replay.model import ROW, Problem, StateReport
from workbench.store.replay.shadow import CLAIMS, DOCUMENTS, TABLES, Table, _literal, _q


def _made_by(event: int | None) -> str:
    return "a row (the migration's default)" if event is None else f"a row (made by event {event})"


def compare_table(conn: sqlite3.Connection, table: Table, report: StateReport) -> None:
    """Rows no event made, rows whose events exist but are gone, and columns that differ."""
    key, cols = table.key, table.columns
    where = f"({table.where}) AND " if table.where else ""
    differs = " OR ".join(f"r.{_q(c)} IS NOT s.{_q(c)}" for c in cols)
    sql = (
        f"SELECT r.{key}, s.{key} IS NOT NULL, {', '.join(f'r.{_q(c)}' for c in cols)}, "
        f"{', '.join(f's.{_q(c)}' for c in cols)} FROM main.{table.name} r "
        f"LEFT JOIN {table.shadow} s ON s.{key} = r.{key} "
        f"WHERE {where}(s.{key} IS NULL OR {differs}) ORDER BY r.{key}"
    )
    n = len(cols)
    for row in conn.execute(sql):
        if not row[1]:
            report.add(Problem(table.name, row[0], ROW, "no row (no event made it)", "a row"))
            continue
        found, expected = row[2 : 2 + n], row[2 + n :]
        for column, want, got in zip(cols, expected, found, strict=True):
            if want != got:
                report.add(Problem(table.name, row[0], column, want, got))
    missing = (
        f"SELECT s.{key}, s.event FROM {table.shadow} s WHERE NOT EXISTS "
        f"(SELECT 1 FROM main.{table.name} r WHERE r.{key} = s.{key}) ORDER BY s.{key}"
    )
    for key_value, event in conn.execute(missing):
        report.add(Problem(table.name, key_value, ROW, _made_by(event), "none"))


def compare_claims(conn: sqlite3.Connection, report: StateReport, reported: set[int]) -> None:
    """Review state: claims no event touched hold the defaults an ingest gives them."""
    cols = CLAIMS.columns

    def expected(c: str) -> str:
        default = CLAIMS.defaults.get(c)
        return f"(CASE WHEN s.id IS NULL THEN {'NULL' if default is None else _literal(default)} ELSE s.{_q(c)} END)"

    differs = " OR ".join(f"c.{_q(c)} IS NOT {expected(c)}" for c in cols)
    sql = (
        f"SELECT c.id, {', '.join(f'c.{_q(c)}' for c in cols)}, {', '.join(expected(c) for c in cols)} "
        f"FROM main.claims c LEFT JOIN {CLAIMS.shadow} s ON s.id = c.id WHERE {differs} ORDER BY c.id"
    )
    n = len(cols)
    for row in conn.execute(sql):
        for column, want, got in zip(cols, row[1 + n :], row[1 : 1 + n], strict=True):
            if want != got:
                report.add(Problem("claims", row[0], column, want, got))
    missing = (
        f"SELECT s.id, s.event FROM {CLAIMS.shadow} s WHERE NOT EXISTS "
        "(SELECT 1 FROM main.claims c WHERE c.id = s.id) ORDER BY s.id"
    )
    for claim_id, event in conn.execute(missing):
        if claim_id not in reported:
            report.add(Problem("claims", claim_id, ROW, f"a row (changed by event {event})", "none"))


def compare_final(conn: sqlite3.Connection, report: StateReport) -> None:
    """``final`` is derived: it must be what the (proved) judgements and quorum make it."""
    quorum = team.quorum(conn)
    rows = conn.execute(
        "SELECT id, final FROM main.claims WHERE proposal_id IS NOT NULL OR final != 0 ORDER BY id"
    )
    for claim_id, final in rows:
        proposals, approvals = team.signoff_counts(conn, int(claim_id))
        want = int(proposals >= quorum.proposals and approvals >= quorum.approvals)
        if want != final:
            report.add(Problem("claims", claim_id, "final", want, final))


def compare_document_text(conn: sqlite3.Connection, report: StateReport) -> None:
    """Each document's text hashes to what its ingest event recorded (and to its ``sha256`` column)."""
    count = 0
    rows = conn.execute(
        f"SELECT d.id, d.sha256, s.sha256, d.text FROM main.documents d "
        f"LEFT JOIN {DOCUMENTS.shadow} s ON s.id = d.id ORDER BY d.id"
    )
    for document_id, stored, recorded, text in rows:
        count += 1
        actual = claim_sets.text_hash(text)
        want = recorded if recorded is not None else stored
        if actual != want:
            report.add(Problem("documents", document_id, "text sha256", want, actual))
    report.counts["documents"] = count


def compare_claim_sets(conn: sqlite3.Connection, report: StateReport) -> set[int]:
    """Each document's claims against the set its last ingest or re-extract event recorded.

    Returns the claim ids reported missing (so the review-state check does not name them twice).
    """
    missing: set[int] = set()
    unprovable: list[int] = [0, 0]  # how many documents, and the latest event among them
    sets = conn.execute(
        "SELECT document_id, ids, digest, event FROM temp.replay_claim_sets ORDER BY document_id"
    )
    claims = conn.execute(
        'SELECT document_id, id, start, "end", text FROM main.claims ORDER BY document_id, start, "end"'
    )
    current = sets.fetchone()
    total = 0

    def without_claims(entry: tuple[Any, ...]) -> None:
        _check_set(conn, entry, [], report, missing, unprovable)

    for document_id, group in groupby(claims, key=lambda r: int(r[0])):
        spans = _as_recorded(conn, [(int(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in group], report)
        total += len(spans)
        while current is not None and current[0] < document_id:
            without_claims(current)
            current = sets.fetchone()
        if current is not None and current[0] == document_id:
            _check_set(conn, current, spans, report, missing, unprovable)
            current = sets.fetchone()
        else:
            for span in spans:
                report.add(
                    Problem(
                        "claims",
                        span[0],
                        ROW,
                        f"no row (no event made document {document_id}'s claims)",
                        "a row",
                    )
                )
    while current is not None:
        without_claims(current)
        current = sets.fetchone()
    report.counts["claims"] = total
    if unprovable[0]:
        report.notes.append(
            f"the claims of {unprovable[0]} document(s) are not provable: their last ingest or re-extract "
            f"event (the latest is event {unprovable[1]}) was recorded before events carried claim sets"
        )
    return missing


def _as_recorded(
    conn: sqlite3.Connection, spans: list[claim_sets.ClaimSpan], report: StateReport
) -> list[claim_sets.ClaimSpan]:
    """The spans as the claim set recorded them: a claim a reviewer re-spanned since must have the span
    its last event gave it (else it is named), and takes back its recorded span for the digest."""
    ids = [s[0] for s in spans]
    moved: dict[int, tuple[Any, ...]] = {}
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        for row in conn.execute(
            'SELECT claim_id, orig_start, orig_end, orig_text, start, "end", text, event FROM temp.replay_spans '
            f"WHERE claim_id IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            moved[int(row[0])] = tuple(row[1:])
    if not moved:
        return spans
    recorded = []
    for span in spans:
        found = moved.get(span[0])
        if found is None:
            recorded.append(span)
            continue
        orig_start, orig_end, orig_text, start, end, text, event = found
        if (span[1], span[2], span[3]) != (start, end, text):
            report.add(
                Problem(
                    "claims",
                    span[0],
                    "start/end/text",
                    f"{start}-{end} {text!r} (event {event})",
                    f"{span[1]}-{span[2]} {span[3]!r}",
                )
            )
        recorded.append((span[0], int(orig_start), int(orig_end), str(orig_text)))
    return sorted(recorded, key=lambda s: (s[1], s[2]))


def _check_set(
    conn: sqlite3.Connection,
    entry: tuple[Any, ...],
    spans: list[claim_sets.ClaimSpan],
    report: StateReport,
    missing: set[int],
    unprovable: list[int],
) -> None:
    document_id, ids_json, want_digest, event = entry
    if ids_json is None:
        unprovable[0] += 1
        unprovable[1] = max(unprovable[1], int(event))
        _check_text(conn, document_id, spans, report)  # what can still be proved: claims quote their text
        return
    expected = claim_sets.ids_of(json.loads(ids_json))
    actual = {s[0] for s in spans}
    for claim_id in sorted(expected - actual):
        missing.add(claim_id)
        report.add(Problem("claims", claim_id, ROW, f"a row (document {document_id}, event {event})", "none"))
    for claim_id in sorted(actual - expected):
        report.add(
            Problem(
                "claims",
                claim_id,
                ROW,
                f"no row (not among document {document_id}'s claims at event {event})",
                "a row",
            )
        )
    if expected != actual or claim_sets.digest(spans) == want_digest:
        return
    named = _check_text(conn, document_id, spans, report)
    if not named:
        report.add(
            Problem(
                "claims",
                f"of document {document_id}",
                "start/end/text",
                f"digest {want_digest}",
                f"digest {claim_sets.digest(spans)}",
            )
        )


def _check_text(
    conn: sqlite3.Connection, document_id: int, spans: list[claim_sets.ClaimSpan], report: StateReport
) -> bool:
    """Each claim's text is the document's text at its offsets; returns whether any is not."""
    if not spans:
        return False
    row = conn.execute("SELECT text FROM main.documents WHERE id = ?", (document_id,)).fetchone()
    text = "" if row is None else str(row[0])
    named = False
    for claim_id, start, end, claim_text in spans:
        if text[start:end] != claim_text:
            report.add(Problem("claims", claim_id, "text", text[start:end], claim_text))
            named = True
    return named


def compare_factchecks(conn: sqlite3.Connection, report: StateReport) -> None:
    """Each import's fact-checks against the ids and digest its event recorded; a fact-check no
    import event made, or one missing, is named by id; changed fields by the import's digest."""
    recorded = {
        int(r[0]): (r[1], r[2], int(r[3]))
        for r in conn.execute("SELECT import_id, ids, digest, event FROM temp.replay_factcheck_sets")
    }
    seen: set[int] = set()
    unprovable = 0
    total = 0
    for import_id, group in groupby(fc_store.iter_rows_by_import(conn), key=lambda r: int(r[0])):
        rows = [tuple(r[1:]) for r in group]
        total += len(rows)
        seen.add(import_id)
        entry = recorded.get(import_id)
        if entry is None:
            for row in rows:
                report.add(
                    Problem("factchecks", row[0], ROW, f"no row (no event made import {import_id})", "a row")
                )
            continue
        unprovable += _check_factcheck_set(import_id, entry, rows, report)
    for import_id, entry in sorted(recorded.items()):
        if import_id not in seen:
            unprovable += _check_factcheck_set(import_id, entry, [], report)
    report.counts["factchecks"] = total
    if unprovable:
        report.notes.append(
            f"the fact-checks of {unprovable} import(s) are not provable: their events were recorded "
            "before imports carried a digest of what they added"
        )


def _check_factcheck_set(
    import_id: int, entry: tuple[Any, ...], rows: list[tuple[Any, ...]], report: StateReport
) -> int:
    """Report what differs; returns 1 when the import's event recorded no set (not provable)."""
    ids_json, want_digest, event = entry
    if ids_json is None:
        return 0 if not rows else 1
    expected = claim_sets.ids_of(json.loads(ids_json))
    actual = {int(r[0]) for r in rows}
    for fc_id in sorted(expected - actual):
        report.add(Problem("factchecks", fc_id, ROW, f"a row (import {import_id}, event {event})", "none"))
    for fc_id in sorted(actual - expected):
        report.add(
            Problem(
                "factchecks", fc_id, ROW, f"no row (not added by import {import_id}, event {event})", "a row"
            )
        )
    found = fc_store.digest(rows)
    if expected == actual and found != want_digest:
        report.add(
            Problem(
                "factchecks", f"of import {import_id}", "content", f"digest {want_digest}", f"digest {found}"
            )
        )
    return 0


def compare_all(conn: sqlite3.Connection, report: StateReport) -> None:
    compare_document_text(conn, report)
    missing = compare_claim_sets(conn, report)
    compare_claims(conn, report, missing)
    compare_final(conn, report)
    compare_factchecks(conn, report)
    for table in TABLES:
        if table is not CLAIMS:
            compare_table(conn, table, report)
