"""The export dialog: choose a format, filters and where to save. In a terminal the report is written
to the path shown (a missing folder is created, an existing file is never replaced: the report gets
the next numbered name) and the message names the full path; in a browser under textual-serve it is
delivered as a download with ``deliver_text``."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from workbench.export import EXTENSIONS, FORMATS, ExportError, free_path, render, write_report
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
    include_notes: bool = False,
) -> tuple[str, int]:
    """The whole report as text, and how many claims had ClaimReview problems."""
    problems: list[object] = []
    buffer = io.StringIO()
    report = build_report(
        database, flt, organisation=organisation, review_url=review_url, include_notes=include_notes
    )
    render(report, fmt, buffer, on_problem=problems.append)
    return buffer.getvalue(), len(problems)


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    """Where the report is (absolute)."""
    asked: Path
    """Where it was asked to go (an existing file there was kept)."""
    created_folder: bool
    problems: int


def write_report_file(
    database: ReviewDatabase,
    fmt: str,
    flt: ReportFilter,
    organisation: Organisation | None,
    review_url: str | None,
    asked: Path,
    include_notes: bool = False,
) -> Written:
    """Render the report into ``asked``, or the next free numbered name; create a missing folder."""
    asked = asked.expanduser().resolve()
    created = False
    if not asked.parent.exists():
        try:
            asked.parent.mkdir(parents=True)
        except OSError as err:
            raise ExportError(f"cannot create the folder {asked.parent}: {err.strerror or err}") from err
        created = True
    problems: list[object] = []
    report = build_report(
        database, flt, organisation=organisation, review_url=review_url, include_notes=include_notes
    )
    target = free_path(asked)
    write_report(target, lambda out: render(report, fmt, out, on_problem=problems.append))
    return Written(target, asked, created, len(problems))


def written_message(written: Written) -> str:
    parts = [f"Report written to {written.path}"]
    if written.created_folder:
        parts.append(f"(created the folder {written.path.parent})")
    if written.path != written.asked:
        parts.append(f"({written.asked.name} already existed and was kept)")
    if written.problems:
        parts.append(f"; {written.problems} claim(s) with ClaimReview problems")
    return " ".join(parts) + "."


class ExportScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    def compose(self) -> ComposeResult:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        with Vertical(classes="prompt"):
            yield Label(Text("Export a verdict report", style="bold"))
            yield Select(
                [(NAMES[f], f) for f in FORMATS], value="html", allow_blank=False, id="export-format"
            )
            yield Checkbox("only signed-off verdicts (quorum met)", id="export-signed")
            yield Checkbox("include claims without a verdict", id="export-all")
            yield Checkbox("include reviewers' internal notes", id="export-notes")
            if not app.is_web:
                yield Label(
                    Text("Save to (an existing file is kept; the report gets a numbered name)", style="dim")
                )
                yield Input(str(self.default_path("html")), id="export-path")
            with Horizontal(classes="buttons"):
                yield Button("Export", variant="primary", id="export-go")
                yield Button("Cancel", id="export-cancel")

    def default_path(self, fmt: str) -> Path:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        return app.data.path.expanduser().resolve().parent / f"verdict-report{EXTENSIONS[fmt]}"  # type: ignore[index]

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        """Keep the file name's extension in step with the format, unless the reviewer changed the name."""
        if self.app.is_web:
            return
        box = self.query_one("#export-path", Input)
        current = Path(box.value)
        if current.stem == "verdict-report" or current.suffix in EXTENSIONS.values():
            box.value = str(current.with_suffix(EXTENSIONS[str(event.value)]))  # type: ignore[index]

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export-go")
    async def export(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        fmt = str(self.query_one("#export-format", Select).value)
        flt = ReportFilter(
            signed_off=self.query_one("#export-signed", Checkbox).value,
            include_unreviewed=self.query_one("#export-all", Checkbox).value,
        )
        settings = app.settings
        notes = self.query_one("#export-notes", Checkbox).value
        organisation = (
            Organisation(settings.organisation_name, settings.organisation_url)
            if settings.organisation_name
            else None
        )
        if not app.is_web:
            asked = Path(self.query_one("#export-path", Input).value.strip() or self.default_path(fmt))
            try:
                written = await app.data.call(
                    write_report_file, fmt, flt, organisation, settings.organisation_url, asked, notes
                )
            except ExportError as exc:
                app.notify(str(exc), title="Not exported", severity="error", timeout=10, markup=False)
                return
            app.notify(written_message(written), title="Exported", timeout=10, markup=False)
            self.dismiss(None)
            return
        text, problems = await app.data.call(
            render_report, fmt, flt, organisation, settings.organisation_url, notes
        )
        name = f"verdict-report{EXTENSIONS[fmt]}"  # type: ignore[index]
        app.deliver_text(io.StringIO(text), save_filename=name)
        note = f"; {problems} claim(s) with ClaimReview problems" if problems else ""
        app.notify(
            f"Report sent to your browser as {name}: it is in the browser's downloads folder{note}.",
            title="Exported",
            timeout=10,
            markup=False,
        )
        self.dismiss(None)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
