"""Read-only questions the faces (CLI, TUI, export) ask of a review database.

Faces call these and the actions; only the store speaks SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench import agreement
from workbench.actions import signoff
from workbench.actions.signoff import SignoffStatus
from workbench.agreement import TeamAgreement
from workbench.errors import NotFoundError
from workbench.evidence.independence import Independence, independence_groups
from workbench.store import audit, replay, signatures
from workbench.store import claims as claim_store
from workbench.store import documents as doc_store
from workbench.store import evidence as evidence_store
from workbench.store import matching as match_store
from workbench.store import notes as note_store
from workbench.store import reviewers as reviewer_store
from workbench.store import stats as stats_store
from workbench.store import team as team_store
from workbench.store.claims import OPEN_STATUSES, ClaimFilter, Cursor
from workbench.store.database import ReviewDatabase
from workbench.store.evidence import EvidenceRow
from workbench.store.notes import NoteRow
from workbench.store.records import ClaimRow, DocumentRow, JunkRow
from workbench.store.reviewers import ReviewerRow
from workbench.store.stats import ReviewStats

if TYPE_CHECKING:
    from workbench.actions.other_outlets import OtherOutletClaim
    from workbench.actions.same_claim import Match
    from workbench.text.encoder import SentenceEncoder

__all__ = [
    "OPEN_STATUSES",
    "ClaimFilter",
    "ClaimRow",
    "Cursor",
    "DocumentRow",
    "DocumentView",
    "JunkRow",
    "NoteRow",
    "ReviewerRow",
]


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document with its text, junk spans and claims, for reading it whole."""

    document: DocumentRow
    text: str
    junk: list[JunkRow]
    claims: list[ClaimRow]


def documents(database: ReviewDatabase) -> list[DocumentRow]:
    return doc_store.list_documents(database.conn)


def document(database: ReviewDatabase, document_id: int) -> DocumentView:
    row = doc_store.get_document(database.conn, document_id)
    text = doc_store.document_text(database.conn, document_id)
    if row is None or text is None:
        raise NotFoundError(f"no document with id {document_id}")
    return DocumentView(
        row,
        text,
        doc_store.junk_spans(database.conn, document_id),
        claim_store.document_claims(database.conn, document_id),
    )


def page_of_claim(database: ReviewDatabase, document_id: int, start: int) -> int | None:
    """The PDF page a claim starts on (1-based), or ``None`` for documents without pages."""
    from workbench.reading.pdf import page_of

    return page_of(doc_store.page_starts(database.conn, document_id), start)


def claim_versions(database: ReviewDatabase, claim: ClaimRow) -> list[doc_store.VersionComparison]:
    """The claim's sentence against the other stored versions of its page (a changed article)."""
    return doc_store.version_comparisons(database.conn, claim.document_id, claim.text)


def document_text(database: ReviewDatabase, document_id: int) -> str:
    text = doc_store.document_text(database.conn, document_id)
    if text is None:
        raise NotFoundError(f"no document with id {document_id}")
    return text


def claims_page(
    database: ReviewDatabase,
    flt: ClaimFilter,
    *,
    after: Cursor | None = None,
    start: Cursor | None = None,
    limit: int = 100,
) -> list[ClaimRow]:
    return claim_store.page(database.conn, flt, after=after, start=start, limit=limit)


def claims_page_before(
    database: ReviewDatabase, flt: ClaimFilter, before: Cursor, limit: int = 100
) -> list[ClaimRow]:
    return claim_store.page_before(database.conn, flt, before, limit)


def all_claims(database: ReviewDatabase, flt: ClaimFilter, batch: int = 1000) -> list[ClaimRow]:
    """Every claim the filter selects, read page by page (for the CLI; the TUI pages itself)."""
    out: list[ClaimRow] = []
    after: Cursor | None = None
    while True:
        rows = claim_store.page(database.conn, flt, after=after, limit=batch)
        out.extend(rows)
        if len(rows) < batch:
            return out
        after = Cursor(rows[-1].score, rows[-1].id)


def document_claims(database: ReviewDatabase, document_id: int) -> list[ClaimRow]:
    return claim_store.document_claims(database.conn, document_id)


