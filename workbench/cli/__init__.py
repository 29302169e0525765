"""The scriptable command line. Plain output is a readable table; ``--json`` is for machines.

Errors a user can cause print one line on stderr and exit 1, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from workbench import __version__
from workbench.cli.context import AppContext
from workbench.errors import WorkbenchError
from workbench.processes import die_with_parent, started_by_a_workbench
from workbench.store.database import damaged
from workbench.text.safe import one_line


class LazyGroup(click.Group):
    """The root group: commands come from ``COMMANDS`` and their module is imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            _load(COMMANDS[cmd_name])
        return self.commands.get(cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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


COMMANDS = {
    "init": "init_cmd",
    "ingest": "ingest_cmd",
    "reextract": "ingest_cmd",
    "documents": "inspect_cmd",
    "claims": "inspect_cmd",
    "show": "inspect_cmd",
    "audit": "audit_cmd",
    "extract": "extract_cmd",
    "score": "extract_cmd",
    "review": "review_cmd",
    "demo": "review_cmd",
    "verdict": "review_cmd",
    "triage": "review_cmd",
    "note": "review_cmd",
    "flag": "review_cmd",
    "undo": "review_cmd",
    "scale": "review_cmd",
    "serve": "review_cmd",
    "evidence": "evidence_cmd",
    "approve": "team_cmd",
    "reject": "team_cmd",
    "next": "team_cmd",
    "reviewers": "team_cmd",
    "quorum": "team_cmd",
    "overlap": "team_cmd",
    "agreement": "team_cmd",
    "adjudication": "team_cmd",
    "signoff": "team_cmd",
    "export": "export_cmd",
    "backup": "backup_cmd",
    "match": "match_cmd",
    "stories": "match_cmd",
    "names": "match_cmd",
    "summary": "publish_cmd",
    "publish": "publish_cmd",
    "watch": "watch_cmd",
    "correct": "correct_cmd",
    "datasette-metadata": "datasette_cmd",
    "factchecks": "same_claim_cmd",
    "vectors": "same_claim_cmd",
    "similar": "same_claim_cmd",
    "learn": "learn_cmd",
}
"""Which module of ``workbench.cli`` registers each command: a command's module (and what it imports)
is loaded only when that command runs or help lists it, so ``workbench similar`` does not import the
ingest, export and TUI code first. tests/cli/test_views.py checks the map against the modules."""

_loaded: set[str] = set()


def _load(module_name: str) -> None:
    if module_name in _loaded:
        return
    from workbench.cli.examples import add_examples

    _loaded.add(module_name)
    before = set(cli.commands)
    importlib.import_module(f"workbench.cli.{module_name}").register(cli)
    for name in sorted(set(cli.commands) - before):
        add_examples(cli.commands[name], name)


def load_all() -> click.Group:
    """Every command registered (for walking ``cli.commands``); returns the root group."""
    for module_name in sorted(set(COMMANDS.values())):
        _load(module_name)
    return cli


def _add_root_example() -> None:
    from workbench.cli.examples import add_examples

    add_examples(cli)


_add_root_example()


def take_ann_notice() -> str | None:
    """The approximate vector index's fallback line, once, if a command used the vector search."""
    nearest = sys.modules.get("workbench.actions.nearest")  # not imported: no vectors were searched
    notice: str | None = None if nearest is None else nearest.take_notice()
    return notice


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning user errors into one line on stderr and exit code 1."""
    if started_by_a_workbench():
        die_with_parent()
    try:
        # With standalone_mode off, click returns a command's exit code instead of exiting.
        code = cli.main(args=argv, prog_name="workbench", standalone_mode=False)
        if AppContext.current is not None:
            AppContext.current.tell_what_acting_did()
        notice = take_ann_notice()
        if notice is not None:
            click.echo(f"workbench: {notice}", err=True)
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
