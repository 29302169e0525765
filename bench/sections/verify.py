"""`workbench audit verify` (chain + state replay) on a big database: time and peak memory.

The database is written straight through the store, as ingest would leave it: documents with their
claims and one ``document.ingest`` event each (recording the claim set, as the real action does), then
a few hundred real review actions (verdicts, approvals, notes, evidence, undo). It is kept in the work
folder per size. ``--limit N`` is the number of claims (default 100,000).

    python bench/run.py verify --limit 1000000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.registry import Row, read_peak, section, with_peak

CLAIMS_PER_DOCUMENT = 20
ROOT = Path(__file__).resolve().parents[2]


def _sentences(doc: int) -> list[str]:
    return [
        f"Officials in district {doc} said {k * 7 + doc % 13} people were detained on day {k} "
        f"after the protest, and {doc % 97 + k} were later released without charge."
        for k in range(CLAIMS_PER_DOCUMENT)
    ]


def _documents(conn: object, first: int, last: int) -> None:
    import sqlite3

    from workbench.actions.ingest import content_hash
    from workbench.store import audit, claim_sets

    assert isinstance(conn, sqlite3.Connection)
    for doc in range(first, last + 1):
        sentences = _sentences(doc)
        text = "\n\n".join(sentences)
        ts = audit.utc_now()
        fields = {
            "id": doc,
            "sha256": content_hash(text),
            "source": f"bench/{doc}.txt",
            "outlet": f"outlet{doc % 40}",
            "title": f"Detentions in district {doc}",
            "published": "2026-11-23",
            "text": text,
            "chars": len(text),
            "extractor": "bench",
            "ingested_at": ts,
            "ingested_by": "system:ingest",
        }
        conn.execute(
            "INSERT INTO documents (id, sha256, source, outlet, title, published, text, chars, extractor, "
            "ingested_at, ingested_by) VALUES (:id, :sha256, :source, :outlet, :title, :published, :text, "
            ":chars, :extractor, :ingested_at, :ingested_by)",
            fields,
        )
        rows, offset = [], 0
        for sentence in sentences:
            rows.append((doc, offset, offset + len(sentence), sentence))
            offset += len(sentence) + 2
        conn.executemany(
            'INSERT INTO claims (document_id, start, "end", text, score, checkworthy, extractor) '
            "VALUES (?, ?, ?, ?, 0.8, 1, 'bench')",
            rows,
        )
        summary = {
            k: fields[k] for k in ("sha256", "source", "outlet", "title", "published", "chars", "extractor")
        }
        summary.update(
            claims=len(rows), checkworthy=len(rows), junk_spans=0, claim_set=claim_sets.claim_set(conn, doc)
        )
        audit.append(
            conn,
            actor="system:ingest",
            action="document.ingest",
            entity="document",
            entity_id=doc,
            after=summary,
            ts=ts,
        )


def _review(path: Path, n_claims: int) -> None:
    from workbench.actions import evidence, review, signoff
    from workbench.store.database import open_database

    with open_database(path) as database:
        signoff.add_reviewer(database, "ada", "admin", actor="ada")
        for name, role in (("ed", "editor"), ("rev", "reviewer")):
            signoff.add_reviewer(database, name, role, actor="ada")
        step = max(1, n_claims // 300)
        for i, claim_id in enumerate(range(1, n_claims + 1, step)):
            review.set_verdict(database, claim_id, "false", actor="rev", rationale=f"Checked {i}.")
            if i % 3 == 0:
                signoff.approve(database, claim_id, actor="ed")
            if i % 5 == 0:
                review.add_note(database, claim_id, f"Note {i}.", actor="ed")
            if i % 7 == 0:
                evidence.add_evidence(
                    database, claim_id, f"https://example.org/{i}", actor="rev", stance="supports"
                )
            if i % 11 == 0:
                review.undo_last(database, actor="rev")


def _built(workdir: Path, n_claims: int) -> tuple[Path, float]:
    from workbench.store.database import open_database

    path = workdir / f"bench-verify-{n_claims}.db"
    if path.exists():
        return path, 0.0
    scratch = path.with_suffix(".building")
    for stale in workdir.glob(scratch.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    documents = max(1, n_claims // CLAIMS_PER_DOCUMENT)
    with open_database(scratch, bulk=True) as database:
        for first in range(1, documents + 1, 2000):
            with database.write_unit() as conn:
                _documents(conn, first, min(documents, first + 1999))
    _review(scratch, documents * CLAIMS_PER_DOCUMENT)
    with open_database(scratch) as database:
        database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    scratch.rename(path)
    return path, time.perf_counter() - started


def _timed(path: Path, *extra: str) -> tuple[float, float, int, str]:
    """Run `workbench audit verify` in its own process: (seconds, its own peak RSS MB, exit code, last line)."""
    with tempfile.TemporaryDirectory() as state:
        env = {**os.environ, "WORKBENCH_STATE_DIR": state, "PYTHONPATH": str(ROOT)}
        peak = Path(state) / "peak"
        started = time.perf_counter()
        proc = subprocess.run(
            with_peak(
                [sys.executable, "-m", "workbench", "--db", str(path), "audit", "verify", *extra], peak
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
        )
        elapsed = time.perf_counter() - started
        output = proc.stdout.decode("utf-8", "replace")
        rss = read_peak(peak)
    last = output.strip().splitlines()[-1] if output.strip() else ""
    return elapsed, rss, proc.returncode, last


@section("verify")
def verify(args: argparse.Namespace) -> list[Row]:
    import sqlite3

    n = args.limit or 100_000
    path, built = _built(args.workdir, n)
    conn = sqlite3.connect(path)
    claims, events = (
        int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in ("claims", "events")
    )
    conn.close()
    size_mb = os.stat(path).st_size / 1e6  # a closed database: stat only, nothing opened
    rows: list[Row] = []
    if built:
        rows.append(
            (
                f"build the database, {claims:,} claims",
                f"{built:.0f} s",
                f"{events:,} events, {size_mb:,.0f} MB",
            )
        )
    seconds, rss, code, last = _timed(path)
    rows.append(
        (
            f"audit verify (chain + state), {claims:,} claims",
            f"{seconds:.1f} s",
            f"peak RSS {rss:,.0f} MB; {events:,} events; exit {code}: {last[:90]}",
        )
    )
    seconds, rss, code, _ = _timed(path, "--chain-only")
    rows.append(
        (
            f"audit verify --chain-only, {claims:,} claims",
            f"{seconds:.1f} s",
            f"peak RSS {rss:,.0f} MB; exit {code}",
        )
    )
    return rows
