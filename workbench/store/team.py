"""SQL for the team workflow: judgements (proposals, approvals, rejections), quorum, leases."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.errors import InputError


@dataclass(frozen=True, slots=True)
class Quorum:
    proposals: int
    approvals: int

    @classmethod
    def parse(cls, text: str) -> Quorum:
        try:
            proposals, approvals = (int(part) for part in text.replace(" ", "").split("+"))
        except ValueError:
            raise InputError(f"a quorum looks like 1+2 (proposals + approvals), not '{text}'") from None
        if proposals < 1 or approvals < 0 or approvals > 9:
            raise InputError("a quorum needs at least 1 proposal and 0-9 approvals")
        return cls(proposals, approvals)

    def __str__(self) -> str:
        return f"{self.proposals}+{self.approvals}"


@dataclass(frozen=True, slots=True)
class Judgement:
    id: int
    claim_id: int
    reviewer: str
    kind: str
    verdict: str | None
    proposal_id: int | None
    reason: str | None
    created_at: str
    stale: bool
    stale_reason: str | None


_COLUMNS = "id, claim_id, reviewer, kind, verdict, proposal_id, reason, created_at, stale_at IS NOT NULL, stale_reason"


def quorum(conn: sqlite3.Connection) -> Quorum:
    row = conn.execute("SELECT value FROM meta WHERE key = 'quorum'").fetchone()
    return Quorum.parse(row[0] if row else "1+1")


def overlap(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'overlap'").fetchone()
    return int(row[0]) if row else 1


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
    return None if row is None else str(row[0])


def add(
    conn: sqlite3.Connection,
    claim_id: int,
    reviewer: str,
    kind: str,
    ts: str,
    *,
    verdict: str | None = None,
    proposal_id: int | None = None,
    reason: str | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO judgements (claim_id, reviewer, kind, verdict, proposal_id, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (claim_id, reviewer, kind, verdict, proposal_id, reason, ts),
    )
    return int(cursor.lastrowid or 0)


def for_claim(conn: sqlite3.Connection, claim_id: int) -> list[Judgement]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM judgements WHERE claim_id = ? AND withdrawn_at IS NULL ORDER BY id",
        (claim_id,),
    ).fetchall()
    return [Judgement(*r) for r in rows]


def current_proposal(conn: sqlite3.Connection, claim_id: int) -> int | None:
    row = conn.execute("SELECT proposal_id FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def withdraw(conn: sqlite3.Connection, judgement_id: int, ts: str) -> None:
    conn.execute("UPDATE judgements SET withdrawn_at = ? WHERE id = ?", (ts, judgement_id))


def mark_stale(conn: sqlite3.Connection, claim_id: int, ts: str, why: str) -> list[int]:
    """Approvals of the claim's current proposal that are not stale yet become stale; returns their ids."""
    rows = conn.execute(
        "SELECT j.id FROM judgements j JOIN claims c ON c.id = j.claim_id AND j.proposal_id = c.proposal_id "
        "WHERE j.claim_id = ? AND j.kind = 'approval' AND j.stale_at IS NULL AND j.withdrawn_at IS NULL",
        (claim_id,),
    ).fetchall()
    ids = [int(r[0]) for r in rows]
    if ids:
        conn.execute(
            f"UPDATE judgements SET stale_at = ?, stale_reason = ? WHERE id IN ({','.join('?' * len(ids))})",
            (ts, why, *ids),
        )
    return ids


def signoff_counts(conn: sqlite3.Connection, claim_id: int) -> tuple[int, int]:
    """(proposals agreeing with the current verdict, fresh approvals of the current proposal)."""
    row = conn.execute("SELECT proposal_id, verdict FROM claims WHERE id = ?", (claim_id,)).fetchone()
    if row is None or row[0] is None:
        return 0, 0
    proposal_id, verdict = row
    proposals = conn.execute(
        "SELECT count(DISTINCT reviewer) FROM judgements WHERE claim_id = ? AND kind = 'proposal' "
        "AND verdict = ? AND withdrawn_at IS NULL AND id IN (SELECT max(id) FROM judgements WHERE claim_id = ? "
        "AND kind = 'proposal' AND withdrawn_at IS NULL GROUP BY reviewer)",
        (claim_id, verdict, claim_id),
    ).fetchone()[0]
    approvals = conn.execute(
        "SELECT count(DISTINCT reviewer) FROM judgements WHERE claim_id = ? AND kind = 'approval' "
        "AND proposal_id = ? AND stale_at IS NULL AND withdrawn_at IS NULL",
        (claim_id, proposal_id),
    ).fetchone()[0]
    return int(proposals), int(approvals)


def set_final(conn: sqlite3.Connection, claim_id: int, final: bool) -> None:
    conn.execute("UPDATE claims SET final = ? WHERE id = ?", (int(final), claim_id))


def latest_proposals(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(claim_id, reviewer, verdict) for each reviewer's latest live proposal on each claim."""
    rows = conn.execute(
        "SELECT claim_id, reviewer, verdict FROM judgements WHERE id IN (SELECT max(id) FROM judgements "
        "WHERE kind = 'proposal' AND withdrawn_at IS NULL GROUP BY claim_id, reviewer) ORDER BY claim_id"
    ).fetchall()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


# ---- leases ----------------------------------------------------------------------------------------


def clear_expired_leases(conn: sqlite3.Connection, now: str) -> None:
    conn.execute("DELETE FROM leases WHERE expires_at <= ?", (now,))


def next_unleased(conn: sqlite3.Connection, reviewer: str, now: str, overlap_n: int) -> int | None:
    """The best claim for ``reviewer``: check-worthy, not final, not judged by them, and leased to
    (or judged by) fewer than ``overlap_n`` other reviewers."""
    row = conn.execute(
        """
        SELECT c.id FROM claims c
        WHERE c.checkworthy = 1 AND c.final = 0 AND c.status NOT IN ('dismissed')
          AND NOT EXISTS (SELECT 1 FROM judgements j WHERE j.claim_id = c.id AND j.reviewer = :r
                          AND j.kind = 'proposal' AND j.withdrawn_at IS NULL)
          AND (SELECT count(*) FROM leases l WHERE l.claim_id = c.id AND l.reviewer != :r AND l.expires_at > :now)
            + (SELECT count(DISTINCT j.reviewer) FROM judgements j WHERE j.claim_id = c.id AND j.kind = 'proposal'
               AND j.withdrawn_at IS NULL AND j.reviewer != :r) < :overlap
          AND (c.verdict IS NULL OR :overlap > 1)
        ORDER BY (SELECT 1 FROM leases l WHERE l.claim_id = c.id AND l.reviewer = :r AND l.expires_at > :now) DESC,
                 c.score DESC, c.id
        LIMIT 1
        """,
        {"r": reviewer, "now": now, "overlap": overlap_n},
    ).fetchone()
    return None if row is None else int(row[0])


def lease(conn: sqlite3.Connection, claim_id: int, reviewer: str, expires_at: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO leases (claim_id, reviewer, expires_at) VALUES (?, ?, ?)",
        (claim_id, reviewer, expires_at),
    )


def release(conn: sqlite3.Connection, claim_id: int, reviewer: str) -> None:
    conn.execute("DELETE FROM leases WHERE claim_id = ? AND reviewer = ?", (claim_id, reviewer))
