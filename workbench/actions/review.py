"""Review actions: triage, verdicts, rationale, flags, notes and undo.

Each action is one ``BEGIN IMMEDIATE`` transaction holding the change and its audit event. A write
names the claim version it read; if someone else changed the claim since, it raises ``ConflictError``
instead of overwriting. The TUI and the CLI call these same functions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbench.actions import signoff
from workbench.errors import ConflictError, InputError
from workbench.scales import DEFAULT_SCALE, PRESETS, RatingScale, label_of, preset
from workbench.store import audit, team
from workbench.store import claims as claim_store
from workbench.store import notes as note_store
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase
from workbench.store.records import ClaimRow

TRIAGE = {"checkworthy": "in_progress", "not_checkworthy": "dismissed", "skipped": "skipped"}
STATUSES = ("unreviewed", "in_progress", "needs_second_opinion", "reviewed", "dismissed", "skipped")
MAX_RATIONALE = 20_000
MAX_NOTE = 20_000


def current_scale(database: ReviewDatabase) -> RatingScale:
    return preset(database.meta("rating_scale") or DEFAULT_SCALE)


def set_scale(database: ReviewDatabase, scale_id: str, *, actor: str) -> RatingScale:
    scale = preset(scale_id)
    with database.write_unit() as conn:
        signoff.require_role(conn, actor, frozenset({"admin"}), "change the rating scale")
        before = database.meta("rating_scale") or DEFAULT_SCALE
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('rating_scale', ?)", (scale.id,))
        audit.append(
            conn,
            actor=actor,
            action="scale.set",
            entity="database",
            entity_id="rating_scale",
            before={"rating_scale": before},
            after={"rating_scale": scale.id},
        )
    return scale


@dataclass(frozen=True, slots=True)
class ScaleChange:
    """What choosing another rating scale does to the verdicts already given."""

    before: RatingScale
    after: RatingScale
    kept: list[tuple[str, str, int]]
    """``(scale name, label name, count)`` of verdicts given under other scales: they keep their labels."""

    @property
    def verdicts(self) -> int:
        return sum(n for _, _, n in self.kept)

    def describe(self) -> str:
        if self.before.id == self.after.id:
            return f"the rating scale is already {self.after.name}"
        head = f"change the rating scale from {self.before.name} to {self.after.name}"
        if not self.kept:
            return head + "; no verdicts given yet"
        parts = ", ".join(f"{label} {n}" for _, label, n in self.kept[:8])
        more = "…" if len(self.kept) > 8 else ""
        return (
            f"{head}; {self.verdicts} verdict(s) given under other scales keep their labels "
            f"and show them in every report ({parts}{more}); new verdicts use {self.after.name}"
        )


def scale_change(database: ReviewDatabase, scale_id: str) -> ScaleChange:
    """What ``set_scale(scale_id)`` would change, to show before asking to confirm."""
    before, after = current_scale(database), preset(scale_id)
    kept = []
    for scale_of, verdict, count in claim_store.verdicts_by_scale(database.conn):
        given = PRESETS.get(scale_of or "", before)
        if given.id == after.id:
            continue
        label = label_of(verdict, given.id, before)
        kept.append((given.name, label.name if label else verdict, count))
    return ScaleChange(before, after, kept)


Hook = Callable[[sqlite3.Connection, str], dict[str, Any] | None]
Compute = Callable[[ClaimRow], dict[str, Any]]


def _change(
    database: ReviewDatabase,
    claim_id: int,
    changes: dict[str, Any],
    *,
    actor: str,
    action: str,
    expected_version: int | None,
    before_update: Hook | None = None,
    after_update: Hook | None = None,
    compute: Compute | None = None,
) -> ClaimRow:
    """One write unit: changes computed from the claim as it is now (inside the transaction), optional
    hooks (which may add fields), the claim update, and its event."""
    with database.write_unit() as conn:
        actor = reviewer_store.ensure(conn, actor).name
        ts = audit.utc_now()
        claim_store.check_version(conn, claim_id, expected_version)
        if compute is not None:
            changes = {**changes, **compute(claim_store.get(conn, claim_id))}
        if before_update is not None:
            changes = {**changes, **(before_update(conn, ts) or {})}
        before, after, version = claim_store.update(
            conn, claim_id, changes, actor=actor, ts=ts, expected_version=expected_version
        )
        if after_update is not None:
            extra = after_update(conn, ts) or {}
            after.update(extra)
        audit.append(
            conn,
            actor=actor,
            action=action,
            entity="claim",
            entity_id=claim_id,
            claim_id=claim_id,
            before={**before, "version": version - 1},
            after={**after, "version": version},
            ts=ts,
        )
        return claim_store.get(conn, claim_id)


def triage(
    database: ReviewDatabase, claim_id: int, decision: str, *, actor: str, expected_version: int | None = None
) -> ClaimRow:
    """``checkworthy``, ``not_checkworthy`` or ``skipped``."""
    if decision not in TRIAGE:
        raise InputError(f"triage is one of {', '.join(TRIAGE)}, not '{decision}'")

    def status(claim: ClaimRow) -> dict[str, Any]:
        if claim.verdict is None or decision != "checkworthy":
            return {"status": TRIAGE[decision]}
        return {}

    return _change(
        database,
        claim_id,
        {"triage": decision},
        actor=actor,
        action="claim.triage",
        expected_version=expected_version,
        compute=status,
    )


def set_verdict(
    database: ReviewDatabase,
    claim_id: int,
    label: str,
    *,
    actor: str,
    rationale: str | None = None,
    expected_version: int | None = None,
) -> ClaimRow:
    """Give a verdict: a label of the database's scale, or a written conclusion on a free-text scale."""
    scale = current_scale(database)
    verdict = _clean_text(label, "conclusion", 300) if scale.free_text else scale.label(label).id
    changes: dict[str, Any] = {
        "verdict": verdict,
        "verdict_scale": scale.id,
        "status": "reviewed",
        "triage": "checkworthy",
    }
    if rationale is not None:
        changes["rationale"] = _clean_text(rationale, "rationale", MAX_RATIONALE)

    def propose(conn: sqlite3.Connection, ts: str) -> dict[str, Any]:
        proposal_id = signoff.record_proposal(conn, claim_id, actor, verdict, ts, changes.get("rationale"))
        return {"proposal_id": proposal_id}

    def finalise(conn: sqlite3.Connection, ts: str) -> dict[str, Any]:
        return {"final": signoff.recompute_final(conn, claim_id)}

    return _change(
        database,
        claim_id,
        changes,
        actor=actor,
        action="claim.verdict",
        expected_version=expected_version,
        before_update=propose,
        after_update=finalise,
    )


