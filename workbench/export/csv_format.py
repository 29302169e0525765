"""CSV verdict report: one row per claim, a fixed column order, spreadsheet-safe cells.

Columns (stable; new columns are only ever appended):

=================== ==========================================================================
claim_id            the claim's id
document_id         the article's id
outlet              the outlet that published the article
title               the article headline
published           the article date (ISO), empty when unknown
source              the article URL or the file it was read from
speaker             who made the claim, empty when not attributed
speaker_kind        ``Person`` or ``Organization``
claim               the claim text, as written
score               check-worthiness score
status              workflow status
verdict_id          verdict label id on the rating scale
verdict             verdict label name
verdict_value       the label's number on a numeric scale
conclusion          free-text verdict (scales without labels)
rationale           why the verdict
evidence_count      number of evidence entries
independence        e.g. ``3 sources, 2 independent``
evidence            one line per entry: ``stance url``
proposed_by         reviewer who proposed the verdict
proposed_at         when
approved_by         ``reviewer (time)`` entries separated by ``; ``
final               ``yes`` or ``no``
disagreements       one line per disagreement: ``kind: outlet=value; outlet=value``
notes               reviewers' notes
reviewed_at         when the verdict was set
review_url          the published review
=================== ==========================================================================

Text cells pass through ``safe.csv_cell``: a cell starting with ``= + - @``, tab or carriage return
gets a leading ``'`` (OWASP CSV injection), control characters become visible symbols. Numbers are
written as numbers. Rows end with CRLF (RFC 4180).
"""

from __future__ import annotations

import csv
from typing import TextIO

from .model import ExportResult, Report, ReportClaim
from .safe import csv_cell

COLUMNS: tuple[str, ...] = (
    "claim_id",
    "document_id",
    "outlet",
    "title",
    "published",
    "source",
    "speaker",
    "speaker_kind",
    "claim",
    "score",
    "status",
    "verdict_id",
    "verdict",
    "verdict_value",
    "conclusion",
    "rationale",
    "evidence_count",
    "independence",
    "evidence",
    "proposed_by",
    "proposed_at",
    "approved_by",
    "final",
    "disagreements",
    "notes",
    "reviewed_at",
    "review_url",
)


def _num(value: int | float | None) -> str:
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value:.4f}"


def row_for(claim: ReportClaim) -> list[str]:
    """The claim's cells in ``COLUMNS`` order."""
    doc, s, v = claim.document, claim.signoff, claim.verdict
    evidence = "\n".join(f"{e.stance} {e.url}".strip() for e in claim.evidence)
    disagreements = "\n".join(
        f"{d.kind}: " + "; ".join(f"{x.outlet or '?'}={x.value}" for x in d.values)
        for d in claim.disagreements
    )
    cells = [
        str(claim.id),
        str(doc.id),
        doc.outlet,
        doc.title,
        doc.published,
        doc.url_or_source,
        claim.speaker,
        claim.speaker_kind,
        claim.text,
        None,
        claim.status,
        v.id if v else None,
        v.name if v else None,
        None,
        claim.conclusion,
        claim.rationale,
        None,
        claim.independence_summary,
        evidence,
        s.proposed_by,
        s.proposed_at,
        "; ".join(f"{a.reviewer} ({a.at})" for a in s.approvals),
        "yes" if s.final else "no",
        disagreements,
        claim.notes,
        claim.reviewed_at,
        claim.review_url,
    ]
    row = [csv_cell(c) for c in cells]
    row[COLUMNS.index("score")] = _num(claim.score)
    row[COLUMNS.index("verdict_value")] = _num(v.value if v else None)
    row[COLUMNS.index("evidence_count")] = str(len(claim.evidence))
    return row


def render_csv(report: Report, out: TextIO) -> ExportResult:
    """Write a header row and one row per claim. The report header (database, filters, audit
    head) is not in the CSV; use the JSONL export when that provenance must travel with the data."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    n = 0
    for claim in report.claims:
        writer.writerow(row_for(claim))
        n += 1
    return ExportResult(claims=n, written=n)
