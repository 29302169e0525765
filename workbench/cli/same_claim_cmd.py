"""`workbench factchecks`, `workbench vectors` and `workbench similar`: the same claim by meaning."""

from __future__ import annotations

import sys

import click

from workbench.actions import rescore, same_claim
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.errors import InputError
from workbench.processes import usable_cores
from workbench.store import factchecks as fc_store
from workbench.text import encoder as enc
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(factchecks)
    cli.add_command(vectors)
    cli.add_command(similar)


def load_encoder(obj: AppContext, threads: int = 1) -> enc.SentenceEncoder | None:
    s = obj.settings
    model = None if s.encoder_model is None else s.encoder_model
    encoder = enc.load_encoder(model, sha256=s.encoder_sha256, tokenizer=s.encoder_tokenizer, threads=threads)
    problem = enc.unavailable_message()
    if encoder is None and problem is not None:
        click.echo(problem, err=True)
    return encoder


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per fact-check.")
@click.option("--limit", type=int, default=None, help="Show at most N.")
@click.pass_context
def factchecks(ctx: click.Context, as_json: bool, limit: int | None) -> None:
    """Others' fact-checks (ClaimReview), kept apart from our claims; lists them without a subcommand."""
    if ctx.invoked_subcommand is not None:
        return
    obj: AppContext = ctx.obj
    with obj.open(create=False) as database:
        rows = fc_store.list_factchecks(database.conn, limit)
    if as_json:
        for row in rows:
            emit_json(
                {
                    "id": row.id,
                    "claim": row.claim,
                    "title": row.title,
                    "rating": row.rating,
                    "url": row.url,
                    "publisher": row.publisher,
                    "date": row.published,
                    "language": row.language,
                    "source": row.source,
                }
            )
        return
    emit_table(
        f"{len(rows)} fact-checks",
        ["id", "claim", "rating", "publisher", "date"],
        [
            [
                row.id,
                one_line(row.claim, 70),
                one_line(row.rating or "", 20),
                one_line(row.publisher or "", 24),
                (row.published or "")[:10],
            ]
            for row in rows
        ],
    )


@factchecks.command("import")
@click.argument("sources", nargs=-1, required=True)
@click.option("--allow-private", is_flag=True, help="Let URLs reach private or loopback addresses.")
@click.option(
    "--vectors/--no-vectors",
    "vectors_now",
    default=None,
    help="Encode every new fact-check now, with progress (--vectors), or none (--no-vectors). "
    f"Default: now when at most {same_claim.ENCODE_NOW} texts wait, else left to `workbench vectors`.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per source.")
@click.pass_obj
def import_cmd(
    obj: AppContext, sources: tuple[str, ...], allow_private: bool, vectors_now: bool | None, as_json: bool
) -> None:
    """Import ClaimReview JSON-LD (object, list, @graph, DataFeed) or CSV/JSONL with a `claim` column.

    Each file or URL is one audited event; the same file imported again adds nothing. The new
    fact-checks are stored first; their sentence vectors are computed on the spot when few, else by
    `workbench vectors` (or the workbench in the background), and they are found by their words until then.
    """
    actor = obj.require_reviewer()
    allow = allow_private or obj.settings.allow_private
    with obj.open() as database:
        results = [
            same_claim.import_factchecks(database, s, actor=actor, allow_private=allow) for s in sources
        ]
        for r in results:
            if as_json:
                emit_json(
                    {
                        "source": r.source,
                        "format": r.format,
                        "items": r.items,
                        "added": r.added,
                        "import": r.import_id,
                        "already_imported": r.already,
                    }
                )
            elif r.already:
                click.echo(
                    f"{one_line(r.source, 100)}: already imported (import {r.import_id}); nothing added"
                )
            else:
                click.echo(
                    f"{one_line(r.source, 100)}: {r.added} of {r.items} fact-checks added ({r.format})"
                )
        if vectors_now is False or not any(r.added for r in results):
            return
        encoder = load_encoder(obj)
        if encoder is None:
            return
        if vectors_now:
            same_claim.fill_vectors(database, encoder, progress=None if as_json else _progress)
            return
        filled = same_claim.fill_vectors_if_few(database, encoder)
        if filled.waiting:
            click.echo(same_claim.waiting_message(filled.waiting), err=True)


def _progress(done: int, total: int) -> None:
    click.echo(f"\r{done}/{total} encoded", nl=done == total, err=True)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.option("--limit", type=int, default=None, help="Encode at most N texts this time (the rest later).")
@click.option(
    "--threads",
    type=int,
    default=None,
    help="Encoder threads (default: every core this process may use; the TUI's background fill uses one).",
)
@click.pass_obj
def vectors(obj: AppContext, as_json: bool, limit: int | None, threads: int | None) -> None:
    """Encode every claim and fact-check that has no current sentence vector (derived data, in batches).

    Vectors let `similar` and "checked before?" find paraphrases, and let the claim view list similar
    claims in other outlets; the TUI also fills them in the background. Claims with a vector then get the
    semantic part of their check-worthiness score."""
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    if threads is not None and threads < 1:
        raise InputError("--threads must be at least 1")
    threads = threads or usable_cores()
    encoder = load_encoder(obj, threads=threads)
    if encoder is None:
        raise InputError("no sentence model available, so no vectors to compute")

    with obj.open(create=False) as database:
        count = same_claim.fill_vectors(
            database, encoder, progress=None if as_json else _progress, all_claims=True, limit=limit
        )
        rescored = rescore.rescore_semantic(database, actor=obj.reviewer or "system:ingest")
    if as_json:
        emit_json({"encoded": count, "model": encoder.name, "rescored": rescored, "threads": threads})
    else:
        click.echo(
            f"{count} vectors computed with {encoder.name}; {rescored} claims re-scored with their meaning"
        )
        if count:
            click.echo("run `workbench match --full` to group stories by meaning with them too")


@click.command()
@click.argument("texts", nargs=-1)
@click.option("--limit", type=int, default=5, show_default=True, help="Matches per text.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per text.")
@click.pass_obj
def similar(obj: AppContext, texts: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Reviewed claims and imported fact-checks that state the same claim (stdin lines without TEXT)."""
    if limit < 1:
        raise InputError("--limit must be at least 1")
    queries = list(texts) or [line.strip() for line in sys.stdin if line.strip()]
    if not queries:
        raise InputError("give a claim to look for, as arguments or on stdin")
    encoder = load_encoder(obj)
    with obj.open(create=False) as database:
        if encoder is not None:
            filled = same_claim.fill_vectors_if_few(database, encoder)
            if filled.waiting:
                click.echo(same_claim.waiting_message(filled.waiting), err=True)
        results = same_claim.similar(database, queries, encoder=encoder, limit=limit)
    for text, matches in zip(queries, results, strict=True):
        if as_json:
            emit_json({"text": text, "matches": [m.as_json() for m in matches]})
            continue
        click.echo(one_line(text, 120))
        if not matches:
            click.echo("  no match")
        for m in matches:
            label = f" [{m.label}]" if m.label else ""
            click.echo(f"  {m.score:.2f} {m.kind} {m.id}{label}: {one_line(m.text, 100)}")
            click.echo(f"       {one_line('; '.join(m.why), 140)}")
