"""Checking a review database against the acknowledgements its writers recorded.

Every acknowledged write must be there with the same after-values; each claim's version history must
be one unbroken chain whose replay gives the row (a conflict was never an overwrite); every row must
have its event and every event its row (nothing half-written, nothing unlogged); no claim may be
leased to two reviewers at once; the audit chain verifies and ``PRAGMA integrity_check`` is ok.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.store import audit

CLAIM_WRITES = {
    "verdict": "claim.verdict",
    "rationale": "claim.rationale",
    "triage": "claim.triage",
    "flag": "claim.flag",
}
TRACKED = ("status", "triage", "verdict", "rationale", "flagged", "proposal_id")
BEFORE_UNRELIABLE: frozenset[str] = frozenset()
"""A verdict event's ``before.proposal_id`` is the new proposal (see tests/team/test_findings.py)."""


def read_acks(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Every complete line of the given files (a torn last line from a kill is ignored)."""
    records = []
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
    return records


@dataclass
class Report:
    acks: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    busy: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    """Acknowledged writes that are not in the database (or not with the acknowledged values)."""
    inconsistent: list[str] = field(default_factory=list)
    """Rows and log that disagree: half-written changes, overwrites, unlogged or ghost changes."""
    unacknowledged: int = 0
    """Changes committed but never acknowledged (a worker killed between commit and acknowledgement)."""
    approved_other_proposal: int = 0
    chain_ok: bool = False
    chain_problem: str | None = None
    events: int = 0
    integrity: str = ""
    foreign_keys: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    """Reviewer writes, from the call to its return (busy waits included)."""
    ingest_ms: list[float] = field(default_factory=list)
    """Per ingested document: extraction plus its write unit."""
    op_ms: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    @property
    def writes(self) -> int:
        return sum(n for op, n in self.acks.items() if op != "ingest")

    def percentile(self, q: float, values: list[float] | None = None) -> float:
        data = self.latencies_ms if values is None else values
        if not data:
            return 0.0
        ordered = sorted(data)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def problems(self) -> list[str]:
        out = [f"unhandled: {e}" for e in self.errors] + [f"lost: {m}" for m in self.lost]
        out += [f"inconsistent: {m}" for m in self.inconsistent]
        if not self.chain_ok:
            out.append(f"audit chain: {self.chain_problem}")
        if self.integrity != "ok":
            out.append(f"integrity_check: {self.integrity}")
        if self.foreign_keys:
            out.append(f"foreign_key_check: {self.foreign_keys} row(s)")
        return out


def _events(conn: sqlite3.Connection) -> list[audit.AuditEvent]:
    return audit.events(conn)


def check(db_path: Path, ack_files: Iterable[Path], *, strict: bool = True) -> Report:
    """Compare the acknowledgements with the database and check its invariants.

    ``strict``: every committed change was acknowledged (workers ended normally). Without it (killed
    workers), committed-but-unacknowledged changes are counted in ``unacknowledged`` instead.
    """
    report = Report()
    acks = read_acks(ack_files)
    conn = sqlite3.connect(db_path)
    try:
        events = _events(conn)
        verification = audit.verify(conn)
        report.chain_ok, report.chain_problem, report.events = (
            verification.ok,
            verification.problem,
            verification.checked,
        )
        report.integrity = "; ".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check"))
        report.foreign_keys = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        _check_acks(conn, events, acks, report, strict=strict)
        _check_invariants(conn, events, report)
    finally:
        conn.close()
    return report


def _by(events: list[audit.AuditEvent], *actions: str) -> dict[str, list[audit.AuditEvent]]:
    out: dict[str, list[audit.AuditEvent]] = defaultdict(list)
    for e in events:
        if e.action in actions:
            out[e.entity_id or ""].append(e)
    return out


def _check_acks(
    conn: sqlite3.Connection,
    events: list[audit.AuditEvent],
    acks: list[dict[str, Any]],
    report: Report,
    *,
    strict: bool,
) -> None:
    claim_events = {
        (e.action, e.actor, e.entity_id, e.after.get("version")): e
        for e in events
        if e.entity == "claim" and isinstance(e.after, dict) and "version" in e.after
    }
    undo_events = {
        int(e.after["undoes"]): e
        for e in events
        if e.action in ("claim.undo", "note.retract") and isinstance(e.after, dict)
    }
    by_entity = _by(events, "note.add", "evidence.add", "claim.approve", "claim.reject", "document.ingest")
    lease_events = Counter((e.actor, e.claim_id) for e in events if e.action == "claim.lease")
    lease_acks: Counter[tuple[str, int]] = Counter()
    acked_keys: Counter[tuple[str, str]] = Counter()
    for ack in acks:
        op = ack["op"]
        if op == "conflict":
            report.conflicts += 1
        elif op == "busy":
            report.busy += 1
        elif op == "refused":
            report.refused += 1
        elif op == "error":
            report.errors.append(f"{ack.get('actor')}: {ack.get('type')}: {ack.get('message')}")
        if op not in (
            "lease",
            "verdict",
            "rationale",
            "triage",
            "flag",
            "note",
            "evidence",
            "undo",
            "approve",
            "reject",
            "ingest",
        ):
            continue
        if op == "lease" and ack.get("claim") is None:
            continue
        report.acks[op] += 1
        if "ms" in ack:
            report.latencies_ms.append(float(ack["ms"]))
            report.op_ms[op].append(float(ack["ms"]))
        report.ingest_ms.extend(float(ms) for ms in ack.get("doc_ms", ()))
        actor = ack.get("actor", "")
        what = f"{op} by {actor} on claim {ack.get('claim')}: {ack}"
        if op in CLAIM_WRITES:
            event = claim_events.get((CLAIM_WRITES[op], actor, str(ack["claim"]), ack["version"]))
            if event is None:
                report.lost.append(what)
            elif _values_differ(op, ack, event.after):
                report.lost.append(f"{what}: logged {event.after}")
            acked_keys[(CLAIM_WRITES[op], actor)] += 1
        elif op == "undo":
            event = undo_events.get(int(ack["undoes"]))
            if event is None or event.actor != actor:
                report.lost.append(what)
            acked_keys[("note.retract" if ack["target_action"] == "note.add" else "claim.undo", actor)] += 1
        elif op == "lease":
            lease_acks[(actor, int(ack["claim"]))] += 1
            acked_keys[("claim.lease", actor)] += 1
        elif op == "note":
            row = conn.execute("SELECT author, text FROM notes WHERE id = ?", (ack["id"],)).fetchone()
            if row is None or tuple(row) != (actor, ack["text"]) or not by_entity.get(str(ack["id"])):
                report.lost.append(what)
            acked_keys[("note.add", actor)] += 1
        elif op == "evidence":
            row = conn.execute("SELECT added_by, url FROM evidence WHERE id = ?", (ack["id"],)).fetchone()
            if (
                row is None
                or tuple(row) != (actor, ack["url"])
                or not any(e.action == "evidence.add" for e in by_entity.get(str(ack["id"]), []))
            ):
                report.lost.append(what)
            acked_keys[("evidence.add", actor)] += 1
        elif op in ("approve", "reject"):
            row = conn.execute(
                "SELECT reviewer, kind, claim_id FROM judgements WHERE id = ?", (ack["id"],)
            ).fetchone()
            action = f"claim.{op}"
            if (
                row is None
                or tuple(row) != (actor, ack["kind"], ack["claim"])
                or not any(e.action == action for e in by_entity.get(str(ack["id"]), []))
            ):
                report.lost.append(what)
            if ack.get("seen_proposal") != ack.get("judged_proposal"):
                report.approved_other_proposal += 1
            acked_keys[(action, actor)] += 1
        elif op == "ingest":
            for doc_id in ack["ids"]:
                row = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
                if row is None or not any(
                    e.action == "document.ingest" for e in by_entity.get(str(doc_id), [])
                ):
                    report.lost.append(f"document {doc_id} ingested by {actor}")
            acked_keys[("document.ingest", actor)] += len(ack["ids"])
    for lease, n in lease_acks.items():
        if lease_events[lease] < n:
            report.lost.append(
                f"lease of claim {lease[1]} by {lease[0]}: {n} acknowledged, {lease_events[lease]} logged"
            )
    # Committed but never acknowledged: none when workers ended normally (strict), else counted.
    acked_actions = {action for action, _ in acked_keys}
    for key, n in Counter((e.action, e.actor) for e in events).items():
        extra = n - acked_keys[key]
        if key[0] not in acked_actions or extra <= 0:
            continue
        if strict and key[1] != "system:ingest":  # a busy-interrupted bulk ingest acknowledges at the end
            report.inconsistent.append(f"{extra} {key[0]} event(s) by {key[1]} were never acknowledged")
        report.unacknowledged += extra


def _values_differ(op: str, ack: dict[str, Any], after: dict[str, Any]) -> bool:
    if op == "verdict":
        return after.get("verdict") != ack["verdict"] or (
            ack.get("rationale") is not None and after.get("rationale") != ack["rationale"]
        )
    if op in ("rationale", "triage"):
        return bool(after.get(op) != ack[op])
    return bool(after.get("flagged") != int(ack["flagged"]))


def _check_invariants(conn: sqlite3.Connection, events: list[audit.AuditEvent], report: Report) -> None:
    """What the rows hold is exactly what the log says happened (nothing half-written, nothing unlogged)."""
    bad = report.inconsistent
    # Claims: the version-carrying events of each claim form one chain 1 -> 2 -> ... -> current version,
    # and replaying their after-values gives the row (so no write was lost or overwritten).
    history: dict[int, list[audit.AuditEvent]] = defaultdict(list)
    finals: dict[int, bool] = {}
    for e in events:
        if (
            e.entity == "claim"
            and isinstance(e.after, dict)
            and "version" in e.after
            and e.claim_id is not None
        ):
            history[e.claim_id].append(e)
        if e.claim_id is not None and isinstance(e.after, dict) and "final" in e.after:
            finals[e.claim_id] = bool(e.after["final"])
    columns = ", ".join(TRACKED)
    for row in conn.execute(f"SELECT id, version, final, {columns} FROM claims"):
        claim_id, version, final = int(row[0]), int(row[1]), bool(row[2])
        state = dict(zip(TRACKED, row[3:], strict=True))
        chain = history.get(claim_id, [])
        expected = 1
        replay: dict[str, Any] = {}
        for e in chain:
            if e.before.get("version") != expected or e.after["version"] != expected + 1:
                bad.append(
                    f"claim {claim_id}: event {e.id} goes {e.before.get('version')} -> "
                    f"{e.after['version']}, expected {expected} -> {expected + 1} (overwrite or gap)"
                )
                break
            expected += 1
            for key in TRACKED:  # each event's before-values are what the previous events left
                if (
                    key in e.before
                    and key in replay
                    and replay[key] != e.before[key]
                    and key not in BEFORE_UNRELIABLE
                ):
                    bad.append(
                        f"claim {claim_id}: event {e.id} says {key} was {e.before[key]!r}, "
                        f"but the events before it left {replay[key]!r}"
                    )
                if key in e.before:
                    replay.setdefault(key, e.before[key])
            replay.update({k: v for k, v in e.after.items() if k in TRACKED})
        if expected != version:
            bad.append(f"claim {claim_id}: row version {version}, but its logged history ends at {expected}")
        for key, value in replay.items():
            if state[key] != value:
                bad.append(f"claim {claim_id}: {key} is {state[key]!r} but the log says {value!r}")
        if final != finals.get(claim_id, False):
            bad.append(f"claim {claim_id}: final is {final} but the log says {finals.get(claim_id, False)}")
    by_entity = _by(
        events,
        "note.add",
        "note.retract",
        "evidence.add",
        "claim.approve",
        "claim.reject",
        "document.ingest",
        "reviewer.add",
    )

    def logged(action: str, entity_id: object) -> bool:
        return any(e.action == action for e in by_entity.get(str(entity_id), []))

    for note_id, retracted in conn.execute("SELECT id, retracted_at IS NOT NULL FROM notes"):
        if not logged("note.add", note_id):
            bad.append(f"note {note_id} has no note.add event")
        if bool(retracted) != logged("note.retract", note_id):
            bad.append(f"note {note_id}: retracted={bool(retracted)} disagrees with the log")
    for (evidence_id,) in conn.execute("SELECT id FROM evidence"):
        if not logged("evidence.add", evidence_id):
            bad.append(f"evidence {evidence_id} has no evidence.add event")
    proposals = {
        int(e.after["proposal_id"]): e
        for e in events
        if e.action == "claim.verdict" and e.after.get("proposal_id")
    }
    withdrawn_by_undo = {int(e.after["undoes"]) for e in events if e.action == "claim.undo"}
    verdict_event_of = {int(p): e.id for p, e in proposals.items()}
    for jid, kind, withdrawn in conn.execute("SELECT id, kind, withdrawn_at IS NOT NULL FROM judgements"):
        if kind == "proposal":
            if jid not in proposals:
                bad.append(f"proposal {jid} has no claim.verdict event")
            elif bool(withdrawn) != (verdict_event_of[jid] in withdrawn_by_undo):
                bad.append(f"proposal {jid}: withdrawn={bool(withdrawn)} disagrees with the undo events")
        elif not logged("claim.approve" if kind == "approval" else "claim.reject", jid):
            bad.append(f"{kind} {jid} has no event")
    for (doc_id,) in conn.execute("SELECT id FROM documents"):
        if not logged("document.ingest", doc_id):
            bad.append(f"document {doc_id} has no document.ingest event")
    documents_logged = {int(k) for k, v in by_entity.items() if any(e.action == "document.ingest" for e in v)}
    present = {int(r[0]) for r in conn.execute("SELECT id FROM documents")}
    for doc_id in sorted(documents_logged - present):
        bad.append(f"document.ingest event for document {doc_id}, which is not there")
    for e in events:
        if e.action == "document.ingest" and int(e.entity_id or 0) in present:
            n = conn.execute("SELECT count(*) FROM claims WHERE document_id = ?", (e.entity_id,)).fetchone()[
                0
            ]
            if n != e.after.get("claims"):
                bad.append(f"document {e.entity_id}: {n} claims stored, the log says {e.after.get('claims')}")
    for kind, table in (("note.add", "notes"), ("evidence.add", "evidence")):
        ids = {int(r[0]) for r in conn.execute(f"SELECT id FROM {table}")}
        for e in events:
            if e.action == kind and int(e.entity_id or 0) not in ids:
                bad.append(f"{kind} event {e.id} names a row that is not there")
    lease_events = {(e.claim_id, e.actor) for e in events if e.action == "claim.lease"}
    for claim_id, reviewer in conn.execute("SELECT claim_id, reviewer FROM leases"):
        if (claim_id, reviewer) not in lease_events:
            bad.append(f"lease of claim {claim_id} to {reviewer} has no event")
    bad.extend(double_served(conn, events))


def summary(report: Report, seconds: float) -> dict[str, Any]:
    return {
        "acknowledged writes": report.writes,
        "by op": dict(report.acks),
        "conflicts": report.conflicts,
        "busy (retried)": report.busy,
        "refused": report.refused,
        "lost": len(report.lost),
        "inconsistent": len(report.inconsistent),
        "unhandled": len(report.errors),
        "p50 ms": round(report.percentile(0.5), 1),
        "p99 ms": round(report.percentile(0.99), 1),
        "writes/s": round(report.writes / seconds, 1) if seconds else 0,
        "approved a newer proposal than read": report.approved_other_proposal,
        "events": report.events,
        "chain ok": report.chain_ok,
        "integrity": report.integrity,
    }


def iter_ack_files(folder: Path) -> Iterator[Path]:
    return iter(sorted(folder.glob("*.jsonl")))


def double_served(conn: sqlite3.Connection, events: list[audit.AuditEvent]) -> list[str]:
    """Claims leased to a second reviewer while another's lease was live (with an overlap of 1).

    A lease ends when it expires, is released, or its holder proposes a verdict on the claim.
    """
    row = conn.execute("SELECT value FROM meta WHERE key = 'overlap'").fetchone()
    if row is not None and int(row[0]) > 1:
        return []
    live: dict[int, dict[str, str]] = defaultdict(dict)
    found = []
    for e in events:
        if e.claim_id is None:
            continue
        holders = live[e.claim_id]
        if e.action == "claim.lease":
            others = sorted(r for r, expires in holders.items() if r != e.actor and expires > e.ts)
            if others:
                found.append(
                    f"claim {e.claim_id} leased to {e.actor} (event {e.id}) while leased to {others}"
                )
            holders[e.actor] = str(e.after["expires_at"])
        elif e.action in ("claim.verdict", "claim.release"):
            holders.pop(e.actor, None)
    return found
