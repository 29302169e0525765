"""`workbench watch`: poll RSS/Atom feeds and ingest new articles."""

from __future__ import annotations

import time

import click

from workbench.actions.matching import match_after_ingest
from workbench.actions.watch import SYSTEM_ACTOR, HostPacer, PollResult, Robots, check_feed_address, poll_feed
from workbench.cli.context import AppContext, emit_json, emit_table
from workbench.errors import InputError
from workbench.evidence.fetch import make_client
from workbench.reading.web import ingest_policy
from workbench.store import feeds as feed_store
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(watch)


@click.command()
@click.argument("feeds", nargs=-1)
@click.option("--every", type=float, default=15.0, show_default=True, help="Minutes between polls.")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron).")
@click.option("--list", "list_feeds", is_flag=True, help="List the watched feeds and their last poll.")
@click.option(
    "--rate", type=float, default=1.0, show_default=True, help="Seconds between requests to one host."
)
@click.option("--max-mb", type=float, default=10.0, show_default=True, help="Largest article accepted.")
@click.option("--allow-private", is_flag=True, help="Let feeds reach private or loopback addresses.")
@click.option("--no-match", is_flag=True, help="Skip cross-outlet matching after new articles.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per poll of a feed.")
@click.pass_obj
def watch(
    obj: AppContext,
    feeds: tuple[str, ...],
    every: float,
    once: bool,
    list_feeds: bool,
    rate: float,
    max_mb: float,
    allow_private: bool,
    no_match: bool,
    as_json: bool,
) -> None:
    """Poll RSS/Atom feeds (given, or every stored one) and ingest their new items.

    Conditional requests (ETag / Last-Modified) keep an unchanged feed cheap; robots.txt is honoured
    and one host gets at most one request per --rate seconds. Without --once it polls every --every
    minutes until interrupted. Exit code 1 when a poll failed (with --once).
    """
    if every <= 0 or rate < 0:
        raise InputError("--every must be above 0 minutes and --rate at least 0 seconds")
    if list_feeds:
        with obj.open(create=False) as database:
            rows = feed_store.list_feeds(database.conn)
        if as_json:
            emit_json([_row_json(row) for row in rows])
            return
        emit_table(
            f"{len(rows)} feed(s) watched in {obj.db_path}",
            ["id", "url", "title", "last poll", "status", "items", "documents"],
            [
                [
                    r.id,
                    r.url,
                    r.title or "",
                    r.last_polled_at or "never",
                    r.last_status or "",
                    r.items_seen,
                    r.documents,
                ]
                for r in rows
            ],
            widths={"url": 50, "title": 30},
        )
        return
    for url in feeds:
        check_feed_address(url)
    actor = obj.reviewer or SYSTEM_ACTOR
    policy = ingest_policy(int(max_mb * 1e6), allow_private=allow_private or obj.settings.allow_private)
    any_failed = False
    with obj.open() as database:
        targets = list(feeds) or [row.url for row in feed_store.list_feeds(database.conn)]
        if not targets:
            raise InputError(
                "no feeds to watch: give a feed address (workbench watch https://example.org/feed.xml)"
            )
        pacer = HostPacer(rate)
        while True:
            documents = 0
            with make_client(policy) as client:
                robots = Robots(policy, client, pacer)  # robots.txt is read again each round
                for url in targets:
                    result = poll_feed(
                        database, url, policy=policy, client=client, pacer=pacer, robots=robots, actor=actor
                    )
                    documents += result.documents
                    any_failed |= result.status in ("failed", "refused") or bool(result.failed)
                    _show(result, as_json)
            if documents and not no_match:
                match_after_ingest(database, actor=actor)
            if once:
                break
            time.sleep(every * 60)
    if any_failed:
        raise click.exceptions.Exit(1)


def _row_json(row: feed_store.FeedRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in row.__slots__}


def _show(result: PollResult, as_json: bool) -> None:
    if as_json:
        emit_json(result.to_json())
    else:
        stamp = time.strftime("%H:%M:%S")
        line = f"{stamp} {one_line(result.feed, 60)}: {result.status}"
        if result.new_items:
            line += f", {result.new_items} new item(s), {result.documents} document(s) ingested"
        click.echo(line)
    if result.error:
        click.echo(f"workbench: {one_line(result.feed)}: {one_line(result.error)}", err=True)
    for url, error in result.failed:
        click.echo(f"workbench: {one_line(url)}: {one_line(error)}", err=True)
