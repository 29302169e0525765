"""`workbench documents` and `workbench claims`: what is in the database."""

from __future__ import annotations

import click

from workbench import queries
from workbench.actions.documents import edit_document
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.store.records import ClaimRow
from workbench.store.serialize import reason_text
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(documents)
    cli.add_command(claims)


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def documents(ctx: click.Context, as_json: bool) -> None:
    """List the documents with outlet, title, date and claim counts (``documents edit`` corrects them)."""
    if ctx.invoked_subcommand is not None:
        return
    obj: AppContext = ctx.obj
    with obj.open(create=False) as database:
        rows = queries.documents(database)
    if as_json:
        emit_json(
            [
                {
                    "id": d.id,
                    "source": d.source,
                    "outlet": d.outlet,
                    "title": d.title,
                    "published": d.published,
                    "sha256": d.sha256,
                    "chars": d.chars,
                    "claims": d.claims,
                    "author": d.author,
                    "url": d.url,
                    "version_of": d.version_of,
                    "pages": len(d.page_starts) or None,
                    "meta_sources": d.meta_sources or {},
                    "version": d.version,
                }
                for d in rows
            ]
        )
        return
    emit_table(
        f"{len(rows)} document(s) in {obj.db_path}",
        ["id", "outlet", "published", "title", "claims", "source"],
        [[d.id, d.outlet or "?", d.published or "?", d.title or "", d.claims, d.source] for d in rows],
        widths={"title": 60, "source": 40},
    )


@documents.command("edit")
@click.argument("document_id", type=int)
@click.option("--outlet", help="The outlet that published it.")
@click.option("--title", help="Its headline.")
@click.option("--published", help="Its publication date (YYYY-MM-DD); claims' relative dates follow.")
@click.option("--author", help="Who wrote it.")
@click.option("--url", help="Its web address (used as ClaimReview appearance).")
@click.option(
    "--version", "expected_version", type=int, help="Refuse if the document changed since this version."
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def edit(
    obj: AppContext,
    document_id: int,
    outlet: str | None,
    title: str | None,
    published: str | None,
    author: str | None,
    url: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Correct a document's outlet, title, date, author or address (an audited event; "" clears one)."""
    actor = obj.require_reviewer()
    changes = {"outlet": outlet, "title": title, "published": published, "author": author, "url": url}
    with obj.open(create=False) as database:
        row = edit_document(database, document_id, changes, actor=actor, expected_version=expected_version)
    if as_json:
        emit_json({"id": row.id, "outlet": row.outlet, "title": row.title, "published": row.published,
                   "author": row.author, "url": row.url, "version": row.version})  # fmt: skip
        return
    shown = ", ".join(f"{k} = {v!r}" for k, v in changes.items() if v is not None)
    click.echo(f"document {row.id} corrected by {one_line(actor)}: {one_line(shown)} (version {row.version})")


def claim_json(c: ClaimRow) -> dict[str, object]:
    return {
        "id": c.id,
        "document_id": c.document_id,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "score": c.score,
        "checkworthy": c.checkworthy,
        "reasons": [reason_text(r) for r in c.reasons],
        "speaker": c.speaker,
        "status": c.status,
        "verdict": c.verdict,
    }


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Every sentence, not only check-worthy ones.")
@click.option("--document", "document_id", type=int, help="Only claims of this document.")
@click.option("--search", help="Full-text search.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def claims(
    obj: AppContext, show_all: bool, document_id: int | None, search: str | None, as_json: bool
) -> None:
    """List claims, highest check-worthiness first (only check-worthy ones unless --all)."""
    flt = queries.ClaimFilter(checkworthy_only=not show_all, document_id=document_id, search=search)
    with obj.open(create=False) as database:
        rows = queries.all_claims(database, flt)
        pages: dict[int, int | None] = {}
        paged = {d.id for d in queries.documents(database) if d.page_starts} if as_json else set()
        for c in rows:
            if c.document_id in paged:
                pages[c.id] = queries.page_of_claim(database, c.document_id, c.start)
    if as_json:
        emit_json([claim_json(c) | ({"page": pages[c.id]} if pages.get(c.id) else {}) for c in rows])
        return
    emit_table(
        f"{len(rows)} claim(s)",
        ["id", "score", "outlet", "speaker", "status", "verdict", "text"],
        [
            [c.id, f"{c.score:.2f}", c.outlet or "?", c.speaker or "", c.status, c.verdict or "", c.text]
            for c in rows
        ],
        widths={"text": 80, "speaker": 24},
    )
