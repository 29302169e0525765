"""One registry of the TUI's keys: footer, help screen, palette and the user's keymap all read it.

Every binding has an ``id`` (remap it in the config file's ``[keymap]`` table) and a tooltip.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

GLOBAL = [
    Binding("f1", "help", "Help", tooltip="Show every key of this screen.", id="app.help"),
    Binding(
        "g",
        "guidelines",
        "Guidelines",
        tooltip="Show or hide the rating scale and its definitions.",
        id="app.guidelines",
        show=False,
    ),
    Binding(
        "d",
        "documents",
        "Documents",
        tooltip="Browse documents with their claims and junk marked.",
        id="app.documents",
        show=False,
    ),
    Binding(
        "p",
        "progress",
        "Progress",
        tooltip="Review progress and verdict charts.",
        id="app.progress",
        show=False,
    ),
    Binding(
        "t",
        "team",
        "Team",
        tooltip="Agreement between reviewers and claims to adjudicate.",
        id="app.team",
        show=False,
    ),
]

# The footer keeps, at 120 columns, the keys a reviewer needs on every claim; the rest (g, d, p, t,
# a, x, A, X, N) are in F1 and the palette. Help is repeated here so it leads the footer.
HELP = [Binding("f1", "app.help", "Help", tooltip="Every key of this screen.", id="screen.help")]

VERDICT_GROUP = Binding.Group("Verdict", compact=True)
TRIAGE_GROUP = Binding.Group("Triage")

NAVIGATION = [
    Binding("j,down", "next_claim", "Next", tooltip="Move to the next claim.", id="queue.next"),
    Binding(
        "k,up",
        "previous_claim",
        "Prev",
        tooltip="Move to the previous claim.",
        id="queue.previous",
        show=False,
    ),
]

QUEUE = [
    Binding("slash", "search", "Search", tooltip="Full-text search over claim text.", id="queue.search"),
    Binding(
        "ctrl+f",
        "filters",
        "Filters",
        tooltip="Filter by status, verdict, outlet, speaker...",
        id="queue.filters",
    ),
    Binding(
        "a",
        "toggle_all",
        "All/CW",
        tooltip="Show every sentence, or only check-worthy ones.",
        id="queue.toggle_all",
        show=False,
    ),
    Binding("x", "clear_filters", "Clear", tooltip="Clear search and filters.", id="queue.clear", show=False),
]

REVIEW = [
    Binding(
        "y",
        "triage('checkworthy')",
        "Check-worthy",
        tooltip="Triage: worth checking.",
        id="review.yes",
        group=TRIAGE_GROUP,
    ),
    Binding(
        "n",
        "triage('not_checkworthy')",
        "Not check-worthy",
        tooltip="Triage: not worth checking.",
        id="review.no",
        group=TRIAGE_GROUP,
    ),
    Binding(
        "s",
        "triage('skipped')",
        "Skip",
        tooltip="Skip for now (recorded).",
        id="review.skip",
        group=TRIAGE_GROUP,
    ),
    *[
        Binding(
            str(i),
            f"verdict({i})",
            f"Verdict {i}",
            group=VERDICT_GROUP,
            tooltip=f"Give verdict {i} of the scale.",
            id=f"review.verdict_{i}",
        )
        for i in range(1, 10)
    ],
    Binding(
        "v",
        "conclusion",
        "Conclusion",
        show=False,
        tooltip="Write a conclusion (free-text scales such as Full Fact's).",
        id="review.conclusion",
    ),
    Binding(
        "r",
        "rationale",
        "Rationale",
        tooltip="Write the reasoning behind the verdict.",
        id="review.rationale",
    ),
    Binding("e", "evidence", "Evidence", tooltip="Add an evidence link.", id="review.evidence"),
    Binding(
        "w",
        "summary",
        "Summary",
        show=False,
        tooltip="Write the claim as checked (ClaimReview claimReviewed; under 75 characters).",
        id="review.summary",
    ),
    Binding(
        "E",
        "edit_evidence",
        "Stance/quote",
        show=False,
        tooltip="Set the stance (supports, refutes, context) and quote of an evidence link.",
        id="review.evidence_edit",
    ),
    Binding("c", "note", "Note", tooltip="Add a note to the claim.", id="review.note", show=False),
    Binding(
        "f",
        "flag",
        "Flag",
        tooltip="Flag for a second opinion (again to clear).",
        id="review.flag",
        show=False,
    ),
    Binding(
        "u,ctrl+z",
        "undo",
        "Undo",
        tooltip="Undo your last change (a compensating audit event).",
        id="review.undo",
    ),
    Binding(
        "A",
        "approve",
        "Approve",
        show=False,
        tooltip="Editors: approve the proposed verdict.",
        id="review.approve",
    ),
    Binding(
        "X",
        "reject",
        "Reject",
        show=False,
        tooltip="Editors: reject the proposed verdict, saying why.",
        id="review.reject",
    ),
    Binding(
        "S",
        "correct_speaker",
        "Speaker",
        show=False,
        tooltip="Correct the speaker: pick from the document's names, type one, or none (the outlet).",
        id="review.speaker",
    ),
    Binding(
        "left_square_bracket",
        "extend_span('previous')",
        "Span + previous",
        show=False,
        tooltip="Extend the claim to take in the previous sentence.",
        id="review.span_previous",
    ),
    Binding(
        "right_square_bracket",
        "extend_span('next')",
        "Span + next",
        show=False,
        tooltip="Extend the claim to take in the next sentence.",
        id="review.span_next",
    ),
    Binding(
        "T",
        "trim_span",
        "Trim span",
        show=False,
        tooltip="Trim the claim to a part of itself (the original extraction is kept).",
        id="review.span_trim",
    ),
    Binding(
        "N",
        "lease_next",
        "Next unclaimed",
        show=False,
        tooltip="Lease the next claim no one else is judging and open it.",
        id="review.lease_next",
    ),
]

# Footer order: what judging needs first (the footer shows bindings in list order).
_FIRST = ["review.verdict_", "review.rationale", "review.evidence", "review.undo"]
REVIEW.sort(key=lambda b: next((i for i, p in enumerate(_FIRST) if (b.id or "").startswith(p)), len(_FIRST)))

# The claim view has room for the speaker correction in its footer (the queue does not at 120 columns).
CLAIM_REVIEW = [replace(b, show=True) if b.id == "review.speaker" else b for b in REVIEW]

HELP_TEXT = {
    "queue": (
        "The queue lists claims, highest check-worthiness first. Move with **j**/**k**, open with **enter**. "
        "Triage with **y**/**n**/**s**; give a verdict with **1**-**9** and the next claim is selected by itself. "
        "Every change is one audited transaction; **u** undoes your last one."
    ),
    "claim": (
        "One claim in its paragraph, with its speaker, the reasons behind its score, its verdict, rationale, "
        "notes and history. After a verdict the next claim opens by itself; **escape** goes back to the queue."
    ),
}
