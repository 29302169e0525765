"""The write unit: BEGIN IMMEDIATE, all or nothing, and read-modify-write safe under contention."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from workbench.store import audit
from workbench.store.database import open_database


def test_failure_rolls_back_the_change_and_its_event(db_path: Path) -> None:
    with open_database(db_path) as database:
        with pytest.raises(ValueError), database.write_unit() as conn:
            conn.execute("INSERT INTO reviewers (name, role, created_at) VALUES ('ana', 'admin', 'now')")
            audit.append(conn, actor="ana", action="reviewer.add", entity="reviewer", entity_id=1)
            raise ValueError("boom")
        assert database.conn.execute("SELECT count(*) FROM reviewers").fetchone()[0] == 0
        assert database.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def _increment(args: tuple[str, int]) -> int:
    path, times = args
    failures = 0
    with open_database(path) as database:
        for _ in range(times):
            with database.write_unit() as conn:
                value = int(conn.execute("SELECT value FROM meta WHERE key = 'counter'").fetchone()[0])
                conn.execute("UPDATE meta SET value = ? WHERE key = 'counter'", (str(value + 1),))
                audit.append(
                    conn,
                    actor="p",
                    action="count",
                    entity="meta",
                    entity_id="counter",
                    before={"value": value},
                    after={"value": value + 1},
                )
    return failures


def test_read_modify_write_from_four_processes_loses_nothing(db_path: Path) -> None:
    with open_database(db_path) as database, database.write_unit() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('counter', '0')")
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        pool.map(_increment, [(str(db_path), 50)] * 4)
    with open_database(db_path) as database:
        assert database.meta("counter") == "200"
        result = audit.verify(database.conn)
        assert result.ok and result.checked == 200
