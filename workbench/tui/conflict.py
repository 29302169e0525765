"""The conflict view: someone else changed the claim first. Both versions side by side; one key
re-applies the reviewer's draft to the new version, nothing typed is thrown away."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, Static

from workbench.text.safe import one_line, printable


class ConflictScreen(ModalScreen[bool]):
    """Returns ``True`` to re-apply the draft, ``False`` to keep their version (the draft is kept)."""

    BINDINGS = [
        Binding(
            "a",
            "reapply",
            "Re-apply my draft",
            tooltip="Save your draft over the new version.",
            id="conflict.reapply",
        ),
        Binding(
            "escape",
            "keep_theirs",
            "Keep theirs",
            tooltip="Keep their version; your draft stays.",
            id="conflict.keep",
        ),
    ]

    def __init__(self, *, claim_id: int, field: str, theirs: str, yours: str, who: str, version: int) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.field = field
        self.theirs = theirs
        self.yours = yours
        self.who = who
        self.version = version

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt wide", id="conflict"):
            yield Label(
                Text(
                    f"Claim {self.claim_id} was changed by {one_line(self.who, 40)} while you were editing "
                    f"its {self.field}. Nothing you typed is lost.",
                    style="bold",
                )
            )
            with Horizontal(id="conflict-versions"):
                with VerticalScroll(classes="conflict-side"):
                    yield Static(
                        Text(
                            f"Now (version {self.version}, by {one_line(self.who, 30)})", style="bold yellow"
                        )
                    )
                    yield Static(Text(printable(self.theirs) or "(empty)"), id="conflict-theirs")
                with VerticalScroll(classes="conflict-side"):
                    yield Static(Text("Your draft", style="bold green"))
                    yield Static(Text(printable(self.yours)), id="conflict-yours")
            yield Label(
                Text(
                    "a re-applies your draft to the new version · escape keeps theirs (your draft stays)",
                    style="dim",
                )
            )
        yield Footer()

    def action_reapply(self) -> None:
        self.dismiss(True)

    def action_keep_theirs(self) -> None:
        self.dismiss(False)
