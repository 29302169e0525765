"""`workbench documents`, `workbench claims` and `workbench show`: what is in the database."""

from __future__ import annotations

from datetime import date

import click

from workbench import queries
from workbench.actions.documents import edit_document
from workbench.claim_view import claim_view
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.errors import InputError
from workbench.store.records import ClaimRow
from workbench.store.serialize import reason_text
from workbench.text.checkworthy_semantic import PROVISIONAL
from workbench.text.safe import one_line, printable


def register(cli: click.Group) -> None:
    cli.add_command(documents)
    cli.add_command(claims)
    cli.add_command(show)


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def documents(ctx: click.Context, as_json: bool) -> None:
    """List the documents with outlet, title, date and claim counts (`documents show ID` reads one,
    `documents edit ID` corrects one)."""
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


@documents.command("show")
@click.argument("document_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def documents_show(obj: AppContext, document_id: int, as_json: bool) -> None:
    """One document: its metadata, text, junk spans and claims."""
    with obj.open(create=False) as database:
        view = queries.document(database, document_id)
    d = view.document
    if as_json:
        emit_json(
            {
                "id": d.id,
                "source": d.source,
                "outlet": d.outlet,
                "title": d.title,
                "published": d.published,
                "author": d.author,
                "place": d.place,
                "sha256": d.sha256,
                "ingested_at": d.ingested_at,
                "text": view.text,
                "junk": [{"start": j.start, "end": j.end, "reason": j.reason} for j in view.junk],
                "claims": [claim_json(c) for c in view.claims],
            }
        )
        return
    click.echo(one_line(f"document {d.id}: {d.title or 'untitled'}"))
    click.echo(one_line(f"{d.outlet or 'unknown outlet'} · {d.published or 'date unknown'} · {d.source}"))
    checkworthy = sum(c.checkworthy for c in view.claims)
    click.echo(f"{len(view.claims)} sentences, {checkworthy} check-worthy; {len(view.junk)} junk spans")
    click.echo("")
    click.echo(printable(view.text))


def _date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{option} takes a date like 2019-05-28, not '{value}'") from None


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Every sentence, not only check-worthy ones.")
@click.option("--document", "document_id", type=int, help="Only claims of this document.")
@click.option("--status", help="unreviewed, in_progress, needs_second_opinion, reviewed, dismissed, skipped.")
@click.option("--verdict", help="A label id of the scale (see `workbench scale`), or none.")
@click.option("--outlet", help="Only claims from this outlet.")
@click.option("--speaker", help="Only claims by this speaker (exact).")
@click.option("--story", "story_id", type=int, help="Only claims of this story (see `workbench stories`).")
@click.option("--reviewer", "by_reviewer", help="Only claims last changed by this reviewer.")
@click.option("--flagged", is_flag=True, help="Only claims flagged for a second opinion.")
@click.option("--since", help="Articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Articles published on or before this date (YYYY-MM-DD).")
@click.option("--search", help="Full-text search.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def claims(
    obj: AppContext,
    show_all: bool,
    document_id: int | None,
    status: str | None,
    verdict: str | None,
    outlet: str | None,
    speaker: str | None,
    story_id: int | None,
    by_reviewer: str | None,
    flagged: bool,
    since: str | None,
    until: str | None,
    search: str | None,
    as_json: bool,
) -> None:
    """List claims, highest check-worthiness first (only check-worthy ones unless --all).

    Takes every filter the review TUI has.
    """
    flt = queries.ClaimFilter(
        checkworthy_only=not show_all,
        document_id=document_id,
        status=status,
        verdict=verdict,
        outlet=outlet,
        speaker=speaker,
        story_id=story_id,
        reviewer=by_reviewer,
        flagged=True if flagged else None,
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        search=search,
    )
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


@click.command()
@click.argument("claim_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def show(obj: AppContext, claim_id: int, as_json: bool) -> None:
    """Everything the claim view shows: text, document, speaker, score and reasons, verdict, rationale,
    sign-off, evidence, notes, history, other outlets' versions and similar claims judged before.
    """
    from workbench.cli.same_claim_cmd import load_encoder

    encoder = load_encoder(obj)
    with obj.open(create=False) as database:
        view = claim_view(database, claim_id, encoder)
    if as_json:
        emit_json(view)
        return
    doc = view["document"]
    line = click.echo
    line(
        one_line(
            f"claim {view['id']} · {doc['outlet'] or 'unknown outlet'} · {doc['published'] or 'date unknown'}"
        )
    )
    line(one_line(f"document {doc['id']}: {doc['title'] or 'untitled'}"))
    line("")
    line(one_line(view["text"]))
    line("")
    line(one_line(f"speaker: {view['speaker'] or 'none (the outlet asserts it)'}"))
    cw = "check-worthy" if view["checkworthy"] else "not check-worthy"
    line(
        f"score: {view['score']:.2f} ({cw}); status: {view['status']}"
        + ("; flagged" if view["flagged"] else "")
    )
    line(one_line(f"verdict: {view['verdict_label'] or 'none yet'} ({view['scale']['name']})"))
    line(f"sign-off: {view['sign_off']['summary']}")
    line("rationale: " + (one_line(view["rationale"]) if view["rationale"] else "none yet"))
    line("why this score:")
    for reason in view["reasons"]:
        line("  " + one_line(reason))
    if view["score_provisional"]:
        line("  " + PROVISIONAL)
    line(f"evidence ({len(view['evidence'])}):")
    for item in view["evidence"]:
        line("  " + one_line(f"[{item['stance']}] {item['url']} {item['status']}"))
    line(f"notes ({len(view['notes'])}):")
    for note in view["notes"]:
        line("  " + one_line(f"{note['created_at'][:16]} {note['author']}: {note['text']}"))
    for story in view["stories"]:
        line(one_line(f"same story in other outlets ({story['strength']}): {story['title']}"))
        for other in story["claims"]:
            line("  " + one_line(f"[{other['id']}] {other['outlet'] or '?'}: {other['text']}"))
    if view["checked_before"]:
        line("checked before:")
        for other in view["checked_before"]:
            where = f"#{other['id']}" if other["kind"] == "claim" else f"fact-check {other['id']}"
            line("  " + one_line(f"{other['label']}: [{other['verdict_label']}] {other['text']} ({where})"))
            line("      " + one_line("; ".join(other["why"]), 140))
    if view["similar_in_other_outlets"]:
        line("similar claims in other outlets (by meaning):")
        for other in view["similar_in_other_outlets"]:
            story = ", same story" if other["same_story"] else ""
            line("  " + one_line(f"[{other['id']}] {other['outlet'] or '?'}{story}: {other['text']}"))
            line("      " + one_line("; ".join(other["why"]), 140))
    line(f"history ({len(view['history'])} events):")
    for event in view["history"]:
        line("  " + one_line(f"{event['ts'][:19]} {event['actor']} {event['action']}", 120))
