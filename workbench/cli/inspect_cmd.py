"""`workbench documents` and `workbench claims`: what is in the database."""

from __future__ import annotations

import click

from workbench import queries
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.store.records import ClaimRow
from workbench.store.serialize import reason_text


def register(cli: click.Group) -> None:
    cli.add_command(documents)
    cli.add_command(claims)


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def documents(obj: AppContext, as_json: bool) -> None:
    """List the documents with outlet, title, date and claim counts."""
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
    if as_json:
        emit_json([claim_json(c) for c in rows])
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
