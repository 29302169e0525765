"""The claim view's "checked before?" and "similar claims in other outlets", as text (never markup)."""

from __future__ import annotations

from rich.text import Text

from workbench.queries import Related
from workbench.scales import RatingScale, label_of
from workbench.text.safe import one_line

VECTOR_BATCH = 64
"""Claims encoded per background step (about a second of one core), so reads keep flowing between."""


def related_text(related: Related, scale: RatingScale, encoding: tuple[int, int] | None = None) -> Text:
    out = Text("\nChecked before? ", style="bold")
    if related.note:
        out.append(f"({one_line(related.note, 100)})", style="dim")
    if not related.checked_before:
        out.append("nothing similar with a verdict\n", style="dim")
    else:
        out.append("\n")
    for m in related.checked_before:
        out.append(
            f"  {m.label}: ", style="bold green" if m.label == "likely the same claim" else "bold yellow"
        )
        verdict = m.rating or "?"
        if m.kind == "claim" and m.rating:
            label = label_of(m.rating, m.verdict_scale, scale)
            verdict = label.name if label else m.rating
        out.append(f"[{one_line(verdict, 30)}] ", style="green")
        out.append(one_line(m.text, 90))
        out.append(f"  {'#' + str(m.id) if m.kind == 'claim' else 'fact-check ' + str(m.id)}\n", style="dim")
        out.append(f"      {one_line('; '.join(m.why), 150)}\n", style="dim")
    out.append("\nSimilar claims in other outlets (by meaning; L links one): ", style="bold")
    if encoding is not None:
        out.append(f"computing sentence vectors {encoding[0]}/{encoding[1]}…", style="dim")
    elif related.without_vectors:
        out.append(f"{related.without_vectors} claim(s) not encoded yet", style="dim")
    if not related.other_outlets:
        out.append("none found\n" if related.note is None else "needs the sentence model\n", style="dim")
    else:
        out.append("\n")
    if related.index_note:
        out.append(f"  ({one_line(related.index_note, 120)})\n", style="dim")
    for o in related.other_outlets:
        out.append(f"  {o.similarity:.2f} ", style="bold")
        out.append(f"{one_line(o.outlet or '?', 24)}: ", style="cyan")
        out.append(one_line(o.text, 90))
        out.append(f"  #{o.id}" + ("  (same story)" if o.same_story else "") + "\n", style="dim")
        out.append(f"      {one_line('; '.join(o.why[1:]), 150)}\n", style="dim")
    return out
