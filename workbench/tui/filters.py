"""The filter dialog: narrow the queue by status, verdict, outlet, speaker, document or reviewer."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from workbench.actions.review import STATUSES
from workbench.queries import ClaimFilter
from workbench.scales import RatingScale


class FilterScreen(ModalScreen[ClaimFilter | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filters.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filters.apply"),
    ]

    def __init__(
        self,
        current: ClaimFilter,
        *,
        scale: RatingScale | None = None,
        outlets: list[str] | None = None,
        reviewers: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.current = current
        self.scale = scale
        self.outlets = outlets or []
        self.reviewer_names = reviewers or []

    def compose(self) -> ComposeResult:
        from workbench.tui.app import WorkbenchApp

        app = self.app
        if isinstance(app, WorkbenchApp):
            from workbench import queries

            self.scale = self.scale or app.scale
            self.outlets = self.outlets or app.data.sync(queries.outlets)
            self.reviewer_names = self.reviewer_names or [r.name for r in app.data.sync(queries.reviewers)]
        c = self.current
        verdicts: list[tuple[str, str]] = [("no verdict yet", "none")]
        if self.scale is not None:
            verdicts += [(label.name, label.id) for label in self.scale.labels]
        with Vertical(classes="prompt wide"):
            yield Label(Text("Filter the queue  (ctrl+s applies, escape cancels)", style="bold"))
            with Grid(id="filter-grid"):
                yield Select(
                    [(s.replace("_", " "), s) for s in STATUSES],
                    prompt="any status",
                    value=_v(c.status),
                    id="f-status",
                )
                yield Select(verdicts, prompt="any verdict", value=_v(c.verdict), id="f-verdict")
                yield Select(
                    [(o, o) for o in self.outlets], prompt="any outlet", value=_v(c.outlet), id="f-outlet"
                )
                yield Select(
                    [(r, r) for r in self.reviewer_names],
                    prompt="any reviewer",
                    value=_v(c.reviewer),
                    id="f-reviewer",
                )
                yield Input(value=c.speaker or "", placeholder="speaker (exact)", id="f-speaker")
                yield Input(
                    value="" if c.document_id is None else str(c.document_id),
                    placeholder="document id",
                    id="f-document",
                    type="integer",
                )
                yield Checkbox("only flagged for a second opinion", value=bool(c.flagged), id="f-flagged")
                yield Checkbox("only check-worthy claims", value=c.checkworthy_only, id="f-checkworthy")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        def value(selector: str) -> Any:
            selected = self.query_one(selector, Select).value
            return None if selected is Select.NULL else selected

        document = self.query_one("#f-document", Input).value.strip()
        self.dismiss(
            replace(
                self.current,
                status=value("#f-status"),
                verdict=value("#f-verdict"),
                outlet=value("#f-outlet"),
                reviewer=value("#f-reviewer"),
                speaker=self.query_one("#f-speaker", Input).value.strip() or None,
                document_id=int(document) if document.isdigit() else None,
                flagged=True if self.query_one("#f-flagged", Checkbox).value else None,
                checkworthy_only=self.query_one("#f-checkworthy", Checkbox).value,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _v(value: object) -> Any:
    return Select.NULL if value is None else value
