"""HTML verdict report: one self-contained, printable file with inline SVG charts and no script.

Every untrusted string goes through ``safe.h`` (``html.escape`` with quotes), only http(s) URLs
become ``href``s, and a Content-Security-Policy meta tag forbids scripts and remote loads as a
second line of defence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from workbench.export.words import quantity_as_written, readable_time

from . import charts
from .model import ExportResult, Label, Report, ReportClaim, ReportSummary
from .safe import clean_text, encode_url, h, html_id, is_hex_color, safe_url

CSS = """
:root { --ink:#1d1d1f; --muted:#5f6368; --rule:#d6d6d6; --bg:#ffffff; --panel:#f6f7f9; }
* { box-sizing:border-box; }
body { font-family:"DejaVu Sans", Arial, sans-serif; color:var(--ink); background:var(--bg);
       max-width:1000px; margin:2rem auto; padding:0 1.2rem; line-height:1.45; font-size:15px; }
h1 { font-size:1.7rem; margin:0 0 .6rem; }
h2 { font-size:1.3rem; border-bottom:2px solid var(--ink); padding-bottom:.2rem; margin-top:2rem; }
h3 { font-size:1.05rem; margin:1.2rem 0 .4rem; }
dl.meta { display:grid; grid-template-columns:max-content 1fr; gap:.15rem 1rem; margin:0; }
dl.meta dt { font-weight:bold; color:var(--muted); }
dl.meta dd { margin:0; overflow-wrap:anywhere; }
.hash { font-family:"DejaVu Sans Mono", monospace; font-size:.85em; overflow-wrap:anywhere; }
figure { margin:.5rem 0 1rem; } svg { max-width:100%; height:auto; }
article.claim { border:1px solid var(--rule); border-radius:6px; padding:.8rem 1rem; margin:1rem 0;
                break-inside:avoid-page; }
article.claim > header { display:flex; justify-content:space-between; gap:1rem; align-items:baseline; }
article.claim h3 { margin:0; }
blockquote { margin:.6rem 0; padding:.4rem .8rem; border-left:4px solid var(--rule); background:var(--panel);
             font-size:1.05rem; white-space:pre-line; overflow-wrap:anywhere; }
.facts { color:var(--muted); font-size:.9rem; margin:.2rem 0 .6rem; overflow-wrap:anywhere; }
.badge { display:inline-block; padding:.1rem .55rem; border-radius:3px; font-weight:bold;
         border:1px solid #00000033; -webkit-print-color-adjust:exact; print-color-adjust:exact; }
.definition { color:var(--muted); }
.text { white-space:pre-line; overflow-wrap:anywhere; }
table { border-collapse:collapse; width:100%; font-size:.85rem; margin:.3rem 0 .8rem; }
th, td { border:1px solid var(--rule); padding:.2rem .4rem; text-align:left; vertical-align:top;
         overflow-wrap:break-word; }
/* Fixed column widths: no untrusted string can widen the ledger past the page. */
table.evidence { table-layout:fixed; font-size:.8rem; }
table.evidence td { overflow-wrap:anywhere; }
table.evidence th:nth-child(1) { width:9%; } table.evidence th:nth-child(2) { width:26%; }
table.evidence th:nth-child(3) { width:15%; } table.evidence th:nth-child(4) { width:12%; }
table.evidence th:nth-child(5) { width:7%; } table.evidence th:nth-child(6) { width:16%; }
th { background:var(--panel); }
td.num, th.num { text-align:right; }
.stance-supports { color:#006d4e; } .stance-refutes { color:#b3261e; }
.muted { color:var(--muted); }
footer.end { color:var(--muted); margin-top:2rem; border-top:1px solid var(--rule); padding-top:.4rem; }
@media print {
  body { max-width:none; margin:0; font-size:10.5pt; }
  h2 { break-after:avoid-page; }
  article.claim { border:none; border-top:1px solid #999; border-radius:0; padding:.4rem 0; }
  a { color:inherit; text-decoration:underline; }
  a[href^="http"]::after { content:" <" attr(href) ">"; font-size:.8em; color:#555; overflow-wrap:anywhere; }
  figure { break-inside:avoid-page; }
  table.evidence { font-size:8.5pt; }
  td a[href^="http"]::after { display:block; word-break:break-all; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _link(text: str | None, url: str | None) -> str:
    """An anchor for http(s) URLs; anything else (``javascript:``, file paths) stays visible text."""
    target = safe_url(url)
    label = h(text or url)
    if target is None:
        # Not a web address (a file path, ``javascript:``): show it, never link it.
        return f'{label} <span class="muted">({h(url)})</span>' if text and url and text != url else label
    return f'<a href="{h(encode_url(target))}" rel="noopener noreferrer nofollow">{label}</a>'


def _text_color(bg: str) -> str:
    hexs = bg.lstrip("#")
    if len(hexs) == 3:
        hexs = "".join(c * 2 for c in hexs)
    r, g, b = (int(hexs[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def _badge(label: Label, scale_index: int) -> str:
    color = label.color if is_hex_color(label.color) else charts.PALETTE[scale_index % len(charts.PALETTE)]
    assert color is not None
    return f'<span class="badge" style="background:{color};color:{_text_color(color)}">{h(label.name)}</span>'


def _filters(filters: Mapping[str, str]) -> str:
    if not filters:
        return '<span class="muted">none</span>'
    return "; ".join(f"{h(k)} = {h(v)}" for k, v in filters.items())


def _header(report: Report, out: TextIO) -> None:
    out.write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    out.write(f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n')
    out.write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    out.write(f"<title>Verdict report: {h(report.database)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")
    out.write('<header>\n<h1>Verdict report</h1>\n<dl class="meta">\n')
    out.write(f"<dt>Database</dt><dd>{h(report.database)}</dd>\n")
    out.write(f"<dt>Generated</dt><dd>{h(readable_time(report.generated_at))}</dd>\n")
    out.write(f"<dt>Filters</dt><dd>{_filters(report.filters)}</dd>\n")
    if report.audit_head is not None:
        head = report.audit_head
        out.write(
            f"<dt>Audit head</dt><dd>event {head.event_id}, "
            f'hash <span class="hash">{h(head.hash)}</span></dd>\n'
        )
        if head.signature is not None:
            out.write(
                f"<dt>Audit head signed by</dt><dd>{h(head.signed_by or '')}, key "
                f'<span class="hash">{h(head.key or "")}</span>'
                f'<pre class="hash">{h(head.signature)}</pre></dd>\n'
            )
    else:
        out.write('<dt>Audit head</dt><dd class="muted">no audit events</dd>\n')
    out.write(f"<dt>Rating scale</dt><dd>{h(report.scale.name)}</dd>\n")
    if report.organisation is not None:
        org = report.organisation
        out.write(f"<dt>Published by</dt><dd>{_link(org.name, org.url)}</dd>\n")
    out.write("</dl>\n</header>\n")


def _summary(report: Report, summary: ReportSummary, out: TextIO) -> None:
    out.write('<section class="summary">\n<h2>Summary</h2>\n')
    reviewed, total = summary.progress
    out.write(f"<h3>Verdicts</h3>\n<figure>{charts.progress_bar(reviewed, total)}</figure>\n")
    series = charts.series_for(report.scale, (summary.verdicts_by_outlet, summary.verdicts_by_speaker))
    for title, table in (
        ("Verdicts by outlet", summary.verdicts_by_outlet),
        ("Verdicts by speaker", summary.verdicts_by_speaker),
    ):
        svg = charts.stacked_bars(title, charts.rows_for(table, series), series)
        if svg:
            out.write(f"<h3>{title}</h3>\n<figure>{svg}</figure>\n")
    svg = charts.agreement_bars(summary.agreement)
    if svg:
        out.write(f"<h3>Agreement between reviewers</h3>\n<figure>{svg}</figure>\n")
    out.write("</section>\n")


def _claim(report: Report, claim: ReportClaim, out: TextIO) -> None:
    doc = claim.document
    out.write(
        f'<article class="claim" id="claim-{html_id(claim.id)}">\n<header><h3>Claim {h(str(claim.id))}</h3>'
    )
    if claim.verdict is not None:
        index = next((i for i, lab in enumerate(report.scale.labels) if lab.id == claim.verdict.id), 0)
        out.write(f"<div>{_badge(claim.verdict, index)}</div>")
    elif claim.conclusion:
        out.write('<div><span class="badge" style="background:#eeeeee;color:#000000">conclusion</span></div>')
    else:
        out.write('<div class="muted">no verdict yet</div>')
    out.write("</header>\n")
    out.write(f"<blockquote>{h(claim.text)}</blockquote>\n")
    facts = [f"<b>{h(doc.outlet) or 'unknown outlet'}</b>", h(doc.published) or "date unknown"]
    if doc.url_or_source:
        facts.append(_link(doc.title or doc.url_or_source, doc.url_or_source))
    elif doc.title:
        facts.append(h(doc.title))
    out.write(f'<p class="facts">{" · ".join(facts)}</p>\n<dl class="meta">\n')
    speaker = h(claim.speaker) if claim.speaker else '<span class="muted">not attributed</span>'
    if claim.speaker and claim.speaker_kind:
        speaker += f' <span class="muted">({h(claim.speaker_kind)})</span>'
    out.write(f"<dt>Speaker</dt><dd>{speaker}</dd>\n")
    status = h(claim.status) or "unknown"
    if claim.score is not None:
        status += f' <span class="muted">· check-worthiness {claim.score:.2f}</span>'
    out.write(f"<dt>Status</dt><dd>{status}</dd>\n")
    if claim.verdict is not None:
        definition = (
            f' <span class="definition">{h(claim.verdict.definition)}</span>'
            if claim.verdict.definition
            else ""
        )
        out.write(f"<dt>Verdict</dt><dd><b>{h(claim.verdict.name)}</b>{definition}</dd>\n")
    if claim.conclusion:
        out.write(f'<dt>Conclusion</dt><dd class="text">{h(claim.conclusion)}</dd>\n')
    if claim.rationale:
        out.write(f'<dt>Rationale</dt><dd class="text">{h(claim.rationale)}</dd>\n')
    if claim.reviewed_at:
        out.write(f"<dt>Reviewed</dt><dd>{h(readable_time(claim.reviewed_at))}</dd>\n")
    if claim.review_url:
        out.write(f"<dt>Published review</dt><dd>{_link(claim.review_url, claim.review_url)}</dd>\n")
    out.write(f"<dt>Sign-off</dt><dd>{_signoff(claim)}</dd>\n")
    if claim.notes:
        out.write(f'<dt>Notes</dt><dd class="text">{h(claim.notes)}</dd>\n')
    out.write("</dl>\n")
    _evidence(claim, out)
    if claim.disagreements:
        out.write("<h4>Disagreements across outlets</h4>\n<ul>\n")
        for d in claim.disagreements:
            out.write(f"<li>{h(d.kind)}<ul>\n")
            for v in d.values:
                out.write(
                    f"<li><b>{h(quantity_as_written(v.value))}</b> in {h(v.outlet) or 'unknown outlet'} "
                    f'(claim {h(str(v.claim_id))}): <span class="muted">“{h(v.text)}”</span></li>\n'
                )
            out.write("</ul></li>\n")
        out.write("</ul>\n")
    out.write("</article>\n")


def _signoff(claim: ReportClaim) -> str:
    s = claim.signoff
    if not s.proposed_by and not s.approvals:
        return '<span class="muted">not proposed yet</span>'
    parts = []
    if s.proposed_by:
        when = f" on {h(readable_time(s.proposed_at))}" if s.proposed_at else ""
        parts.append(f"proposed by <b>{h(s.proposed_by)}</b>{when}")
    if s.approvals:
        parts.append(
            "approved by "
            + ", ".join(f"<b>{h(a.reviewer)}</b> ({h(readable_time(a.at))})" for a in s.approvals)
        )
    else:
        parts.append("no approvals yet")
    parts.append("<b>final</b>" if s.final else "not final")
    return "; ".join(parts)


def _evidence(claim: ReportClaim, out: TextIO) -> None:
    if not claim.evidence:
        out.write('<p class="muted">No evidence recorded.</p>\n')
        return
    summary = ""
    if claim.independence_summary:
        summary = f' <span class="muted">({h(claim.independence_summary)})</span>'
    out.write(
        f'<h4>Evidence{summary}</h4>\n<table class="evidence">\n'
        "<thead><tr><th>Stance</th><th>Source</th><th>Domain</th>"
        "<th>Independence</th><th>Status</th><th>Fetched</th><th>Archive</th></tr></thead>\n<tbody>\n"
    )
    for e in claim.evidence:
        stance_class = html_id(clean_text(e.stance).lower())
        group = f"group {e.independent_group}" if e.independent_group is not None else "unknown"
        archive = _link("archived", e.archive_url) if e.archive_url else ""
        out.write(
            f'<tr><td class="stance-{stance_class}">{h(e.stance)}</td>'
            f"<td>{_link(e.title or e.url, e.url)}</td><td>{h(e.domain)}</td>"
            f"<td>{group}</td><td>{h(e.status)}</td>"
            f"<td>{h(readable_time(e.fetched_at))}</td><td>{archive}</td></tr>\n"
        )
    out.write("</tbody>\n</table>\n")


def render_html(report: Report, out: TextIO) -> ExportResult:
    """Write the report as one HTML page, one claim at a time."""
    _header(report, out)
    if report.summary is not None:
        _summary(report, report.summary, out)
    out.write('<section class="claims">\n<h2>Claims</h2>\n')
    n = 0
    for claim in report.claims:
        _claim(report, claim, out)
        n += 1
    out.write(
        f'</section>\n<footer class="end">{n} claim{"s" if n != 1 else ""} in this report.</footer>\n'
        "</body>\n</html>\n"
    )
    return ExportResult(claims=n, written=n)
