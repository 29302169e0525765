"""One small function per action kind: what its event does to the rows (the replay registry).

A new kind of event adds one entry to ``HANDLERS`` (or to ``DERIVED`` when it only changes derived
tables). ``audit verify`` reports an action found in neither, so a new action cannot go unproved by
accident.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from workbench.store.replay.model import Event, Problem, StateReport
from workbench.store.replay.shadow import (
    CLAIMS,
    DECISIONS,
    DOCUMENTS,
    EVIDENCE,
    FACTCHECK_IMPORTS,
    JUDGEMENTS,
    NOTES,
    REVIEWER_KEYS,
    REVIEWERS,
    SETTINGS,
    Shadow,
    Table,
)


class Replay:
    """The shadow tables plus the report, as handlers see them."""

    def __init__(self, shadow: Shadow, report: StateReport) -> None:
        self.shadow = shadow
        self.report = report

    def create(self, table: Table, key: int | str, values: dict[str, Any], event: Event) -> None:
        if self.shadow.row(table, key) is not None:
            self.report.add(Problem("events", event.id, "entity_id", f"a new {table.name} row", key))
        self.shadow.put(table, key, values, event.id)

    def change(
        self,
        table: Table,
        key: int | str,
        values: dict[str, Any],
        event: Event,
        *,
        bump: bool = False,
        check: bool = True,
    ) -> dict[str, Any] | None:
        """Change a row an earlier event made; check the event's ``before`` against it first (``check``:
        the event is about this row, not a side effect on another table).

        ``bump``: the action adds 1 to the row's version without recording the new one.
        """
        current = self.shadow.row(table, key)
        if current is None:
            self.report.add(
                Problem("events", event.id, "entity_id", f"a {table.name} row an earlier event made", key)
            )
            return None
        if check:
            self.check_before(table, current, event)
        if bump:
            values = {**values, "version": int(current["version"]) + 1}
        self.shadow.put(table, key, values, event.id)
        return current

    def check_before(self, table: Table, current: dict[str, Any], event: Event) -> None:
        """An event's ``before`` is what the row held when the action read it: what replay expects."""
        for column, value in event.before_dict().items():
            if column in table.columns and current[column] != value:
                self.report.add(Problem("events", event.id, f"before.{column}", current[column], value))


Handler = Callable[[Replay, Event], None]
HANDLERS: dict[str, Handler] = {}
DERIVED = frozenset(
    {"match.run", "match.add", "claim.lease", "claim.release", "feed.add", "feed.poll", "claims.rescore"}
)
"""Actions that change only derived or operational state (matching results, leases, what a feed poll
saw, scores re-computed from stored vectors): nothing to replay. The documents a poll ingests have
``document.ingest`` events of their own."""


def handles(*actions: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for action in actions:
            HANDLERS[action] = fn
        return fn

    return register


def _pick(values: dict[str, Any], table: Table) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k in table.columns}


# ---- claims and their proposals ----------------------------------------------------------------


@handles(
    "claim.triage",
    "claim.verdict",
    "claim.rationale",
    "claim.flag",
    "claim.status",
    "claim.undo",
    "claim.summary",
    "claim.publish",
    "claim.speaker",
    "claim.span",
)
def claim_change(r: Replay, e: Event) -> None:
    """``claims.update``: the named fields, the version, and who changed it when. ``final`` is derived
    (checked against the judgements), so it is not taken from the event."""
    claim_id = e.key
    after = e.after_dict()
    current = r.shadow.row(CLAIMS, claim_id)
    if current is None:
        current = {c: CLAIMS.defaults.get(c) for c in CLAIMS.columns}
    r.check_before(CLAIMS, current, e)
    values = {**_pick(after, CLAIMS), "updated_by": e.actor, "updated_at": e.ts}
    if "version" not in after:
        values["version"] = int(current["version"]) + 1
    r.shadow.put(CLAIMS, claim_id, values, e.id)
    before_span = e.before_dict()
    if {"start", "end", "text"} <= after.keys() and {"start", "end", "text"} <= before_span.keys():
        # a reviewer's span correction, or its undo: proved against the claim set (see compare)
        r.shadow.put_span(
            claim_id,
            (int(before_span["start"]), int(before_span["end"]), str(before_span["text"])),
            (int(after["start"]), int(after["end"]), str(after["text"])),
            e.id,
        )
    if e.action == "claim.verdict" and after.get("proposal_id") is not None:
        proposal = {
            "claim_id": claim_id,
            "reviewer": e.actor,
            "kind": "proposal",
            "verdict": after.get("verdict"),
            "reason": after.get("rationale"),
            "created_at": e.ts,
        }
        r.create(JUDGEMENTS, int(after["proposal_id"]), proposal, e)
    before = e.before_dict()
    withdrawn = before.get("proposal_id")
    if e.action == "claim.undo" and withdrawn is not None and withdrawn != after.get("proposal_id"):
        # undoing a verdict withdraws its proposal
        r.change(JUDGEMENTS, int(before["proposal_id"]), {"withdrawn_at": e.ts}, e, check=False)


