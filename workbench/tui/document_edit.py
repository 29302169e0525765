"""Correct a document's outlet, title, date, author and address from the documents screen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from workbench.store.records import DocumentRow

FIELDS = (
    ("outlet", "Outlet", "The Daily Example"),
    ("title", "Title", "Headline"),
    ("published", "Published", "2019-05-28"),
    ("author", "Author", "Jane Reporter"),
    ("url", "Address", "https://..."),
)


class DocumentEditScreen(ModalScreen[dict[str, str] | None]):
    """One input per field, filled with today's values; ctrl+s (or enter) saves what changed."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="document_edit.cancel"),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            tooltip="Save the corrections as one audited event.",
            id="document_edit.save",
        ),
    ]

    def __init__(self, document: DocumentRow) -> None:
        super().__init__()
        self.document = document

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt wide"):
            yield Label(Text(f"Correct document {self.document.id}", style="bold"))
            for name, label, placeholder in FIELDS:
                yield Label(Text(label))
                yield Input(
                    value=getattr(self.document, name) or "", placeholder=placeholder, id=f"edit-{name}"
                )
            yield Label(
                Text("ctrl+s or enter to save · escape to cancel · an empty field is cleared", style="dim")
            )

    def changes(self) -> dict[str, str]:
        """Only the fields whose value differs from what the document has now."""
        out: dict[str, str] = {}
        for name, _, _ in FIELDS:
            value = self.query_one(f"#edit-{name}", Input).value.strip()
            if value != (getattr(self.document, name) or ""):
                out[name] = value
        return out

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.changes())

    def action_cancel(self) -> None:
        self.dismiss(None)
