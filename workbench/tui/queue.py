"""The queue: claims as a table paged from SQLite (keyset pagination), with a preview of the current one.

Only one page of rows is ever in the table, so a database of a million claims opens as fast as the
seeds. Moving past the last row loads the next page; past the first, the previous one.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.coordinate import Coordinate
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Static

from workbench import queries
from workbench.queries import ClaimFilter, ClaimRow, Cursor
from workbench.scales import label_of
from workbench.text import checkworthy_semantic as semantic
from workbench.text.safe import one_line
from workbench.tui import bindings
from workbench.tui.guidelines import Guidelines, label_strip
from workbench.tui.queue_table import QueueTable
from workbench.tui.render import (
    STATUS_STYLE,
    claim_heading,
    reasons_text,
    verdict_label,
)
from workbench.tui.review_actions import ReviewActions

PAGE_SIZE = 100
TEXT_WIDTH = 64


class ClaimPreview(Widget):
    """The current claim under the table. Repaints without a layout pass, so moving is cheap."""

    DEFAULT_CSS = """
    ClaimPreview { height: 18; padding: 0 1; border-top: solid $primary 50%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.content = Text()

    def update(self, content: Text) -> None:
        self.content = content
        self.refresh()

    def render(self) -> Text:
        return self.content


class QueueScreen(ReviewActions):
    """The review queue."""

    BINDINGS = [*bindings.HELP, *bindings.NAVIGATION, *bindings.REVIEW, *bindings.QUEUE]
    HELP = bindings.HELP_TEXT["queue"]

    def __init__(self) -> None:
        super().__init__()
        self.filter = ClaimFilter()
        self.rows: list[ClaimRow] = []
        self.page_anchor: Cursor | None = None
        """Where the current page starts (inclusive); ``None`` for the first page."""
        self.page_start = 0
        self.total = 0
        self.text_width = TEXT_WIDTH
        self.focus_on_resume: int | None = None
        """A claim to put the cursor on when the queue shows again (the one last opened)."""
        self.counts: tuple[int, int] | None = None
        """(reviewed, selected) as last counted, kept up to date after each change without a recount."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="queue-status")
        with Horizontal(id="queue-body"):
            table = QueueTable(id="queue", cursor_type="row", zebra_stripes=True)
            yield table
            yield Guidelines(id="guidelines", classes="hidden")
        yield ClaimPreview(id="preview-body")
        yield Footer()

    def on_resize(self) -> None:
        table = self.query_one(DataTable)
        fixed = 5 + 16 + 18 + 12 + 12 + 6 * 2 + 2
        width = max(30, table.size.width - fixed)
        column = table.columns.get("text")  # type: ignore[call-overload]
        if column is not None and column.width != width:
            column.width = width
            if self.rows and width != self.text_width:
                self.text_width = width
                self._fill(self.rows, keep_claim=self._current_id())
            self.text_width = width

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Score", key="score", width=5)
        table.add_column("Outlet", key="outlet", width=16)
        table.add_column("Speaker", key="speaker", width=18)
        table.add_column("Status", key="status", width=12)
        table.add_column("Verdict", key="verdict", width=12)
        table.add_column("Claim", key="text", width=TEXT_WIDTH)
        table.focus()

    async def on_screen_resume(self) -> None:
        wanted, self.focus_on_resume = self.focus_on_resume, None
        await self.reload(keep_claim=wanted or self._current_id())
        if wanted is not None and self._current_id() != wanted:
            await self._jump_to(wanted)

    async def _jump_to(self, claim_id: int) -> None:
        """Page to the claim if the filter includes it (it may be on another page)."""
        try:
            claim = await self.wb.data.call(queries.claim, claim_id)
        except Exception:
            return
        rows = await self.wb.data.call(
            queries.claims_page, self.filter, start=Cursor(claim.score, claim.id), limit=PAGE_SIZE
        )
        if rows and rows[0].id == claim_id:
            self.page_anchor = Cursor(claim.score, claim.id)
            self.page_start = await self.wb.data.call(
                queries.claim_position, self.filter, claim.score, claim.id
            )
            self._fill(rows)
            self.count_later()

    # ---- loading -----------------------------------------------------------------------------

    async def reload(self, *, keep_claim: int | None = None) -> None:
        """Reload the page holding the current claim (or the first page), and the counts."""
        rows = await self.wb.data.call(
            queries.claims_page, self.filter, start=self.page_anchor, limit=PAGE_SIZE
        )
        if not rows and self.page_anchor is not None:
            self.page_anchor, self.page_start = None, 0
            rows = await self.wb.data.call(queries.claims_page, self.filter, limit=PAGE_SIZE)
        if not self.is_attached:  # closed while the page was read
            return
        self._fill(rows, keep_claim=keep_claim)
        self.count_later()

    def _reset_paging(self) -> None:
        self.page_anchor, self.page_start = None, 0

    @work(exclusive=True, group="counts", exit_on_error=False)
    async def refresh_counts(self) -> None:
        """Counts in a worker, newest request wins (a superseded one is cancelled before it starts)."""
        self.counts = None
        reviewed, selected = await self.wb.data.read(queries.progress, self.filter)
        if not self.is_attached:
            return
        self.counts = (reviewed, selected)
        self.total = selected
        self._status(reviewed, selected)

    def _status(self, reviewed: int, selected: int) -> None:
        flt = self.filter.describe()
        scope = "all sentences" if not self.filter.checkworthy_only else "check-worthy claims"
        shown = (
            f"rows {self.page_start + 1}–{self.page_start + len(self.rows)} of {self.total}"
            if self.rows
            else "no claims match"
        )
        line = Text.assemble(
            (f"{reviewed} of {selected} reviewed", "bold"),
            f"  ·  {scope}  ·  {shown}",
        )
        extras = {k: v for k, v in flt.items() if k != "all"}
        if extras:
            line.append(
                "  ·  filters: " + one_line(", ".join(f"{k}={v}" for k, v in extras.items()), 60),
                style="yellow",
            )
        line.append(f"  ·  scale: {self.scale.name}", style="dim")
        self.query_one("#queue-status", Static).update(line)

    def _fill(
        self, rows: list[ClaimRow], *, keep_claim: int | None = None, cursor_at_end: bool = False
    ) -> None:
        table = self.query_one(DataTable)
        self.rows = rows
        table.clear()
        table.add_rows([self._cells(r) for r in rows])
        if not rows:
            self._show_preview(None)
            return
        index = 0
        if keep_claim is not None:
            index = next((i for i, r in enumerate(rows) if r.id == keep_claim), 0)
        elif cursor_at_end:
            index = len(rows) - 1
        table.move_cursor(row=index, animate=False)
        self._show_preview(rows[index])

    def _cells(self, row: ClaimRow) -> list[Text]:
        verdict = self._verdict_name(row.verdict, row.verdict_scale)
        return [
            Text(f"{row.score:.2f}", style="bold" if row.checkworthy else "dim"),
            Text(one_line(row.outlet or "?", 16)),
            Text(one_line(row.speaker or "", 18), style="cyan"),
            Text(
                row.status.replace("_", " ") + (" ⚑" if row.flagged else ""),
                style=STATUS_STYLE.get(row.status, ""),
            ),
            Text(one_line(verdict, 12), style="bold"),
            Text(one_line(row.text, self.text_width)),
        ]

    def _verdict_name(self, verdict: str | None, verdict_scale: str | None) -> str:
        if verdict is None:
            return ""
        label = label_of(verdict, verdict_scale, self.scale)
        return label.name if label else verdict

    # ---- the current claim -------------------------------------------------------------------

    def _current_id(self) -> int | None:
        claim = self.current_claim()
        return claim.id if claim else None

    def current_claim(self) -> ClaimRow | None:
        if not self.rows:
            return None
        row = self.query_one(DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            self._show_preview(self.rows[event.cursor_row])

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.rows):
            self.open_claim(self.rows[event.cursor_row].id)

    def open_claim(self, claim_id: int) -> None:
        from workbench.tui.claim_screen import ClaimScreen

        self.app.push_screen(ClaimScreen(claim_id, self))

    def _show_preview(self, claim: ClaimRow | None) -> None:
        body = self.query_one("#preview-body", ClaimPreview)
        if claim is None:
            body.update(
                Text("No claims match. Press x to clear filters, a to show every sentence.", style="dim")
            )
            return
        text = self.wb.data.document_text(claim.document_id)
        content = label_strip(self.scale, claim.verdict, claim.verdict_scale)
        content.append("\n")
        content.append_text(claim_heading(text, claim, max_chars=900))
        content.append("\n\nVerdict: ")
        content.append_text(verdict_label(self.scale, claim.verdict, claim.verdict_scale))
        if claim.rationale:
            content.append("\nRationale: ")
            content.append(one_line(claim.rationale, 300))
        content.append("\nWhy this score:\n")
        content.append_text(
            reasons_text(claim, limit=5, semantic_on=semantic.expected(self.wb.settings.encoder_model))
        )
        body.update(content)

    async def after_change(self, row: ClaimRow, *, advance: bool) -> None:
        index = next((i for i, r in enumerate(self.rows) if r.id == row.id), None)
        if index is None:
            await self.reload(keep_claim=row.id)
            return
        old, self.rows[index] = self.rows[index], row
        table = self.query_one(QueueTable)
        key = table.coordinate_to_cell_key(Coordinate(index, 0)).row_key
        table.replace_row(key, ("score", "outlet", "speaker", "status", "verdict", "text"), self._cells(row))
        # the next claim still open; the very next row when none is among those loaded
        target = next(
            (j for j in range(index + 1, len(self.rows)) if self.rows[j].status in queries.OPEN_STATUSES),
            index + 1,
        )
        if advance and target < len(self.rows):
            table.move_cursor(row=target, animate=False)
            self._show_preview(self.rows[target])
        elif advance:
            await self.action_next_claim()
        else:
            self._show_preview(row)
        await self._adjust_counts(old, row)

    async def _adjust_counts(self, old: ClaimRow, new: ClaimRow) -> None:
        """Counting a million claims again takes a while: after one claim changed, adjust the counts by
        whether it still matches the filter and has a verdict (one lookup by id). Recount only when no
        settled count is known (a recount is on its way)."""
        if self.counts is None:
            self.count_later()
            return
        flt = self.filter
        if (flt.status, flt.verdict, flt.reviewer, flt.flagged) == (None, None, None, None) and (
            old.text,
            old.speaker,
        ) == (new.text, new.speaker):
            # None of what changed is filtered on: the claim is still selected.
            reviewed_now, selected_now = int(new.verdict is not None), 1
        else:
            reviewed_now, selected_now = await self.wb.data.call(
                queries.progress, replace(flt, claim_ids=(new.id,))
            )
        if self.counts is None:  # a recount started meanwhile: it will have the change
            return
        reviewed, selected = self.counts
        reviewed += reviewed_now - (1 if old.verdict is not None else 0)
        selected += selected_now - 1
        self.counts = (reviewed, selected)
        self.total = selected
        self._status(reviewed, selected)

    def count_later(self) -> None:
        """Counting a million claims takes a moment: do it in the background, newest request wins."""
        self.refresh_counts()

    async def reload_current(self) -> None:
        await self.reload(keep_claim=self._current_id())

    # ---- navigation and filters --------------------------------------------------------------

    async def action_next_claim(self) -> None:
        table = self.query_one(DataTable)
        if table.cursor_row + 1 < len(self.rows):
            table.move_cursor(row=table.cursor_row + 1, animate=False)
            return
        if not self.rows:
            return
        last = self.rows[-1]
        rows = await self.wb.data.call(
            queries.claims_page, self.filter, after=Cursor(last.score, last.id), limit=PAGE_SIZE
        )
        if rows:
            self.page_start += len(self.rows)
            self.page_anchor = Cursor(rows[0].score, rows[0].id)
            self._fill(rows)
            self.count_later()
        else:
            self.notify(
                "End of the queue: this is the last claim. Keys now change it; press x or ctrl+f to see others.",
                title="End of the queue",
                severity="warning",
                timeout=5,
                markup=False,
            )

    async def action_previous_claim(self) -> None:
        table = self.query_one(DataTable)
        if table.cursor_row > 0:
            table.move_cursor(row=table.cursor_row - 1, animate=False)
            return
        if not self.rows or self.page_start == 0:
            return
        first = self.rows[0]
        rows = await self.wb.data.call(
            queries.claims_page_before, self.filter, Cursor(first.score, first.id), PAGE_SIZE
        )
        if rows:
            self.page_start = max(0, self.page_start - len(rows))
            self.page_anchor = None if self.page_start == 0 else Cursor(rows[0].score, rows[0].id)
            self._fill(rows, cursor_at_end=True)
            self.count_later()

    def action_search(self) -> None:
        from workbench.tui.prompts import LinePrompt

        async def done(value: str | None) -> None:
            if value is None:
                return
            self.filter = replace(self.filter, search=value.strip() or None)
            self._reset_paging()
            await self.reload()

        self.app.push_screen(
            LinePrompt(
                "Search claims", value=self.filter.search or "", placeholder="words to find (empty to clear)"
            ),
            done,
        )

    def action_filters(self) -> None:
        from workbench.tui.filters import FilterScreen

        async def done(value: ClaimFilter | None) -> None:
            if value is None:
                return
            self.filter = value
            self._reset_paging()
            await self.reload()

        self.app.push_screen(FilterScreen(self.filter), done)

    async def action_toggle_all(self) -> None:
        self.filter = replace(self.filter, checkworthy_only=not self.filter.checkworthy_only)
        self._reset_paging()
        await self.reload(keep_claim=self._current_id())

    async def action_clear_filters(self) -> None:
        self.filter = ClaimFilter(checkworthy_only=self.filter.checkworthy_only)
        self._reset_paging()
        await self.reload()

    def action_guidelines(self) -> None:
        self.query_one(Guidelines).toggle_class("hidden")

    async def show_claim_ids(self, ids: tuple[int, ...], label: str) -> None:
        self.filter = ClaimFilter(checkworthy_only=False, claim_ids=ids)
        self._reset_paging()
        await self.reload()
        self.notify(label, timeout=3, markup=False)
