"""SQL for documents, their junk spans and the claims extracted from them."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from workbench.errors import ConflictError, NotFoundError
from workbench.store.records import DocumentRow, JunkRow
from workbench.store.serialize import dates_json, names_json, quantities_json, reasons_json
from workbench.text.model import Claim, Extraction

_DOC_COLUMNS = (
    "d.id, d.sha256, d.source, d.outlet, d.title, d.published, d.author, d.place, d.chars, "
    "(SELECT count(*) FROM claims c WHERE c.document_id = d.id), d.ingested_at, d.url, d.version_of, "
    "d.page_starts, d.meta_sources, d.version"
)


def _row(row: tuple[Any, ...]) -> DocumentRow:
    values = list(row)
    values[13] = tuple(json.loads(values[13])) if values[13] else ()
    values[14] = json.loads(values[14]) if values[14] else None
    return DocumentRow(*values)


_SOURCE_COLUMNS = (
    "url", "fetched_url", "final_url", "fetched_sha256", "fetched_at", "language", "version_of",
    "page_starts", "meta_sources",
)  # fmt: skip


def latest_for_url(conn: sqlite3.Connection, url: str) -> int | None:
    """The newest document kept for this web address (the one a changed page is a new version of)."""
    row = conn.execute("SELECT max(id) FROM documents WHERE url = ?", (url,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def document_id_for_hash(conn: sqlite3.Connection, sha256: str) -> int | None:
    row = conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return None if row is None else int(row[0])


def known_hashes(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT sha256 FROM documents")}


def insert_document(conn: sqlite3.Connection, fields: dict[str, Any], extraction: Extraction) -> int:
    """Insert a document with its junk spans and claims; the caller holds the write unit."""
    values = dict.fromkeys(_SOURCE_COLUMNS) | fields
    cursor = conn.execute(
        "INSERT INTO documents (sha256, source, outlet, title, published, author, place, content_type, text, "
        "original, encoding, chars, extractor, ingested_at, ingested_by, "
        + ", ".join(_SOURCE_COLUMNS)
        + ") VALUES (:sha256, :source, :outlet, :title, :published, :author, :place, :content_type, :text, "
        ":original, :encoding, :chars, :extractor, :ingested_at, :ingested_by, "
        + ", ".join(f":{c}" for c in _SOURCE_COLUMNS)
        + ")",
        values,
    )
    document_id = int(cursor.lastrowid or 0)
    conn.executemany(
        'INSERT INTO junk_spans (document_id, start, "end", reason) VALUES (?, ?, ?, ?)',
        [(document_id, j.start, j.end, j.reason) for j in extraction.junk],
    )
    insert_claims(conn, document_id, extraction.claims, fields["extractor"])
    return document_id


def claim_values(document_id: int, claim: Claim, extractor: str) -> tuple[Any, ...]:
    a = claim.attribution
    return (
        document_id,
        claim.start,
        claim.end,
        claim.text,
        round(claim.score, 6),
        int(claim.checkworthy),
        json.dumps(reasons_json(claim.reasons), ensure_ascii=False),
        a.speaker if a else None,
        a.speaker_start if a else None,
        a.speaker_end if a else None,
        a.cue if a else None,
        a.method if a else None,
        json.dumps(quantities_json(claim.quantities), ensure_ascii=False),
        json.dumps(dates_json(claim.dates), ensure_ascii=False),
        json.dumps(names_json(claim.names), ensure_ascii=False),
        extractor,
    )


_CLAIM_INSERT = (
    'INSERT INTO claims (document_id, start, "end", text, score, checkworthy, reasons, speaker, speaker_start, '
    "speaker_end, cue, attribution_method, quantities, dates, names, extractor) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def insert_claims(
    conn: sqlite3.Connection, document_id: int, claims: tuple[Claim, ...], extractor: str
) -> None:
    conn.executemany(_CLAIM_INSERT, [claim_values(document_id, c, extractor) for c in claims])


def list_documents(conn: sqlite3.Connection) -> list[DocumentRow]:
    rows = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d ORDER BY d.id").fetchall()
    return [_row(row) for row in rows]


def get_document(conn: sqlite3.Connection, document_id: int) -> DocumentRow | None:
    row = conn.execute(f"SELECT {_DOC_COLUMNS} FROM documents d WHERE d.id = ?", (document_id,)).fetchone()
    return None if row is None else _row(row)


def document_text(conn: sqlite3.Connection, document_id: int) -> str | None:
    row = conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
    return None if row is None else str(row[0])


def junk_spans(conn: sqlite3.Connection, document_id: int) -> list[JunkRow]:
    rows = conn.execute(
        'SELECT start, "end", reason FROM junk_spans WHERE document_id = ? ORDER BY start', (document_id,)
    ).fetchall()
    return [JunkRow(*row) for row in rows]


def documents_for_reextract(conn: sqlite3.Connection, extractor: str, *, force: bool) -> list[int]:
    sql = "SELECT id FROM documents" + ("" if force else " WHERE extractor != ?") + " ORDER BY id"
    return [int(r[0]) for r in conn.execute(sql, () if force else (extractor,))]


def document_for_reextract(conn: sqlite3.Connection, document_id: int) -> tuple[str, str, str | None]:
    row = conn.execute(
        "SELECT text, source, published FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return str(row[0]), str(row[1]), row[2]


def distinct_outlets(conn: sqlite3.Connection) -> list[str]:
    return [
        str(r[0])
        for r in conn.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1")
    ]


def claims_with_work(conn: sqlite3.Connection, document_id: int) -> set[int]:
    """Claims of a document that a reviewer has touched (any event or note): never removed."""
    rows = conn.execute(
        "SELECT id FROM claims c WHERE c.document_id = ? AND (EXISTS (SELECT 1 FROM events e WHERE e.claim_id = c.id) "
        "OR EXISTS (SELECT 1 FROM notes n WHERE n.claim_id = c.id))",
        (document_id,),
    ).fetchall()
    return {int(r[0]) for r in rows}


def claim_spans(conn: sqlite3.Connection, document_id: int) -> dict[tuple[int, int], int]:
    rows = conn.execute(
        'SELECT id, start, "end" FROM claims WHERE document_id = ?', (document_id,)
    ).fetchall()
    return {(int(r[1]), int(r[2])): int(r[0]) for r in rows}


def replace_extraction(
    conn: sqlite3.Connection, document_id: int, extraction: Extraction, extractor: str, keep: set[int]
) -> dict[str, int]:
    """Swap in a new extraction: update matching spans, add new ones, drop untouched old ones."""
    from workbench.store.claims import corrected_claims

    existing = claim_spans(conn, document_id)
    new_spans = {(c.start, c.end): c for c in extraction.claims}
    counts = {"added": 0, "updated": 0, "removed": 0, "kept": 0}
    corrected = corrected_claims(conn, document_id)
    originals = set(corrected.values())
    for span, claim in new_spans.items():
        values = claim_values(document_id, claim, extractor)
        if span in existing and existing[span] in corrected:
            counts["kept"] += 1  # a reviewer corrected this claim: their span and speaker stand
        elif span in originals:
            continue  # the sentence a corrected claim was extracted as: that claim stands for it
        elif span in existing:
            conn.execute(
                "UPDATE claims SET score = ?, checkworthy = ?, reasons = ?, speaker = ?, speaker_start = ?, "
                "speaker_end = ?, cue = ?, attribution_method = ?, quantities = ?, dates = ?, names = ?, "
                "extractor = ? WHERE id = ?",
                (*values[4:], existing[span]),
            )
            counts["updated"] += 1
        else:
            conn.execute(_CLAIM_INSERT, values)
            counts["added"] += 1
    for span, claim_id in existing.items():
        if span in new_spans:
            continue
        if claim_id in keep:
            counts["kept"] += 1
        else:
            # Derived rows only (matching results, leases); reviewed claims are never in this branch.
            conn.execute("DELETE FROM story_claims WHERE claim_id = ?", (claim_id,))
            conn.execute("DELETE FROM speaker_claims WHERE claim_id = ?", (claim_id,))
            conn.execute("DELETE FROM match_events WHERE claim_id = ?", (claim_id,))
            conn.execute("DELETE FROM match_copies WHERE claim_id = ?", (claim_id,))
            conn.execute("DELETE FROM leases WHERE claim_id = ?", (claim_id,))
            conn.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
            counts["removed"] += 1
    conn.execute("DELETE FROM junk_spans WHERE document_id = ?", (document_id,))
    conn.executemany(
        'INSERT INTO junk_spans (document_id, start, "end", reason) VALUES (?, ?, ?, ?)',
        [(document_id, j.start, j.end, j.reason) for j in extraction.junk],
    )
    conn.execute("UPDATE documents SET extractor = ? WHERE id = ?", (extractor, document_id))
    return counts


EDITABLE = ("outlet", "title", "published", "author", "url")


def update_document(
    conn: sqlite3.Connection, document_id: int, changes: dict[str, str | None], expected_version: int | None
) -> tuple[dict[str, Any], int]:
    """Set corrected metadata if the row still has ``expected_version``; return (before, new version).

    Raises ``ConflictError`` when someone else corrected the document since it was read.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    columns = sorted(changes)
    row = conn.execute(
        f"SELECT version, meta_sources, {', '.join(columns)} FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no document with id {document_id}")
    version = int(row[0])
    if expected_version is not None and version != expected_version:
        raise ConflictError(
            f"document {document_id} was corrected by someone else meanwhile (version {version}, "
            f"you read {expected_version}); reload and try again"
        )
    before = dict(zip(columns, row[2:], strict=True))
    sources = json.loads(row[1]) if row[1] else {}
    sources.update(dict.fromkeys(columns, "edited"))
    assignments = ", ".join(f"{c} = :{c}" for c in columns)
    conn.execute(
        f"UPDATE documents SET {assignments}, meta_sources = :sources, version = version + 1 "
        "WHERE id = :id AND version = :version",
        {**changes, "sources": json.dumps(sources, sort_keys=True), "id": document_id, "version": version},
    )
    return before, version + 1


