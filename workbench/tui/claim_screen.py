"""One claim in full: its paragraph, speaker, reasons, verdict, rationale, evidence, notes and history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Footer, Header, Static

from workbench import queries
from workbench.actions import corrections
from workbench.errors import NotFoundError
from workbench.queries import ClaimRow, Cursor
from workbench.text import checkworthy_semantic as semantic
from workbench.text.safe import one_line, printable
from workbench.tui import bindings
from workbench.tui.evidence_prompt import fetch_problem
from workbench.tui.guidelines import Guidelines, label_strip
from workbench.tui.related import VECTOR_BATCH, related_text
from workbench.tui.render import (
    claim_heading,
    history_text,
    mentions_line,
    notes_text,
    reasons_text,
    story_text,
    verdict_label,
    version_line,
)
from workbench.tui.review_actions import ReviewActions

if TYPE_CHECKING:
    from workbench.tui.queue import QueueScreen


class ClaimScreen(ReviewActions):
    """The claim view; escape returns to the queue."""

    BINDINGS = [
        *bindings.HELP,
        Binding("escape", "back", "Back", tooltip="Back to the queue.", id="claim.back"),
        *bindings.NAVIGATION,
        *bindings.CLAIM_REVIEW,
        Binding(
            "L",
            "link_similar",
            "Link similar",
            show=False,
            tooltip="Link a similar claim in another outlet to this claim's story (an audited decision).",
            id="claim.link_similar",
        ),
    ]
    HELP = bindings.HELP_TEXT["claim"]

    def __init__(self, claim_id: int, queue: QueueScreen) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.queue = queue
        self.claim: ClaimRow | None = None
        self.related: queries.Related | None = None
        self._filling = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with VerticalScroll(id="claim-body"):
                yield Static(id="claim-main")
                yield Static(id="claim-related")
                yield Static(id="claim-side")
            yield Guidelines(id="guidelines", classes="hidden")
        yield Footer()

    async def on_mount(self) -> None:
        await self.load(self.claim_id)

    async def load(self, claim_id: int) -> None:
        try:
            claim = await self.wb.data.call(queries.claim, claim_id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.claim_id, self.claim = claim_id, claim
        notes = await self.wb.data.call(queries.notes, claim_id)
        history = await self.wb.data.call(queries.history, claim_id)
        evidence = await self._evidence(claim_id)
        text = self.wb.data.document_text(claim.document_id)
        main = label_strip(self.scale, claim.verdict, claim.verdict_scale)
        main.append("\n\n")
        main.append_text(claim_heading(text, claim, max_chars=2500))
        page = await self.wb.data.call(queries.page_of_claim, claim.document_id, claim.start)
        if page is not None:
            main.append(f"\n(page {page} of the PDF)", style="dim")
        for version in await self.wb.data.call(queries.claim_versions, claim):
            main.append_text(version_line(version))
        original = await self.wb.data.call(corrections.original_extraction, claim_id)
        if original is not None:
            main.append("\n\nCorrected by a reviewer; extracted as: ", style="yellow")
            main.append(one_line(str(original["text"]), 200), style="dim")
            main.append(f"  (speaker: {one_line(str(original['speaker'] or 'none'), 40)})", style="dim")
        main.append("\n\n")
        main.append_text(mentions_line(claim))
        main.append_text(await self._across_outlets(claim))
        status = await self.wb.data.call(queries.signoff_status, claim_id)
        try:
            main_panel, side_panel = (
                self.query_one("#claim-main", Static),
                self.query_one("#claim-side", Static),
            )
        except NoMatches:  # the view closed while the data was read (a refresh raced a key press)
            return
        main_panel.update(main)
        if self.related is None or self.related_for != claim_id:
            self.related = None
            self.query_one("#claim-related", Static).update(Text("\nChecked before? checking…", style="dim"))
        self.run_worker(self._fill_related(claim_id), exclusive=True, group="related")
        side = Text("\nVerdict: ", style="bold")
        side.append_text(verdict_label(self.scale, claim.verdict, claim.verdict_scale))
        side.append("\nSign-off: ", style="bold")
        side.append(status.summary, style="green" if status.final else "yellow")
        for j in status.judgements:
            side.append(f"\n  {j.created_at[:16]} ", style="dim")
            side.append(one_line(j.reviewer, 20), style="cyan")
            side.append(f" {j.kind} {one_line(j.verdict or '', 60)}")
            if j.stale:
                side.append(f"  STALE ({one_line(j.stale_reason or '', 60)})", style="red")
            if j.reason:
                side.append(f"  “{one_line(j.reason, 60)}”", style="dim")
        side.append("\nRationale: ", style="bold")
        side.append(
            printable(claim.rationale or "none yet (press r)"), style="" if claim.rationale else "dim"
        )
        side.append("\n\nWhy this score:\n", style="bold")
        side.append_text(
            reasons_text(claim, limit=12, semantic_on=semantic.expected(self.wb.settings.encoder_model))
        )
        side.append("\nEvidence:\n", style="bold")
        side.append_text(evidence)
        side.append("\nNotes:\n", style="bold")
        side.append_text(notes_text(notes))
        side.append("\nHistory (audit trail):\n", style="bold")
        side.append_text(history_text(history))
        side_panel.update(side)
        self.sub_title = f"{self.wb.reviewer} · claim {claim_id}"

    async def _across_outlets(self, claim: ClaimRow) -> Text:
        """Other outlets' versions (stories), the same speaker elsewhere, and similar claims already judged."""
        names = {label.id: label.name for label in self.scale.labels}
        out = Text("\n")
        story = await self.wb.data.call(queries.story_of_claim, claim.id)
        if story is not None:
            texts = await self.wb.data.call(queries.claim_texts, story.claim_ids)
            out.append("\n")
            out.append_text(story_text(claim.id, story, texts, names))
        speaker = await self.wb.data.call(queries.speaker_link, claim.id)
        if speaker is not None:
            name, ids, outlets = speaker
            others = [i for i in ids if i != claim.id]
            out.append(
                f"\nSame speaker elsewhere: {one_line(name, 40)} in {len(others)} other claim(s) "
                f"({', '.join(one_line(o, 20) for o in outlets)}): ",
                style="bold",
            )
            out.append(", ".join(f"#{i}" for i in others[:10]) + "\n", style="dim")
        return out

    # -- found by meaning, after the claim is on screen ------------------------------------------

    related_for: int | None = None

    def _encoder_args(self) -> tuple[str | None, str | None, str | None]:
        s = self.wb.settings
        return s.encoder_model, s.encoder_sha256, s.encoder_tokenizer

    async def _fill_related(self, claim_id: int) -> None:
        """Checked before? and similar claims in other outlets: the sentence model loads (once per
        process) on the background-read connection's thread, so the claim is shown without waiting;
        claims still without a vector are encoded in batches meanwhile, with progress here."""
        related = await self.wb.data.read(queries.related, claim_id, *self._encoder_args())
        self._show_related(claim_id, related)
        if related.without_vectors and not self._filling:
            self._filling = True
            try:
                missing = related.without_vectors
                total = missing
                while missing:
                    done, missing = await self.wb.data.read(
                        queries.fill_claim_vectors, VECTOR_BATCH, *self._encoder_args()
                    )
                    if not done:
                        break
                    self._show_related(claim_id, related, encoding=(total - missing, total))
                shown = self.claim
                if shown is not None and semantic.provisional(
                    shown.reasons, semantic.expected(self.wb.settings.encoder_model)
                ):
                    # its score now has the semantic part: show the refreshed score (and related) again
                    self.call_later(self.load, shown.id)
                else:
                    related = await self.wb.data.read(queries.related, claim_id, *self._encoder_args())
                    self._show_related(claim_id, related)
            finally:
                self._filling = False

    def _show_related(
        self, claim_id: int, related: queries.Related, encoding: tuple[int, int] | None = None
    ) -> None:
        if claim_id != self.claim_id:
            return
        self.related, self.related_for = related, claim_id
        try:
            panel = self.query_one("#claim-related", Static)
        except NoMatches:
            return
        panel.update(related_text(related, self.scale, encoding))

    def action_link_similar(self) -> None:
        from workbench.actions import other_outlets
        from workbench.errors import InputError
        from workbench.tui.prompts import PickPrompt

        related, claim_id = self.related, self.claim_id
        if related is None or self.related_for != claim_id or not related.other_outlets:
            self.notify("No similar claim in another outlet to link.", severity="warning", markup=False)
            return
        choices = [
            Text(f"#{o.id} {one_line(o.outlet or '?', 20)}: {one_line(o.text, 90)}")
            for o in related.other_outlets
        ]

        async def link(index: int | None) -> None:
            if index is None:
                return
            other = related.other_outlets[index]
            try:
                await self.wb.data.call(other_outlets.link, claim_id, other.id, actor=self.wb.reviewer)
            except InputError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"Linked claim {other.id} to this claim's story.", timeout=3, markup=False)
            await self.load(claim_id)

        self.app.push_screen(PickPrompt(f"Link to claim {claim_id}'s story:", choices), link)

    async def _evidence(self, claim_id: int) -> Text:
        items = await self.wb.data.call(queries.evidence_for_claim, claim_id)
        if not items:
            return Text("  none yet (press e)", style="dim")
        independence = await self.wb.data.call(queries.evidence_independence, claim_id)
        out = Text(f"  {independence.summary()}\n", style="bold")
        for item in items:
            out.append(f"  [{item.stance or 'context'}] ", style="bold")
            out.append(one_line(item.url, 80))
            out.append(f"  {item.status or 'not checked'}", style="dim")
            if item.title:
                out.append(f"  “{one_line(item.title, 60)}”", style="italic")
            if item.archive_url:
                out.append("  archived", style="green")
            if item.quote_found is not None:
                out.append(
                    "  quote found" if item.quote_found else "  quote NOT found",
                    style="green" if item.quote_found else "red",
                )
            out.append("\n")
            if item.quote:
                out.append(f"      quote: “{one_line(item.quote, 100)}”\n", style="dim")
            problem = fetch_problem(item)
            if problem:
                out.append(f"      {printable(problem, keep_newlines=False)}\n", style="red")
        return out

    def current_claim(self) -> ClaimRow | None:
        return self.claim

    async def reload_current(self) -> None:
        await self.load(self.claim_id)

    async def after_change(self, row: ClaimRow, *, advance: bool) -> None:
        self.claim = row
        if advance:
            next_id = await self.wb.data.call(queries.next_claim_id, row.id, self.queue.filter, True)
            if next_id is not None:
                await self.load(next_id)
                return
            self.notify("That was the last claim in the queue.", timeout=3, markup=False)
        await self.load(row.id)

    async def action_next_claim(self) -> None:
        if self.claim is None:
            return
        next_id = await self.wb.data.call(queries.next_claim_id, self.claim.id, self.queue.filter)
        if next_id is None:
            self.notify("End of the queue.", timeout=2, markup=False)
        else:
            await self.load(next_id)

    async def action_previous_claim(self) -> None:
        if self.claim is None:
            return
        rows = await self.wb.data.call(
            queries.claims_page_before, self.queue.filter, Cursor(self.claim.score, self.claim.id), 1
        )
        if rows:
            await self.load(rows[-1].id)

    def action_back(self) -> None:
        self.queue.focus_on_resume = self.claim_id
        self.app.pop_screen()

    def action_guidelines(self) -> None:
        self.query_one(Guidelines).toggle_class("hidden")
