"""A team on one database: roles, sign-off, leases, agreement and adjudication."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench import queries
from workbench.actions import identity, signoff
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.store.reviewers import ROLES
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    for command in (
        approve,
        reject,
        next_cmd,
        reviewers,
        quorum,
        overlap,
        agreement,
        adjudication,
        signoff_cmd,
    ):
        cli.add_command(command)


def _status_json(status: signoff.SignoffStatus) -> dict[str, object]:
    return {
        "claim_id": status.claim_id,
        "verdict": status.verdict,
        "quorum": str(status.quorum),
        "proposals": status.proposals,
        "approvals": status.approvals,
        "final": status.final,
        "judgements": [
            {
                "id": j.id,
                "reviewer": j.reviewer,
                "kind": j.kind,
                "verdict": j.verdict,
                "reason": j.reason,
                "at": j.created_at,
                "stale": j.stale,
                "stale_reason": j.stale_reason,
            }
            for j in status.judgements
        ],
    }


def _show(status: signoff.SignoffStatus, as_json: bool) -> None:
    if as_json:
        emit_json(_status_json(status))
    else:
        click.echo(f"claim {status.claim_id}: {status.summary}")


VERSION = click.option(
    "--version",
    "expected_version",
    type=int,
    help="Fail if the claim changed since this version (as you saw it).",
)


@click.command()
@click.argument("claim_id", type=int)
@click.option("--reason", help="Optional note with the approval.")
@click.option("--reviewer", "reviewer", metavar="NAME")
@VERSION
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def approve(
    obj: AppContext,
    claim_id: int,
    reason: str | None,
    reviewer: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Approve CLAIM_ID's proposed verdict (editors; never your own proposal)."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        status = signoff.approve(
            database, claim_id, actor=actor, reason=reason, expected_version=expected_version
        )
    _show(status, as_json)


@click.command()
@click.argument("claim_id", type=int)
@click.option("--reason", required=True, help="Why the verdict should not stand (kept as dissent).")
@click.option("--reviewer", "reviewer", metavar="NAME")
@VERSION
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reject(
    obj: AppContext,
    claim_id: int,
    reason: str,
    reviewer: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Reject CLAIM_ID's proposed verdict (editors); the dissent is recorded, nothing overwritten."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        status = signoff.reject(
            database, claim_id, actor=actor, reason=reason, expected_version=expected_version
        )
    _show(status, as_json)


@click.command("signoff")
@click.argument("claim_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def signoff_cmd(obj: AppContext, claim_id: int, as_json: bool) -> None:
    """Show CLAIM_ID's proposals, approvals, rejections and whether the quorum is met."""
    with obj.open(create=False) as database:
        status = queries.signoff_status(database, claim_id)
    if as_json:
        emit_json(_status_json(status))
        return
    click.echo(f"claim {claim_id}: {status.summary}")
    emit_table(
        None,
        ["id", "reviewer", "kind", "verdict", "stale", "reason"],
        [
            [j.id, j.reviewer, j.kind, j.verdict or "", "stale" if j.stale else "", j.reason or ""]
            for j in status.judgements
        ],
    )


