"""Regenerate the SVG screenshots of every screen: ``python screenshots/make.py``.

Builds a database from the bundled seeds in a temporary folder, gives a few verdicts, approvals and
notes so the screens show a review in progress, then drives the real app with Pilot and saves an SVG
of each screen into this folder.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

SIZE = (140, 40)
SCREENS: dict[str, tuple[str, ...]] = {
    "queue": (),
    "claim": ("enter",),
    "guidelines": ("g",),
    "filters": ("ctrl+f",),
    "documents": ("d",),
    "document": ("d", "down", "enter"),
    "progress": ("p",),
    "team": ("t",),
    "help": ("f1",),
    "labels": ("j", "j"),
}


def prepare(folder: Path) -> Path:
    from workbench.actions import evidence, review, signoff
    from workbench.actions.ingest import ingest_paths
    from workbench.actions.matching import run_matching
    from workbench.store.database import open_database

    db_path = folder / "workbench.db"
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    with open_database(db_path) as database:
        ingest_paths(database, ["seeds"], workers=1)
        signoff.add_reviewer(database, "ana", "admin", actor="ana")
        signoff.add_reviewer(database, "ed", "editor", actor="ana")
        signoff.add_reviewer(database, "bo", "reviewer", actor="ana")
        ids = [
            r[0]
            for r in database.conn.execute("SELECT id FROM claims WHERE checkworthy = 1 ORDER BY score DESC")
        ]
        for claim_id, label, who in zip(
            ids[1:6],
            ["false", "misleading", "verified", "false", "inconclusive"],
            ["bo", "ana", "bo", "ed", "bo"],
            strict=True,
        ):
            review.set_verdict(
                database, claim_id, label, actor=who, rationale="Checked against the police statement."
            )
        signoff.approve(database, ids[1], actor="ed")
        review.set_verdict(database, ids[3], "misleading", actor="ed")
        review.add_note(database, ids[2], "Ask UNMIK for the list of those detained.", actor="bo")
        evidence.add_evidence(
            database, ids[1], "https://example.org/police-statement", actor="bo", stance="refutes"
        )
        from workbench.actions.other_outlets import fill_claim_vectors
        from workbench.actions.same_claim import shared_encoder

        encoder = shared_encoder()
        if encoder is not None:  # stories by meaning too, as after `workbench vectors`
            fill_claim_vectors(database, encoder)
        run_matching(database, actor="ana")
        # A corrected speaker and span on the claim the "correction" screenshot opens.
        from workbench.actions import corrections

        corrections.correct_speaker(database, ids[1], "Kosovo police", actor="ana")
        corrections.extend_span(database, ids[1], "next", actor="ana")
    return db_path


async def shoot(db_path: Path) -> list[Path]:
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.data import TuiData

    written = []
    for name, keys in SCREENS.items():
        app = WorkbenchApp(TuiData(db_path), reviewer="ana", poll_interval=3600)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.3)
            for key in keys:
                await pilot.press(key)
                await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            path = HERE / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(HERE))
            written.append(path)
    written.append(await shoot_correction(db_path))
    written.append(await shoot_conflict(db_path))
    written.append(await shoot_welcome())
    return written


async def shoot_correction(db_path: Path) -> Path:
    """The claim whose speaker and span were corrected, with both corrections in its history."""
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.data import TuiData

    app = WorkbenchApp(TuiData(db_path), reviewer="ana", poll_interval=3600)
    claim_id = app.data.sync(
        lambda db: db.conn.execute("SELECT claim_id FROM claim_extractions").fetchone()[0]
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await app.open_claim(claim_id)
        await pilot.pause(0.5)
        app.screen.query_one("#claim-body").scroll_end(animate=False)
        await pilot.pause(0.3)
        app.save_screenshot(filename="correction.svg", path=str(HERE))
    return HERE / "correction.svg"


async def shoot_conflict(db_path: Path) -> Path:
    """Ana writes a rationale while Bo saves his first: both versions, a re-applies hers."""
    from textual.widgets import TextArea

    from workbench.actions import review
    from workbench.store.database import open_database
    from workbench.tui.app import WorkbenchApp
    from workbench.tui.data import TuiData

    app = WorkbenchApp(TuiData(db_path), reviewer="ana", poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        claim_id = app.screen.claim_id  # type: ignore[attr-defined]
        await pilot.press("r")
        await pilot.pause(0.3)
        with open_database(db_path) as database:
            review.set_rationale(database, claim_id, "RT says 19 people; police say 19 officers.", actor="bo")
        app.screen.query_one(TextArea).text = "The police statement lists 19 officers, 11 of them Serbs."
        await pilot.press("ctrl+s")
        await pilot.pause(0.5)
        app.save_screenshot(filename="conflict.svg", path=str(HERE))
    return HERE / "conflict.svg"


async def shoot_welcome() -> Path:
    from workbench.tui.welcome import WelcomeApp

    app = WelcomeApp(Path("workbench.db"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        app.save_screenshot(filename="welcome.svg", path=str(HERE))
    return HERE / "welcome.svg"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        cwd = os.getcwd()
        os.chdir(folder)  # screens show the database path: keep it short and stable
        try:
            db_path = prepare(Path(folder))
            for path in asyncio.run(shoot(Path("workbench.db"))):
                print(path.relative_to(ROOT))
        finally:
            os.chdir(cwd)
    del db_path
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
