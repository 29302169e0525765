"""The audit trail: append-only by trigger, and a hash chain that names the first bad event."""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import pytest

from workbench.store import audit
from workbench.store.database import ReviewDatabase, copy_database, open_database


def _log(database: ReviewDatabase, n: int) -> None:
    for i in range(n):
        with database.write_unit() as conn:
            audit.append(
                conn,
                actor="ana",
                action="claim.verdict",
                entity="claim",
                entity_id=i + 1,
                claim_id=i + 1,
                before={"verdict": None},
                after={"verdict": "false", "note": f"event {i}"},
            )


@pytest.fixture
def logged(db_path: Path) -> Path:
    with open_database(db_path) as database:
        _log(database, 6)
    return db_path


def test_chain_verifies_and_links(logged: Path) -> None:
    with open_database(logged) as database:
        result = audit.verify(database.conn)
        events = audit.events(database.conn)
    assert result.ok and result.checked == 6
    assert events[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert result.head == audit.Head(events[-1].id, events[-1].hash)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET actor = 'mallory' WHERE id = 2",
        "DELETE FROM events WHERE id = 2",
        "INSERT OR REPLACE INTO events (id, ts, actor, action, entity, prev_hash, hash) "
        "VALUES (2, 'x', 'mallory', 'x', 'x', 'x', 'x')",
    ],
)
def test_triggers_refuse_changes_to_the_log(logged: Path, statement: str) -> None:
    conn = sqlite3.connect(logged)  # a plain client: recursive_triggers off
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(statement)
    conn.close()
    with open_database(logged) as database:
        assert audit.verify(database.conn).ok


def _tampered_copy(logged: Path, tmp_path: Path, *statements: str) -> Path:
    copy = tmp_path / "tampered.db"
    src = sqlite3.connect(logged)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    for trigger in ("events_no_update", "events_no_delete", "events_no_replace"):
        dst.execute(f"DROP TRIGGER {trigger}")
    for statement in statements:
        dst.execute(statement)
    dst.commit()
    dst.close()
    return copy


def _verify(path: Path, remembered: audit.Head | None = None) -> audit.Verification:
    with open_database(path) as database:
        return audit.verify(database.conn, remembered)


def test_edited_event_is_caught(logged: Path, tmp_path: Path) -> None:
    copy = _tampered_copy(logged, tmp_path, """UPDATE events SET after = '{"verdict":"true"}' WHERE id = 3""")
    result = _verify(copy)
    assert not result.ok and result.first_bad == 3 and "altered" in (result.problem or "")


def test_deleted_event_is_caught(logged: Path, tmp_path: Path) -> None:
    copy = _tampered_copy(logged, tmp_path, "DELETE FROM events WHERE id = 4")
    result = _verify(copy)
    assert not result.ok and result.first_bad == 4 and "missing" in (result.problem or "")


def test_reordered_events_are_caught(logged: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(logged)
    rows = {r[0]: r for r in conn.execute("SELECT * FROM events WHERE id IN (2, 3)")}
    conn.close()
    cols = "ts, actor, action, entity, entity_id, claim_id, before, after, prev_hash, hash"
    swap = [
        f"UPDATE events SET ({cols}) = (SELECT {cols} FROM events WHERE id = 3) WHERE id = 2",
        "UPDATE events SET ts = ?, actor = ?, action = ?, entity = ?, entity_id = ?, claim_id = ?, before = ?, "
        "after = ?, prev_hash = ?, hash = ? WHERE id = 3",
    ]
    copy = _tampered_copy(logged, tmp_path, swap[0])
    conn = sqlite3.connect(copy)
    conn.execute(swap[1], rows[2][1:])
    conn.commit()
    conn.close()
    result = _verify(copy)
    assert not result.ok and result.first_bad == 2


def test_truncated_tail_is_caught_only_with_a_remembered_head(logged: Path, tmp_path: Path) -> None:
    remembered = _verify(logged).head
    copy = _tampered_copy(logged, tmp_path, "DELETE FROM events WHERE id >= 5")
    assert _verify(copy).ok  # a shorter chain is self-consistent...
    result = _verify(copy, remembered)  # ...but not with the head verified before
    assert not result.ok and "truncated" in (result.problem or "")


def test_rewritten_log_is_caught_with_a_remembered_head(logged: Path, tmp_path: Path) -> None:
    remembered = _verify(logged).head
    assert remembered is not None
    copy = tmp_path / "rewritten.db"
    copy_database(logged, copy)
    conn = sqlite3.connect(copy)
    for trigger in ("events_no_update", "events_no_delete", "events_no_replace"):
        conn.execute(f"DROP TRIGGER {trigger}")
    conn.execute("DELETE FROM events")
    conn.execute("DELETE FROM sqlite_sequence")
    conn.commit()
    conn.close()
    with open_database(copy) as database:
        _log(database, 6)  # a forger re-creates a self-consistent chain of the same length
        result = audit.verify(database.conn, remembered)
    assert not result.ok and "rewritten" in (result.problem or "")


def test_append_outside_a_write_unit_is_a_bug(db_path: Path) -> None:
    with open_database(db_path) as database, pytest.raises(RuntimeError):
        audit.append(database.conn, actor="a", action="x", entity="x", entity_id=1)
