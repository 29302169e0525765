"""Reviewing from the command line and opening the TUI: the same actions the keyboard drives."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

import click

from workbench import queries
from workbench.actions import identity, review
from workbench.actions.ingest import SYSTEM_ACTOR, IngestReport, ingest_paths
from workbench.actions.matching import match_after_ingest
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.cli.inspect_cmd import claim_json
from workbench.errors import InputError
from workbench.scales import PRESETS
from workbench.store.database import ReviewDatabase
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    for command in (review_cmd, demo, verdict, triage, note, flag, undo, scale, serve):
        cli.add_command(command)


def open_tui(obj: AppContext, reviewer: str | None) -> None:
    """Open the TUI; with no database yet, the welcome first (nothing is created until it is chosen)."""
    from workbench.tui.app import run_app

    if not has_terminal():
        raise click.ClickException(
            "the review TUI needs a terminal (stdin or stdout is not one); in scripts use "
            "`workbench claims`, `workbench show ID` or `workbench serve` for a browser"
        )
    if not obj.db_path.exists() and not welcome(obj):
        return
    name = reviewer or obj.reviewer
    if name:  # a name bound to another account is refused before the screen opens
        with obj.open(create=False) as database:
            identity.before_acting(database, name)

    run_app(
        obj.db_path,
        reviewer=reviewer or obj.reviewer,
        settings=obj.settings,
        allow_network_fs=obj.allow_network_fs,
    )


def has_terminal() -> bool:
    """A person can drive the TUI here: a terminal both ways, or Textual's browser driver under `serve`."""
    return bool(os.environ.get("TEXTUAL_DRIVER")) or (sys.stdin.isatty() and sys.stdout.isatty())


@click.command("review")
@click.option("--reviewer", "reviewer", metavar="NAME", help="Who is reviewing.")
@click.option("--served", is_flag=True, hidden=True, help="A serve session: sign in with a password first.")
@click.pass_obj
def review_cmd(obj: AppContext, reviewer: str | None, served: bool) -> None:
    """Open the review TUI on the database (the same as `workbench` with no command).

    With no database there yet, a welcome says how to begin and creates nothing by itself.
    """
    if served:
        from workbench.tui.app import run_app

        run_app(obj.db_path, reviewer=None, settings=obj.settings, served=True)
        return
    open_tui(obj, reviewer)


def welcome(obj: AppContext) -> bool:
    """Run the welcome until the newcomer has a database to open (True) or quits (False)."""
    from workbench.tui.welcome import WelcomeApp

    message = ""
    while not obj.db_path.exists():
        choice = WelcomeApp(obj.db_path, message=message).run()
        if choice is None:
            return False
        message = act_on_welcome(obj, choice.kind, choice.value)
    return True


def act_on_welcome(obj: AppContext, kind: str, value: str) -> str:
    """Do what the welcome chose; return a one-line message when it could not be done."""
    if kind == "demo":
        load_demo(obj)
    elif kind == "ingest":
        source = Path(value).expanduser()
        if not source.exists():
            return f"No folder or file at {source}: nothing was created."
        with obj.open(bulk=True) as database:
            actor = obj.reviewer or SYSTEM_ACTOR
            report = ingest_paths(database, [str(source)], actor=actor)
            if report.ingested:
                match_after_ingest(database, actor=actor)
        click.echo(f"ingested {report.ingested} document(s) from {source} into {obj.db_path}")
    elif kind == "open":
        other = Path(value).expanduser()
        if not other.is_file():
            return f"No database at {other}."
        obj.db_path = other
    return ""


def load_demo(obj: AppContext, *, quiet: bool = False) -> IngestReport:
    with obj.open(bulk=True) as database:
        actor = obj.reviewer or SYSTEM_ACTOR
        report = ingest_paths(database, [str(bundled_seeds())], actor=actor)
        if report.ingested:
            _seed_vectors(obj, database)
            match_after_ingest(database, actor=actor)
    if not quiet:
        click.echo(
            f"seeds: {report.ingested} ingested, {report.skipped} already there; database {obj.db_path}"
        )
    return report


def _seed_vectors(obj: AppContext, database: ReviewDatabase) -> None:
    """The seeds' 80 sentence vectors (a few seconds), so the demo's stories are grouped by meaning too."""
    from workbench.actions.other_outlets import fill_claim_vectors
    from workbench.actions.same_claim import shared_encoder

    s = obj.settings
    encoder = shared_encoder(s.encoder_model, s.encoder_sha256, s.encoder_tokenizer)
    if encoder is not None:
        fill_claim_vectors(database, encoder)


def bundled_seeds() -> Path:
    packaged = Path(str(resources.files("workbench"))) / "_seeds"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "seeds"


@click.command()
@click.option("--no-tui", is_flag=True, help="Only load the seeds; do not open the TUI.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary (implies --no-tui).")
@click.pass_obj
def demo(obj: AppContext, no_tui: bool, as_json: bool) -> None:
    """Load the five bundled seed articles into the database and open the TUI on them."""
    report = load_demo(obj, quiet=as_json)
    if as_json:
        emit_json({"database": str(obj.db_path), "ingested": report.ingested, "skipped": report.skipped})
        return
    if no_tui:
        return
    if not has_terminal():
        click.echo(
            "Not opening the TUI: no terminal here. Run `workbench` in a terminal to review.", err=True
        )
        return
    open_tui(obj, None)


def _print_claim(as_json: bool, row: queries.ClaimRow) -> None:
    if as_json:
        emit_json(claim_json(row))
    else:
        click.echo(
            f"claim {row.id}: status {row.status}, verdict {one_line(row.verdict or '-', 120)}, version {row.version}"
        )


