"""Rich ``Text`` for claims and documents. Untrusted text is only ever added as plain text, never markup."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from rich.text import Text

from workbench.queries import ClaimRow, JunkRow
from workbench.scales import PRESETS, RatingScale, label_of
from workbench.store.audit import AuditEvent
from workbench.store.documents import VersionComparison
from workbench.store.notes import NoteRow
from workbench.store.serialize import reason_text, stale_speaker
from workbench.text import checkworthy_semantic as semantic
from workbench.text.safe import one_line, printable

STATUS_STYLE = {
    "unreviewed": "dim",
    "in_progress": "yellow",
    "needs_second_opinion": "magenta",
    "reviewed": "green",
    "dismissed": "dim strike",
    "skipped": "dim italic",
}


def paragraph_bounds(text: str, start: int, end: int, max_chars: int = 1500) -> tuple[int, int]:
    """The blank-line-separated paragraph around ``[start, end)``, clipped to ``max_chars`` around it."""
    left = text.rfind("\n\n", 0, start)
    left = 0 if left < 0 else left + 2
    right = text.find("\n\n", end)
    right = len(text) if right < 0 else right
    spare = max(0, max_chars - (end - start))
    left = max(left, start - spare // 2)
    right = min(right, end + spare // 2)
    return left, right


def claim_in_context(
    text: str, claim: ClaimRow, *, max_chars: int = 1500, other_claims: Sequence[ClaimRow] = ()
) -> Text:
    """The claim highlighted in its paragraph, its speaker underlined."""
    left, right = paragraph_bounds(text, claim.start, claim.end, max_chars)
    marks: list[tuple[int, int, str]] = [(claim.start, claim.end, "bold reverse")]
    if claim.speaker_start is not None and claim.speaker_end is not None:
        marks.append((claim.speaker_start, claim.speaker_end, "underline bold cyan"))
    for other in other_claims:
        if other.id != claim.id and other.checkworthy:
            marks.append((other.start, other.end, "italic"))
    return styled_span(text, left, right, marks, prefix="… " if left > 0 and text[left - 1] != "\n" else "")


def styled_span(
    text: str, left: int, right: int, marks: Iterable[tuple[int, int, str]], *, prefix: str = ""
) -> Text:
    """``text[left:right]`` with styles over the marked spans, safe for the terminal."""
    result = Text(prefix)
    bounds = {left, right}
    clipped = []
    for start, end, style in marks:
        s, e = max(start, left), min(end, right)
        if s < e:
            clipped.append((s, e, style))
            bounds.update((s, e))
    cuts = sorted(bounds)
    for a, b in itertools.pairwise(cuts):
        styles = " ".join(style for s, e, style in clipped if s <= a and b <= e)
        result.append(printable(text[a:b]), style=styles or None)
    return result


def reasons_text(claim: ClaimRow, limit: int = 8, *, semantic_on: bool = False) -> Text:
    """The score's reasons, strongest first; with ``semantic_on``, a score still waiting for its semantic
    part says it is provisional."""
    out = Text()
    for reason in claim.reasons[:limit]:
        weight = float(reason.get("weight", 0))
        out.append("  " + one_line(reason_text(reason)), style="green" if weight > 0 else "red")
        stale = stale_speaker(claim, reason)
        if stale:
            out.append(f" ({one_line(stale)})", style="dim italic")
        out.append("\n")
    if semantic.provisional(claim.reasons, semantic_on):
        out.append("  " + semantic.PROVISIONAL + "\n", style="dim italic")
    return out


def verdict_label(scale: RatingScale, verdict: str | None, verdict_scale: str | None = None) -> Text:
    """The verdict with its label and definition, from the scale it was given under."""
    if verdict is None:
        return Text("no verdict yet", style="dim")
    label = label_of(verdict, verdict_scale, scale)
    if label is None:
        return Text(one_line(verdict), style="bold")
    out = Text.assemble((label.name, f"bold {label.color}"), (f" — {label.definition}", "dim"))
    if verdict_scale and verdict_scale != scale.id and verdict_scale in PRESETS:
        out.append(f" (given on the {PRESETS[verdict_scale].name} scale)", style="dim italic")
    return out


def claim_header(claim: ClaimRow) -> Text:
    return Text.assemble(
        (one_line(claim.outlet or "unknown outlet"), "bold"),
        " · ",
        (claim.published or "date unknown", ""),
        " · ",
        (one_line(claim.title or "", 80), "italic"),
        f"   claim {claim.id}",
    )


def speaker_line(claim: ClaimRow) -> Text:
    if not claim.speaker:
        return Text("Speaker: none (the outlet asserts it)", style="dim")
    line = Text("Speaker: ")
    line.append(one_line(claim.speaker), style="bold cyan")
    if claim.cue:
        line.append(f"  (cue '{one_line(claim.cue)}'", style="dim")
        line.append(f", {claim.attribution_method})" if claim.attribution_method else ")", style="dim")
    return line


def score_line(claim: ClaimRow) -> Text:
    cw = "check-worthy" if claim.checkworthy else "not check-worthy"
    line = Text(f"Score {claim.score:.2f} ({cw})   Status: ")
    line.append(claim.status.replace("_", " "), style=STATUS_STYLE.get(claim.status, ""))
    if claim.flagged:
        line.append("  ⚑ flagged for a second opinion", style="magenta")
    if claim.updated_by:
        line.append(f"   last change by {one_line(claim.updated_by)}", style="dim")
    return line


def mentions_line(claim: ClaimRow) -> Text:
    parts = []
    if claim.quantities:
        parts.append(
            "numbers: "
            + ", ".join(one_line(str(q.get("normalized") or q.get("text"))) for q in claim.quantities)
        )
    if claim.dates:
        parts.append(
            "dates: "
            + ", ".join(
                one_line(f"{d.get('text')}" + (f" = {d['value']}" if d.get("value") else ""))
                for d in claim.dates
            )
        )
    if claim.names:
        parts.append(
            "names: "
            + ", ".join(one_line(str(n.get("normalized") or n.get("text"))) for n in claim.names[:8])
        )
    return Text("   ".join(parts), style="dim")


def notes_text(notes: Sequence[NoteRow]) -> Text:
    out = Text()
    for note in notes:
        style = "dim strike" if note.retracted else ""
        out.append(f"  {note.created_at[:16]} {one_line(note.author)}: ", style="dim")
        out.append(printable(note.text) + "\n", style=style)
    return out or Text("  no notes", style="dim")


def correction_text(event: AuditEvent) -> str | None:
    """A reviewer's correction in words: what it was, what it is now."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    if event.action == "claim.speaker":
        return f"speaker: {before.get('speaker') or 'none'} → {after.get('speaker') or 'none (the outlet)'}"
    if event.action == "claim.span":
        return f"span: “{one_line(str(before.get('text', '')), 50)}” → “{one_line(str(after.get('text', '')), 50)}”"
    return None


