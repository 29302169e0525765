"""One review TUI session of the soak: the real ``WorkbenchApp`` under Pilot, driven by key presses.

    python -m bench.soak.tui_driver --db F --who tui1 --claims 3,9,15 --ledger L --until EPOCH

It opens one of its own claims through the command palette (ctrl+p, the id, enter) and then judges it
(a verdict or triage key), flags it, writes a rationale or a note, adds an evidence link (which starts
the app's own evidence-check subprocess), or undoes its last change. A change counts as acknowledged
when the app took it without an error or conflict message and the claim screen shows the new value;
then it goes to the ledger with the time from the key press until the screen showed it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.soak.ledger import Ledger

SIZE = (140, 40)
STEP = 0.02
TIMEOUT = 30.0
TRIAGE_KEYS = {"y": "checkworthy", "n": "not_checkworthy", "s": "skipped"}
UNDONE = re.compile(r"^Undid (\S+) (\S+) on claim (\d+)\.")


class AppEnded(Exception):
    """The app stopped under the driver (an unhandled error in it): the session ends with it."""


def claim_fields(claim: Any) -> dict[str, Any]:
    return {
        "verdict": claim.verdict,
        "triage": claim.triage,
        "flagged": int(bool(claim.flagged)),
        "rationale": claim.rationale,
    }


class Session:
    def __init__(self, pilot: Any, ledger: Ledger, who: str, base_url: str, rng: random.Random) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.ledger = ledger
        self.who = who
        self.base_url = base_url
        self.rng = rng
        self.messages: list[tuple[str, str]] = []
        self.seq = 0
        self.undoable: tuple[int, dict[str, Any]] | None = None
        """(claim, the values before) of this session's last acknowledged claim change, if undo may follow."""
        original = self.app.notify

        def notify(message: str, *args: Any, **kwargs: Any) -> Any:
            self.messages.append((str(message), str(kwargs.get("severity", "information"))))
            return original(message, *args, **kwargs)

        self.app.notify = notify

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
        ends = time.monotonic() + timeout
        while time.monotonic() < ends:
            if not self.app.is_running:
                raise AppEnded(self.app.return_code)
            if predicate():
                return True
            await self.pilot.pause(STEP)
        return predicate()

    def problems_since(self, mark: int) -> list[str]:
        return [m for m, severity in self.messages[mark:] if severity in ("error", "warning")]

    def claim_screen(self) -> Any:
        from workbench.tui.claim_screen import ClaimScreen

        screen = self.app.screen
        return screen if isinstance(screen, ClaimScreen) else None

    async def type_text(self, text: str) -> None:
        for ch in text:
            await self.pilot.press("space" if ch == " " else ch)

    async def open_claim(self, claim_id: int) -> Any:
        """Through the command palette, as a reviewer jumping to a claim by id would."""
        from textual.command import CommandPalette

        current = self.claim_screen()
        if current is not None:
            # ClaimScreen.load sets the subtitle last: clearing it tells when a reload of the same claim is done
            current.sub_title = ""
        await self.pilot.press("ctrl+p")
        if not await self.wait_for(lambda: isinstance(self.app.screen, CommandPalette), 10):
            return None
        await self.type_text(str(claim_id))
        palette = self.app.screen
        await self.wait_for(lambda: palette.query("CommandList").first().option_count > 0, 10)
        await self.pilot.press("enter")

        def shown() -> bool:
            screen = self.claim_screen()
            return bool(
                screen
                and screen.claim is not None
                and screen.claim.id == claim_id
                and str(screen.sub_title).endswith(f"claim {claim_id}")
            )

        if not await self.wait_for(shown, 20):
            while isinstance(self.app.screen, CommandPalette):
                await self.pilot.press("escape")
            return None
        return self.claim_screen()

    def side_text(self) -> str:
        from textual.widgets import Static

        screen = self.claim_screen()
        if screen is None:
            return ""
        return str(screen.query_one("#claim-side", Static).render())

    async def confirm(self, claim_id: int, kind: str, values: dict[str, Any], ms: float) -> None:
        """Reopen the claim: the screen must show the acknowledged values; then log the acknowledgement."""
        screen = await self.open_claim(claim_id)
        shown = claim_fields(screen.claim) if screen is not None else None
        names = {label.id: label.name for label in self.app.scale.labels}
        verdict = values.get("verdict")
        on_screen = verdict is None or f"Verdict: {names.get(verdict, verdict)}" in self.side_text()
        if shown is None or not on_screen or any(shown[k] != v for k, v in values.items()):
            self.ledger.write("mismatch", kind, claim=claim_id, values=values, shown=shown, ms=ms)
        self.ledger.write("ack", kind, claim=claim_id, values=values, ms=ms)

    async def claim_change(
        self, claim_id: int, kind: str, keys: list[str], values_of: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> None:
        screen = await self.open_claim(claim_id)
        if screen is None:
            self.ledger.write("skip", "open", claim=claim_id)
            return
        before = claim_fields(screen.claim)
        values = values_of(before)
        version = screen.claim.version
        self.ledger.write("intent", kind, claim=claim_id, values=values)
        mark = len(self.messages)
        started = time.perf_counter()
        for key in keys:
            await self.pilot.press(key)

        def answered() -> bool:
            if self.problems_since(mark):
                return True
            now = self.claim_screen()
            if now is None or now.claim is None:
                return False
            return now.claim.id != claim_id or (
                now.claim.version > version
                and all(claim_fields(now.claim)[k] == v for k, v in values.items())
            )

        done = await self.wait_for(answered)
        ms = (time.perf_counter() - started) * 1000
        problems = self.problems_since(mark)
        if problems or not done:
            self.ledger.write("fail", kind, claim=claim_id, message=problems[0] if problems else "no answer")
            self.undoable = None
            return
        await self.confirm(claim_id, kind, values, ms)
        self.undoable = (claim_id, before)  # undo puts back every field the change touched

    async def verdict(self, claim_id: int) -> None:
        labels = self.app.scale.labels
        number = self.rng.randint(1, min(9, len(labels)))
        label = labels[number - 1].id
        # a verdict also marks the claim check-worthy
        values = {"verdict": label, "triage": "checkworthy"}
        await self.claim_change(claim_id, "verdict", [str(number)], lambda _: values)

    async def triage(self, claim_id: int) -> None:
        key = self.rng.choice(sorted(TRIAGE_KEYS))
        await self.claim_change(claim_id, "triage", [key], lambda _: {"triage": TRIAGE_KEYS[key]})

    async def flag(self, claim_id: int) -> None:
        await self.claim_change(claim_id, "flag", ["f"], lambda before: {"flagged": 1 - before["flagged"]})

    async def rationale(self, claim_id: int) -> None:
        self.seq += 1
        text = f"{self.who} reason {self.seq} {self.rng.choice(string.ascii_lowercase) * 3}"
        # the prompt opens with the old rationale: clear it first (select all, delete)
        screen = await self.open_claim(claim_id)
        if screen is None:
            return
        await self.pilot.press("r")
        if not await self.wait_for(lambda: type(self.app.screen).__name__ == "TextPrompt", 10):
            return
        from textual.widgets import TextArea

        area = self.app.screen.query_one(TextArea)
        area.select_all()
        await self.pilot.press("backspace")
        version = screen.claim.version
        self.ledger.write("intent", "rationale", claim=claim_id, values={"rationale": text})
        self.undoable = None
        mark = len(self.messages)
        await self.type_text(text)
        started = time.perf_counter()  # from the save key, not the typing
        await self.pilot.press("ctrl+s")

        def answered() -> bool:
            now = self.claim_screen()
            return bool(self.problems_since(mark)) or bool(
                now and now.claim and now.claim.version > version and now.claim.rationale == text
            )

        done = await self.wait_for(answered)
        ms = (time.perf_counter() - started) * 1000
        problems = self.problems_since(mark)
        if problems or not done:
            self.ledger.write(
                "fail", "rationale", claim=claim_id, message=problems[0] if problems else "no answer"
            )
            return
        await self.confirm(claim_id, "rationale", {"rationale": text}, ms)

    async def prompt_entry(self, claim_id: int, kind: str, key: str, text: str, submit: str, ok: str) -> bool:
        """Open a prompt with ``key``, type ``text``, submit; True once the app says ``ok``."""
        screen = await self.open_claim(claim_id)
        if screen is None:
            return False
        await self.pilot.press(key)
        if not await self.wait_for(
            lambda: type(self.app.screen).__name__ in ("TextPrompt", "LinePrompt"), 10
        ):
            return False
        record = {"text": text} if kind == "note" else {"url": text}
        self.ledger.write("intent", kind, claim=claim_id, **record)
        mark = len(self.messages)
        await self.type_text(text)
        started = time.perf_counter()
        await self.pilot.press(submit)
        done = await self.wait_for(
            lambda: bool(self.problems_since(mark)) or any(m.startswith(ok) for m, _ in self.messages[mark:])
        )
        ms = (time.perf_counter() - started) * 1000
        problems = self.problems_since(mark)
        if problems or not done:
            self.ledger.write("fail", kind, claim=claim_id, message=problems[0] if problems else "no answer")
            return False
        self.ledger.write("ack", kind, claim=claim_id, ms=ms, **record)
        return True

    async def note(self, claim_id: int) -> None:
        self.seq += 1
        text = f"{self.who} note {self.seq} at {time.time():.3f}"
        await self.prompt_entry(claim_id, "note", "c", text, "ctrl+s", "Note added.")
        self.undoable = None

    async def evidence(self, claim_id: int) -> None:
        self.seq += 1
        url = f"{self.base_url}/ok?from={self.who}-{self.seq}-{int(time.time() * 1000)}"
        await self.prompt_entry(claim_id, "evidence", "e", url, "enter", "Evidence link added")
        self.undoable = None

    async def undo(self) -> None:
        if self.undoable is None:
            return
        claim_id, before = self.undoable
        self.undoable = None
        self.ledger.write("intent", "undo", claim=claim_id, values=before)
        mark = len(self.messages)
        started = time.perf_counter()
        await self.pilot.press("u")
        done = await self.wait_for(
            lambda: (
                bool(self.problems_since(mark))
                or any(m.startswith(("Undid", "Nothing to undo")) for m, _ in self.messages[mark:])
            )
        )
        ms = (time.perf_counter() - started) * 1000
        problems = self.problems_since(mark)
        said = [m for m, _ in self.messages[mark:] if m.startswith("Undid")]
        if problems or not done or not said:
            self.ledger.write("fail", "undo", claim=claim_id, message=(problems or ["nothing undone"])[0])
            return
        match = UNDONE.match(said[0])
        undone_claim = int(match.group(3)) if match else claim_id
        if undone_claim != claim_id:
            # Undo takes back this reviewer's latest change, which may be one an earlier (killed)
            # incarnation committed but never acknowledged: log what the screen now shows for it.
            self.ledger.write("note", "undo-other", claim=claim_id, undone=undone_claim)
        screen = await self.open_claim(undone_claim)
        if screen is None:
            self.ledger.write("fail", "undo", claim=undone_claim, message="could not reopen")
            return
        values = claim_fields(screen.claim) if undone_claim != claim_id else before
        await self.confirm(undone_claim, "undo", values, ms)


async def run(args: argparse.Namespace) -> None:
    from workbench.config import Settings
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.data import TuiData

    rng = random.Random(args.seed)
    ledger = Ledger(args.ledger, args.who, "tui")
    claims = [int(c) for c in args.claims.split(",")]
    app = WorkbenchApp(
        TuiData(args.db), reviewer=args.who, settings=Settings(allow_private=True), poll_interval=args.poll
    )
    async with app.run_test(size=SIZE) as pilot:
        session = Session(pilot, ledger, args.who, args.base_url, rng)
        await session.wait_for(lambda: app.screen is app.queue, 30)
        ledger.write("start", "session", pid=os.getpid())
        ops = [
            (session.verdict, 35),
            (session.triage, 12),
            (session.flag, 10),
            (session.rationale, 8),
            (session.note, 15),
            (session.evidence, 5),
        ]
        functions, weights = zip(*ops, strict=True)
        try:
            while time.time() < args.until:
                if session.undoable is not None and rng.random() < 0.2:
                    await session.undo()
                    continue
                op = rng.choices(functions, weights)[0]
                await op(rng.choice(claims))
        except AppEnded as exc:
            ledger.write("crash", "session", message=f"the app ended (return code {exc.args[0]})")
            raise
        ledger.write("stop", "session")
    ledger.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--who", required=True)
    parser.add_argument("--claims", required=True, help="comma-separated ids this session owns")
    parser.add_argument("--ledger", type=Path, required=True)
    parser.add_argument("--until", type=float, required=True, help="stop starting changes at this epoch time")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--base-url", default="http://127.0.0.1:9", help="local evidence server")
    parser.add_argument("--poll", type=float, default=1.0, help="the app's live-refresh interval (s)")
    args = parser.parse_args(argv)
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
