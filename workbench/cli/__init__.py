"""The scriptable command line. Plain output is a readable table; ``--json`` is for machines.

Errors a user can cause print one line on stderr and exit 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench import __version__
from workbench.cli.context import AppContext
from workbench.errors import WorkbenchError
from workbench.processes import die_with_parent, started_by_a_workbench
from workbench.store.database import damaged
from workbench.text.safe import one_line


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", "db_path", metavar="PATH", help="Review database (default ./workbench.db, or WORKBENCH_DB)."
)
@click.option("--reviewer", metavar="NAME", help="Who is acting (or WORKBENCH_REVIEWER, or the config file).")
@click.option(
    "--i-know-its-shared",
    "allow_network_fs",
    is_flag=True,
    help="Open a database on a network filesystem anyway (unsafe with several hosts).",
)
@click.version_option(__version__, prog_name="workbench")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, reviewer: str | None, allow_network_fs: bool) -> None:
    """factcheck-workbench: pull claims out of news articles, judge them, and keep an auditable trail.

    With no command it opens the review TUI on the database.
    """
    ctx.obj = AppContext.create(db_path=db_path, reviewer=reviewer, allow_network_fs=allow_network_fs)
    if ctx.invoked_subcommand is None:
        from workbench.cli.review_cmd import open_tui

        open_tui(ctx.obj, reviewer=None)


def _register() -> None:
    from workbench.cli import (
        audit_cmd,
        backup_cmd,
        correct_cmd,
        datasette_cmd,
        evidence_cmd,
        export_cmd,
        extract_cmd,
        ingest_cmd,
        init_cmd,
        inspect_cmd,
        match_cmd,
        publish_cmd,
        review_cmd,
        same_claim_cmd,
        team_cmd,
        watch_cmd,
    )

    for module in (
        init_cmd,
        ingest_cmd,
        inspect_cmd,
        audit_cmd,
        extract_cmd,
        review_cmd,
        evidence_cmd,
        team_cmd,
        export_cmd,
        backup_cmd,
        match_cmd,
        publish_cmd,
        watch_cmd,
        correct_cmd,
        datasette_cmd,
        same_claim_cmd,
    ):
        module.register(cli)
    from workbench.cli.examples import add_examples

    add_examples(cli)


_register()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning user errors into one line on stderr and exit code 1."""
    if started_by_a_workbench():
        die_with_parent()
    try:
        # With standalone_mode off, click returns a command's exit code instead of exiting.
        code = cli.main(args=argv, prog_name="workbench", standalone_mode=False)
        if AppContext.current is not None:
            AppContext.current.tell_what_acting_did()
    except WorkbenchError as exc:
        # Messages quote what the user gave (paths, URLs): keep them one printable line.
        click.echo(f"workbench: error: {one_line(str(exc))}", err=True)
        return 1
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("workbench: aborted", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("workbench: interrupted", err=True)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as exc:
        # A damaged page surfaces wherever a query first reads it: one line, not a traceback.
        found = damaged(exc, AppContext.current.db_path if AppContext.current else Path("the database"))
        if found is None:
            raise
        click.echo(f"workbench: error: {one_line(str(found))}", err=True)
        return 1
    return code if isinstance(code, int) else 0