@click.command()
@click.argument("claim_id", type=int)
@click.argument("label")
@click.option("--rationale", help="Why: the reasoning behind the verdict.")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--version", "expected_version", type=int, help="Fail if the claim changed since this version.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def verdict(
    obj: AppContext,
    claim_id: int,
    label: str,
    rationale: str | None,
    reviewer: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Give CLAIM_ID a verdict LABEL from the database's rating scale."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        row = review.set_verdict(
            database, claim_id, label, actor=actor, rationale=rationale, expected_version=expected_version
        )
    _print_claim(as_json, row)


@click.command()
@click.argument("claim_id", type=int)
@click.argument("decision", type=click.Choice(["checkworthy", "not_checkworthy", "skipped"]))
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def triage(obj: AppContext, claim_id: int, decision: str, reviewer: str | None, as_json: bool) -> None:
    """Triage CLAIM_ID: checkworthy, not_checkworthy or skipped."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        row = review.triage(database, claim_id, decision, actor=actor)
    _print_claim(as_json, row)


@click.command()
@click.argument("claim_id", type=int)
@click.argument("text")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def note(obj: AppContext, claim_id: int, text: str, reviewer: str | None, as_json: bool) -> None:
    """Add a note to CLAIM_ID."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        note_id = review.add_note(database, claim_id, text, actor=actor)
    if as_json:
        emit_json({"id": note_id, "claim_id": claim_id, "author": actor, "text": text.strip()})
    else:
        click.echo(f"note {note_id} added to claim {claim_id}")


@click.command()
@click.argument("claim_id", type=int)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def flag(obj: AppContext, claim_id: int, reviewer: str | None, as_json: bool) -> None:
    """Flag CLAIM_ID for a second opinion (again to clear the flag)."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        row = review.toggle_flag(database, claim_id, actor=actor)
    _print_claim(as_json, row)


@click.command()
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def undo(obj: AppContext, reviewer: str | None, as_json: bool) -> None:
    """Undo your most recent change (recorded as a compensating event; nothing is deleted)."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        event = review.undo_last(database, actor=actor)
    if as_json:
        emit_json(
            None
            if event is None
            else {"undone_event": event.id, "action": event.action, "claim_id": event.claim_id}
        )
    elif event is None:
        click.echo("nothing to undo")
    else:
        click.echo(f"undid event {event.id} ({event.action} on claim {event.claim_id})")


@click.command()
@click.argument("preset", required=False, type=click.Choice(sorted(PRESETS)))
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--yes", is_flag=True, help="Confirm the change (without it, only say what would change).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def scale(obj: AppContext, preset: str | None, reviewer: str | None, yes: bool, as_json: bool) -> None:
    """Show the database's rating scale, or choose a PRESET (recorded in the audit trail).

    Verdicts already given keep the labels of the scale they were given under; without --yes this
    only says what would change.
    """
    with obj.open(create=preset is not None) as database:
        if preset:
            change = review.scale_change(database, preset)
            if change.before.id != change.after.id and not yes:
                raise InputError(f"this would {change.describe()}; pass --yes to confirm")
            chosen = (
                review.set_scale(database, preset, actor=obj.require_reviewer(reviewer))
                if change.before.id != change.after.id
                else change.after
            )
            if not as_json:
                click.echo(change.describe())
        else:
            chosen = review.current_scale(database)
    if as_json:
        emit_json(
            {
                "id": chosen.id,
                "name": chosen.name,
                "free_text": chosen.free_text,
                "best": chosen.best,
                "worst": chosen.worst,
                "labels": [
                    {"key": i, "id": lb.id, "name": lb.name, "definition": lb.definition, "value": lb.value}
                    for i, lb in enumerate(chosen.labels, start=1)
                ],
            }
        )
        return
    emit_table(
        chosen.name,
        ["key", "label", "value", "definition"],
        [
            [i, lb.name, lb.value if lb.value is not None else "", lb.definition]
            for i, lb in enumerate(chosen.labels, start=1)
        ],
        widths={"definition": 80},
    )
    if chosen.free_text:
        click.echo("free-text scale: a verdict is a one-line written conclusion")


@click.command()
@click.option("--host", default="localhost", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--public", is_flag=True, help="Allow listening beyond this machine (put TLS in front).")
@click.option(
    "--reviewer",
    "reviewer",
    metavar="NAME",
    help="You: the one-time sign-in link printed at start opens the TUI as NAME (others use a password).",
)
@click.pass_obj
def serve(obj: AppContext, host: str, port: int, public: bool, reviewer: str | None) -> None:
    """Serve the review TUI in a browser with textual-serve (pip install 'factcheck-workbench[serve]').

    Each browser session signs in: with the one-time link printed for --reviewer, or as any reviewer
    with a password (workbench reviewers passwd NAME). Every tab then acts as its signed-in reviewer.
    """
    import shlex
    import sys

    try:
        from workbench.cli.serve_guard import GuardedServer, is_loopback
    except ImportError:
        raise InputError("textual-serve is not installed: pip install 'factcheck-workbench[serve]'") from None
    if not is_loopback(host) and not public:
        raise InputError(f"--host {host} listens beyond this machine; add --public to mean it")
    owner = obj.require_reviewer(reviewer) if (reviewer or obj.reviewer) else None
    database = str(obj.db_path.resolve())

    def command_for(name: str | None) -> str:
        base = [sys.executable, "-m", "workbench", "--db", database, "review"]
        return shlex.join([*base, "--reviewer", name] if name else [*base, "--served"])

    if not is_loopback(host):
        click.echo(
            f"workbench: warning: serving on {host}:{port} to the network without TLS: passwords and "
            "sessions cross it in clear text. Put it behind a reverse proxy with TLS.",
            err=True,
        )
    GuardedServer(command_for, owner=owner, host=host, port=port, title="factcheck-workbench").serve()