@handles("claim.approve", "claim.reject")
def judgement(r: Replay, e: Event) -> None:
    after = e.after_dict()
    values = {
        "claim_id": e.claim_id,
        "reviewer": e.actor,
        "kind": "approval" if e.action == "claim.approve" else "rejection",
        "verdict": after.get("verdict"),
        "proposal_id": after.get("proposal_id"),
        "reason": after.get("reason"),
        "created_at": e.ts,
    }
    r.create(JUDGEMENTS, e.key, values, e)


@handles("approval.stale")
def approvals_stale(r: Replay, e: Event) -> None:
    after = e.after_dict()
    for judgement_id in after.get("approvals") or []:
        values = {"stale_at": e.ts, "stale_reason": after.get("why")}
        r.change(JUDGEMENTS, int(judgement_id), values, e, check=False)


# ---- notes and evidence ------------------------------------------------------------------------


@handles("note.add")
def note_add(r: Replay, e: Event) -> None:
    values = {
        "claim_id": e.claim_id,
        "author": e.actor,
        "text": e.after_dict().get("text"),
        "created_at": e.ts,
    }
    r.create(NOTES, e.key, values, e)


@handles("note.retract")
def note_retract(r: Replay, e: Event) -> None:
    r.change(NOTES, e.key, {"retracted_at": e.ts, "retracted_by": e.actor}, e)


@handles("evidence.add")
def evidence_add(r: Replay, e: Event) -> None:
    values = {**_pick(e.after_dict(), EVIDENCE), "added_by": e.actor, "added_at": e.ts}
    values.setdefault("claim_id", e.claim_id)
    r.create(EVIDENCE, e.key, values, e)


@handles("evidence.edit", "evidence.check", "evidence.archive")
def evidence_change(r: Replay, e: Event) -> None:
    after = e.after_dict()
    r.change(EVIDENCE, e.key, _pick(after, EVIDENCE), e, bump="version" not in after)


@handles("evidence.remove")
def evidence_remove(r: Replay, e: Event) -> None:
    r.change(EVIDENCE, e.key, {"removed_at": e.ts, "removed_by": e.actor}, e, bump=True)


# ---- reviewers and settings --------------------------------------------------------------------


@handles("reviewer.add")
def reviewer_add(r: Replay, e: Event) -> None:
    after = e.after_dict()
    values = {"name": after.get("name"), "role": after.get("role"), "created_at": e.ts}
    r.create(REVIEWERS, e.key, {**values, "os_user": after.get("os_user")}, e)


@handles("reviewer.role", "reviewer.bind")
def reviewer_change(r: Replay, e: Event) -> None:
    """A new role and/or the account the name is bound to (first use, or an admin's ``--os-user``)."""
    after = e.after_dict()
    r.change(REVIEWERS, e.key, {k: after[k] for k in ("role", "os_user") if k in after}, e, bump=True)


@handles("reviewer.passwd")
def reviewer_passwd(r: Replay, e: Event) -> None:
    """The password hash is not in the event (nor compared); the row's version moved."""
    r.change(REVIEWERS, e.key, {}, e, bump=True)


@handles("reviewer.key")
def reviewer_key(r: Replay, e: Event) -> None:
    """A public key registered for a reviewer (the signatures made with it are checked by audit verify)."""
    after = e.after_dict()
    values = {k: after.get(k) for k in ("reviewer_id", "public_key", "fingerprint")}
    r.create(REVIEWER_KEYS, e.key, {**values, "added_at": e.ts}, e)


