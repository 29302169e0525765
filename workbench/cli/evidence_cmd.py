"""`workbench evidence ...`: the evidence ledger from the command line."""

from __future__ import annotations

import sys

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from workbench import queries
from workbench.actions import evidence as evidence_actions
from workbench.cli.context import AppContext, emit_json, emit_table, stderr_console
from workbench.errors import InputError
from workbench.evidence.fetch import FetchPolicy
from workbench.store.database import ReviewDatabase
from workbench.store.evidence import EvidenceRow
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(evidence)


@click.group()
def evidence() -> None:
    """Evidence links: fetched, archived, weighed for independence."""


def _policy(obj: AppContext, allow_private: bool) -> FetchPolicy:
    return FetchPolicy(allow_private=allow_private or obj.settings.allow_private)


def _runner(database: ReviewDatabase):  # type: ignore[no-untyped-def]
    return lambda fn, *args, **kwargs: fn(database, *args, **kwargs)


@evidence.command("add")
@click.argument("claim_id", type=int)
@click.argument("url")
@click.option("--stance", type=click.Choice(evidence_actions.STANCES), default="context", show_default=True)
@click.option("--quote", help="The passage of the page that bears on the claim.")
@click.option("--note", help="Why this source matters.")
@click.option("--no-fetch", is_flag=True, help="Only record the link; check it later.")
@click.option("--allow-private", is_flag=True, help="Allow fetching private or loopback addresses.")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def add(
    obj: AppContext,
    claim_id: int,
    url: str,
    stance: str,
    quote: str | None,
    note: str | None,
    no_fetch: bool,
    allow_private: bool,
    reviewer: str | None,
    as_json: bool,
) -> None:
    """Add URL (or a local file) as evidence for CLAIM_ID, then fetch it."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        row = evidence_actions.add_evidence(
            database, claim_id, url, actor=actor, stance=stance, quote=quote, note=note
        )
        if not no_fetch and not row.url.startswith("file:"):
            from workbench.evidence.fetch import fetch

            result = fetch(row.url, _policy(obj, allow_private))
            evidence_actions.record_fetch(database, row.id, result, actor=actor)
        items = [e for e in queries.evidence_for_claim(database, claim_id) if e.id == row.id]
    _show(items, as_json)


def _show(items: list[EvidenceRow], as_json: bool) -> None:
    if as_json:
        emit_json([e.to_json() for e in items])
        return
    emit_table(
        f"{len(items)} evidence item(s)",
        ["id", "claim", "stance", "status", "domain", "title", "url"],
        [[e.id, e.claim_id, e.stance, e.status, e.domain or "", e.title or "", e.url] for e in items],
        widths={"title": 40, "url": 60},
    )


@evidence.command("list")
@click.argument("claim_id", type=int, required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_cmd(obj: AppContext, claim_id: int | None, as_json: bool) -> None:
    """List the evidence of CLAIM_ID (or of every claim)."""
    with obj.open(create=False) as database:
        items = queries.evidence_for_claim(database, claim_id)
        summary = queries.evidence_independence(database, claim_id).summary() if claim_id else None
    _show(items, as_json)
    if summary and not as_json:
        click.echo(summary)


@evidence.command("check")
@click.argument("claim_id", type=int, required=False)
@click.option("--all", "check_all", is_flag=True, help="Re-check every claim's evidence (link rot).")
@click.option("--archive", is_flag=True, help="Also look each live link up in the Wayback Machine.")
@click.option("--allow-private", is_flag=True)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def check(
    obj: AppContext,
    claim_id: int | None,
    check_all: bool,
    archive: bool,
    allow_private: bool,
    reviewer: str | None,
    as_json: bool,
) -> None:
    """Re-fetch evidence, record what changed (status, moved, body changed) as events."""
    if claim_id is None and not check_all:
        raise InputError("name a CLAIM_ID or pass --all")
    actor = reviewer or obj.reviewer or "system:link-check"
    console = stderr_console()
    with obj.open() as database:
        if not as_json and sys.stderr.isatty():
            with Progress(
                TextColumn("checking links"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("", total=None)
                outcomes = evidence_actions.check_evidence(
                    _runner(database),
                    claim_id,
                    actor=actor,
                    policy=_policy(obj, allow_private),
                    archive=archive,
                    on_progress=lambda p: bar.update(task, completed=p.done, total=p.total),
                )
        else:
            outcomes = evidence_actions.check_evidence(
                _runner(database), claim_id, actor=actor, policy=_policy(obj, allow_private), archive=archive
            )
    if as_json:
        emit_json(
            [
                {
                    "id": row.id,
                    "url": row.url,
                    "status": result.status,
                    "changes": changes,
                    "error": result.error,
                }
                for row, result, changes in outcomes
            ]
        )
        return
    emit_table(
        f"{len(outcomes)} link(s) checked",
        ["id", "status", "changes", "url"],
        [[row.id, result.status, "; ".join(changes) or "-", row.url] for row, result, changes in outcomes],
        widths={"url": 60, "changes": 50},
    )


@evidence.command("edit")
@click.argument("evidence_id", type=int)
@click.option("--stance", type=click.Choice(evidence_actions.STANCES))
@click.option("--quote")
@click.option("--note")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def edit(
    obj: AppContext,
    evidence_id: int,
    stance: str | None,
    quote: str | None,
    note: str | None,
    reviewer: str | None,
    as_json: bool,
) -> None:
    """Change an evidence item's stance, quote or note (recorded as an event)."""
    with obj.open() as database:
        row = evidence_actions.edit_evidence(
            database, evidence_id, actor=obj.require_reviewer(reviewer), stance=stance, quote=quote, note=note
        )
    _show([row], as_json)


@evidence.command("remove")
@click.argument("evidence_id", type=int)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def remove(obj: AppContext, evidence_id: int, reviewer: str | None, as_json: bool) -> None:
    """Remove an evidence item from the ledger (kept in the audit trail)."""
    with obj.open() as database:
        row = evidence_actions.remove_evidence(database, evidence_id, actor=obj.require_reviewer(reviewer))
    if as_json:
        emit_json({"removed": row.to_json()})
        return
    click.echo(one_line(f"removed evidence {row.id} ({row.url}) from claim {row.claim_id}"))


@evidence.command("archive")
@click.argument("evidence_id", type=int)
@click.option(
    "--save", is_flag=True, help="Ask Save Page Now for a new capture (keys from [archive] in config)."
)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def archive(obj: AppContext, evidence_id: int, save: bool, reviewer: str | None, as_json: bool) -> None:
    """Look an evidence link up in the Wayback Machine (or request a capture) and keep the archive URL."""
    from workbench.evidence.archive import ArchiveKeys

    settings = obj.settings
    keys = (
        ArchiveKeys(settings.archive_access_key, settings.archive_secret_key)
        if settings.archive_access_key and settings.archive_secret_key
        else None
    )
    with obj.open() as database:
        status, url = evidence_actions.archive_evidence(
            database, evidence_id, actor=obj.require_reviewer(reviewer), save=save, keys=keys
        )
    if as_json:
        emit_json({"id": evidence_id, "status": status, "archive_url": url})
    elif url:
        click.echo(one_line(f"evidence {evidence_id}: {status}: {url}"))
    else:
        click.echo(f"evidence {evidence_id}: {status} (kept as not archived; try again later)")
