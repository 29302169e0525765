"""The claim view fills "checked before?" and "similar claims in other outlets" after the claim is on
screen (the sentence model loads on the background-read thread), and `L` links one: an audited merge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from tests.conftest import run_cli
from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp
from workbench.tui.claim_screen import ClaimScreen


def _claim(db: Path, like: str) -> int:
    return int(str(db_rows(db, "SELECT id FROM claims WHERE text LIKE ?", f"%{like}%")[0][0]))


def _text(app: WorkbenchApp, widget: str) -> str:
    return str(app.screen.query_one(widget, Static).render())


async def test_the_claim_shows_before_the_model_then_related_fills_in(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    injured = _claim(review_db, "The man was injured in the operation")
    arrested = _claim(review_db, "had sustained injuries when he was arrested")
    assert run_cli("--db", str(review_db), "verdict", str(arrested), "false", "--reviewer", "bo").code == 0
    app = make_app("ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.data._read_lock.acquire()  # the background reader is busy (as while the model loads)
        try:
            await app.open_claim(injured)
            for _ in range(100):
                await pilot.pause(0.02)
                if isinstance(app.screen, ClaimScreen) and "injured in the operation" in _text(
                    app, "#claim-main"
                ):
                    break
            assert "injured in the operation" in _text(app, "#claim-main")  # the claim did not wait
            assert "Checked before? checking…" in _text(app, "#claim-related")
            assert "provisional: lexical only" in _text(app, "#claim-side")  # no vector stored yet
        finally:
            app.data._read_lock.release()
        await settle(pilot)
        related = _text(app, "#claim-related")
        assert "checking…" not in related
        assert "Checked before?" in related and "possibly: [False]" in related and f"#{arrested}" in related
        assert "meaning similarity" in related and "by bo on" in related
        assert "Similar claims in other outlets" in related and "The Moscow Times" in related
        # every claim was encoded in the background, in batches, once
        rows = db_rows(review_db, "SELECT count(*) FROM vectors WHERE kind = 'claim'")
        assert rows[0][0] == db_rows(review_db, "SELECT count(*) FROM claims")[0][0]
        # ... and each encoded claim's score gained its semantic part (derived, audited as claims.rescore)
        plain = db_rows(review_db, "SELECT count(*) FROM claims WHERE instr(reasons, '\"semantic\"') = 0")
        assert plain == [(0,)]
        assert db_rows(review_db, "SELECT count(*) FROM events WHERE action = 'claims.rescore'")[0][0] >= 1
        # ... and the claim on screen shows its refreshed score, no longer provisional
        side = _text(app, "#claim-side")
        assert "provisional" not in side and "meaning like check-worthy" in side.replace("unlike", "like"), (
            side
        )


async def test_l_links_a_similar_claim_in_another_outlet(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    police = _claim(review_db, "put its police and army units on highest alert")
    troops = _claim(review_db, "putting its troops on full alert")
    before = db_rows(review_db, "SELECT story_id FROM story_claims WHERE claim_id IN (?, ?)", police, troops)
    assert len({r[0] for r in before}) != 1 or len(before) < 2  # not one story yet
    app = make_app("ana")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_claim(police)
        await settle(pilot)
        related = _text(app, "#claim-related")
        assert "putting its troops on full alert" in related
        await pilot.press("L")
        await settle(pilot)
        await pilot.press("enter")  # the first: the closest in meaning
        await settle(pilot)
        assert "Same story in other outlets" in _text(app, "#claim-main")
    events = db_rows(review_db, "SELECT actor, after FROM events WHERE action = 'match.merge'")
    assert (
        len(events) == 1 and events[0][0] == "ana" and f'"b":"{troops}"' in str(events[0][1]).replace(" ", "")
    )
    same = db_rows(
        review_db,
        "SELECT count(DISTINCT story_id) FROM story_claims WHERE claim_id IN (?, ?)",
        police,
        troops,
    )
    assert same[0][0] == 1
    # a later full run respects the decision
    assert run_cli("--db", str(review_db), "match", "--full").code == 0
    same = db_rows(
        review_db,
        "SELECT count(DISTINCT story_id), count(*) FROM story_claims WHERE claim_id IN (?, ?)",
        police,
        troops,
    )
    assert same[0] == (1, 2)
    assert run_cli("--db", str(review_db), "audit", "verify").code == 0