def set_rationale(
    database: ReviewDatabase,
    claim_id: int,
    rationale: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> ClaimRow:
    text = rationale.strip()
    if len(text) > MAX_RATIONALE:
        raise InputError(f"rationale is too long ({len(text)} characters; the limit is {MAX_RATIONALE})")

    def stale(conn: sqlite3.Connection, ts: str) -> None:
        signoff.mark_stale(conn, claim_id, actor=actor, why="the rationale changed")

    return _change(
        database,
        claim_id,
        {"rationale": text or None},
        actor=actor,
        action="claim.rationale",
        expected_version=expected_version,
        after_update=stale,
    )


def toggle_flag(
    database: ReviewDatabase, claim_id: int, *, actor: str, expected_version: int | None = None
) -> ClaimRow:
    """Flag a claim for a second opinion, or clear the flag."""

    def toggle(claim: ClaimRow) -> dict[str, Any]:
        flagged = not claim.flagged
        changes: dict[str, Any] = {"flagged": int(flagged)}
        if flagged:
            changes["status"] = "needs_second_opinion"
        elif claim.status == "needs_second_opinion":
            changes["status"] = "reviewed" if claim.verdict else "in_progress"
        return changes

    return _change(
        database,
        claim_id,
        {},
        actor=actor,
        action="claim.flag",
        expected_version=expected_version,
        compute=toggle,
    )


def add_note(database: ReviewDatabase, claim_id: int, text: str, *, actor: str) -> int:
    body = _clean_text(text, "note", MAX_NOTE)
    with database.write_unit() as conn:
        actor = reviewer_store.ensure(conn, actor).name
        claim_store.get(conn, claim_id)
        ts = audit.utc_now()
        note_id = note_store.add(conn, claim_id, actor, body, ts)
        audit.append(
            conn,
            actor=actor,
            action="note.add",
            entity="note",
            entity_id=note_id,
            claim_id=claim_id,
            after={"text": body},
            ts=ts,
        )
    return note_id


UNDOABLE = frozenset(
    {
        "claim.triage",
        "claim.verdict",
        "claim.rationale",
        "claim.status",
        "claim.flag",
        "note.add",
        "claim.speaker",
        "claim.span",
    }
)


def undo_last(database: ReviewDatabase, *, actor: str) -> audit.AuditEvent | None:
    """Undo the reviewer's most recent change not undone yet, as a compensating ``undo`` event.

    Nothing is deleted: the claim gets its earlier values back (or the note is marked retracted) and
    the trail records which event was undone. Returns that event, or ``None`` if there is nothing to undo.
    """
    with database.write_unit() as conn:
        target = _last_undoable(conn, actor)
        if target is None:
            return None
        ts = audit.utc_now()
        if target.action == "note.add":
            note_store.retract(conn, int(target.entity_id or 0), actor, ts)
            audit.append(
                conn,
                actor=actor,
                action="note.retract",
                entity="note",
                entity_id=target.entity_id,
                claim_id=target.claim_id,
                before={"retracted": False},
                after={"retracted": True, "undoes": target.id},
                ts=ts,
            )
            return target
        claim_id = int(target.entity_id or 0)
        restore = {k: v for k, v in target.before.items() if k != "version"}
        # Safe only while the fields still hold what that event wrote (later edits since undone are fine).
        current = claim_store.get(conn, claim_id)
        changed = [k for k in restore if _field(current, k) != target.after.get(k)]
        if changed:
            raise ConflictError(
                f"cannot undo on claim {claim_id}: its {', '.join(changed)} changed after your edit "
                f"(last change by {current.updated_by}); reload and change it directly"
            )
        restore.pop("final", None)
        before, after, version = claim_store.update(
            conn, claim_id, restore, actor=actor, ts=ts, expected_version=current.version
        )
        if (
            target.action == "claim.verdict"
            and isinstance(target.after, dict)
            and target.after.get("proposal_id")
        ):
            team.withdraw(conn, int(target.after["proposal_id"]), ts)
        after["final"] = signoff.recompute_final(conn, claim_id)
        audit.append(
            conn,
            actor=actor,
            action="claim.undo",
            entity="claim",
            entity_id=claim_id,
            claim_id=claim_id,
            before={**before, "version": version - 1},
            after={**after, "version": version, "undoes": target.id},
            ts=ts,
        )
        return target


def _last_undoable(conn: sqlite3.Connection, actor: str) -> audit.AuditEvent | None:
    undone: set[int] = set()
    for event in audit.events(conn, actor=actor, newest_first=True, limit=500):
        if event.action in ("claim.undo", "note.retract") and isinstance(event.after, dict):
            undone.add(int(event.after.get("undoes", 0)))
            continue
        if event.action in UNDOABLE and event.id not in undone:
            return event
    return None


def _field(claim: ClaimRow, key: str) -> Any:
    value = getattr(claim, key)
    return int(value) if isinstance(value, bool) else value


def _clean_text(text: str, what: str, limit: int) -> str:
    body = text.strip()
    if not body:
        raise InputError(f"the {what} is empty")
    if len(body) > limit:
        raise InputError(f"the {what} is too long ({len(body)} characters; the limit is {limit})")
    return body
