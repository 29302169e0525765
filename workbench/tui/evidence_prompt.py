"""Evidence from the keyboard: a link with its stance and the quoted passage, or a new stance and quote
for a link already in the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select

from workbench.store.evidence import EvidenceRow
from workbench.text.safe import one_line

STANCES = (
    ("context", "context (neither supports nor refutes)"),
    ("supports", "supports the claim"),
    ("refutes", "refutes the claim"),
)

OFFLINE_HINT = {
    "dns_error": "is this machine offline, or the address mistyped?",
    "connect_error": "is this machine offline, or the site down?",
    "timeout": "the site may be slow or this machine offline; press e to try another link",
}


def fetch_problem(item: EvidenceRow) -> str | None:
    """A failed check in words, whole: what happened, then what to try."""
    if not item.error:
        return None
    hint = OFFLINE_HINT.get(item.status)
    return f"could not check it: {item.error}" + (f": {hint}" if hint else "")


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    url: str
    stance: str
    quote: str | None
    evidence_id: int | None = None
    """Set when editing a link already in the ledger."""


class EvidencePrompt(ModalScreen[EvidenceInput | None]):
    """Add a link (``items`` empty) or change the stance and quote of one of ``items``."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="evidence.cancel"),
        Binding("ctrl+s", "save", "Save", id="evidence.save"),
    ]

    def __init__(self, claim_id: int, items: list[EvidenceRow] | None = None) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.items = items or []

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            if self.items:
                yield Label(Text(f"Evidence of claim {self.claim_id}: stance and quote", style="bold"))
                yield Select(
                    [(Text(one_line(item.url, 70)), item.id) for item in self.items],
                    value=self.items[-1].id,
                    allow_blank=False,
                    id="evidence-item",
                )
            else:
                yield Label(Text(f"Evidence link for claim {self.claim_id}", style="bold"))
                yield Input(placeholder="https://... or a local file path", id="evidence-url")
            first = self.items[-1] if self.items else None
            yield Select(
                [(label, value) for value, label in STANCES],
                value=first.stance if first else "context",
                allow_blank=False,
                id="evidence-stance",
            )
            yield Input(
                value=(first.quote or "") if first else "",
                placeholder="the passage the source should contain (optional; looked for when fetched)",
                id="evidence-quote",
            )
            yield Label(Text("enter or ctrl+s saves · escape cancels", style="dim"))

    @on(Select.Changed, "#evidence-item")
    def item_changed(self, event: Select.Changed) -> None:
        item = next((i for i in self.items if i.id == event.value), None)
        if item is not None:
            self.query_one("#evidence-stance", Select).value = item.stance
            self.query_one("#evidence-quote", Input).value = item.quote or ""

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        stance = str(self.query_one("#evidence-stance", Select).value)
        quote = self.query_one("#evidence-quote", Input).value.strip() or None
        if self.items:
            chosen = self.query_one("#evidence-item", Select).value
            item = next(i for i in self.items if i.id == chosen)
            self.dismiss(EvidenceInput(item.url, stance, quote, evidence_id=item.id))
            return
        url = self.query_one("#evidence-url", Input).value.strip()
        if not url:
            self.notify("Type a link or a file path first.", severity="warning", markup=False)
            return
        self.dismiss(EvidenceInput(url, stance, quote))

    def action_cancel(self) -> None:
        self.dismiss(None)