def history_text(events: Sequence[AuditEvent], limit: int = 12) -> Text:
    out = Text()
    for event in events[-limit:]:
        out.append(f"  {event.ts[:19]} ", style="dim")
        out.append(one_line(event.actor), style="cyan")
        out.append(f" {event.action} ")
        corrected = correction_text(event)
        if corrected is not None:
            out.append(corrected, style="yellow")
        elif isinstance(event.after, dict):
            out.append(
                one_line(", ".join(f"{k}={v}" for k, v in event.after.items() if k != "version"), 90),
                style="dim",
            )
        out.append("\n")
    return out or Text("  no changes yet", style="dim")


def junk_marked(text: str, junk: Sequence[JunkRow], claims: Sequence[ClaimRow]) -> Text:
    """A whole document: junk dimmed and struck through, check-worthy claims in bold."""
    marks: list[tuple[int, int, str]] = [(j.start, j.end, "dim strike") for j in junk]
    marks += [(c.start, c.end, "bold" if c.checkworthy else "") for c in claims]
    return styled_span(text, 0, len(text), marks)


def bar(value: int, maximum: int, width: int = 30) -> str:
    if maximum <= 0:
        return ""
    filled = value * width / maximum
    full = int(filled)
    part = " ▏▎▍▌▋▊▉"[int((filled - full) * 8)] if full < width else ""
    return ("█" * full + part.strip()).ljust(width)


