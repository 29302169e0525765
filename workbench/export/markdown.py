"""Markdown verdict report: header, summary tables with text bars, then one section per claim.

Untrusted text is backslash-escaped (``safe.md_inline``/``md_block``), so it cannot open a link,
an image, HTML, emphasis, a heading or a table cell; only http(s) URLs become links.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from workbench.export.words import quantity_as_written, readable_time

from . import charts
from .model import ExportResult, Report, ReportClaim, ReportSummary
from .safe import md_block, md_cell, md_inline, md_link

BAR_WIDTH = 20


def _bar(n: int, top: int) -> str:
    if not n or not top:
        return ""
    return "█" * max(1, round(BAR_WIDTH * n / top))


def _filters(filters: Mapping[str, str]) -> str:
    if not filters:
        return "none"
    return "; ".join(f"{md_inline(k)} = {md_inline(v)}" for k, v in filters.items())


def _header(report: Report, out: TextIO) -> None:
    out.write("# Verdict report\n\n")
    out.write(f"- **Database:** {md_inline(report.database)}\n")
    out.write(f"- **Generated:** {md_inline(readable_time(report.generated_at))}\n")
    out.write(f"- **Filters:** {_filters(report.filters)}\n")
    if report.audit_head is not None:
        head = report.audit_head
        out.write(f"- **Audit head:** event {head.event_id}, hash {md_inline(head.hash)}\n")
        if head.signature is not None:
            out.write(
                f"- **Audit head signed by:** {md_inline(head.signed_by or '')}, key {md_inline(head.key or '')}"
                f" (SSH signature, namespace factcheck-workbench-event, at the end of this report)\n"
            )
    else:
        out.write("- **Audit head:** no audit events\n")
    out.write(f"- **Rating scale:** {md_inline(report.scale.name)}\n")
    if report.organisation is not None:
        org = report.organisation
        out.write(f"- **Published by:** {md_link(org.name, org.url) if org.url else md_inline(org.name)}\n")
    out.write("\n")


def _count_table(
    title: str,
    first: str,
    table: Mapping[str, Mapping[str, int]],
    series: tuple[charts.Series, ...],
    out: TextIO,
) -> None:
    rows = charts.rows_for(table, series)
    if not rows:
        return
    top = max(r.total for r in rows)
    out.write(f"### {title}\n\n")
    out.write(f"| {first} | " + " | ".join(md_cell(s.name) for s in series) + " | Total | |\n")
    out.write("| --- | " + " | ".join("---:" for _ in series) + " | ---: | --- |\n")
    for row in rows:
        cells = " | ".join(str(n) for n in row.counts)
        out.write(f"| {md_cell(row.name)} | {cells} | {row.total} | {_bar(row.total, top)} |\n")
    out.write("\n")


def _summary(report: Report, summary: ReportSummary, out: TextIO) -> None:
    out.write("## Summary\n\n")
    reviewed, total = summary.progress
    share = f" ({reviewed / total:.0%})" if total else ""
    filled = round(BAR_WIDTH * reviewed / total) if total else 0
    out.write(f"**Verdicts:** {reviewed} of the {total} claims in this report have a verdict{share}  \n")
    out.write("█" * filled + "░" * (BAR_WIDTH - filled) + "\n\n")
    series = charts.series_for(report.scale, (summary.verdicts_by_outlet, summary.verdicts_by_speaker))
    _count_table("Verdicts by outlet", "Outlet", summary.verdicts_by_outlet, series, out)
    _count_table("Verdicts by speaker", "Speaker", summary.verdicts_by_speaker, series, out)
    if summary.agreement:
        out.write("### Agreement between reviewers\n\n| Reviewers | Agreement | |\n| --- | --- | --- |\n")
        for a in summary.agreement:
            value, caption = charts.agreement_value(a)
            pair = f"{md_cell(a.reviewers[0])} / {md_cell(a.reviewers[1])}"
            out.write(f"| {pair} | {md_cell(caption)} | {_bar(round(value * 100), 100)} |\n")
        out.write("\n")


def _claim(report: Report, claim: ReportClaim, out: TextIO) -> None:
    doc = claim.document
    out.write(f"### Claim {md_inline(str(claim.id))}\n\n")
    out.write("> " + md_block(claim.text).replace("\n", "\n> ") + "\n\n")
    source = md_link(doc.title or doc.url_or_source, doc.url_or_source) if doc.url_or_source else ""
    facts = [
        f"**Outlet:** {md_inline(doc.outlet) or 'unknown'}",
        f"**Published:** {md_inline(doc.published) or 'unknown'}",
    ]
    out.write("- " + " · ".join(facts) + "\n")
    if source:
        out.write(f"- **Source:** {source}\n")
    speaker = md_inline(claim.speaker) if claim.speaker else "not attributed"
    if claim.speaker and claim.speaker_kind:
        speaker += f" ({claim.speaker_kind})"
    out.write(f"- **Speaker:** {speaker}\n")
    status = f"- **Status:** {md_inline(claim.status) or 'unknown'}"
    if claim.score is not None:
        status += f" · **Check-worthiness:** {claim.score:.2f}"
    out.write(status + "\n")
    if claim.verdict is not None:
        verdict = f"**{md_inline(claim.verdict.name)}**"
        if claim.verdict.definition:
            verdict += f": {md_inline(claim.verdict.definition)}"
        out.write(f"- **Verdict:** {verdict}\n")
    elif not claim.conclusion:
        out.write("- **Verdict:** none yet\n")
    if claim.conclusion:
        out.write(f"- **Conclusion:** {md_inline(claim.conclusion)}\n")
    if claim.reviewed_at:
        out.write(f"- **Reviewed:** {md_inline(readable_time(claim.reviewed_at))}\n")
    if claim.review_url:
        out.write(f"- **Published review:** {md_link(claim.review_url, claim.review_url)}\n")
    out.write("\n")
    if claim.rationale:
        out.write(f"**Rationale**\n\n{md_block(claim.rationale)}\n\n")
    _evidence(claim, out)
    _signoff(claim, out)
    if claim.disagreements:
        out.write("**Disagreements across outlets**\n\n")
        for d in claim.disagreements:
            out.write(f"- {md_inline(d.kind)}:\n")
            for v in d.values:
                outlet = md_inline(v.outlet) or "unknown outlet"
                out.write(
                    f"  - {outlet} (claim {md_inline(str(v.claim_id))}): "
                    f"**{md_inline(quantity_as_written(v.value))}**, “{md_inline(v.text)}”\n"
                )
        out.write("\n")
    if claim.notes:
        out.write(f"**Notes**\n\n{md_block(claim.notes)}\n\n")
    out.write("---\n\n")


def _evidence(claim: ReportClaim, out: TextIO) -> None:
    if not claim.evidence:
        out.write("**Evidence:** none recorded\n\n")
        return
    summary = f" ({md_inline(claim.independence_summary)})" if claim.independence_summary else ""
    out.write(f"**Evidence**{summary}\n\n")
    out.write("| Stance | Source | Domain | Independence | Status | Fetched | Archive |\n")
    out.write("| --- | --- | --- | --- | --- | --- | --- |\n")
    for e in claim.evidence:
        group = f"group {e.independent_group}" if e.independent_group is not None else "unknown"
        archive = md_link("archived", e.archive_url) if e.archive_url else ""
        out.write(
            f"| {md_cell(e.stance)} | {md_link(e.title or e.url, e.url)} | {md_cell(e.domain)} "
            f"| {group} "
            f"| {md_cell(e.status)} | {md_cell(readable_time(e.fetched_at))} | {archive} |\n"
        )
    out.write("\n")


def _signoff(claim: ReportClaim, out: TextIO) -> None:
    s = claim.signoff
    if not s.proposed_by and not s.approvals:
        out.write("**Sign-off:** not proposed yet\n\n")
        return
    parts = []
    if s.proposed_by:
        when = f" on {md_inline(readable_time(s.proposed_at))}" if s.proposed_at else ""
        parts.append(f"proposed by {md_inline(s.proposed_by)}{when}")
    if s.approvals:
        approvals = ", ".join(
            f"{md_inline(a.reviewer)} ({md_inline(readable_time(a.at))})" for a in s.approvals
        )
        parts.append(f"approved by {approvals}")
    else:
        parts.append("no approvals yet")
    parts.append("final" if s.final else "not final")
    out.write(f"**Sign-off:** {'; '.join(parts)}\n\n")


def render_markdown(report: Report, out: TextIO) -> ExportResult:
    """Write the report as Markdown, one claim at a time."""
    _header(report, out)
    if report.summary is not None:
        _summary(report, report.summary, out)
    out.write("## Claims\n\n")
    n = 0
    for claim in report.claims:
        _claim(report, claim, out)
        n += 1
    out.write(f"*{n} claim{'s' if n != 1 else ''} in this report.*\n")
    head = report.audit_head
    if head is not None and head.signature is not None:
        # SSHSIG armour is base64 between BEGIN/END lines: nothing in it can close the fence.
        out.write(f"\n## Audit head signature\n\n```\n{head.signature.strip()}\n```\n")
    return ExportResult(claims=n, written=n)
