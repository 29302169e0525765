"""A realistic team workload on one review database: worker processes that record what they did.

Shared by the team tests (short runs) and ``bench/sections/team.py`` (the full run). Each worker is a
separate process with its own connection; it appends every acknowledged write (what, which claim, the
resulting version or row id, the latency) to its own JSON-lines file, fsynced when asked so a worker
killed with SIGKILL leaves only acknowledgements of committed changes. ``tests.team.consistency``
then checks the database against those files.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from workbench.actions import review, signoff
from workbench.actions.evidence import add_evidence
from workbench.actions.ingest import ingest_documents
from workbench.errors import ConflictError, DatabaseBusyError, InputError, PermissionDenied
from workbench.reading.sources import RawDocument
from workbench.store import claims as claim_store
from workbench.store.database import ReviewDatabase, open_database

LABELS = ("verified", "misleading", "false", "inconclusive")
BUSY_RETRIES = 8


# ---- corpus ---------------------------------------------------------------------------------------


def news_documents(
    corpus: Path, limit: int, *, max_chars: int | None = None, offset: int = 0, tag: str = ""
) -> list[RawDocument]:
    """Articles from ``news-scale.jsonl`` (title first), optionally cut to ``max_chars`` at a sentence end."""
    docs: list[RawDocument] = []
    with (corpus / "news-scale.jsonl").open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if index < offset:
                continue
            item = json.loads(line)
            text = item.get("text") or ""
            if item.get("title") and not text.startswith(item["title"]):
                text = f"{item['title']}\n\n{text}"
            if max_chars is not None and len(text) > max_chars:
                cut = text.rfind(". ", 0, max_chars)
                text = text[: cut + 1 if cut > 0 else max_chars]
            if tag:
                text = f"{text}\n\n[{tag} {item.get('id')}]"
            docs.append(RawDocument(f"news-scale:{item.get('id')}{tag}", text, "text/plain", "utf-8"))
            if len(docs) >= limit:
                break
    return docs


def seed_documents(seeds: Path) -> list[RawDocument]:
    return [
        RawDocument(str(p), p.read_text(encoding="utf-8"), "text/plain", "utf-8")
        for p in sorted(seeds.glob("*.txt"))
    ]


# ---- setup ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Team:
    admin: str
    editors: tuple[str, ...]
    reviewers: tuple[str, ...]

    @property
    def members(self) -> list[tuple[str, str]]:
        return [(name, "editor") for name in self.editors] + [(name, "reviewer") for name in self.reviewers]


def setup_database(
    path: Path, documents: list[RawDocument], *, editors: int, reviewers: int, quorum: str = "1+1"
) -> Team:
    """Ingest the starting documents and set up roles: one admin, some editors, some reviewers."""
    team = Team(
        "ada", tuple(f"editor{i}" for i in range(editors)), tuple(f"rev{i}" for i in range(reviewers))
    )
    with open_database(path) as database:
        ingest_documents(database, documents, workers=1)
        signoff.add_reviewer(database, team.admin, "admin", actor=team.admin)
        for name, role in team.members:
            signoff.add_reviewer(database, name, role, actor=team.admin)
        signoff.set_quorum(database, quorum, actor=team.admin)
    return team


# ---- acknowledgements -----------------------------------------------------------------------------


class AckLog:
    """Append-only JSON lines; with ``fsync`` each line is on disk before the worker goes on."""

    def __init__(self, path: Path, *, fsync: bool) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.fsync = fsync

    def write(self, record: dict[str, Any]) -> None:
        os.write(self.fd, (json.dumps(record, ensure_ascii=False) + "\n").encode())
        if self.fsync:
            os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


# ---- the worker -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerSpec:
    db: str
    actor: str
    role: str
    seconds: float
    seed: int
    ack_path: str
    fsync: bool = False
    hot: int = 12
    """Size of the set of claims everyone edits (where version conflicts happen)."""
    think_ms: float = 3.0
    """Pause between reading a claim's version and writing it (a human reads before deciding)."""
    ingest_every: int = 0
    """Also ingest one small document every N operations (the crash test's writer)."""