@handles("scale.set", "quorum.set", "overlap.set", "signatures.require")
def setting(r: Replay, e: Event) -> None:
    key = str(e.entity_id)
    value = e.after_dict().get(key)
    current = r.shadow.row(SETTINGS, key)
    before = e.before_dict().get(key)
    if current is not None and before is not None and str(before) != current["value"]:
        r.report.add(Problem("events", e.id, f"before.{key}", current["value"], before))
    r.shadow.put(SETTINGS, key, {"value": None if value is None else str(value)}, e.id)


@handles("model.learn", "model.reset")
def team_model(r: Replay, e: Event) -> None:
    """Learning from the team: the event records the whole adjustment (``meta`` row ``team_model``) as
    stored; the scores it gives claims are derived (``claims.rescore``)."""
    key = str(e.entity_id)
    current = r.shadow.row(SETTINGS, key)
    before = e.before_dict().get(key)
    if current is not None and before != current["value"]:
        r.report.add(Problem("events", e.id, f"before.{key}", current["value"], before))
    r.shadow.put(SETTINGS, key, {"value": str(e.after_dict()[key])}, e.id)


# ---- documents and their claims ----------------------------------------------------------------


def _claim_set(r: Replay, e: Event, document_id: int) -> None:
    recorded = e.after_dict().get("claim_set")
    if isinstance(recorded, dict):
        r.shadow.put_claim_set(document_id, json.dumps(recorded.get("ids")), recorded.get("digest"), e.id)
    else:  # an event from before claim sets were recorded: this document's claims are not provable
        r.shadow.put_claim_set(document_id, None, None, e.id)


@handles("document.ingest")
def document_ingest(r: Replay, e: Event) -> None:
    values = {**_pick(e.after_dict(), DOCUMENTS), "ingested_by": e.actor, "ingested_at": e.ts}
    r.create(DOCUMENTS, e.key, values, e)
    _claim_set(r, e, e.key)


@handles("document.edit")
def document_edit(r: Replay, e: Event) -> None:
    """A reviewer's correction of the metadata; the version is recorded (claims' dates are derived)."""
    r.change(DOCUMENTS, e.key, _pick(e.after_dict(), DOCUMENTS), e)


@handles("document.reextract")
def document_reextract(r: Replay, e: Event) -> None:
    r.change(DOCUMENTS, e.key, {"extractor": e.after_dict().get("extractor")}, e)
    _claim_set(r, e, e.key)


# ---- reviewers' matching decisions -------------------------------------------------------------


@handles("match.merge", "match.split", "match.link", "match.unlink")
def match_decision(r: Replay, e: Event) -> None:
    """One row per other side, with consecutive ids from the event's entity id."""
    after = e.after_dict()
    others = after.get("b")
    sides = others if isinstance(others, list) else [others]
    for offset, b in enumerate(sides):
        values = {
            "kind": after.get("kind"),
            "a": after.get("a"),
            "b": b,
            "actor": e.actor,
            "created_at": e.ts,
        }
        r.create(DECISIONS, e.key + offset, values, e)


# ---- others' fact-checks -----------------------------------------------------------------------


@handles("factchecks.import")
def factchecks_import(r: Replay, e: Event) -> None:
    """The import row, and the fact-checks it added as id ranges plus a digest of their fields
    (``factchecks.digest``); imports recorded before the digest existed are not provable."""
    after = e.after_dict()
    values = {
        "source": after["source"],
        "sha256": after["sha256"],
        "format": after["format"],
        "items": after["added"],
        "imported_at": e.ts,
        "imported_by": e.actor,
    }
    r.create(FACTCHECK_IMPORTS, e.key, values, e)
    recorded = after.get("factchecks")
    if isinstance(recorded, dict):
        r.shadow.put_factcheck_set(e.key, json.dumps(recorded.get("ids")), recorded.get("digest"), e.id)
    else:
        r.shadow.put_factcheck_set(e.key, None, None, e.id)


def apply(r: Replay, e: Event) -> None:
    """Replay one event; an unknown action or an unreadable event is a problem, never a crash."""
    if e.action in DERIVED:
        return
    handler = HANDLERS.get(e.action)
    if handler is None:
        r.report.add(Problem("events", e.id, "action", "an action audit verify can replay", e.action))
        return
    try:
        handler(r, e)
    except (KeyError, TypeError, ValueError) as exc:
        r.report.add(Problem("events", e.id, "after", f"what {e.action} records", f"unreadable ({exc})"))
