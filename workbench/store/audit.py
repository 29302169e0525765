"""The append-only, hash-chained audit trail.

Each event's ``hash`` is ``SHA-256(prev_hash + "\\n" + canonical JSON of the event's fields)``, where the
fields are its id, time, actor, action, entity, entity id, claim id and the stored before/after JSON
text. ``verify`` recomputes the chain and names the first event that does not match. A chain alone
cannot see the newest events removed or the whole log rewritten, so clients remember the last head
they verified (``remembered_head``) and exports print the head they were made from.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    ts: str
    actor: str
    action: str
    entity: str
    entity_id: str | None
    claim_id: int | None
    before: Any
    after: Any
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Head:
    """The newest event of the log: its id and hash pin everything before it."""

    event_id: int
    hash: str


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    checked: int
    head: Head | None
    first_bad: int | None = None
    problem: str | None = None


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    prev_hash: str,
    *,
    id: int,
    ts: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | None,
    claim_id: int | None,
    before: str | None,
    after: str | None,
) -> str:
    body = canonical_json(
        {
            "id": id,
            "ts": ts,
            "actor": actor,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "claim_id": claim_id,
            "before": before,
            "after": after,
        }
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def append(
    conn: sqlite3.Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int | None,
    before: Any = None,
    after: Any = None,
    claim_id: int | None = None,
    ts: str | None = None,
) -> AuditEvent:
    """Append one event; must run inside a write unit so the chain is serialised."""
    if not conn.in_transaction:
        raise RuntimeError("audit events are appended inside a write unit")
    last = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = last[1] if last else GENESIS
    event_id = (last[0] + 1) if last else _next_autoincrement(conn)
    stamp = ts or utc_now()
    before_json = None if before is None else canonical_json(before)
    after_json = None if after is None else canonical_json(after)
    entity_key = None if entity_id is None else str(entity_id)
    digest = event_hash(
        prev_hash,
        id=event_id,
        ts=stamp,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_key,
        claim_id=claim_id,
        before=before_json,
        after=after_json,
    )
    conn.execute(
        "INSERT INTO events (id, ts, actor, action, entity, entity_id, claim_id, before, after, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event_id,
            stamp,
            actor,
            action,
            entity,
            entity_key,
            claim_id,
            before_json,
            after_json,
            prev_hash,
            digest,
        ),
    )
    event = AuditEvent(
        event_id, stamp, actor, action, entity, entity_key, claim_id, before, after, prev_hash, digest
    )
    if _signer is not None:
        _signer(conn, event)
    return event


EventSigner = Callable[[sqlite3.Connection, AuditEvent], None]
_signer: EventSigner | None = None


def use_signer(signer: EventSigner | None) -> None:
    """Have every event appended from now on in this process offered to ``signer`` (inside its write
    unit: a signature that cannot be made fails the change). See ``workbench.store.signatures``."""
    global _signer
    _signer = signer


def _next_autoincrement(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
    return int(row[0]) + 1 if row else 1


def head(conn: sqlite3.Connection) -> Head | None:
    row = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
    return Head(int(row[0]), str(row[1])) if row else None


_COLUMNS = "id, ts, actor, action, entity, entity_id, claim_id, before, after, prev_hash, hash"


def _event(row: tuple[Any, ...]) -> AuditEvent:
    return AuditEvent(
        int(row[0]),
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        None if row[7] is None else json.loads(row[7]),
        None if row[8] is None else json.loads(row[8]),
        row[9],
        row[10],
    )


def events(
    conn: sqlite3.Connection,
    *,
    claim_id: int | None = None,
    actor: str | None = None,
    since: str | None = None,
    action: str | None = None,
    after_id: int = 0,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[AuditEvent]:
    """Events matching every filter given, oldest first unless ``newest_first``."""
    where: list[str] = ["id > ?"]
    params: list[Any] = [after_id]
    if claim_id is not None:
        where.append("claim_id = ?")
        params.append(claim_id)
    if actor is not None:
        where.append("actor = ?")
        params.append(actor)
    if since is not None:
        where.append("ts >= ?")
        params.append(since)
    if action is not None:
        where.append("action = ?")
        params.append(action)
    sql = f"SELECT {_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY id {'DESC' if newest_first else 'ASC'}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_event(row) for row in conn.execute(sql, params).fetchall()]


def iter_raw(conn: sqlite3.Connection, batch: int = 5000) -> Iterator[tuple[Any, ...]]:
    """Stream stored rows in id order, in batches so no read transaction stays open for long."""
    last = -1
    while True:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM events WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
        ).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def verify(
    conn: sqlite3.Connection, remembered: Head | None = None, *, pinned_by: str | None = None
) -> Verification:
    """Recompute the chain; report the first event whose position, link or hash does not match.

    With ``remembered`` (a head this client verified before, or one a published report pinned, named
    by ``pinned_by``), also report a log that no longer extends it: the newest events removed or the
    log rewritten.
    """
    prev_hash, expected_id, checked = GENESIS, None, 0
    last: Head | None = None
    remembered_seen = remembered is None
    for row in iter_raw(conn):
        event_id, ts, actor, action, entity, entity_id, claim_id, before, after, stored_prev, stored = row
        if expected_id is not None and event_id != expected_id:
            return Verification(
                False,
                checked,
                last,
                expected_id,
                f"event {expected_id} is missing (deleted?): the log jumps from {expected_id - 1} to {event_id}",
            )
        if stored_prev != prev_hash:
            return Verification(
                False,
                checked,
                last,
                event_id,
                f"event {event_id} does not follow event {event_id - 1}: its prev_hash does not match "
                "(events removed, inserted or reordered)",
            )
        digest = event_hash(
            prev_hash,
            id=event_id,
            ts=ts,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            claim_id=claim_id,
            before=before,
            after=after,
        )
        if digest != stored:
            return Verification(
                False,
                checked,
                last,
                event_id,
                f"event {event_id} was altered: its content does not match its hash",
            )
        if remembered is not None and event_id == remembered.event_id:
            if stored != remembered.hash:
                return Verification(
                    False,
                    checked,
                    last,
                    event_id,
                    f"event {event_id} differs from the one "
                    f"{'verified earlier' if pinned_by is None else pinned_by + ' pinned'} "
                    f"(hash {remembered.hash[:12]}…): the log was rewritten",
                )
            remembered_seen = True
        prev_hash, expected_id, checked = stored, event_id + 1, checked + 1
        last = Head(event_id, stored)
    if not remembered_seen and remembered is not None:
        return Verification(
            False,
            checked,
            last,
            remembered.event_id,
            f"the log ends at event {last.event_id if last else 0} but "
            + (
                f"event {remembered.event_id} was verified earlier"
                if pinned_by is None
                else f"{pinned_by} pinned event {remembered.event_id}"
            )
            + ": the newest events were removed (truncated)",
        )
    return Verification(True, checked, last)