class Worker:
    def __init__(self, spec: WorkerSpec, database: ReviewDatabase, log: AckLog) -> None:
        self.spec, self.db, self.log = spec, database, log
        self.rng = random.Random(spec.seed)
        self.counter = 0
        conn = database.conn
        self.hot = [
            int(r[0])
            for r in conn.execute(
                "SELECT id FROM claims WHERE checkworthy = 1 ORDER BY id LIMIT ?", (spec.hot,)
            )
        ]
        self.sentences = [
            str(r[0])
            for r in conn.execute(
                "SELECT text FROM claims WHERE length(text) BETWEEN 40 AND 300 ORDER BY id LIMIT 400"
            )
        ]

    # Each write goes through here: busy errors are counted and retried, the latency is measured,
    # and only a write that returned is acknowledged.
    def _write(self, op: str, fn: Callable[[], Any], ack: Callable[[Any], dict[str, Any] | None]) -> Any:
        busy = 0
        while True:
            started = time.perf_counter()
            try:
                result = fn()
            except DatabaseBusyError as exc:
                busy += 1
                self.log.write({"op": "busy", "what": op, "message": str(exc)})
                if busy > BUSY_RETRIES:
                    raise
                continue
            except ConflictError as exc:
                self.log.write(
                    {
                        "op": "conflict",
                        "what": op,
                        "message": str(exc),
                        "ms": (time.perf_counter() - started) * 1000,
                    }
                )
                return None
            except (InputError, PermissionDenied) as exc:
                self.log.write({"op": "refused", "what": op, "message": str(exc)})
                return None
            ms = (time.perf_counter() - started) * 1000
            record = ack(result)
            if record:
                self.log.write(
                    {"op": op, "actor": self.spec.actor, "ms": round(ms, 3), "busy": busy, **record}
                )
            return result

    def _text(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix} {self.spec.actor}#{self.counter}: {self.rng.choice(self.sentences)}"

    def _claim(self) -> int:
        if self.rng.random() < 0.7 or not self.hot:
            return self.rng.choice(self.hot)
        row = self.db.conn.execute(
            "SELECT id FROM claims WHERE checkworthy = 1 ORDER BY random() LIMIT 1"
        ).fetchone()
        return int(row[0])

    def _version(self, claim_id: int) -> int:
        version = claim_store.get(self.db.conn, claim_id).version
        if self.spec.think_ms:
            time.sleep(self.rng.uniform(0, self.spec.think_ms) / 1000)
        return version

    def lease_and_verdict(self) -> None:
        actor = self.spec.actor
        claim_id = self._write(
            "lease", lambda: signoff.next_claim(self.db, actor=actor), lambda cid: {"claim": cid}
        )
        if claim_id is None:
            return
        self.verdict(int(claim_id))

    def verdict(self, claim_id: int | None = None) -> None:
        cid = self._claim() if claim_id is None else claim_id
        label = self.rng.choice(LABELS)
        rationale = self._text("Because").strip() if self.rng.random() < 0.6 else None
        version = self._version(cid)
        self._write(
            "verdict",
            lambda: review.set_verdict(
                self.db, cid, label, actor=self.spec.actor, rationale=rationale, expected_version=version
            ),
            lambda row: {
                "claim": cid,
                "version": row.version,
                "read": version,
                "verdict": label,
                "rationale": rationale,
            },
        )

    def rationale(self) -> None:
        cid, text = self._claim(), self._text("Rationale")
        version = self._version(cid)
        self._write(
            "rationale",
            lambda: review.set_rationale(self.db, cid, text, actor=self.spec.actor, expected_version=version),
            lambda row: {"claim": cid, "version": row.version, "read": version, "rationale": text.strip()},
        )

    def triage(self) -> None:
        cid, decision = self._claim(), self.rng.choice(("checkworthy", "skipped"))
        version = self._version(cid)
        self._write(
            "triage",
            lambda: review.triage(self.db, cid, decision, actor=self.spec.actor, expected_version=version),
            lambda row: {"claim": cid, "version": row.version, "read": version, "triage": decision},
        )

    def flag(self) -> None:
        cid = self._claim()
        version = self._version(cid)
        self._write(
            "flag",
            lambda: review.toggle_flag(self.db, cid, actor=self.spec.actor, expected_version=version),
            lambda row: {"claim": cid, "version": row.version, "read": version, "flagged": row.flagged},
        )

    def note(self) -> None:
        cid, text = self._claim(), self._text("Note")
        self._write(
            "note",
            lambda: review.add_note(self.db, cid, text, actor=self.spec.actor),
            lambda note_id: {"claim": cid, "id": note_id, "text": text},
        )

    def evidence(self) -> None:
        cid = self._claim()
        self.counter += 1
        url = f"https://www.reuters.com/article/{self.spec.actor}-{self.counter}"
        stance = self.rng.choice(("supports", "refutes", "context"))
        self._write(
            "evidence",
            lambda: add_evidence(self.db, cid, url, actor=self.spec.actor, stance=stance),
            lambda row: {"claim": cid, "id": row.id, "url": url},
        )

    def undo(self) -> None:
        self._write(
            "undo",
            lambda: review.undo_last(self.db, actor=self.spec.actor),
            lambda target: (
                None
                if target is None
                else {"undoes": target.id, "target_action": target.action, "claim": target.claim_id}
            ),
        )

    def approve(self) -> None:
        row = self.db.conn.execute(
            "SELECT c.id, c.proposal_id, c.version FROM claims c JOIN judgements j ON j.id = c.proposal_id "
            "WHERE c.final = 0 AND j.reviewer != ? ORDER BY random() LIMIT 1",
            (self.spec.actor,),
        ).fetchone()
        if row is None:
            return
        cid, seen, version = int(row[0]), int(row[1]), int(row[2])
        if self.spec.think_ms:
            time.sleep(self.rng.uniform(0, self.spec.think_ms) / 1000)
        reject = self.rng.random() < 0.15
        actor = self.spec.actor

        def act() -> signoff.SignoffStatus:
            if reject:
                return signoff.reject(
                    self.db, cid, actor=actor, reason=self._text("Rejected"), expected_version=version
                )
            return signoff.approve(self.db, cid, actor=actor, expected_version=version)

        def ack(status: signoff.SignoffStatus) -> dict[str, Any]:
            kind = "rejection" if reject else "approval"
            mine = max(
                (j for j in status.judgements if j.reviewer == actor and j.kind == kind), key=lambda j: j.id
            )
            return {
                "claim": cid,
                "id": mine.id,
                "kind": kind,
                "seen_proposal": seen,
                "judged_proposal": mine.proposal_id,
                "final": status.final,
            }

        self._write("reject" if reject else "approve", act, ack)

    def ingest_one(self) -> None:
        self.counter += 1
        text = self._text("Staff report.") + " " + " ".join(self.rng.sample(self.sentences, 4))
        doc = RawDocument(f"crash:{self.spec.actor}:{self.counter}", text, "text/plain", "utf-8")
        self._write(
            "ingest",
            lambda: ingest_documents(self.db, [doc], workers=1, actor=self.spec.actor),
            lambda report: {"ids": report.document_ids},
        )

    def mix(self) -> list[tuple[Callable[[], None], float]]:
        ops: list[tuple[Callable[[], None], float]] = [
            (self.lease_and_verdict, 20),
            (self.verdict, 12),
            (self.rationale, 10),
            (self.note, 14),
            (self.evidence, 10),
            (self.triage, 5),
            (self.flag, 5),
            (self.undo, 8),
        ]
        if self.spec.role in ("editor", "admin"):
            ops.append((self.approve, 30))
        return ops

    def run(self) -> None:
        ops = self.mix()
        functions, weights = [f for f, _ in ops], [w for _, w in ops]
        deadline = time.monotonic() + self.spec.seconds
        self.log.write({"op": "start", "actor": self.spec.actor, "pid": os.getpid()})
        n = 0
        while time.monotonic() < deadline:
            n += 1
            if self.spec.ingest_every and n % self.spec.ingest_every == 0:
                self.ingest_one()
                continue
            self.rng.choices(functions, weights)[0]()
        self.log.write({"op": "done", "actor": self.spec.actor})


