"""The soak's end check: every acknowledged change against what the database file holds.

Each writer owns a disjoint set of claims, so for each (claim, field) the stored value must be the last
acknowledged one, or the value of an intent that came after it and never got an answer (its process
was killed: that change may have committed). Notes and evidence are append-only: every acknowledged
one must be there. A completed ingest run must have stored every file it read. Run only after every
process of the soak has ended.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.soak.ledger import read

FIELDS = ("verdict", "triage", "flagged", "rationale")
ANY = object()
"""An intent whose value is not known in advance (a flag toggle): either value may be stored."""


@dataclass
class FieldState:
    acked: Any = None
    has_ack: bool = False
    ack_by: str = ""
    pending: list[Any] = field(default_factory=list)


@dataclass
class Findings:
    acks: Counter[str] = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    """The app's own screen showed something other than the value it had just acknowledged."""
    fails: Counter[str] = field(default_factory=Counter)
    fail_examples: dict[str, str] = field(default_factory=dict)
    latencies: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    pending_left: int = 0


def ledger_files(folder: Path) -> list[Path]:
    """``<who>.<incarnation>.jsonl``, in (who, incarnation) order: the order each writer's changes happened."""

    def key(path: Path) -> tuple[str, int]:
        who, _, number = path.stem.rpartition(".")
        return who, int(number) if number.isdigit() else 0

    return sorted(folder.glob("*.jsonl"), key=key)


def replay(folder: Path) -> tuple[dict[tuple[int, str], FieldState], list[dict[str, Any]], Findings]:
    """Fold the ledgers into the expected state per (claim, field) plus the append-only acknowledgements."""
    states: dict[tuple[int, str], FieldState] = defaultdict(FieldState)
    appended: list[dict[str, Any]] = []
    found = Findings()
    for path in ledger_files(folder):
        open_intent: dict[str, Any] | None = None
        for record in read(path):
            state, kind = record.get("state"), record.get("kind", "")
            if state == "intent":
                open_intent = record
            elif state == "fail":
                open_intent = None
                cause = str(record.get("cause") or _cause(str(record.get("message", ""))))
                label = f"{record['proc']} {cause}"
                found.fails[label] += 1
                found.fail_examples.setdefault(label, str(record.get("message", ""))[:200])
            elif state == "mismatch":
                found.mismatches.append(f"{record['who']} {kind} claim {record.get('claim')}: {record}")
            elif state == "ack":
                open_intent = None
                found.acks[f"{record['proc']} {kind}"] += 1
                if "ms" in record:
                    found.latencies[str(record["proc"])].append(float(record["ms"]))
                values = record.get("values")
                if isinstance(values, dict):
                    for name, value in values.items():
                        st = states[(int(record["claim"]), name)]
                        st.acked, st.has_ack, st.ack_by, st.pending = value, True, str(record["who"]), []
                elif kind in ("note", "evidence"):
                    appended.append(record)
        if open_intent is not None and isinstance(open_intent.get("values"), dict):
            for name, value in open_intent["values"].items():
                wild = open_intent["kind"] == "flag"
                states[(int(open_intent["claim"]), name)].pending.append(ANY if wild else value)
                found.pending_left += 1
    return states, appended, found


def _cause(message: str) -> str:
    lowered = message.lower()
    return "busy" if "locked" in lowered or "busy" in lowered else "error"


