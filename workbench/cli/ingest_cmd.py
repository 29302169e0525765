"""`workbench ingest` and `workbench reextract`."""

from __future__ import annotations

import sys

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from workbench.actions.ingest import SYSTEM_ACTOR, ingest_paths
from workbench.actions.matching import AUTO_MATCH_LIMIT, match_after_ingest, run_matching
from workbench.actions.reextract import reextract
from workbench.cli.context import AppContext, emit_json, stderr_console
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(ingest)
    cli.add_command(reextract_cmd)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("--max-mb", type=float, default=10.0, show_default=True, help="Largest document accepted.")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: one per core).")
@click.option(
    "--no-match", is_flag=True, help="Skip cross-outlet matching afterwards (run `workbench match`)."
)
@click.pass_obj
def ingest(
    obj: AppContext, paths: tuple[str, ...], as_json: bool, max_mb: float, workers: int | None, no_match: bool
) -> None:
    """Read articles (files, folders recursively, or - for stdin), extract claims, store them.

    The same content ingested twice is one document. Exit code 1 when any input failed.
    """
    actor = obj.reviewer or SYSTEM_ACTOR
    console = stderr_console()
    show_bar = not as_json and sys.stderr.isatty()
    with obj.open(bulk=True) as database:
        if show_bar:
            with Progress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=console,
                transient=True,
            ) as bar:
                task = bar.add_task("", total=None)

                def progress(done: int, total: int | None, source: str) -> None:
                    bar.update(task, completed=done, total=total, description=one_line(source, 40))

                report = ingest_paths(
                    database,
                    paths,
                    actor=actor,
                    max_bytes=int(max_mb * 1e6),
                    progress=progress,
                    workers=workers,
                )
        else:
            report = ingest_paths(database, paths, actor=actor, max_bytes=int(max_mb * 1e6), workers=workers)
        wants_match = bool(report.ingested) and not no_match
        matched = match_after_ingest(database, actor=actor) if wants_match else None
    for failure in report.failed:
        click.echo(f"workbench: {one_line(failure.source)}: {one_line(failure.error)}", err=True)
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(
            f"ingested {report.ingested} document(s), skipped {report.skipped}, failed {len(report.failed)} "
            f"into {obj.db_path}"
        )
        if wants_match and matched is None:
            click.echo(f"over {AUTO_MATCH_LIMIT:,} claims: run `workbench match` to match across outlets")
        if matched is not None:
            click.echo(
                f"matched across outlets: {matched.stories} stories, {matched.disagreements} disagreements, "
                f"{matched.names} shared names"
            )
    if report.failed:
        raise click.exceptions.Exit(1)


@click.command("reextract")
@click.option("--all", "force", is_flag=True, help="Re-extract every document, not only stale ones.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reextract_cmd(obj: AppContext, force: bool, as_json: bool) -> None:
    """Re-run claim extraction after the extractor changed, keeping every reviewed claim."""
    actor = obj.reviewer or SYSTEM_ACTOR
    with obj.open() as database:
        result = reextract(database, actor=actor, force=force)
        if result["documents"]:
            run_matching(database, actor=actor)  # claims changed: stories and names follow
    if as_json:
        emit_json(result)
    else:
        click.echo(
            f"re-extracted {result['documents']} document(s): {result['added']} claims added, "
            f"{result['updated']} updated, {result['removed']} removed, {result['kept']} kept because reviewed"
        )
