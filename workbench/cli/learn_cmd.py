"""``workbench learn``: adjust the check-worthiness scores to the team's own decisions, or go back."""

from __future__ import annotations

import click

from workbench.actions import learn as learning
from workbench.cli.context import AppContext, emit_json


def register(cli: click.Group) -> None:
    cli.add_command(learn)


@click.command()
@click.option("--reset", is_flag=True, help="Go back to the shipped model (audited) and re-score.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary.")
@click.pass_obj
def learn(obj: AppContext, reset: bool, as_json: bool) -> None:
    """Fit the score adjustment on every triage decision and verdict in the database, then re-score.

    Check-worthy triage and any verdict count as check-worthy, not-check-worthy triage as not. The fit
    re-weighs the scorer's parts (hand features, words, meaning); each claim's reasons then say "adjusted
    by your team's N decisions" and what changed. It also runs by itself once 25 new decisions have come
    since the last fit (when the TUI or `workbench vectors` fills vectors)."""
    actor = obj.reviewer or learning.AUTO_ACTOR
    with obj.open(create=False) as database:
        if reset:
            rescored = learning.reset(database, actor=actor)
            if as_json:
                emit_json({"model": "shipped", "rescored": rescored})
            else:
                click.echo(f"back to the shipped model; {rescored} claims re-scored")
            return
        learned = learning.learn(database, actor=actor)
    if as_json:
        emit_json(learned.to_json())
        return
    a = learned.adjustment
    click.echo(
        f"learned from {a.decisions} decisions ({a.positives} check-worthy): {a.describe()}; "
        f"{learned.rescored} claims re-scored (model {learned.digest[:12]})"
    )