def check(
    db_path: Path,
    ledgers: Path,
    ingest_runs: list[dict[str, Any]] | None = None,
    ingest_folder: Path | None = None,
) -> tuple[Findings, dict[str, Any]]:
    states, appended, found = replay(ledgers)
    # A file the soak corrupted must still be checked change by change: every read is allowed to fail,
    # and an acknowledged change that cannot be read back counts as lost.
    conn = sqlite3.connect(db_path)
    try:
        stored = _stored_claims(conn, sorted({claim for claim, _ in states}))
        for (claim, name), st in sorted(states.items()):
            if not st.has_ack:
                continue
            row = stored.get(claim)
            now: Any = row.get(name) if isinstance(row, dict) else row
            if name == "flagged" and isinstance(now, int):
                now = int(now)
            if now == st.acked or any(p is ANY or p == now for p in st.pending):
                continue
            found.lost.append(
                f"claim {claim} {name}: {st.ack_by} was told {st.acked!r}, the file has {now!r}"
            )
        for record in appended:
            if record["kind"] == "note":
                sql = "SELECT 1 FROM notes WHERE claim_id = ? AND author = ? AND text = ?"
                params = (record["claim"], record["who"], record["text"])
                what = f"note {record['text']!r} on claim {record['claim']}"
            else:
                sql = "SELECT 1 FROM evidence WHERE claim_id = ? AND added_by = ? AND url = ?"
                params = (record["claim"], record["who"], record["url"])
                what = f"evidence {record['url']} on claim {record['claim']}"
            try:
                present = conn.execute(sql, params).fetchone() is not None
            except sqlite3.DatabaseError as exc:
                found.lost.append(f"{what}: acknowledged to {record['who']}, unreadable ({exc})")
                continue
            if not present:
                found.lost.append(f"{what}: acknowledged to {record['who']}, not in the file")
        ingest = _check_ingest(conn, ingest_runs or [], ingest_folder, found)
        state = {
            "integrity_check": _scalar(conn, "PRAGMA integrity_check", all_rows=True),
            "foreign_key_problems": _scalar(conn, "SELECT count(*) FROM pragma_foreign_key_check"),
            "documents": _scalar(conn, "SELECT count(*) FROM documents"),
            "events": _scalar(conn, "SELECT count(*) FROM events"),
        }
    finally:
        conn.close()
    return found, {**state, **ingest}


def _scalar(conn: sqlite3.Connection, sql: str, *, all_rows: bool = False) -> Any:
    try:
        rows = conn.execute(sql).fetchall()
    except sqlite3.DatabaseError as exc:
        return f"error: {exc}"
    if all_rows:
        return "; ".join(str(r[0]) for r in rows[:10]) + (
            f" (+{len(rows) - 10} more)" if len(rows) > 10 else ""
        )
    return rows[0][0] if rows else None


def _stored_claims(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any] | str]:
    """The claims' fields; a claim whose page cannot be read maps to the error."""
    sql = "SELECT id, verdict, triage, flagged, rationale FROM claims WHERE id = ?"
    out: dict[int, dict[str, Any] | str] = {}
    for claim in ids:
        try:
            row = conn.execute(sql, (claim,)).fetchone()
        except sqlite3.DatabaseError as exc:
            out[claim] = f"<unreadable: {exc}>"
            continue
        out[claim] = dict(zip(FIELDS, row[1:], strict=True)) if row else "<claim missing>"
    return out


def _check_ingest(
    conn: sqlite3.Connection, runs: list[dict[str, Any]], folder: Path | None, found: Findings
) -> dict[str, Any]:
    """After an ingest run that exited 0 (it acknowledged the folder), every file's text must be stored."""
    completed = [r for r in runs if r.get("code") == 0]
    out: dict[str, Any] = {"ingest_runs": len(runs), "ingest_completed": bool(completed)}
    if folder is None:
        return out
    try:
        stored = {str(r[0]) for r in conn.execute("SELECT sha256 FROM documents")}
    except sqlite3.DatabaseError as exc:
        stored, out["ingest_unreadable"] = set(), str(exc)
    files = sorted(folder.iterdir())
    shas = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    out["ingest_files"] = len(files)
    out["ingest_distinct_texts"] = len(shas)
    out["ingest_texts_stored"] = len(shas & stored)
    if completed:
        failed = {
            str(f.get("path", f)) if isinstance(f, dict) else str(f) for f in completed[-1].get("failed", [])
        }
        wanted = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files if not _named(p, failed)}
        found.acks["ingest folder"] += 1
        for sha in sorted(wanted - stored):
            found.lost.append(
                f"ingested document {sha[:12]}: acknowledged by a completed ingest, not in the file"
            )
    return out


def _named(path: Path, failed: set[str]) -> bool:
    return any(str(path) in f or path.name in f for f in failed)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
