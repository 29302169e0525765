"""SQL for reviewers' SSH keys and the signatures over events (issue 17, item 3).

A reviewer registers a public key (``reviewers key add``: one audited event). From then on, a process
whose configured signing key (``signing_key`` in the config, or ``WORKBENCH_SIGNING_KEY``) is one of the
acting reviewer's registered keys signs each event it appends over its hash (``workbench.sshsig``).
``check`` verifies every signature against the key registered to the event's actor at that moment and
lists the events of keyed reviewers that carry none.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from workbench import sshsig
from workbench.errors import InputError
from workbench.store import audit
from workbench.store.reviewers import ReviewerRow

REQUIRE_KEY = "require_signatures"
"""``meta`` key: when "1", unsigned events of keyed reviewers make ``audit verify`` fail."""


@dataclass(frozen=True, slots=True)
class KeyRow:
    id: int
    reviewer: str
    fingerprint: str
    added_at: str


@dataclass
class SignatureCheck:
    verified: int = 0
    bad: list[int] = field(default_factory=list)
    """Events whose signature does not verify with the key registered to their actor then."""
    unsigned: list[int] = field(default_factory=list)
    """Events of reviewers who had a key at the time, without a signature."""
    required: bool = False
    unchecked: str | None = None
    """Why signatures could not be checked (no ssh-keygen), or None."""

    @property
    def ok(self) -> bool:
        return not self.bad and not (self.required and self.unsigned) and self.unchecked is None


def add_key(conn: sqlite3.Connection, reviewer: ReviewerRow, key: sshsig.PublicKey, *, actor: str) -> KeyRow:
    taken = conn.execute(
        "SELECT r.name FROM reviewer_keys k JOIN reviewers r ON r.id = k.reviewer_id "
        "WHERE k.fingerprint = ? AND k.removed_at IS NULL",
        (key.fingerprint,),
    ).fetchone()
    if taken is not None:
        raise InputError(f"the key {key.fingerprint} is already registered to {taken[0]}")
    ts = audit.utc_now()
    cursor = conn.execute(
        "INSERT INTO reviewer_keys (reviewer_id, public_key, fingerprint, added_at) VALUES (?, ?, ?, ?)",
        (reviewer.id, key.text, key.fingerprint, ts),
    )
    key_id = int(cursor.lastrowid or 0)
    audit.append(
        conn,
        actor=actor,
        action="reviewer.key",
        entity="reviewer_key",
        entity_id=key_id,
        after={
            "reviewer_id": reviewer.id,
            "reviewer": reviewer.name,
            "public_key": key.text,
            "fingerprint": key.fingerprint,
        },
        ts=ts,
    )
    return KeyRow(key_id, reviewer.name, key.fingerprint, ts)


def keys(conn: sqlite3.Connection) -> list[KeyRow]:
    rows = conn.execute(
        "SELECT k.id, r.name, k.fingerprint, k.added_at FROM reviewer_keys k JOIN reviewers r ON r.id = k.reviewer_id "
        "WHERE k.removed_at IS NULL ORDER BY r.name, k.id"
    ).fetchall()
    return [KeyRow(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def event_signature(conn: sqlite3.Connection, event_id: int) -> tuple[str, str, str] | None:
    """(signer, key fingerprint, SSHSIG armour) of one event, when it was signed."""
    row = conn.execute(
        "SELECT r.name, k.fingerprint, s.signature FROM event_signatures s "
        "JOIN reviewer_keys k ON k.id = s.key_id JOIN reviewers r ON r.id = k.reviewer_id WHERE s.event_id = ?",
        (event_id,),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


def use_key(key_path: Path | None) -> None:
    """Sign, from now on, each event this process appends whose actor registered ``key_path``'s key."""
    if key_path is None:
        audit.use_signer(None)
        return
    audit.use_signer(partial(_sign_event, key_path, sshsig.public_key_of(key_path)))


def _sign_event(
    key_path: Path, key: sshsig.PublicKey, conn: sqlite3.Connection, event: audit.AuditEvent
) -> None:
    row = conn.execute(
        "SELECT k.id FROM reviewer_keys k JOIN reviewers r ON r.id = k.reviewer_id "
        "WHERE r.name = ? AND k.fingerprint = ? AND k.removed_at IS NULL AND k.added_at < ?",
        (event.actor, key.fingerprint, event.ts),
    ).fetchone()
    if row is None:  # not this key's reviewer (or the event that registers it)
        return
    signature = sshsig.sign(key_path, event.hash)
    conn.execute(
        "INSERT INTO event_signatures (event_id, key_id, signature) VALUES (?, ?, ?)",
        (event.id, int(row[0]), signature),
    )


_KEYED_EVENTS = """
    SELECT e.id, e.hash, s.signature,
           (SELECT k.public_key FROM reviewer_keys k WHERE k.id = s.key_id AND k.reviewer_id = r.id
               AND k.added_at < e.ts AND (k.removed_at IS NULL OR k.removed_at > e.ts)) AS signed_with,
           EXISTS (SELECT 1 FROM reviewer_keys k WHERE k.reviewer_id = r.id AND k.added_at < e.ts
                   AND (k.removed_at IS NULL OR k.removed_at > e.ts)) AS keyed
    FROM events e
    LEFT JOIN reviewers r ON r.name = e.actor
    LEFT JOIN event_signatures s ON s.event_id = e.id
    WHERE s.event_id IS NOT NULL OR r.id IN (SELECT reviewer_id FROM reviewer_keys)
    ORDER BY e.id
"""


def check(conn: sqlite3.Connection) -> SignatureCheck:
    """Verify every signature; list keyed reviewers' unsigned events (read inside the caller's snapshot)."""
    result = SignatureCheck()
    setting = conn.execute("SELECT value FROM meta WHERE key = ?", (REQUIRE_KEY,)).fetchone()
    result.required = setting is not None and setting[0] == "1"
    rows = conn.execute(_KEYED_EVENTS).fetchall()
    if any(r[2] is not None for r in rows) and not sshsig.available():
        result.unchecked = "ssh-keygen (OpenSSH) is not installed: signatures were not checked"
        return result
    for event_id, digest, signature, signed_with, keyed in rows:
        if signature is None:
            if keyed:
                result.unsigned.append(int(event_id))
        elif signed_with is None or not sshsig.verify(str(signed_with), str(digest), str(signature)):
            result.bad.append(int(event_id))
        else:
            result.verified += 1
    return result