def claim_offsets(conn: sqlite3.Connection, document_id: int) -> list[tuple[int, int, int, str]]:
    """``(id, start, end, dates json)`` of every claim of a document."""
    rows = conn.execute(
        'SELECT id, start, "end", dates FROM claims WHERE document_id = ? ORDER BY start', (document_id,)
    ).fetchall()
    return [(int(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in rows]


def set_claim_dates(conn: sqlite3.Connection, dates: list[tuple[str, int]]) -> None:
    """Store re-resolved dates (``(dates json, claim id)``); derived data, not a reviewer's field."""
    conn.executemany("UPDATE claims SET dates = ? WHERE id = ?", dates)


def page_starts(conn: sqlite3.Connection, document_id: int) -> tuple[int, ...]:
    row = conn.execute("SELECT page_starts FROM documents WHERE id = ?", (document_id,)).fetchone()
    return tuple(json.loads(row[0])) if row and row[0] else ()


def first_version(conn: sqlite3.Connection, document_id: int) -> int:
    """The earliest version in a document's chain of versions (itself when it has none)."""
    row = conn.execute(
        "WITH RECURSIVE chain(id, prev) AS (SELECT id, version_of FROM documents WHERE id = ? "
        "UNION ALL SELECT d.id, d.version_of FROM documents d JOIN chain ON d.id = chain.prev) "
        "SELECT id FROM chain WHERE prev IS NULL LIMIT 1",
        (document_id,),
    ).fetchone()
    return int(row[0]) if row else document_id


@dataclass(frozen=True, slots=True)
class VersionComparison:
    """A claim's sentence against another stored version of the same page."""

    document_id: int
    relation: str
    """``earlier`` or ``later``."""
    fetched_at: str | None
    same_sentence: int | None
    """The other version's claim with exactly this sentence, or ``None`` (new, changed or removed)."""
    only_here: int
    """Sentences of this version the other one does not have."""
    only_there: int
    """Sentences of the other version this one does not have."""


def version_comparisons(conn: sqlite3.Connection, document_id: int, sentence: str) -> list[VersionComparison]:
    """The claim's document against its neighbouring versions (the one it replaced, the one replacing it)."""
    row = conn.execute("SELECT version_of FROM documents WHERE id = ?", (document_id,)).fetchone()
    neighbours: list[tuple[int, str]] = []
    if row is not None and row[0] is not None:
        neighbours.append((int(row[0]), "earlier"))
    later = conn.execute("SELECT min(id) FROM documents WHERE version_of = ?", (document_id,)).fetchone()
    if later is not None and later[0] is not None:
        neighbours.append((int(later[0]), "later"))
    mine = {str(r[0]) for r in conn.execute("SELECT text FROM claims WHERE document_id = ?", (document_id,))}
    out = []
    for other, relation in neighbours:
        theirs = {str(r[0]) for r in conn.execute("SELECT text FROM claims WHERE document_id = ?", (other,))}
        same = conn.execute(
            "SELECT min(id) FROM claims WHERE document_id = ? AND text = ?", (other, sentence)
        ).fetchone()[0]
        fetched = conn.execute(
            "SELECT coalesce(fetched_at, ingested_at) FROM documents WHERE id = ?", (other,)
        ).fetchone()[0]
        out.append(
            VersionComparison(
                other,
                relation,
                fetched,
                None if same is None else int(same),
                len(mine - theirs),
                len(theirs - mine),
            )
        )
    return out
