"""`workbench audit log` and `workbench audit verify`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from workbench import queries
from workbench.actions import identity
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.errors import InputError
from workbench.heads import head_in_report, remember_head, remembered_head
from workbench.text.safe import one_line

if TYPE_CHECKING:
    from workbench.store.audit import Verification
    from workbench.store.replay import StateReport
    from workbench.store.signatures import SignatureCheck


def register(cli: click.Group) -> None:
    cli.add_command(audit)


@click.group()
def audit() -> None:
    """The append-only, hash-chained audit trail."""


@audit.command("log")
@click.option("--claim", "claim_id", type=int, help="Only events about this claim.")
@click.option("--reviewer", "actor", help="Only events by this reviewer.")
@click.option("--since", help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--limit", type=int, default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def log(
    obj: AppContext,
    claim_id: int | None,
    actor: str | None,
    since: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Show who changed what, when, with before and after values."""
    if since:
        try:
            date.fromisoformat(since[:10])
        except ValueError:
            raise InputError(f"--since takes a date like 2019-05-28, not '{since}'") from None
    with obj.open(create=False) as database:
        events = queries.audit_log(database, claim_id=claim_id, actor=actor, since=since, limit=limit)
    if as_json:
        emit_json(
            [
                {
                    "id": e.id,
                    "ts": e.ts,
                    "actor": e.actor,
                    "action": e.action,
                    "entity": e.entity,
                    "entity_id": e.entity_id,
                    "claim_id": e.claim_id,
                    "before": e.before,
                    "after": e.after,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in events
            ]
        )
        return
    emit_table(
        f"{len(events)} event(s)",
        ["id", "time (UTC)", "actor", "action", "entity", "before", "after"],
        [
            [
                e.id,
                e.ts[:19],
                e.actor,
                e.action,
                f"{e.entity} {e.entity_id or ''}",
                _short(e.before),
                _short(e.after),
            ]
            for e in events
        ],
        widths={"before": 40, "after": 50},
    )


def _short(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items())
    return str(value)


@audit.command("require-signatures")
@click.argument("state", type=click.Choice(["on", "off"]))
@click.option("--reviewer", "reviewer", metavar="NAME", help="An admin.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def require_signatures(obj: AppContext, state: str, reviewer: str | None, as_json: bool) -> None:
    """Make unsigned events of reviewers with a registered key an error in `audit verify` (or a warning)."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        identity.set_signatures_required(database, state == "on", actor=actor)
    if as_json:
        emit_json({"require_signatures": state == "on"})
        return
    click.echo(f"unsigned events of keyed reviewers are now {'an error' if state == 'on' else 'a warning'}")


@audit.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result, with every problem, as JSON.")
@click.option("--chain-only", is_flag=True, help="Only recompute the hash chain (the fast check).")
@click.option(
    "--max-problems",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="List at most this many.",
)
@click.option(
    "--against",
    "report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A published report (Markdown, HTML, JSONL): the log must still hold the head it pinned.",
)
@click.pass_obj
def verify(obj: AppContext, as_json: bool, chain_only: bool, max_problems: int, report: Path | None) -> None:
    """Recompute the hash chain, then replay the events and compare what they produce with the tables.

    Exit 1 naming the first event that breaks the chain, and each row that differs from what its
    events made, one line each (table, id, column: expected, found): a direct edit, a row no event
    made, or a row whose events exist but is gone. Also checks that the log still extends the newest
    head this machine verified before, which catches the newest events being removed or the whole
    log rewritten. Everything is read from one snapshot, so writes landing meanwhile are not mixed in.
    """
    with obj.open(create=False) as database:
        database_id = database.meta("database_id") or ""
        remembered, warning = remembered_head(database_id, obj.db_path)
        if report is not None:  # a head from any machine: a rewrite or truncation since shows here too
            remembered, warning = head_in_report(report), None
        # The file first: a damaged page or an index out of step with its table (a row missing from
        # claims_verdict) is what lost writes leave behind, and the chain cannot see it.
        damage = [] if chain_only else queries.integrity_problems(database)
        result, state = queries.verify_trail(
            database,
            remembered,
            state=not chain_only,
            limit=max_problems,
            pinned_by=None if report is None else f"the report {report.name}",
        )
        signed = None if chain_only else queries.check_signatures(database)
    if warning:
        click.echo(f"workbench: warning: {warning}", err=True)
    ok = result.ok and (state is None or state.ok) and not damage and (signed is None or signed.ok)
    if ok and result.head is not None:
        remember_head(database_id, result.head, obj.db_path)
    if as_json:
        emit_json(
            {
                "ok": ok,
                "chain_ok": result.ok,
                "checked": result.checked,
                "first_bad_event": result.first_bad,
                "problem": result.problem,
                "head": None
                if result.head is None
                else {"event_id": result.head.event_id, "hash": result.head.hash},
                "state_checked": state is not None,
                "integrity": None if chain_only else (damage or "ok"),
                "problems": [] if state is None else [p.to_json() for p in state.problems],
                "problems_total": 0 if state is None else state.total,
                "notes": [] if state is None else state.notes,
                "signatures": None
                if signed is None
                else {
                    "verified": signed.verified,
                    "bad": signed.bad,
                    "unsigned": signed.unsigned,
                    "unsigned_is_error": signed.required,
                    "unchecked": signed.unchecked,
                },
            }
        )
    else:
        for line in damage:
            click.echo(f"integrity: {one_line(line, 300)}", err=True)
        if damage:
            click.echo(
                f"the file {obj.db_path} is damaged: stop every workbench using it, keep a copy, then restore "
                "it from a backup (docs/backup.md)",
                err=True,
            )
        _print_verification(result, state)
        if signed is not None:
            _print_signatures(signed)
    if not ok:
        raise click.exceptions.Exit(1)


def _print_signatures(signed: SignatureCheck) -> None:
    if signed.unchecked:
        click.echo(f"signatures: {signed.unchecked}", err=True)
    for event_id in signed.bad:
        click.echo(
            f"event {event_id}: its signature does not verify with the key its actor had registered", err=True
        )
    if signed.unsigned:
        shown = ", ".join(map(str, signed.unsigned[:20])) + (" ..." if len(signed.unsigned) > 20 else "")
        level = "error" if signed.required else "warning"
        click.echo(
            f"{level}: {len(signed.unsigned)} event(s) of keyed reviewers are unsigned: {shown}", err=True
        )
    if signed.verified or signed.bad:
        click.echo(f"signatures: {signed.verified} verified, {len(signed.bad)} bad")


def _print_verification(result: Verification, state: StateReport | None) -> None:
    if not result.ok:
        click.echo(f"audit trail broken at event {result.first_bad}: {result.problem}", err=True)
    if state is not None:
        for problem in state.problems:
            click.echo(one_line(problem.line(), 400), err=True)
        if state.total > len(state.problems):
            click.echo(
                f"... and {state.total - len(state.problems)} more problem(s) (--max-problems)", err=True
            )
        for note in state.notes:
            click.echo(f"note: {note}")
    if not result.ok or (state is not None and not state.ok):
        if state is not None and state.total:
            click.echo(f"state: {state.total} problem(s) replaying the events against the tables", err=True)
        return
    head = f"head event {result.head.event_id} {result.head.hash}" if result.head else "empty log"
    if state is None:
        click.echo(f"ok: {result.checked} event(s) verified (chain only); {head}")
        return
    counts = ", ".join(f"{n} {what}" for what, n in state.counts.items())
    click.echo(f"ok: {result.checked} event(s) verified; the tables match their replay ({counts}); {head}")
