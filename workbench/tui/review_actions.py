"""The review keys (triage, verdicts, rationale, notes, flags, undo) shared by the queue and claim screens.

A screen that mixes this in says which claim is current and what happens after a change; the actions
themselves are ``workbench.actions.review`` run through the TUI's data handle.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from workbench import queries
from workbench.actions import learn as learning
from workbench.actions import review
from workbench.errors import ConflictError, WorkbenchError
from workbench.queries import ClaimRow
from workbench.scales import RatingScale
from workbench.tui.prompts import LinePrompt, TextPrompt

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


class ReviewActions(Screen[Any]):
    """Base for screens that review one current claim at a time."""

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    def current_claim(self) -> ClaimRow | None:
        raise NotImplementedError

    async def after_change(self, row: ClaimRow, *, advance: bool) -> None:
        """Show the changed claim; ``advance`` moves on to the next one (after a verdict or triage)."""
        raise NotImplementedError

    async def reload_current(self) -> None:
        raise NotImplementedError

    @property
    def scale(self) -> RatingScale:
        return self.wb.scale

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "verdict" and parameters:
            number = int(str(parameters[0]))
            if self.scale.free_text or number > len(self.scale.labels):
                return False  # hidden: the footer shows exactly the scale's keys
        if action == "conclusion" and not self.scale.free_text:
            return None
        return True

    async def _run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        advance: bool = False,
        claim: ClaimRow | None = None,
        draft: str | None = None,
        **kwargs: Any,
    ) -> bool:
        """Run a review action on the current claim (or ``claim``, read when a prompt opened).

        ``draft`` names the claim field the reviewer typed a new value for; when someone else changed
        the claim first, both versions are shown and the draft can be re-applied with one key. Returns
        whether the change was stored.
        """
        claim = claim or self.current_claim()
        if claim is None:
            self.notify("No claim selected.", severity="warning", markup=False)
            return False
        try:
            row = await self.wb.data.call(
                fn, claim.id, *args, actor=self.wb.reviewer, expected_version=claim.version, **kwargs
            )
        except ConflictError as exc:
            current = await self.wb.data.call(queries.claim, claim.id)
            if draft is None or not args:
                self.notify(
                    f"{exc}. Showing the current version now.",
                    title="Changed by someone else",
                    severity="warning",
                    timeout=8,
                    markup=False,
                )
                await self.reload_current()
                return False
            self._conflict(fn, args, current, draft, advance=advance, **kwargs)
            return False
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return False
        self.wb.drafts.pop((claim.id, draft or ""), None)
        if self.wb.reviewer_role is None:
            self.wb._identify()
        await self.after_change(row, advance=advance)
        return True

    def _conflict(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        current: ClaimRow,
        field: str,
        *,
        advance: bool,
        **kwargs: Any,
    ) -> None:
        """Show both versions; ``a`` re-applies the draft to the version now in the database."""
        from workbench.tui.conflict import ConflictScreen

        yours = str(args[0])
        self.wb.drafts[(current.id, field)] = yours  # kept until it is saved, whatever is chosen now
        theirs = getattr(current, field, None)

        async def chosen(reapply: bool | None) -> None:
            if reapply:
                await self._run(fn, *args, advance=advance, claim=current, draft=field, **kwargs)
            else:
                self.notify(
                    f"Kept their version; your draft {field} is kept too (open it again to see it).",
                    timeout=6,
                    markup=False,
                )
                await self.reload_current()

        self.app.push_screen(
            ConflictScreen(
                claim_id=current.id,
                field=field,
                theirs="" if theirs is None else str(theirs),
                yours=yours,
                who=current.updated_by or "someone",
                version=current.version,
            ),
            chosen,
        )

    async def action_triage(self, decision: str) -> None:
        if await self._run(review.triage, decision, advance=True):
            self._learn_when_due()

    async def action_verdict(self, number: int) -> None:
        label = self.scale.by_key(int(number))
        if label is None:
            return
        if await self._run(review.set_verdict, label.id, advance=True):
            self._learn_when_due()
            self.notify(f"Verdict: {label.name}", timeout=2, markup=False)

    def _learn_when_due(self) -> None:
        """Every ``LEARN_EVERY`` new decisions the scores adapt to the team's, in the background."""

        async def learn() -> None:
            learned = await self.wb.data.read(learning.maybe_learn, catch_up=False)
            if learned is not None:
                self.notify(
                    f"Scores adjusted by your team's {learned.adjustment.decisions} decisions "
                    f"({learned.adjustment.describe()}).",
                    markup=False,
                )

        self.run_worker(learn(), group="learn", exclusive=True, exit_on_error=False)

    def action_conclusion(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        self._prompt(
            LinePrompt(
                "Conclusion (one line)", value=self.wb.drafts.get((claim.id, "verdict"), claim.verdict or "")
            ),
            lambda text: self._run(review.set_verdict, text, advance=True, claim=claim, draft="verdict"),
        )

    def action_rationale(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        draft = self.wb.drafts.get((claim.id, "rationale"))
        title = f"Rationale for claim {claim.id}" + (" (your unsaved draft)" if draft is not None else "")
        self._prompt(
            TextPrompt(title, value=draft if draft is not None else claim.rationale or ""),
            lambda text: self._run(review.set_rationale, text, claim=claim, draft="rationale"),
        )

    def action_summary(self) -> None:
        from workbench.actions.publish import set_summary, summary_warning

        claim = self.current_claim()
        if claim is None:
            return

        async def save(text: str) -> None:
            await self._run(set_summary, text)
            warning = summary_warning(text)
            if warning:
                self.notify(warning, severity="warning", timeout=5, markup=False)

        self._prompt(
            LinePrompt(
                f"Claim {claim.id} as checked (ClaimReview claimReviewed)",
                value=claim.text,
                hint="Keep it under 75 characters · enter to save · escape to cancel",
            ),
            save,
        )

    def action_note(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return

        async def save(text: str) -> None:
            try:
                await self.wb.data.call(review.add_note, claim.id, text, actor=self.wb.reviewer)
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify("Note added.", timeout=2, markup=False)
            await self.reload_current()

        self._prompt(TextPrompt(f"Note on claim {claim.id}"), save)

    def action_evidence(self) -> None:
        from workbench.tui.evidence_prompt import EvidenceInput, EvidencePrompt

        claim = self.current_claim()
        if claim is None:
            return

        async def save(given: EvidenceInput | None) -> None:
            from workbench.actions import evidence

            if given is None:
                return
            try:
                await self.wb.data.call(
                    evidence.add_evidence,
                    claim.id,
                    given.url,
                    actor=self.wb.reviewer,
                    stance=given.stance,
                    quote=given.quote,
                )
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(
                f"Evidence link added ({given.stance}); checking it in the background.",
                timeout=3,
                markup=False,
            )
            self.wb.check_evidence_later(claim.id)
            await self.reload_current()

        self.app.push_screen(EvidencePrompt(claim.id), save)

    def action_edit_evidence(self) -> None:
        from workbench.tui.evidence_prompt import EvidenceInput, EvidencePrompt

        claim = self.current_claim()
        if claim is None:
            return

        async def save(given: EvidenceInput | None) -> None:
            from workbench.actions import evidence

            if given is None or given.evidence_id is None:
                return
            try:
                await self.wb.data.call(
                    evidence.edit_evidence,
                    given.evidence_id,
                    actor=self.wb.reviewer,
                    stance=given.stance,
                    quote=given.quote or "",
                )
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"Evidence {given.evidence_id}: {given.stance}.", timeout=3, markup=False)
            await self.reload_current()

        async def open_prompt() -> None:
            items = await self.wb.data.call(queries.evidence_for_claim, claim.id)
            if not items:
                self.notify("No evidence yet: press e to add a link.", timeout=3, markup=False)
                return
            self.app.push_screen(EvidencePrompt(claim.id, items), save)

        self.run_worker(open_prompt(), exclusive=True, group="evidence-edit")

    async def action_approve(self) -> None:
        from workbench.actions import signoff

        claim = self.current_claim()
        if claim is None:
            return
        try:
            status = await self.wb.data.call(
                signoff.approve, claim.id, actor=self.wb.reviewer, expected_version=claim.version
            )
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Approved. {status.summary}", timeout=3, markup=False)
        await self.reload_current()

    def action_reject(self) -> None:
        from workbench.actions import signoff

        claim = self.current_claim()
        if claim is None:
            return

        async def save(reason: str) -> None:
            try:
                status = await self.wb.data.call(
                    signoff.reject,
                    claim.id,
                    actor=self.wb.reviewer,
                    reason=reason,
                    expected_version=claim.version,
                )
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(f"Rejected. {status.summary}", timeout=3, markup=False)
            await self.reload_current()

        self._prompt(LinePrompt(f"Why reject the verdict on claim {claim.id}?"), save)

    async def action_lease_next(self) -> None:
        from workbench.actions import signoff

        claim_id = await self.wb.data.call(signoff.next_claim, actor=self.wb.reviewer)
        if claim_id is None:
            self.notify("Nothing left to judge.", timeout=3, markup=False)
            return
        await self.wb.open_claim(claim_id)

    def action_correct_speaker(self) -> None:
        from workbench.actions import corrections
        from workbench.tui.prompts import SpeakerPrompt

        claim = self.current_claim()
        if claim is None:
            return

        async def open_prompt() -> None:
            choices = await self.wb.data.call(corrections.speaker_choices, claim.id)
            self._prompt(
                SpeakerPrompt(f"Who makes claim {claim.id}?", choices, current=claim.speaker),
                lambda name: self._run(corrections.correct_speaker, name, claim=claim, draft="speaker"),
            )

        self.run_worker(open_prompt(), exclusive=True, group="speaker")

    async def action_extend_span(self, direction: str) -> None:
        from workbench.actions import corrections

        await self._run(corrections.extend_span, direction)

    def action_trim_span(self) -> None:
        from workbench.actions import corrections

        claim = self.current_claim()
        if claim is None:
            return
        self._prompt(
            LinePrompt(
                f"Trim claim {claim.id}: delete what is not part of the claim",
                value=self.wb.drafts.get((claim.id, "text"), claim.text),
                hint="enter keeps the text left · escape cancels · the original extraction is kept",
            ),
            lambda part: self._run(corrections.trim_span, part, claim=claim, draft="text"),
        )

    async def action_flag(self) -> None:
        await self._run(review.toggle_flag)

    async def action_undo(self) -> None:
        try:
            event = await self.wb.data.call(review.undo_last, actor=self.wb.reviewer)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if event is None:
            self.notify("Nothing to undo.", timeout=2, markup=False)
            return
        self.notify(
            f"Undid {event.action.replace('.', ' ')} on claim {event.claim_id}.", timeout=3, markup=False
        )
        await self.wb.refresh_all(focus_claim=event.claim_id)

    def _prompt(self, screen: Any, then: Callable[[str], Awaitable[object]]) -> None:
        async def done(value: str | None) -> None:
            if value is not None and value.strip():
                await then(value)

        self.app.push_screen(screen, done)
