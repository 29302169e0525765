"""Sign-off: verdicts are proposals, editors approve or reject them, and a verdict is final (publishable)
only when the database's quorum is met. Also roles, leases ("next claim") and the overlap setting.

Dissent is kept: a rejection or a different proposal is recorded beside the others, never over them.
No one approves their own proposal. Approvals go stale when the claim's evidence or rationale changes.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from workbench.accounts import current_account, known_account
from workbench.errors import InputError, PermissionDenied
from workbench.store import audit, team
from workbench.store import claims as claim_store
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase
from workbench.store.reviewers import ROLES
from workbench.store.team import Judgement, Quorum

EDITOR_ROLES = frozenset({"editor", "admin"})
LEASE_MINUTES = 15


@dataclass(frozen=True)
class SignoffStatus:
    claim_id: int
    verdict: str | None
    quorum: Quorum
    proposals: int
    approvals: int
    final: bool
    judgements: list[Judgement]

    @property
    def summary(self) -> str:
        if self.verdict is None:
            return f"no proposal yet (quorum {self.quorum})"
        state = "final" if self.final else "awaiting sign-off"
        stale = sum(1 for j in self.judgements if j.kind == "approval" and j.stale)
        extra = f", {stale} stale approval(s)" if stale else ""
        return (
            f"{state}: {self.proposals}/{self.quorum.proposals} proposal(s), "
            f"{self.approvals}/{self.quorum.approvals} approval(s){extra}"
        )


def _article(role: str) -> str:
    """The role with its article: an editor, an admin, a reviewer."""
    return f"an {role}" if role[:1] in "aeiou" else f"a {role}"


def require_role(conn: sqlite3.Connection, actor: str, allowed: frozenset[str], what: str) -> str:
    """The acting reviewer's registered name, when their role allows ``what`` (the program's own
    ``system:`` actors hold no role: they never sign off, set the quorum or manage reviewers)."""
    reviewer = reviewer_store.ensure(conn, actor)
    if reviewer.role not in allowed:
        needed = " or ".join(_article(r) for r in sorted(allowed))
        raise PermissionDenied(f"{reviewer.name} is {_article(reviewer.role)}; only {needed} can {what}")
    return reviewer.name


def recompute_final(conn: sqlite3.Connection, claim_id: int) -> bool:
    quorum = team.quorum(conn)
    proposals, approvals = team.signoff_counts(conn, claim_id)
    final = proposals >= quorum.proposals and approvals >= quorum.approvals
    team.set_final(conn, claim_id, final)
    return final


def record_proposal(
    conn: sqlite3.Connection, claim_id: int, actor: str, verdict: str, ts: str, rationale: str | None
) -> int:
    """Inside a verdict's write unit: the verdict becomes this reviewer's proposal.

    The caller's claim update sets ``claims.proposal_id`` to it, so the audit event's "before" keeps
    the earlier proposal (which undo restores).
    """
    actor = reviewer_store.ensure(conn, actor).name
    proposal_id = team.add(conn, claim_id, actor, "proposal", ts, verdict=verdict, reason=rationale)
    team.release(conn, claim_id, actor)
    return proposal_id


def _judge(
    database: ReviewDatabase,
    claim_id: int,
    actor: str,
    kind: str,
    reason: str | None,
    expected_version: int | None,
) -> SignoffStatus:
    with database.write_unit() as conn:
        claim_store.check_version(conn, claim_id, expected_version)
        actor = require_role(
            conn, actor, EDITOR_ROLES, f"{'approve' if kind == 'approval' else 'reject'} a verdict"
        )
        claim = claim_store.get(conn, claim_id)
        proposal_id = team.current_proposal(conn, claim_id)
        if proposal_id is None or claim.verdict is None:
            raise InputError(
                f"claim {claim_id} has no proposed verdict to {kind[:-5] if kind == 'approval' else 'reject'}"
            )
        proposer = conn.execute("SELECT reviewer FROM judgements WHERE id = ?", (proposal_id,)).fetchone()[0]
        if proposer == actor:
            raise PermissionDenied(
                f"{actor} proposed this verdict; someone else has to {kind[:-3] if kind == 'approval' else 'reject'} it"
            )
        ts = audit.utc_now()
        judgement_id = team.add(
            conn, claim_id, actor, kind, ts, verdict=claim.verdict, proposal_id=proposal_id, reason=reason
        )
        before_final = bool(conn.execute("SELECT final FROM claims WHERE id = ?", (claim_id,)).fetchone()[0])
        final = recompute_final(conn, claim_id)
        audit.append(
            conn,
            actor=actor,
            action=f"claim.{'approve' if kind == 'approval' else 'reject'}",
            entity="judgement",
            entity_id=judgement_id,
            claim_id=claim_id,
            before={"final": before_final},
            after={"verdict": claim.verdict, "proposal_id": proposal_id, "reason": reason, "final": final},
            ts=ts,
        )
        return _status(conn, claim_id)


def approve(
    database: ReviewDatabase,
    claim_id: int,
    *,
    actor: str,
    reason: str | None = None,
    expected_version: int | None = None,
) -> SignoffStatus:
    """An editor approves the claim's current proposal: the version they saw, when given."""
    return _judge(database, claim_id, actor, "approval", reason, expected_version)


