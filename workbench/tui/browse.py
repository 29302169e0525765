"""Documents (each with its claims and junk visibly marked), reviewer progress, and help."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Static

from workbench import queries
from workbench.scales import RatingScale
from workbench.text.safe import one_line
from workbench.tui.render import bar, junk_marked

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


class DocumentsScreen(Screen[None]):
    """Every document with outlet, date, title and claim counts; enter reads one."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="documents.back"),
        Binding(
            "e",
            "edit_document",
            "Correct",
            tooltip="Correct the outlet, title, date, author or address (an audited event).",
            id="documents.edit",
        ),
    ]
    HELP = (
        "Documents in the database. **enter** reads one with its claims in bold and junk struck through; "
        "**e** corrects its outlet, title, date, author or address."
    )

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Footer()

    async def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        for name, width in (("Id", 5), ("Outlet", 18), ("Published", 11), ("Claims", 7), ("Title", 70)):
            table.add_column(name, width=width)
        await self.load()
        table.focus()

    async def load(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        table: DataTable[Text] = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        self.documents = await app.data.call(queries.documents)
        for d in self.documents:
            table.add_row(
                Text(str(d.id)),
                Text(one_line(d.outlet or "?", 18)),
                Text(d.published or "?"),
                Text(str(d.claims)),
                Text(one_line(d.title or d.source, 70)),
            )
        if self.documents:
            table.move_cursor(row=min(row, len(self.documents) - 1))

    async def action_edit_document(self) -> None:
        from workbench.actions.documents import edit_document
        from workbench.errors import WorkbenchError
        from workbench.tui.document_edit import DocumentEditScreen

        app: WorkbenchApp = self.app  # type: ignore[assignment]
        if not self.documents:
            return
        document = self.documents[self.query_one(DataTable).cursor_row]

        async def save(changes: dict[str, str] | None) -> None:
            if not changes:
                return
            try:
                await app.data.call(
                    edit_document,
                    document.id,
                    dict(changes),
                    actor=app.reviewer,
                    expected_version=document.version,
                )
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(
                f"Document {document.id} corrected: {', '.join(sorted(changes))}.", timeout=3, markup=False
            )
            await self.load()

        app.push_screen(DocumentEditScreen(document), save)

    @on(DataTable.RowSelected)
    def open_document(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(DocumentScreen(self.documents[event.cursor_row].id))

    def action_back(self) -> None:
        self.app.pop_screen()


class DocumentScreen(Screen[None]):
    """One document whole: check-worthy claims in bold, page junk dimmed and struck through."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="document.back"),
        Binding(
            "q",
            "queue_document",
            "Its claims",
            tooltip="Show this document's claims in the queue.",
            id="document.claims",
        ),
    ]

    def __init__(self, document_id: int) -> None:
        super().__init__()
        self.document_id = document_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="document-meta")
            yield Static(id="document-text")
        yield Footer()

    async def on_mount(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        view = await app.data.call(queries.document, self.document_id)
        d = view.document
        meta = Text.assemble(
            (one_line(d.title or "untitled"), "bold"),
            "\n",
            f"{one_line(d.outlet or 'unknown outlet')} · {d.published or 'date unknown'} · {one_line(d.source)}\n",
            (f"address {one_line(d.url)}\n" if d.url and d.url != d.source else "", ""),
            (f"a newer version of document {d.version_of}\n" if d.version_of else "", "yellow"),
            (f"{len(d.page_starts)} PDF pages\n" if d.page_starts else "", ""),
            (
                f"{len(view.claims)} sentences, {sum(c.checkworthy for c in view.claims)} check-worthy; "
                f"{len(view.junk)} junk spans: ",
                "dim",
            ),
            (one_line("; ".join(sorted({j.reason for j in view.junk})), 200), "dim"),
            "\n",
        )
        self.query_one("#document-meta", Static).update(meta)
        self.query_one("#document-text", Static).update(junk_marked(view.text, view.junk, view.claims))
        self.sub_title = f"document {d.id}"

    def action_back(self) -> None:
        self.app.pop_screen()

    async def action_queue_document(self) -> None:
        from dataclasses import replace

        from workbench.tui.queue import QueueScreen

        app: WorkbenchApp = self.app  # type: ignore[assignment]
        queue = app.queue
        queue.filter = replace(queue.filter, document_id=self.document_id, checkworthy_only=False)
        queue.page_anchor, queue.page_start = None, 0
        while not isinstance(app.screen, QueueScreen):
            app.pop_screen()


class ProgressScreen(Screen[None]):
    """Review progress: statuses, verdict distribution, per outlet and per reviewer, as bar charts."""

    BINDINGS = [Binding("escape", "back", "Back", id="progress.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="progress-body")
        yield Footer()

    async def on_mount(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        stats = await app.data.call(queries.review_stats)
        body = Text()
        reviewed, total = stats.progress
        body.append(f"Check-worthy claims reviewed: {reviewed} of {total}\n", style="bold")
        body.append(bar(reviewed, max(total, 1), 50) + f" {100 * reviewed / max(total, 1):.0f}%\n\n")
        body.append_text(_chart("Status", stats.statuses, {}))
        names = {label.id: label.name for label in app.scale.labels}
        colours = {label.id: label.color for label in app.scale.labels}
        body.append_text(_chart("Verdicts", stats.verdicts, names, colours))
        body.append_text(_chart("Verdicts by reviewer", stats.by_reviewer, {}))
        body.append("Verdicts by outlet\n", style="bold")
        if not stats.by_outlet:
            body.append("  nothing yet\n", style="dim")
        table = Table(box=None, show_header=True, header_style="bold")
        table.add_column("outlet")
        labels = [label.id for label in app.scale.labels] or sorted(
            {v for o in stats.by_outlet.values() for v in o}
        )
        for label in labels:
            table.add_column(one_line(names.get(label, label), 14), justify="right")
        for outlet, counts in stats.by_outlet.items():
            table.add_row(Text(one_line(outlet, 24)), *(str(counts.get(label, 0) or "") for label in labels))
        self.query_one("#progress-body", Static).update(body)
        self.mount(Static(table), after="#progress-body")

    def action_back(self) -> None:
        self.app.pop_screen()


def _chart(
    title: str, counts: dict[str, int], names: dict[str, str], colours: dict[str, str] | None = None
) -> Text:
    out = Text(f"{title}\n", style="bold")
    if not counts:
        return out.append("  nothing yet\n\n", style="dim")
    top = max(counts.values())
    for key, value in sorted(counts.items(), key=lambda kv: -kv[1]):
        out.append(f"  {one_line(names.get(key, key.replace('_', ' ')), 22):<22} ")
        out.append(bar(value, top, 40), style=(colours or {}).get(key, "cyan"))
        out.append(f" {value}\n")
    return out.append("\n")


def scale_keys(scale: RatingScale) -> Text:
    """Each verdict key with its label and definition."""
    out = Text(f"\nVerdict keys ({scale.name}):\n", style="bold")
    for number, label in enumerate(scale.labels, start=1):
        out.append(f"  {number}  ", style="bold cyan")
        out.append(f"{label.name}", style=f"bold {label.color}")
        out.append(f"  {label.definition}\n", style="dim")
    return out


class HelpScreen(ModalScreen[None]):
    """Every key of the screen underneath, with what it does."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        table = Table(
            title=f"Keys: {type(self.target).__name__.replace('Screen', '')}",
            header_style="bold",
            expand=True,
        )
        table.add_column("key", style="bold cyan", no_wrap=True)
        table.add_column("action")
        table.add_column("what it does", style="dim")
        table.add_column(Text("id (for [keymap])"), style="dim")
        seen = set()
        scale = getattr(self.app, "scale", None)
        ordered = sorted(self.target.active_bindings.items(), key=lambda item: item[1].binding.id is None)
        for key, active in ordered:
            binding = active.binding
            ident = binding.id or binding.action
            if (ident, key) in seen:
                continue
            seen.add((ident, key))
            state = "" if active.enabled else " (not now)"
            description = binding.description or binding.action
            if binding.action.startswith("verdict(") and scale is not None:
                label = scale.by_key(int(binding.action[8:-1]))
                description = f"Verdict: {label.name}" if label else description
            table.add_row(
                Text(self.app.get_key_display(binding)),
                Text(description),
                Text((binding.tooltip or "") + state),
                Text(binding.id or ""),
            )
        with VerticalScroll(classes="prompt tall wide"):
            yield Static(Text(str(getattr(self.target, "HELP", "") or "").replace("**", "")))
            if scale is not None and not scale.free_text and hasattr(self.target, "current_claim"):
                yield Static(scale_keys(scale), id="help-labels")
            yield Static(table)
            yield Static(Text("ctrl+p opens the command palette · escape closes this help", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


class TeamScreen(Screen[None]):
    """Agreement between reviewers (kappa per pair, alpha per label) and the claims to adjudicate."""

    BINDINGS = [Binding("escape", "back", "Back", id="team.back")]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(id="team-body")
        yield Footer()

    async def on_mount(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        result = await app.data.call(queries.team_agreement)
        cases = await app.data.call(queries.adjudication)
        reviewers = await app.data.call(queries.reviewers)
        quorum = await app.data.call(queries.quorum)
        names = {label.id: label.name for label in app.scale.labels}
        body = Text()
        body.append(
            f"Sign-off quorum: {quorum.proposals} proposal(s) + {quorum.approvals} approval(s)\n",
            style="bold",
        )
        body.append(
            "Reviewers: " + ", ".join(f"{one_line(r.name, 20)} ({r.role})" for r in reviewers) + "\n\n"
        )

        def fmt(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.2f}"

        body.append(
            f"Agreement over {result.items} claim(s) judged by two or more reviewers: "
            f"{fmt(result.percent)} agreement, Krippendorff's alpha {fmt(result.alpha)}\n",
            style="bold",
        )
        for pair in result.pairs:
            body.append(f"  {one_line(pair.a, 16):<16} {one_line(pair.b, 16):<16} {pair.items:>4} claims  ")
            body.append(bar(round(pair.percent * 100), 100, 20), style="cyan")
            body.append(f" {pair.percent:.0%}  kappa {fmt(pair.kappa)}\n")
        if result.labels:
            body.append("\nPer label (alpha of 'this label or not'):\n", style="bold")
            for label in result.labels:
                body.append(
                    f"  {one_line(names.get(label.label, label.label), 20):<20} used {label.uses:>3}x  "
                    f"alpha {fmt(label.alpha)}\n"
                )
        body.append(f"\nTo adjudicate: {len(cases)} claim(s) where reviewers disagree\n", style="bold")
        for claim_id, verdicts in list(cases.items())[:50]:
            body.append(f"  claim {claim_id}: ")
            body.append(
                "; ".join(
                    f"{one_line(names.get(v, v), 20)} ({', '.join(one_line(w, 16) for w in who)})"
                    for v, who in verdicts.items()
                )
                + "\n"
            )
        self.query_one("#team-body", Static).update(body)

    def action_back(self) -> None:
        self.app.pop_screen()
