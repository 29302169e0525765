"""Tampering the store-level tests do not cover: truncation caught through the CLI's remembered head.

``tests/store/test_audit.py`` covers edit, delete, swap and truncate against ``audit.verify``. Here
the real ``workbench audit verify`` runs twice with ``WORKBENCH_STATE_DIR`` set (by the autouse
fixture), and the log is cut in between in a copy whose triggers were dropped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.team.workload import Team
from workbench.actions import review
from workbench.store.database import copy_database


def _events(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT max(id) FROM events").fetchone()[0])


def _tampered(path: Path, copy: Path, *statements: str) -> Path:
    copy_database(path, copy)
    conn = sqlite3.connect(copy)
    for trigger in ("events_no_update", "events_no_delete", "events_no_replace"):
        conn.execute(f"DROP TRIGGER {trigger}")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return copy


@pytest.fixture
def reviewed(team_db: tuple[Path, Team]) -> tuple[Path, Team]:
    from workbench.store.database import open_database

    path, team = team_db
    with open_database(path) as database:
        ids = [
            int(r[0]) for r in database.conn.execute("SELECT id FROM claims WHERE checkworthy = 1 LIMIT 4")
        ]
        for claim_id in ids:
            review.set_verdict(
                database, claim_id, "false", actor=team.reviewers[0], rationale="Police said 19."
            )
            review.add_note(database, claim_id, "Ask the ministry for the list.", actor=team.reviewers[1])
    return path, team


def test_truncated_tail_is_caught_by_the_cli_on_the_second_run(
    reviewed: tuple[Path, Team], tmp_path: Path
) -> None:
    path, _ = reviewed
    first = run_cli("--db", str(path), "audit", "verify")
    assert first.code == 0 and f"head event {_events(path)}" in first.out
    last = _events(path)
    copy = _tampered(path, tmp_path / "copy.db", f"DELETE FROM events WHERE id > {last - 3}")

    second = run_cli("--db", str(copy), "audit", "verify")
    assert second.code == 1
    assert f"audit trail broken at event {last}" in second.err and "truncated" in second.err
    # A failed verification does not replace the remembered head: asking again still fails.
    assert run_cli("--db", str(copy), "audit", "verify").code == 1
    assert run_cli("--db", str(path), "audit", "verify").code == 0  # the untouched original still holds


def test_truncated_then_extended_log_is_caught_as_rewritten(
    reviewed: tuple[Path, Team], tmp_path: Path
) -> None:
    """Cutting the tail and letting new work append to the shorter chain does not hide the cut."""
    from workbench.store.database import open_database

    path, team = reviewed
    assert run_cli("--db", str(path), "audit", "verify").code == 0
    last = _events(path)
    copy = _tampered(
        path,
        tmp_path / "copy.db",
        f"DELETE FROM events WHERE id > {last - 3}",
        f"UPDATE sqlite_sequence SET seq = {last - 3} WHERE name = 'events'",
    )
    with open_database(copy) as database:
        claim_id = int(database.conn.execute("SELECT min(id) FROM claims").fetchone()[0])
        for i in range(5):
            review.add_note(database, claim_id, f"Later note {i}.", actor=team.admin)
    assert _events(copy) > last
    result = run_cli("--db", str(copy), "audit", "verify", "--json")
    assert result.code == 1
    body = result.json()
    assert isinstance(body, dict) and body["first_bad_event"] == last and "rewritten" in body["problem"]


def test_a_client_that_never_verified_sees_truncation_only_through_the_state(
    reviewed: tuple[Path, Team], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chain's limit: the remembered head lives with the client, so a fresh client sees a
    self-consistent shorter chain (``--chain-only``). The rows the cut events made are still there,
    and the state replay names them. (Exports carry the head, which pins it for readers of a report.)"""
    path, _ = reviewed
    assert run_cli("--db", str(path), "audit", "verify").code == 0
    copy = _tampered(path, tmp_path / "copy.db", f"DELETE FROM events WHERE id > {_events(path) - 2}")
    monkeypatch.setenv("WORKBENCH_STATE_DIR", str(tmp_path / "another-client"))
    assert run_cli("--db", str(copy), "audit", "verify", "--chain-only").code == 0
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    lines = result.err.splitlines()
    assert any(
        line.startswith("notes ") and line.endswith("expected no row (no event made it), found a row")
        for line in lines
    )
    assert any(line.startswith("claims ") and " verdict: expected NULL, found '" in line for line in lines)
