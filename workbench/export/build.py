"""Filling the report model from the review database (read-only), streaming the claims."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workbench import queries
from workbench.actions.review import current_scale
from workbench.evidence.independence import independence_groups
from workbench.export.model import (
    Agreement,
    Approval,
    AuditHead,
    Disagreement,
    DisagreementValue,
    Label,
    Organisation,
    RatingScale,
    Report,
    ReportClaim,
    ReportDocument,
    ReportEvidence,
    ReportSummary,
    SignOff,
)
from workbench.scales import PRESETS, label_of
from workbench.scales import RatingScale as StoreScale
from workbench.store import audit, signatures
from workbench.store.claims import verdicts_by_scale
from workbench.store.database import ReviewDatabase
from workbench.store.report import ReportFilter, claim_batches, progress, verdict_table


def _scale(scale: StoreScale, database: ReviewDatabase | None = None) -> RatingScale:
    """The report's scale: the database's labels, then labels of verdicts given under earlier scales
    (they keep their own labels, so a scale change orphans nothing)."""
    labels = [Label(lb.id, lb.name, lb.definition, lb.value, lb.color) for lb in scale.labels]
    if database is not None:
        known = {lb.id for lb in labels}
        for scale_of, verdict, _ in verdicts_by_scale(database.conn):
            label = label_of(verdict, scale_of, scale) if scale_of not in (None, scale.id) else None
            if label is not None and label.id not in known:
                known.add(label.id)
                labels.append(Label(label.id, label.name, label.definition, label.value, label.color))
    return RatingScale(name=scale.name, labels=tuple(labels), best=scale.best, worst=scale.worst)


def build_report(
    database: ReviewDatabase,
    flt: ReportFilter,
    *,
    organisation: Organisation | None = None,
    review_url: str | None = None,
    include_notes: bool = False,
) -> Report:
    """A report over the claims ``flt`` selects; claims are read lazily as the renderer consumes them.

    Reviewers' notes are internal: they (and their events) stay out unless ``include_notes``.
    """
    store_scale = current_scale(database)
    scale = _scale(store_scale, database)
    head = audit.head(database.conn)
    pairs = queries.team_agreement(database).pairs
    summary = ReportSummary(
        verdicts_by_outlet=verdict_table(database.conn, flt, "outlet"),
        verdicts_by_speaker=verdict_table(database.conn, flt, "speaker"),
        progress=progress(database.conn, flt),
        agreement=tuple(Agreement((p.a, p.b), p.items, p.kappa, p.percent * 100) for p in pairs),
    )
    return Report(
        database=str(database.path),
        generated_at=audit.utc_now()[:19] + "Z",
        scale=scale,
        claims=_claims(database, flt, scale, store_scale, review_url, include_notes),
        filters=flt.describe(),
        audit_head=_head(database, head.event_id, head.hash) if head else None,
        organisation=organisation,
        summary=summary,
    )


def _claims(
    database: ReviewDatabase,
    flt: ReportFilter,
    scale: RatingScale,
    store_scale: StoreScale,
    review_url: str | None,
    include_notes: bool,
) -> Iterator[ReportClaim]:
    for batch in claim_batches(database.conn, flt):
        for row in batch:
            if not include_notes:
                row = {
                    **row,
                    "notes": [],
                    "events": [e for e in row["events"] if not str(e["action"]).startswith("note.")],
                }
            given = PRESETS.get(row["verdict_scale"] or "", store_scale)
            yield _claim(row, scale, given.free_text, review_url)


def _speaker_kind(row: dict[str, Any]) -> str | None:
    speaker = row["speaker"]
    if not speaker:
        return None
    for name in row["names"]:
        if name.get("text") and (name["text"] in speaker or speaker in name["text"]):
            return "Person" if name.get("kind") == "PERSON" else "Organization"
    lowered = speaker.lower()
    if any(
        word in lowered
        for word in (
            "ministry",
            "government",
            "police",
            "office",
            "mission",
            "embassy",
            "service",
            "agency",
            "council",
            "side",
            "army",
        )
    ):
        return "Organization"
    return "Person"


def _claim(row: dict[str, Any], scale: RatingScale, free_text: bool, review_url: str | None) -> ReportClaim:
    doc = row["document"]
    evidence_rows = row["evidence"]
    groups = independence_groups([(e[8] or e[1], e[9] or None) for e in evidence_rows])
    group_of = {
        member: number for number, group in enumerate(groups.groups, start=1) for member in group.members
    }
    evidence = tuple(
        ReportEvidence(
            url=e[1],
            stance=e[2],
            title=e[3],
            status=e[4],
            domain=e[5],
            archive_url=e[6],
            fetched_at=e[7],
            independent_group=group_of.get(i),
        )
        for i, e in enumerate(evidence_rows)
    )
    proposal = next((j for j in row["judgements"] if j[0] == row["proposal_id"]), None)
    approvals = tuple(
        Approval(j[1], j[5])
        for j in row["judgements"]
        if j[2] == "approval" and j[4] == row["proposal_id"] and not j[6]
    )
    verdict = scale.label(row["verdict"]) if row["verdict"] and not free_text else None
    notes = "\n".join(f"{n[0]} ({n[2][:10]}): {n[1]}" for n in row["notes"])
    return ReportClaim(
        id=row["id"],
        text=row["text"],
        document=ReportDocument(
            doc["id"],
            doc["outlet"],
            doc["title"],
            doc["published"],
            doc.get("url") or doc["source"],
            first_url=(doc.get("first") or {}).get("url"),
            first_published=(doc.get("first") or {}).get("published") or (doc.get("first") or {}).get("seen"),
        ),
        speaker=row["speaker"],
        speaker_kind=_speaker_kind(row),  # type: ignore[arg-type]
        score=row["score"],
        status=row["status"],
        verdict=verdict,
        conclusion=row["verdict"] if free_text else None,
        rationale=row["rationale"] or "",
        evidence=evidence,
        independence_summary=groups.summary() if evidence else "",
        signoff=SignOff(
            proposed_by=proposal[1] if proposal else None,
            proposed_at=proposal[5] if proposal else None,
            approvals=approvals,
            final=row["final"],
        ),
        disagreements=tuple(
            Disagreement(
                str(d["kind"]),
                tuple(
                    DisagreementValue(
                        v.get("claim_id", ""),
                        v.get("outlet"),
                        str(v.get("text", "")),
                        str(v.get("value", "")),
                    )
                    for v in d["values"]
                ),
            )
            for d in row["disagreements"]
        ),
        notes=notes,
        events=tuple(row["events"]),
        reviewed_at=row["updated_at"],
        review_url=row.get("review_url") or review_address(review_url, row["id"]),
        summary=row.get("summary"),
    )


def review_address(template: str | None, claim_id: int) -> str | None:
    """The review URL from a template (``https://example.org/checks/{id}``) or a base (``BASE/claims/ID``)."""
    if not template:
        return None
    if "{id}" in template:
        return template.replace("{id}", str(claim_id))
    return f"{template.rstrip('/')}/claims/{claim_id}"


def _head(database: ReviewDatabase, event_id: int, digest: str) -> AuditHead:
    signed = signatures.event_signature(database.conn, event_id)
    if signed is None:
        return AuditHead(event_id, digest)
    return AuditHead(event_id, digest, signed_by=signed[0], key=signed[1], signature=signed[2])