def highlight_phrases(text: str, phrases: Sequence[str], style: str) -> Text:
    """``text`` with each phrase (a value another outlet disputes) marked."""
    marks = []
    for phrase in phrases:
        start = text.find(phrase) if phrase else -1
        if start >= 0:
            marks.append((start, start + len(phrase), style))
    return styled_span(text, 0, len(text), marks)


def story_text(
    claim_id: int,
    story: object,
    texts: dict[int, tuple[str, str | None, str | None]],
    names: dict[str, str],
) -> Text:
    """Other outlets' versions of the claim, side by side, with the disputed values marked."""
    from workbench.store.matching import StoryRow

    assert isinstance(story, StoryRow)
    disputed: dict[int, list[str]] = {}
    for disagreement in story.disagreements:
        for value in disagreement.get("values", []):
            disputed.setdefault(int(value.get("claim_id", 0)), []).append(str(value.get("text") or ""))
    out = Text(f"Same story in other outlets ({story.strength}): {one_line(story.title, 70)}\n", style="bold")
    for other in story.claim_ids:
        text, outlet, verdict = texts.get(other, ("", None, None))
        marker = "▶ " if other == claim_id else "  "
        out.append(
            f"{marker}{one_line(outlet or '?', 18):<18} ", style="bold cyan" if other == claim_id else "cyan"
        )
        out.append_text(highlight_phrases(one_line(text), disputed.get(other, []), "bold black on yellow"))
        if verdict:
            out.append(f"  [{names.get(verdict, verdict)}]", style="green")
        out.append(f"  #{other}\n", style="dim")
    for disagreement in story.disagreements:
        values = "  vs  ".join(
            f"{v.get('value')} ({texts.get(int(v.get('claim_id', 0)), ('', '?', None))[1]})"
            for v in disagreement.get("values", [])
        )
        out.append(f"  ≠ {disagreement.get('kind')}: ", style="bold yellow")
        out.append(one_line(values, 200) + "\n")
    for agreement in story.agreements:
        out.append(
            f"  = {agreement.get('kind')}: {one_line(str(agreement.get('value')), 60)} "
            f"({len(agreement.get('claim_ids', []))} claims agree)\n",
            style="green",
        )
    return out


def claim_heading(text: str, claim: ClaimRow, *, max_chars: int) -> Text:
    """Outlet, speaker and score lines, then the claim highlighted in its paragraph."""
    out = Text()
    out.append_text(claim_header(claim))
    out.append("\n")
    out.append_text(speaker_line(claim))
    out.append("\n")
    out.append_text(score_line(claim))
    out.append("\n\n")
    out.append_text(claim_in_context(text, claim, max_chars=max_chars))
    return out


def version_line(version: VersionComparison) -> Text:
    """How this claim's sentence fares in another stored version of the same page."""
    seen = (version.fetched_at or "")[:10]
    where = f"\nThe {version.relation} version of this page (document {version.document_id}, {seen}) "
    if version.same_sentence is not None:
        sentence = f"has this sentence too (claim #{version.same_sentence})"
    elif version.relation == "earlier":
        sentence = "does not have this sentence: it is new or changed"
    else:
        sentence = "no longer has this sentence: it was changed or removed"
    counts = f"; {version.only_here} sentence(s) only here, {version.only_there} only there"
    return Text.assemble((where + sentence, "bold yellow"), (counts, "dim"))
