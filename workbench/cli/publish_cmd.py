"""`workbench summary` and `workbench publish`: what a ClaimReview needs from the reviewer."""

from __future__ import annotations

import click

from workbench.actions.publish import set_review_url, set_summary, summary_warning
from workbench.cli.context import AppContext
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(summary)
    cli.add_command(publish)


@click.command()
@click.argument("claim_id", type=int)
@click.argument("text")
@click.option(
    "--version", "expected_version", type=int, help="Refuse if the claim changed since this version."
)
@click.pass_obj
def summary(obj: AppContext, claim_id: int, text: str, expected_version: int | None) -> None:
    """Write the claim as checked (ClaimReview claimReviewed; Google advises under 75 characters).

    An empty TEXT clears it, and the sentence itself is used again.
    """
    actor = obj.require_reviewer()
    with obj.open(create=False) as database:
        claim = set_summary(database, claim_id, text, actor=actor, expected_version=expected_version)
    warning = summary_warning(text)
    click.echo(f"claim {claim.id}: summary {'set' if text.strip() else 'cleared'} (version {claim.version})")
    if warning:
        click.echo(f"workbench: warning: {warning}", err=True)


@click.command()
@click.argument("claim_id", type=int)
@click.argument("url")
@click.option(
    "--version", "expected_version", type=int, help="Refuse if the claim changed since this version."
)
@click.pass_obj
def publish(obj: AppContext, claim_id: int, url: str, expected_version: int | None) -> None:
    """Record the address where this claim's review is published (ClaimReview url; "" clears it)."""
    actor = obj.require_reviewer()
    with obj.open(create=False) as database:
        claim = set_review_url(database, claim_id, url, actor=actor, expected_version=expected_version)
    click.echo(
        f"claim {claim.id}: review published at {one_line(url) or '(cleared)'} (version {claim.version})"
    )