def worker_main(spec: WorkerSpec) -> None:
    """Process entry point: every exception other than the handled ones is recorded as an error."""
    log = AckLog(Path(spec.ack_path), fsync=spec.fsync)
    try:
        with open_database(spec.db) as database:
            Worker(spec, database, log).run()
    except BaseException as exc:  # recorded, then the process fails: the check counts it
        log.write({"op": "error", "actor": spec.actor, "type": type(exc).__name__, "message": str(exc)})
        raise
    finally:
        log.close()


def ingest_main(db: str, documents: list[RawDocument], ack_path: str) -> None:
    """Process entry point: a bulk ingest (its own connection, synchronous=NORMAL) beside the reviewers."""
    log = AckLog(Path(ack_path), fsync=False)
    started = time.perf_counter()
    busy = 0
    try:
        times: list[float] = []
        last = time.perf_counter()

        def progress(n: int, total: int | None, source: str) -> None:
            nonlocal last
            now = time.perf_counter()
            times.append((now - last) * 1000)
            last = now

        with open_database(db, bulk=True) as database:
            remaining = list(documents)
            while True:
                try:
                    report = ingest_documents(database, remaining, workers=1, progress=progress)
                    log.write(
                        {
                            "op": "ingest",
                            "actor": "system:ingest",
                            "ids": report.document_ids,
                            "skipped": report.skipped,
                            "doc_ms": times,
                        }
                    )
                    break
                except DatabaseBusyError as exc:  # documents stored so far are kept; a re-run skips them
                    busy += 1
                    log.write({"op": "busy", "what": "ingest", "message": str(exc)})
                    if busy > BUSY_RETRIES:
                        raise
        log.write(
            {"op": "ingest_done", "seconds": time.perf_counter() - started, "documents": len(documents)}
        )
    except BaseException as exc:
        log.write({"op": "error", "actor": "system:ingest", "type": type(exc).__name__, "message": str(exc)})
        raise
    finally:
        log.close()