@click.command("next")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--minutes", type=int, default=signoff.LEASE_MINUTES, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def next_cmd(obj: AppContext, reviewer: str | None, minutes: int, as_json: bool) -> None:
    """Lease the next claim to judge, so no other reviewer is served it meanwhile."""
    with obj.open() as database:
        claim_id = signoff.next_claim(database, actor=obj.require_reviewer(reviewer), minutes=minutes)
        row = None if claim_id is None else queries.claim(database, claim_id)
    if as_json:
        emit_json(
            None
            if row is None
            else {
                "id": row.id,
                "text": row.text,
                "score": row.score,
                "outlet": row.outlet,
                "speaker": row.speaker,
            }
        )
    elif row is None:
        click.echo("nothing left to judge")
    else:
        click.echo(one_line(f"claim {row.id} ({row.outlet or '?'}, score {row.score:.2f}): {row.text}"))


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def reviewers(ctx: click.Context, as_json: bool) -> None:
    """List reviewers and their roles (or `reviewers add NAME --role editor`)."""
    if ctx.invoked_subcommand is not None:
        return
    obj: AppContext = ctx.obj
    with obj.open(create=False) as database:
        rows = queries.reviewers(database)
    if as_json:
        emit_json(
            [{"name": r.name, "role": r.role, "since": r.created_at, "account": r.os_user} for r in rows]
        )
    else:
        emit_table(
            f"{len(rows)} reviewer(s)",
            ["name", "role", "account", "since"],
            [[r.name, r.role, r.os_user or "(first to use it)", r.created_at[:10]] for r in rows],
        )


@reviewers.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), default="reviewer", show_default=True)
@click.option(
    "--os-user",
    "os_user",
    metavar="ACCOUNT",
    help="The login that may act under NAME (default: the first account that uses it).",
)
@click.option("--reviewer", "reviewer", metavar="NAME", help="Who is adding (an admin).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def reviewers_add(
    obj: AppContext, name: str, role: str, os_user: str | None, reviewer: str | None, as_json: bool
) -> None:
    """Add a reviewer, change their role, or bind the name to an account (admins only, once the
    database has an admin)."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        row = signoff.add_reviewer(database, name, role, actor=actor, os_user=os_user)
    if as_json:
        emit_json({"name": row.name, "role": row.role, "account": row.os_user})
        return
    bound = (
        f", bound to the account {row.os_user}" if row.os_user else ", bound by the first account to use it"
    )
    click.echo(f"{one_line(row.name)}: {row.role}{one_line(bound)}")


@reviewers.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.option("--clear", is_flag=True, help="Remove the password: NAME can no longer sign in to serve.")
@click.option("--reviewer", "reviewer", metavar="NAME", help="Who is setting it (NAME themself or an admin).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def reviewers_passwd(
    obj: AppContext, name: str, password_stdin: bool, clear: bool, reviewer: str | None, as_json: bool
) -> None:
    """Set NAME's password for signing in to `workbench serve` (stored as a salted scrypt hash)."""
    actor = obj.require_reviewer(reviewer)
    password: str | None = None
    if not clear:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = click.prompt(
                f"New password for {one_line(name)}", hide_input=True, confirmation_prompt=True, err=True
            )
    with obj.open() as database:
        row = identity.set_password(database, name, password, actor=actor)
    state = "cleared" if clear else "set"
    if as_json:
        emit_json({"name": row.name, "password": state})
        return
    click.echo(f"{one_line(row.name)}: password {state}")


@reviewers.group("key")
def reviewers_key() -> None:
    """SSH public keys whose signatures prove a reviewer made their events."""


@reviewers_key.command("add")
@click.argument("name")
@click.argument("public_key", metavar="PUBKEY")
@click.option("--reviewer", "reviewer", metavar="NAME", help="Who is registering it (NAME or an admin).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def reviewers_key_add(
    obj: AppContext, name: str, public_key: str, reviewer: str | None, as_json: bool
) -> None:
    """Register NAME's ed25519 SSH public key (the key line, or a .pub file); NAME's events are then
    signed when their key is available (signing_key in the config, or WORKBENCH_SIGNING_KEY)."""
    actor = obj.require_reviewer(reviewer)
    candidate = Path(public_key).expanduser()
    if not public_key.startswith(("ssh-", "sk-")) and candidate.is_file():
        public_key = candidate.read_text(encoding="utf-8")
    with obj.open() as database:
        row = identity.add_key(database, name, public_key, actor=actor)
    if as_json:
        emit_json({"id": row.id, "name": row.reviewer, "fingerprint": row.fingerprint})
        return
    click.echo(f"{one_line(row.reviewer)}: key {row.fingerprint} registered")