def claim(database: ReviewDatabase, claim_id: int) -> ClaimRow:
    return claim_store.get(database.conn, claim_id)


def claim_position(database: ReviewDatabase, flt: ClaimFilter, score: float, claim_id: int) -> int:
    return claim_store.position(database.conn, flt, score, claim_id)


def claim_count(database: ReviewDatabase, flt: ClaimFilter) -> int:
    return claim_store.count(database.conn, flt)


def progress(database: ReviewDatabase, flt: ClaimFilter) -> tuple[int, int]:
    return claim_store.progress(database.conn, flt)


def next_claim_id(
    database: ReviewDatabase, claim_id: int, flt: ClaimFilter, open_first: bool = False
) -> int | None:
    return claim_store.next_in_queue(database.conn, claim_id, flt, open_first=open_first)


def notes(database: ReviewDatabase, claim_id: int) -> list[NoteRow]:
    return note_store.for_claim(database.conn, claim_id)


def history(database: ReviewDatabase, claim_id: int) -> list[audit.AuditEvent]:
    return audit.events(database.conn, claim_id=claim_id)


def audit_log(
    database: ReviewDatabase,
    *,
    claim_id: int | None = None,
    actor: str | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> list[audit.AuditEvent]:
    return audit.events(database.conn, claim_id=claim_id, actor=actor, since=since, limit=limit)


def events_after(database: ReviewDatabase, event_id: int) -> list[audit.AuditEvent]:
    return audit.events(database.conn, after_id=event_id, limit=1000)


def audit_head(database: ReviewDatabase) -> audit.Head | None:
    return audit.head(database.conn)


def verify_audit(database: ReviewDatabase, remembered: audit.Head | None = None) -> audit.Verification:
    return audit.verify(database.conn, remembered)


def verify_trail(
    database: ReviewDatabase,
    remembered: audit.Head | None = None,
    *,
    state: bool = True,
    limit: int = 1000,
    pinned_by: str | None = None,
) -> tuple[audit.Verification, replay.StateReport | None]:
    """The chain and (with ``state``) the tables replayed from the events, from one snapshot.
    ``remembered``: a head the log must still extend (verified here before, or ``pinned_by`` a report)."""
    return replay.verify(database.conn, remembered, state=state, limit=limit, pinned_by=pinned_by)


def check_signatures(database: ReviewDatabase) -> signatures.SignatureCheck:
    """Every event signature verified against the key its actor had registered then; keyed reviewers'
    unsigned events listed."""
    return signatures.check(database.conn)


def reviewer_keys(database: ReviewDatabase) -> list[signatures.KeyRow]:
    return signatures.keys(database.conn)


def integrity_problems(database: ReviewDatabase) -> list[str]:
    """What SQLite's integrity check finds wrong with the file's pages and indexes (empty when sound)."""
    return database.integrity_problems()


def reviewers(database: ReviewDatabase) -> list[ReviewerRow]:
    return reviewer_store.all_reviewers(database.conn)


def reviewer(database: ReviewDatabase, name: str) -> ReviewerRow | None:
    return reviewer_store.get(database.conn, name)


def outlets(database: ReviewDatabase) -> list[str]:
    return doc_store.distinct_outlets(database.conn)


def review_stats(database: ReviewDatabase) -> ReviewStats:
    return stats_store.review_stats(database.conn)


def evidence_for_claim(database: ReviewDatabase, claim_id: int | None) -> list[EvidenceRow]:
    """A claim's evidence ledger (every claim's with ``None``), oldest first, removed items left out."""
    return evidence_store.for_claim(database.conn, claim_id)


def evidence_independence(database: ReviewDatabase, claim_id: int) -> Independence:
    """Group a claim's evidence into independent sources ("3 sources, 2 independent")."""
    rows = evidence_store.for_claim(database.conn, claim_id)
    texts = evidence_store.main_texts(database.conn, claim_id)
    return independence_groups([(r.final_url or r.url, texts.get(r.id)) for r in rows])


def signoff_status(database: ReviewDatabase, claim_id: int) -> SignoffStatus:
    return signoff.status(database, claim_id)


def team_agreement(database: ReviewDatabase) -> TeamAgreement:
    """Agreement over each reviewer's latest proposal per claim."""
    return agreement.team_agreement(team_store.latest_proposals(database.conn))


def adjudication(database: ReviewDatabase) -> dict[int, dict[str, list[str]]]:
    """Claims whose reviewers disagree, each verdict with who gave it."""
    return agreement.disagreements(team_store.latest_proposals(database.conn))


def quorum(database: ReviewDatabase) -> team_store.Quorum:
    return team_store.quorum(database.conn)


def stories(database: ReviewDatabase, limit: int | None = None) -> list[match_store.StoryRow]:
    return match_store.stories(database.conn, limit)


def story_of_claim(database: ReviewDatabase, claim_id: int) -> match_store.StoryRow | None:
    return match_store.story_of_claim(database.conn, claim_id)


def names(database: ReviewDatabase, limit: int | None = None) -> list[match_store.NameRow]:
    return match_store.names(database.conn, limit)


def claim_texts(database: ReviewDatabase, ids: list[int]) -> dict[int, tuple[str, str | None, str | None]]:
    """``{claim_id: (text, outlet, verdict)}``."""
    return match_store.claim_texts(database.conn, ids)


def speaker_link(database: ReviewDatabase, claim_id: int) -> tuple[str, list[int], list[str]] | None:
    return match_store.speaker_link_of_claim(database.conn, claim_id)


def checked_before(
    database: ReviewDatabase, claim_id: int, encoder: SentenceEncoder | None = None
) -> list[Match]:
    """Our reviewed claims and imported fact-checks stating the same claim (the ``similar`` ranking),
    at most three, each labelled and with its why."""
    from workbench.actions.same_claim import checked_before as lookup

    return lookup(database, claim_id, encoder=encoder)


def similar_in_other_outlets(
    database: ReviewDatabase, claim_id: int, encoder: SentenceEncoder | None = None
) -> list[OtherOutletClaim]:
    from workbench.actions.other_outlets import similar_in_other_outlets as lookup

    return lookup(database, claim_id, encoder=encoder)


@dataclass(frozen=True, slots=True)
class Related:
    """What the claim view fills in after the claim itself: found by meaning, so the model is loaded
    (once per process) by whoever asks for this, never on the screen's thread."""

    checked_before: list[Match]
    other_outlets: list[OtherOutletClaim]
    without_vectors: int
    """Claims still without a sentence vector (they cannot be found by meaning yet)."""
    note: str | None
    """Why matching is lexical only, when it is."""
    index_note: str | None = None
    """Why vectors are scanned exactly above the approximate index's threshold (usearch missing)."""


def encoder_for(model: str | None, sha256: str | None, tokenizer: str | None) -> SentenceEncoder | None:
    from workbench.actions.same_claim import shared_encoder

    return shared_encoder(model, sha256, tokenizer)


def related(
    database: ReviewDatabase,
    claim_id: int,
    model: str | None = None,
    sha256: str | None = None,
    tokenizer: str | None = None,
) -> Related:
    from workbench.actions.nearest import fallback_message
    from workbench.actions.other_outlets import missing_vectors
    from workbench.text.encoder import unavailable_message

    encoder = encoder_for(model, sha256, tokenizer)
    before = checked_before(database, claim_id, encoder)
    others = similar_in_other_outlets(database, claim_id, encoder)
    return Related(
        before,
        others,
        0 if encoder is None else missing_vectors(database, encoder),
        None if encoder is not None else unavailable_message(),
        fallback_message(),
    )


def fill_claim_vectors(
    database: ReviewDatabase,
    limit: int,
    model: str | None = None,
    sha256: str | None = None,
    tokenizer: str | None = None,
) -> tuple[int, int]:
    """Encode up to ``limit`` claims and fact-check texts still without a vector: (encoded now, still
    missing after)."""
    from workbench.actions.other_outlets import fill_claim_vectors as fill
    from workbench.actions.other_outlets import missing_vectors

    encoder = encoder_for(model, sha256, tokenizer)
    if encoder is None:
        return 0, 0
    done = fill(database, encoder, limit=limit)
    return done, missing_vectors(database, encoder)
