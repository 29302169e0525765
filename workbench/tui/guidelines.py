"""The guidelines panel: the database's rating scale with each label's key and definition."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from workbench.scales import RatingScale


def guidelines_text(scale: RatingScale) -> Text:
    text = Text(f"{scale.name}\n\n", style="bold")
    if scale.free_text:
        text.append("Press v to write a one-line conclusion, r for the rationale behind it.\n", style="dim")
    for number, label in enumerate(scale.labels, start=1):
        text.append(f" {number} ", style=f"bold reverse {label.color}")
        text.append(f" {label.name}\n", style="bold")
        text.append(f"   {label.definition}\n\n", style="dim")
    text.append("y check-worthy · n not · s skip\nf flag for a second opinion · u undo", style="dim")
    return text


class Guidelines(Static):
    """Side panel toggled with g."""

    def on_mount(self) -> None:
        from workbench.tui.app import WorkbenchApp

        app = self.app
        if isinstance(app, WorkbenchApp):
            self.update(guidelines_text(app.scale))


def label_strip(scale: RatingScale, verdict: str | None, verdict_scale: str | None = None) -> Text:
    """The scale on one line ("1 Verified  2 Misleading ..."), the claim's verdict marked, then its definition."""
    if scale.free_text:
        text = Text(f"{scale.name}: press v to write a conclusion", style="dim")
        return text
    text = Text()
    chosen = None
    if verdict_scale not in (None, scale.id):
        verdict = None  # given on another scale: shown with its own label beside "Verdict:"
    for number, label in enumerate(scale.labels, start=1):
        if label.id == verdict:
            chosen = label
            text.append(f" {number} {label.name} ", style=f"bold reverse {label.color}")
        else:
            text.append(f" {number}", style="bold")
            text.append(f" {label.name} ")
        text.append(" ")
    text.append("\n")
    if chosen is not None:
        text.append(f"{chosen.name}: ", style=f"bold {chosen.color}")
        text.append(chosen.definition, style="dim")
    else:
        text.append(
            "No verdict yet: r for the rationale first, then a number gives the verdict and moves on"
            " (g shows each definition).",
            style="dim",
        )
    return text