def reject(
    database: ReviewDatabase, claim_id: int, *, actor: str, reason: str, expected_version: int | None = None
) -> SignoffStatus:
    """An editor rejects the current proposal; the dissent is recorded beside it."""
    if not reason.strip():
        raise InputError("say why the verdict is rejected (--reason)")
    return _judge(database, claim_id, actor, "rejection", reason.strip(), expected_version)


def mark_stale(conn: sqlite3.Connection, claim_id: int, *, actor: str, why: str) -> list[int]:
    """Inside a write unit: approvals of the claim's current proposal become stale (with an event)."""
    ts = audit.utc_now()
    stale = team.mark_stale(conn, claim_id, ts, why)
    if stale:
        final = recompute_final(conn, claim_id)
        audit.append(
            conn,
            actor=actor,
            action="approval.stale",
            entity="claim",
            entity_id=claim_id,
            claim_id=claim_id,
            after={"approvals": stale, "why": why, "final": final},
            ts=ts,
        )
    return stale


def status(database: ReviewDatabase, claim_id: int) -> SignoffStatus:
    return _status(database.conn, claim_id)


def _status(conn: sqlite3.Connection, claim_id: int) -> SignoffStatus:
    claim = claim_store.get(conn, claim_id)
    quorum = team.quorum(conn)
    proposals, approvals = team.signoff_counts(conn, claim_id)
    final = bool(conn.execute("SELECT final FROM claims WHERE id = ?", (claim_id,)).fetchone()[0])
    return SignoffStatus(
        claim_id, claim.verdict, quorum, proposals, approvals, final, team.for_claim(conn, claim_id)
    )


def set_quorum(database: ReviewDatabase, text: str, *, actor: str) -> Quorum:
    quorum = Quorum.parse(text)
    with database.write_unit() as conn:
        require_role(conn, actor, frozenset({"admin"}), "change the sign-off quorum")
        before = team.set_meta(conn, "quorum", str(quorum))
        audit.append(
            conn,
            actor=actor,
            action="quorum.set",
            entity="database",
            entity_id="quorum",
            before={"quorum": before},
            after={"quorum": str(quorum)},
        )
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM claims WHERE proposal_id IS NOT NULL")]
        for claim_id in ids:
            recompute_final(conn, claim_id)
    return quorum