@reviewers_key.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def reviewers_key_list(obj: AppContext, as_json: bool) -> None:
    """Registered keys: reviewer, fingerprint, since when."""
    with obj.open(create=False) as database:
        rows = queries.reviewer_keys(database)
    if as_json:
        emit_json(
            [
                {"id": r.id, "name": r.reviewer, "fingerprint": r.fingerprint, "since": r.added_at}
                for r in rows
            ]
        )
        return
    emit_table(
        f"{len(rows)} key(s)",
        ["id", "name", "fingerprint", "since"],
        [[r.id, r.reviewer, r.fingerprint, r.added_at[:19]] for r in rows],
    )


@click.command()
@click.argument("value", required=False)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def quorum(obj: AppContext, value: str | None, reviewer: str | None, as_json: bool) -> None:
    """Show or set the sign-off quorum, e.g. 1+2 (one proposal, two approvals)."""
    with obj.open() as database:
        current = (
            signoff.set_quorum(database, value, actor=obj.require_reviewer(reviewer))
            if value
            else queries.quorum(database)
        )
    if as_json:
        emit_json({"quorum": str(current), "proposals": current.proposals, "approvals": current.approvals})
        return
    click.echo(f"quorum {current}: {current.proposals} proposal(s) + {current.approvals} approval(s)")


@click.command()
@click.argument("n", type=int)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def overlap(obj: AppContext, n: int, reviewer: str | None, as_json: bool) -> None:
    """Serve each claim to N reviewers, blind, for calibration."""
    with obj.open() as database:
        signoff.set_overlap(database, n, actor=obj.require_reviewer(reviewer))
    if as_json:
        emit_json({"overlap": n})
        return
    click.echo(f"each claim is now served to {n} reviewer(s)")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def agreement(obj: AppContext, as_json: bool) -> None:
    """Percent agreement, Cohen's kappa per reviewer pair, Krippendorff's alpha per label and for the team."""
    with obj.open(create=False) as database:
        result = queries.team_agreement(database)
    if as_json:
        emit_json(
            {
                "reviewers": result.reviewers,
                "items": result.items,
                "percent": result.percent,
                "alpha": result.alpha,
                "pairs": [
                    {"a": p.a, "b": p.b, "items": p.items, "percent": p.percent, "kappa": p.kappa}
                    for p in result.pairs
                ],
                "labels": [{"label": lb.label, "alpha": lb.alpha, "uses": lb.uses} for lb in result.labels],
            }
        )
        return
    click.echo(
        f"{result.items} claim(s) judged by two or more of {result.reviewers} reviewer(s): "
        f"percent agreement {_fmt(result.percent)}, Krippendorff's alpha {_fmt(result.alpha)}"
    )
    emit_table(
        "pairs",
        ["a", "b", "claims", "agreement", "Cohen's kappa"],
        [[p.a, p.b, p.items, _fmt(p.percent), _fmt(p.kappa)] for p in result.pairs],
    )
    emit_table(
        "labels", ["label", "uses", "alpha"], [[lb.label, lb.uses, _fmt(lb.alpha)] for lb in result.labels]
    )


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def adjudication(obj: AppContext, as_json: bool) -> None:
    """Claims whose reviewers disagree, grouped by verdict with who gave each."""
    with obj.open(create=False) as database:
        cases = queries.adjudication(database)
        texts = {claim_id: queries.claim(database, claim_id).text for claim_id in cases}
    if as_json:
        emit_json([{"claim_id": c, "text": texts[c], "verdicts": v} for c, v in cases.items()])
        return
    emit_table(
        f"{len(cases)} claim(s) to adjudicate",
        ["claim", "verdicts (who)", "text"],
        [
            [c, "; ".join(f"{k}: {', '.join(who)}" for k, who in v.items()), texts[c]]
            for c, v in cases.items()
        ],
        widths={"text": 70},
    )
