"""`workbench match`, `workbench stories` and `workbench names`: the same story and names across outlets."""

from __future__ import annotations

import click

from workbench import queries
from workbench.actions import matching
from workbench.actions.ingest import SYSTEM_ACTOR
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    for command in (match, stories, names):
        cli.add_command(command)


def _summary(summary: matching.MatchSummary) -> str:
    done = f"{summary.matched} new claims matched; " if summary.mode == "incremental" else ""
    return done + (
        f"{summary.stories} stories over {summary.claims_in_stories} of {summary.claims} claims, "
        f"{summary.disagreements} disagreements; {summary.names} names and {summary.speaker_links} speakers "
        "in two or more documents"
    )


@click.command()
@click.option("--full", is_flag=True, help="Regroup every claim, not only those added since the last run.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def match(obj: AppContext, full: bool, as_json: bool) -> None:
    """Match claims across outlets: stories, disagreements, names and speakers (respects your decisions).

    Claims added since the last run are matched against the stored ones; the first run, and --full,
    regroup every claim."""
    actor = obj.reviewer or SYSTEM_ACTOR
    with obj.open() as database:
        if full or matching.needs_full_run(database):
            summary = matching.run_matching(database, actor=actor)
        else:
            summary = matching.match_new(database, actor=actor)
    if as_json:
        emit_json(summary.to_json())
    else:
        click.echo(_summary(summary))


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=int, default=None)
@click.pass_context
def stories(ctx: click.Context, as_json: bool, limit: int | None) -> None:
    """Stories: claims of different outlets reporting the same fact, with their disagreements."""
    if ctx.invoked_subcommand is not None:
        return
    obj: AppContext = ctx.obj
    with obj.open(create=False) as database:
        rows = queries.stories(database, limit)
        texts = queries.claim_texts(database, [c for s in rows for c in s.claim_ids])
    if as_json:
        emit_json([s.to_json() for s in rows])
        return
    for story in rows:
        # Titles, texts and values come from articles: printed only through one_line (no escapes).
        click.echo(f"\nstory {story.id} ({story.strength}): {one_line(story.title)}")
        for claim_id in story.claim_ids:
            text, outlet, verdict = texts[claim_id]
            line = f"  [{claim_id}] {outlet or '?'}: {text}" + (f"  (verdict {verdict})" if verdict else "")
            click.echo(one_line(line))
        for d in story.disagreements:
            values = "; ".join(f"{v.get('value')} [{v.get('claim_id')}]" for v in d.get("values", []))
            click.echo("  " + one_line(f"disagree on {d.get('kind')}: {values}"))
        for a in story.agreements:
            count = len(a.get("claim_ids", []))
            click.echo("  " + one_line(f"agree on {a.get('kind')}: {a.get('value')} ({count} claims)"))


@stories.command("merge")
@click.argument("claim_a", type=int)
@click.argument("claim_b", type=int)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def stories_merge(obj: AppContext, claim_a: int, claim_b: int, reviewer: str | None, as_json: bool) -> None:
    """Put CLAIM_A and CLAIM_B in one story (kept in every later matching run)."""
    with obj.open() as database:
        summary = matching.merge_stories(database, claim_a, claim_b, actor=obj.require_reviewer(reviewer))
    _print_summary(summary, as_json)


@stories.command("split")
@click.argument("claim_id", type=int)
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def stories_split(obj: AppContext, claim_id: int, reviewer: str | None, as_json: bool) -> None:
    """Take CLAIM_ID out of its story (kept in every later matching run)."""
    with obj.open() as database:
        summary = matching.split_claim(database, claim_id, actor=obj.require_reviewer(reviewer))
    _print_summary(summary, as_json)


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=int, default=None)
@click.pass_context
def names(ctx: click.Context, as_json: bool, limit: int | None) -> None:
    """People, organisations and places named in two or more documents, with their spellings."""
    if ctx.invoked_subcommand is not None:
        return
    obj: AppContext = ctx.obj
    with obj.open(create=False) as database:
        rows = queries.names(database, limit)
    if as_json:
        emit_json([n.to_json() for n in rows])
        return
    emit_table(
        f"{len(rows)} name(s)",
        ["id", "name", "kind", "documents", "mentions", "variants"],
        [[n.id, n.name, n.kind, n.documents, n.mentions, ", ".join(n.variants)] for n in rows],
        widths={"variants": 60},
    )


def _print_summary(summary: matching.MatchSummary, as_json: bool) -> None:
    if as_json:
        emit_json(summary.to_json())
    else:
        click.echo(_summary(summary))


def _link(obj: AppContext, a: str, b: str, reviewer: str | None, linked: bool, as_json: bool) -> None:
    with obj.open() as database:
        summary = matching.link_name(database, a, b, actor=obj.require_reviewer(reviewer), linked=linked)
    _print_summary(summary, as_json)


@names.command("link")
@click.argument("a")
@click.argument("b")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def names_link(obj: AppContext, a: str, b: str, reviewer: str | None, as_json: bool) -> None:
    """Say names A and B are the same entity."""
    _link(obj, a, b, reviewer, True, as_json)


@names.command("unlink")
@click.argument("a")
@click.argument("b")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def names_unlink(obj: AppContext, a: str, b: str, reviewer: str | None, as_json: bool) -> None:
    """Say names A and B are different entities (e.g. two people sharing a surname)."""
    _link(obj, a, b, reviewer, False, as_json)
