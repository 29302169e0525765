"""The review TUI: a keyboard-driven queue of claims over a shared review database.

Threading rule: database work runs in worker threads through ``TuiData.call``; widgets are only
touched on the UI side. Other reviewers' commits are noticed by polling ``PRAGMA data_version`` once
a second and the screen on top reloads what it shows.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape
from textual.screen import Screen

from workbench import queries
from workbench.actions import identity, review
from workbench.config import Settings
from workbench.errors import DatabaseReplacedError, WorkbenchError
from workbench.scales import PRESETS, RatingScale
from workbench.store.reviewers import validate_user_name
from workbench.text.safe import one_line
from workbench.tui import bindings
from workbench.tui.data import TuiData
from workbench.tui.prompts import ConfirmPrompt, LinePrompt, ReviewerPrompt, SignInPrompt
from workbench.tui.queue import QueueScreen

MAX_SIGN_IN_ATTEMPTS = 5
"""Failed sign-ins before a served session closes (each check costs ~0.1 s of scrypt)."""


class WorkbenchCommands(Provider):
    """Palette commands that apply now: jump to a claim by id or text, switch scale or reviewer."""

    @property
    def wb(self) -> WorkbenchApp:
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._static_commands():
            yield DiscoveryHit(title, callback, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._static_commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=escape(help_text))
        digits = query.strip().lstrip("#")
        if digits.isdigit():
            yield Hit(
                1.0, f"Open claim {digits}", partial(self.wb.open_claim, int(digits)), help="Jump by id"
            )
        if len(query.strip()) >= 3:
            flt = queries.ClaimFilter(checkworthy_only=False, search=query)
            rows = await self.wb.data.call(queries.claims_page, flt, limit=8)
            for row in rows:
                # Article text is untrusted: Textual reads a str prompt and help as markup.
                prompt = Content(f"Claim {row.id}: {one_line(row.text, 70)}")
                yield Hit(
                    0.5,
                    prompt,
                    partial(self.wb.open_claim, row.id),
                    help=escape(one_line(row.outlet or "", 30)),
                )

    def _static_commands(self) -> Iterable[tuple[str, str, Any]]:
        wb = self.wb
        yield "Documents", "Browse documents with claims and junk marked", wb.action_documents
        yield "Review progress", "Progress and verdict charts", wb.action_progress
        yield "Change reviewer", f"Currently {wb.reviewer}", wb.action_change_reviewer
        yield "Export report…", "Markdown, HTML, CSV, JSONL or ClaimReview", wb.action_export
        for scale in PRESETS.values():
            if scale.id != wb.scale.id:
                yield (
                    f"Rating scale: {scale.name}",
                    "Use this scale for the database (says what changes, then asks)",
                    partial(wb.confirm_scale, scale.id),
                )


class WorkbenchApp(App[None]):
    """factcheck-workbench."""

    CSS_PATH = "app.tcss"
    TITLE = "factcheck-workbench"
    BINDINGS = [*bindings.GLOBAL]
    COMMANDS = App.COMMANDS | {WorkbenchCommands}

    def __init__(
        self,
        data: TuiData,
        *,
        reviewer: str | None,
        settings: Settings | None = None,
        poll_interval: float = 1.0,
        served: bool = False,
    ) -> None:
        super().__init__()
        self.served = served
        """A ``serve`` browser session: nothing shows until a reviewer signs in with their password."""
        self._failed_sign_ins = 0
        self.data = data
        self.settings = settings or Settings()
        self.reviewer = reviewer or ""
        self.reviewer_role: str | None = None
        self._seen: identity.Seen | None = None
        """What the reviewer's name was when chosen (to say once what its first use did)."""
        self.poll_interval = poll_interval
        self.database_gone = False
        self.scale: RatingScale = data.sync(review.current_scale)
        self.queue = QueueScreen()
        self.drafts: dict[tuple[int, str], str] = {}
        """What the reviewer typed for (claim, field) and could not save yet: kept until saved."""
        self._data_version = data.sync(lambda db: db.data_version())
        head = data.sync(queries.audit_head)
        self._last_event = head.event_id if head else 0

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.set_interval(self.poll_interval, self.poll_changes)
        if self.served:
            self.reviewer = ""
            self.push_screen(SignInPrompt(), self._signed_in)
            return
        self.push_screen(self.queue)
        if self.reviewer and self._may_act_as(self.reviewer):
            self._identify()
        else:
            self.reviewer = ""
            self.push_screen(ReviewerPrompt(), self._reviewer_chosen)

    async def _signed_in(self, answer: tuple[str, str] | None) -> None:
        if answer is None:
            return
        try:
            row = await self.data.call(identity.sign_in, *answer)
        except WorkbenchError as exc:
            self._failed_sign_ins += 1
            if self._failed_sign_ins >= MAX_SIGN_IN_ATTEMPTS:
                self.exit(return_code=1, message="too many failed sign-ins")
                return
            self.push_screen(SignInPrompt(str(exc), cancellable=bool(self.reviewer)), self._signed_in)
            return
        first = not self.reviewer
        self.reviewer = row.name
        self._seen = identity.Seen(registered=True, bound=True)
        self._identify()
        if first:
            self.push_screen(self.queue)
        else:
            await self.refresh_all()
        self.notify(f"Signed in as {row.name}.", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Before a served session signs in, no key reaches the data (not even the command palette)."""
        if self.served and not self.reviewer and action not in ("quit", "focus_next", "focus_previous"):
            return False
        return super().check_action(action, parameters)

    def _may_act_as(self, name: str) -> bool:
        """Whether this account may act as ``name`` (a name bound to another account is refused)."""
        try:
            self._seen = self.data.sync(identity.before_acting, validate_user_name(name))
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=10)
            return False
        return True

    def _identify(self) -> None:
        """Show who is working, in which role (known once their first change registers them), and say
        once what that first change did (the admin of a new database; the name bound to this account)."""
        reviewer = self.data.sync(queries.reviewer, self.reviewer)
        self.reviewer_role = reviewer.role if reviewer else None
        self.sub_title = f"{self.reviewer} ({self.reviewer_role or 'new reviewer'}) · {self.data.path}"
        if reviewer is not None and self._seen is not None and not self._seen.bound:
            notice = self.data.sync(identity.notice_after, self.reviewer, self._seen)
            self._seen = identity.Seen(registered=True, bound=reviewer.os_user is not None)
            if notice:
                self.notify(notice, title="Who you are here", timeout=10, markup=False)

    async def _reviewer_chosen(self, name: str | None) -> None:
        if name:
            try:
                clean = validate_user_name(name)
            except WorkbenchError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            if not self._may_act_as(clean):
                return
            self.reviewer = clean
            self._identify()

    # ---- live refresh ------------------------------------------------------------------------

    async def poll_changes(self) -> None:
        """Notice commits by other reviewers (or processes) and refresh what is on screen."""
        if self.database_gone or (self.served and not self.reviewer):
            return
        try:
            await self.data.call(lambda db: db.check_file())
        except DatabaseReplacedError as exc:
            # Every write refuses from now on (the write unit checks too); say it once, plainly.
            self.database_gone = True
            self.sub_title = f"{self.reviewer} · {self.data.path} · REPLACED: reopen it"
            self.notify(str(exc), title="Database replaced", severity="error", timeout=3600, markup=False)
            return
        version = await self.data.call(lambda db: db.data_version())
        if version == self._data_version:
            return
        self._data_version = version
        events = await self.data.call(queries.events_after, self._last_event)
        if events:
            self._last_event = events[-1].id
        others = [e for e in events if e.actor != self.reviewer]
        if others:
            who = sorted({one_line(e.actor, 20) for e in others})
            claims = sorted({e.claim_id for e in others if e.claim_id})
            detail = f" on claim {', '.join(map(str, claims[:5]))}" if claims else ""
            self.notify(
                f"{', '.join(who)} changed {len(others)} thing(s){detail}.",
                title="Live update",
                timeout=4,
                markup=False,
            )
        if any(e.action == "scale.set" for e in events):
            self.scale = await self.data.call(review.current_scale)
        await self.refresh_all()

    async def refresh_all(self, focus_claim: int | None = None) -> None:
        self._identify()  # a first change registers the reviewer (and maybe their role)
        screen = self.screen
        from workbench.tui.claim_screen import ClaimScreen

        if isinstance(screen, QueueScreen):
            await screen.reload(keep_claim=focus_claim or screen._current_id())
        elif isinstance(screen, ClaimScreen):
            await screen.load(focus_claim or screen.claim_id)

    # ---- global actions ----------------------------------------------------------------------

    def action_help(self) -> None:
        from workbench.tui.browse import HelpScreen

        self.push_screen(HelpScreen(self.screen))

    def action_documents(self) -> None:
        from workbench.tui.browse import DocumentsScreen

        self.push_screen(DocumentsScreen())

    def action_progress(self) -> None:
        from workbench.tui.browse import ProgressScreen

        self.push_screen(ProgressScreen())

    def action_guidelines(self) -> None:
        screen = self.screen
        if hasattr(screen, "action_guidelines"):
            screen.action_guidelines()

    def action_team(self) -> None:
        from workbench.tui.browse import TeamScreen

        self.push_screen(TeamScreen())

    def action_change_reviewer(self) -> None:
        if self.served:  # in a browser, a name is proved by its password again
            prompt = SignInPrompt("Sign in as another reviewer (escape: stay who you are).", cancellable=True)
            self.push_screen(prompt, self._signed_in)
            return
        self.push_screen(ReviewerPrompt(), self._reviewer_chosen)

    def action_export(self) -> None:
        from workbench.tui.export_screen import ExportScreen

        self.push_screen(ExportScreen())

    async def confirm_scale(self, scale_id: str) -> None:
        """Show what changing the scale does to the verdicts already given, and ask first."""
        change = await self.data.call(review.scale_change, scale_id)

        async def chosen(yes: bool | None) -> None:
            if yes:
                await self.use_scale(scale_id)

        self.push_screen(
            ConfirmPrompt(f"Rating scale: {change.after.name}?", change.describe() + "."), chosen
        )

    async def use_scale(self, scale_id: str) -> None:
        try:
            self.scale = await self.data.call(review.set_scale, scale_id, actor=self.reviewer)
        except WorkbenchError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Rating scale: {self.scale.name}", markup=False)
        await self.refresh_all()

    async def open_claim(self, claim_id: int) -> None:
        from workbench.tui.claim_screen import ClaimScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, QueueScreen):
            self.pop_screen()
        if isinstance(self.screen, ClaimScreen):
            await self.screen.load(claim_id)
        else:
            self.push_screen(ClaimScreen(claim_id, self.queue))

    def check_evidence_later(self, claim_id: int) -> None:
        """Fetch the claim's unchecked evidence links in a background worker."""
        self.run_worker(
            partial(self._check_evidence, claim_id), thread=True, group="evidence", exit_on_error=False
        )

    def _check_evidence(self, claim_id: int) -> None:
        # A separate process: parsing fetched pages is CPU work that would otherwise starve the UI
        # thread of the GIL. It writes through its own connection; we refresh when it is done.
        from workbench.actions.evidence import check_command, check_environment

        command = check_command(
            self.data.path, claim_id, actor=self.reviewer, allow_private=self.settings.allow_private
        )
        subprocess.run(
            command,
            env=check_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
            timeout=600,
        )
        self.call_from_thread(self._refresh_after_check)  # type: ignore[arg-type]

    async def _refresh_after_check(self) -> None:
        await self.refresh_all()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search claims", "Full-text search in the queue", self._palette_search)

    def _palette_search(self) -> None:
        async def done(value: str | None) -> None:
            if value:
                from dataclasses import replace

                self.queue.filter = replace(self.queue.filter, search=value)
                self.queue.page_anchor, self.queue.page_start = None, 0
                while not isinstance(self.screen, QueueScreen):
                    self.pop_screen()
                await self.queue.reload()

        self.push_screen(LinePrompt("Search claims"), done)

    def on_unmount(self) -> None:
        self.data.close()


def run_app(
    db_path: Path,
    *,
    reviewer: str | None,
    settings: Settings | None = None,
    allow_network_fs: bool = False,
    served: bool = False,
) -> None:
    data = TuiData(db_path, allow_network_fs=allow_network_fs)
    WorkbenchApp(data, reviewer=reviewer, settings=settings, served=served).run()