def start(target: Callable[..., None], *args: Any) -> BaseProcess:
    """A child process forked from this one (no interpreter start-up; it opens its own connection)."""
    process = multiprocessing.get_context("fork").Process(target=target, args=args, daemon=True)
    process.start()
    return process


def holds_write_lock(pid: int, db_path: Path) -> bool:
    """Whether process ``pid`` holds the database's WAL write lock (inside a write transaction) now.

    SQLite's WAL write lock is a POSIX lock on byte 120 of the ``-shm`` file; Linux lists it in
    ``/proc/locks``. False where that is not available.
    """
    try:
        inode = os.stat(f"{db_path}-shm").st_ino
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return False
    for line in lines:
        parts = line.split()
        # "1: POSIX  ADVISORY  WRITE 32503 fe:00:2147024 120 120"
        held = len(parts) >= 8 and parts[3] == "WRITE" and parts[4] == str(pid) and parts[6] == "120"
        if held and parts[5].rsplit(":", 1)[-1] == str(inode):
            return True
    return False


def kill_inside_transaction(pid: int, db_path: Path, timeout: float = 3.0) -> bool:
    """SIGKILL ``pid`` as soon as it is seen holding the write lock (or at ``timeout``); True if it was."""
    deadline = time.monotonic() + timeout
    inside = False
    while time.monotonic() < deadline:
        if holds_write_lock(pid, db_path):
            inside = True
            break
        time.sleep(0.0005)
    os.kill(pid, signal.SIGKILL)
    return inside
