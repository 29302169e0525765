"""Team learning with the real TUI in its own long-lived process: its automatic re-fit (every
``LEARN_EVERY`` decisions, in a worker) runs while other processes triage and run `workbench learn`.
Every verdict the TUI acknowledged must be stored, each fit is one audited event by the one who ran it,
the scores end on the last fit, and the file and its audit trail stay sound."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.sharing.procs import fresh_rows, integrity, not_stored, run_beside, workbench
from tests.sharing.test_tui_beside_cli import Tui
from workbench.actions import review
from workbench.store.database import open_database
from workbench.text.team_adjustment import MIN_DECISIONS

PRE_TRIAGED = 14  # the TUI's own fit is due at MIN_DECISIONS (20): in the third round
ROUNDS = 8

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc (Linux)")


def test_tui_auto_fit_and_cli_learn_in_other_processes_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    workbench("--db", str(db), "ingest", str(SEEDS), "--workers", "1")
    # The CLI triages from the bottom of the queue, the TUI judges from its top: different claims.
    bottom = [int(str(r[0])) for r in fresh_rows(db, "SELECT id FROM claims ORDER BY score, id LIMIT 40")]
    with open_database(db) as database:  # closed before the other processes start
        for n, claim_id in enumerate(bottom[:PRE_TRIAGED]):
            review.triage(database, claim_id, "checkworthy" if n % 3 else "not_checkworthy", actor="bo")
    acknowledged: list[tuple[int, str]] = []  # a re-fit re-sorts the queue: a claim may come round again
    failures: list[str] = []
    tui = Tui(db, "ana")
    try:
        for round_no in range(ROUNDS):
            answer = tui.verdict()
            if "verdict" in answer:
                acknowledged.append((int(str(answer["claim"])), str(answer["verdict"])))
            decision = "checkworthy" if round_no % 2 else "not_checkworthy"
            steps: list[tuple[str, ...]] = [
                ("triage", str(bottom[PRE_TRIAGED + round_no]), decision, "--reviewer", "bo")
            ]
            if round_no in (4, 6):
                steps.append(("--reviewer", "bo", "learn", "--json"))
            for step in steps:
                failure = run_beside(tui.process.pid, db, step)
                if failure:
                    failures.append(failure)
        answer = tui.verdict()  # lets the last automatic fit, if one is due, start and finish
        if "verdict" in answer:
            acknowledged.append((int(str(answer["claim"])), str(answer["verdict"])))
    finally:
        code = tui.quit()
    assert code == 0
    assert not failures, failures
    assert len(acknowledged) == ROUNDS + 1

    lost = not_stored(db, "ana", dict(acknowledged))
    assert lost == {}, f"acknowledged on screen but not stored: {lost}"
    events = fresh_rows(db, "SELECT count(*) FROM events WHERE actor = 'ana' AND action = 'claim.verdict'")
    assert events[0][0] == len(acknowledged)
    # A re-fit can lift a claim bo triaged to the top of ana's queue, so count bo's decisions, not who
    # touched each claim last.
    ids = ",".join(str(i) for i in bottom[: PRE_TRIAGED + ROUNDS])
    triaged = fresh_rows(db, f"SELECT count(*) FROM claims WHERE id IN ({ids}) AND triage IS NOT NULL")
    assert triaged[0][0] == PRE_TRIAGED + ROUNDS
    by_bo = fresh_rows(db, "SELECT count(*) FROM events WHERE actor = 'bo' AND action = 'claim.triage'")
    assert by_bo[0][0] == PRE_TRIAGED + ROUNDS

    fits = fresh_rows(db, "SELECT actor, after FROM events WHERE action = 'model.learn' ORDER BY id")
    actors = [str(actor) for actor, _ in fits]
    assert "system:learn" in actors, "the TUI never re-fitted on its own"
    assert actors.count("bo") == 2
    decisions = [int(json.loads(str(after))["decisions"]) for _, after in fits]
    assert decisions == sorted(decisions) and decisions[0] >= MIN_DECISIONS

    # Every claim carries the reason of the last fit (no claim left on an earlier one).
    last = decisions[-1]
    reasons = [json.loads(str(r[0])) for r in fresh_rows(db, "SELECT reasons FROM claims")]
    team_reasons = {
        str(r["detail"]) for rs in reasons for r in rs if "adjusted by your team" in str(r["detail"])
    }
    assert team_reasons and all(f"team's {last} decisions" in text for text in team_reasons)

    assert integrity(db) == "ok"
    assert workbench("--db", str(db), "audit", "verify").returncode == 0
