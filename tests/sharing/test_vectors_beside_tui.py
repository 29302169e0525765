"""Vector marks with the real TUI in its own long-lived process: while it judges claims (first verdicts
lower the reviewed mark; its claim view fills vectors in a worker), other processes correct claims' spans
(their texts change), import fact-checks (encoded on the spot) and run `workbench vectors`. Every verdict
the TUI acknowledged must be stored, and afterwards the marks may vouch for nothing that lacks a current
vector: what the marks say is waiting equals what a full scan finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.sharing.procs import fresh_rows, not_stored, run_beside, workbench
from tests.sharing.test_tui_beside_cli import Tui
from workbench.store import factchecks as fc_store
from workbench.store import vector_marks
from workbench.store.database import open_database
from workbench.text import encoder as enc

ROUNDS = 5

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")


def waiting(db: Path, model: str, *, all_claims: bool, full: bool) -> list[tuple[str, int, str, str]]:
    with open_database(db) as database:
        conn = database.conn
        marks = vector_marks.read(conn, model)
        return fc_store.texts_to_encode(
            conn,
            model,
            all_claims=all_claims,
            claims_above=0 if full else marks.claims_above(all_claims=all_claims),
            factchecks_above=0 if full else marks.factchecks,
        ).texts


def test_marks_stay_true_while_the_tui_and_other_processes_write(tmp_path: Path) -> None:
    if enc.unavailable_message() is not None:
        pytest.skip("the sentence encoder is not installed")
    model = enc.default_spec().name
    db = tmp_path / "shared.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    workbench("--db", str(db), "vectors")  # every claim encoded: the marks start at the top
    assert waiting(db, model, all_claims=True, full=True) == []
    # The CLI corrects claims from the bottom of the queue, the TUI judges from its top.
    bottom = [int(str(r[0])) for r in fresh_rows(db, "SELECT id FROM claims ORDER BY score, id LIMIT 10")]
    acknowledged: list[tuple[int, str]] = []
    failures: list[str] = []
    tui = Tui(db, "ana")
    try:
        for round_no in range(ROUNDS):
            answer = tui.verdict()
            if "verdict" in answer:
                acknowledged.append((int(str(answer["claim"])), str(answer["verdict"])))
            feed = tmp_path / f"checks{round_no}.csv"
            feed.write_text(f"claim,rating\nClaim number {round_no} checked by someone else,False\n")
            steps: list[tuple[str, ...]] = [
                ("correct", "span", str(bottom[round_no]), "--next", "--reviewer", "bo"),
                ("--reviewer", "bo", "factchecks", "import", str(feed)),
            ]
            if round_no % 2:
                steps.append(("vectors",))
            for step in steps:
                failure = run_beside(tui.process.pid, db, step)
                if failure:
                    failures.append(failure)
    finally:
        code = tui.quit()
    assert code == 0
    assert not failures, failures
    lost = not_stored(db, "ana", dict(acknowledged))
    assert lost == {}, f"acknowledged on screen but not stored: {lost}"
    assert len(acknowledged) == ROUNDS

    corrected = fresh_rows(db, "SELECT count(*) FROM events WHERE actor = 'bo' AND action LIKE 'claim.%'")
    assert corrected[0][0] >= ROUNDS  # the span corrections happened (their texts changed)
    for all_claims in (False, True):
        by_marks = waiting(db, model, all_claims=all_claims, full=False)
        assert by_marks == waiting(db, model, all_claims=all_claims, full=True)
    assert waiting(db, model, all_claims=True, full=True) != []  # corrected spans wait for new vectors
