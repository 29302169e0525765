"""`workbench ingest` and `workbench reextract`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from workbench.actions.ingest import SYSTEM_ACTOR, ingest_paths
from workbench.actions.matching import AUTO_MATCH_LIMIT, match_after_ingest, run_matching
from workbench.actions.reextract import reextract
from workbench.cli.context import AppContext, emit_json, stderr_console
from workbench.errors import InputError
from workbench.reading.given import Given, normalise
from workbench.reading.web import ingest_policy
from workbench.text.safe import one_line


def batch_given(**flags: str | None) -> Given | None:
    """The metadata flags (``--outlet`` ...) as stated values for every document of the batch."""
    stated = {k: v for k, v in flags.items() if v}
    if not stated:
        return None
    checked = normalise(stated, "the command line")
    return Given(checked.values, {k: f"--{k}" for k in checked.values})


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
@click.option("--outlet", help="Outlet of every document in this batch.")
@click.option("--published", help="Publication date of every document in this batch (YYYY-MM-DD).")
@click.option("--url", "url", help="Web address of the article(s) in this batch.")
@click.option("--title", help="Headline of the document(s) in this batch.")
@click.option("--author", help="Author of the document(s) in this batch.")
@click.option("--allow-private", is_flag=True, help="Let URLs reach private or loopback addresses.")
@click.pass_obj
def ingest(
    obj: AppContext,
    paths: tuple[str, ...],
    as_json: bool,
    max_mb: float,
    workers: int | None,
    no_match: bool,
    outlet: str | None,
    published: str | None,
    url: str | None,
    title: str | None,
    author: str | None,
    allow_private: bool,
) -> None:
    """Read articles (files, folders recursively, - for stdin, or http(s) URLs), extract claims, store them.

    URLs are fetched through the same guarded client as evidence links. Metadata comes from the
    flags, a sidecar NAME.json, front matter, the page or text, then the file name. The same content
    ingested twice is one document; a changed page at the same address is a new version. Exit code 1
    when any input failed.
    """
    actor = obj.reviewer or SYSTEM_ACTOR
    if url and (len(paths) > 1 or Path(paths[0]).is_dir()):
        raise InputError("--url names one article's address: give it with one file, not a batch")
    given = batch_given(outlet=outlet, published=published, url=url, title=title, author=author)
    policy = ingest_policy(int(max_mb * 1e6), allow_private=allow_private or obj.settings.allow_private)
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
                    given=given,
                    fetch_policy=policy,
                )
        else:
            report = ingest_paths(
                database,
                paths,
                actor=actor,
                max_bytes=int(max_mb * 1e6),
                workers=workers,
                given=given,
                fetch_policy=policy,
            )
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
