"""The export dialog: choose a format and filters; the report is delivered with ``deliver_text``, so it
downloads in a browser under textual-serve and lands in the downloads folder in a terminal."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Select

from workbench.export import EXTENSIONS, FORMATS, render
from workbench.export.build import build_report
from workbench.export.model import Organisation
from workbench.store.database import ReviewDatabase
from workbench.store.report import ReportFilter

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

NAMES = {
    "md": "Markdown",
    "html": "HTML (self-contained, with charts)",
    "csv": "CSV (spreadsheets)",
    "jsonl": "JSONL (everything, for archives and research)",
    "claimreview": "ClaimReview JSON-LD",
}


def render_report(
    database: ReviewDatabase,
    fmt: str,
    flt: ReportFilter,
    organisation: Organisation | None,
    review_url: str | None,
) -> tuple[str, int]:
    """The whole report as text, and how many claims had ClaimReview problems."""
    problems: list[object] = []
    buffer = io.StringIO()
    report = build_report(database, flt, organisation=organisation, review_url=review_url)
    render(report, fmt, buffer, on_problem=problems.append)
    return buffer.getvalue(), len(problems)


class ExportScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Label(Text("Export a verdict report", style="bold"))
            yield Select(
                [(NAMES[f], f) for f in FORMATS], value="html", allow_blank=False, id="export-format"
            )
            yield Checkbox("only signed-off verdicts (quorum met)", id="export-signed")
            yield Checkbox("include claims without a verdict", id="export-all")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    @on(Button.Pressed, "#export-go")
    async def export(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        fmt = str(self.query_one("#export-format", Select).value)
        flt = ReportFilter(
            signed_off=self.query_one("#export-signed", Checkbox).value,
            include_unreviewed=self.query_one("#export-all", Checkbox).value,
        )
        settings = app.settings
        organisation = (
            Organisation(settings.organisation_name, settings.organisation_url)
            if settings.organisation_name
            else None
        )
        text, problems = await app.data.call(render_report, fmt, flt, organisation, settings.organisation_url)
        name = f"verdict-report{EXTENSIONS[fmt]}"  # type: ignore[index]
        app.deliver_text(io.StringIO(text), save_filename=name)
        note = f"; {problems} claim(s) with ClaimReview problems" if problems else ""
        app.notify(f"Report delivered as {name}{note}.", timeout=5, markup=False)
        self.dismiss(None)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