def set_overlap(database: ReviewDatabase, n: int, *, actor: str) -> int:
    if not 1 <= n <= 20:
        raise InputError("overlap is how many reviewers judge each claim blind: 1 to 20")
    with database.write_unit() as conn:
        require_role(conn, actor, frozenset({"admin"}), "change the overlap")
        before = team.set_meta(conn, "overlap", str(n))
        audit.append(
            conn,
            actor=actor,
            action="overlap.set",
            entity="database",
            entity_id="overlap",
            before={"overlap": before},
            after={"overlap": n},
        )
    return n


def add_reviewer(
    database: ReviewDatabase, name: str, role: str, *, actor: str, os_user: str | None = None
) -> reviewer_store.ReviewerRow:
    """An admin adds a reviewer, changes an existing reviewer's role, or binds the name to ``os_user``
    (an account on this machine; without it a new name is bound by the first account that uses it).

    While a database has no admin, only its creator's account may name one.
    """
    if role not in ROLES:
        raise InputError(f"role is one of {', '.join(ROLES)}")
    clean = reviewer_store.validate_name(name)
    account = known_account(os_user) if os_user is not None else None
    with database.write_unit() as conn:
        has_admin = conn.execute("SELECT 1 FROM reviewers WHERE role = 'admin'").fetchone() is not None
        if has_admin:
            actor = require_role(conn, actor, frozenset({"admin"}), "manage reviewers")
        else:
            creator = reviewer_store.creator_account(conn)
            if creator is not None and creator != current_account():
                raise PermissionDenied(
                    f"this database has no admin yet; the account that created it ({creator}) names the first"
                )
        existing = reviewer_store.get(conn, clean)
        if existing is not None and existing.name != clean:
            raise InputError(
                f"'{clean}' is too like the existing reviewer '{existing.name}' (same name after "
                "normalising case, spacing and look-alike characters); choose a distinct name"
            )
        ts = audit.utc_now()
        if existing is None:
            if not has_admin:
                role = "admin" if clean == actor else role
            row, _ = reviewer_store.enter(conn, clean, role, added_by=actor, os_user=account)
            return row
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        if existing.role != role:
            before["role"], after["role"] = existing.role, role
        if account is not None and existing.os_user != account:
            before["os_user"], after["os_user"] = existing.os_user, account
        if after:
            conn.execute(
                "UPDATE reviewers SET role = ?, os_user = ?, version = version + 1 WHERE id = ?",
                (role, account or existing.os_user, existing.id),
            )
            audit.append(
                conn,
                actor=actor,
                action="reviewer.role" if "role" in after else "reviewer.bind",
                entity="reviewer",
                entity_id=existing.id,
                before=before,
                after=after,
                ts=ts,
            )
        return reviewer_store.get(conn, clean) or existing


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def next_claim(database: ReviewDatabase, *, actor: str, minutes: int = LEASE_MINUTES) -> int | None:
    """Lease the best unjudged claim to ``actor`` so no one else is served it meanwhile.

    With an overlap of N, up to N reviewers are served the same claim (blind, for calibration).
    """
    with database.write_unit() as conn:
        actor = reviewer_store.ensure(conn, actor).name
        now = _now()
        team.clear_expired_leases(conn, _iso(now))
        claim_id = team.next_unleased(conn, actor, _iso(now), team.overlap(conn))
        if claim_id is None:
            return None
        expires = _iso(now + timedelta(minutes=minutes))
        team.lease(conn, claim_id, actor, expires)
        audit.append(
            conn,
            actor=actor,
            action="claim.lease",
            entity="claim",
            entity_id=claim_id,
            claim_id=claim_id,
            after={"reviewer": actor, "expires_at": expires},
        )
        return claim_id


def release(database: ReviewDatabase, claim_id: int, *, actor: str) -> None:
    with database.write_unit() as conn:
        team.release(conn, claim_id, actor)
        audit.append(
            conn,
            actor=actor,
            action="claim.release",
            entity="claim",
            entity_id=claim_id,
            claim_id=claim_id,
            after={"reviewer": actor},
        )
