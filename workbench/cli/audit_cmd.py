"""`workbench audit log` and `workbench audit verify`."""

from __future__ import annotations

from datetime import date

import click

from workbench import queries
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.errors import InputError
from workbench.heads import remember_head, remembered_head


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


@audit.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def verify(obj: AppContext, as_json: bool) -> None:
    """Recompute the hash chain; exit 1 and name the first event that does not match.

    Also checks that the log still extends the newest head this machine verified before, which
    catches the newest events being removed or the whole log rewritten.
    """
    with obj.open(create=False) as database:
        database_id = database.meta("database_id") or ""
        remembered, warning = remembered_head(database_id, obj.db_path)
        result = queries.verify_audit(database, remembered)
    if warning:
        click.echo(f"workbench: warning: {warning}", err=True)
    if result.ok and result.head is not None:
        remember_head(database_id, result.head, obj.db_path)
    if as_json:
        emit_json(
            {
                "ok": result.ok,
                "checked": result.checked,
                "first_bad_event": result.first_bad,
                "problem": result.problem,
                "head": None
                if result.head is None
                else {"event_id": result.head.event_id, "hash": result.head.hash},
            }
        )
    elif result.ok:
        head = f"head event {result.head.event_id} {result.head.hash}" if result.head else "empty log"
        click.echo(f"ok: {result.checked} event(s) verified; {head}")
    else:
        click.echo(f"audit trail broken at event {result.first_bad}: {result.problem}", err=True)
    if not result.ok:
        raise click.exceptions.Exit(1)
