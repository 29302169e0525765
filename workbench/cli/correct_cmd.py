"""`workbench correct speaker|span`: a reviewer's corrections of a claim, each an audited event."""

from __future__ import annotations

import click

from workbench.actions import corrections
from workbench.cli.context import AppContext, emit_json
from workbench.cli.inspect_cmd import claim_json
from workbench.errors import InputError
from workbench.store.records import ClaimRow
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(correct)


@click.group()
def correct() -> None:
    """Correct a claim's speaker or span (the extraction as first made is kept)."""


def _print(row: ClaimRow, as_json: bool) -> None:
    if as_json:
        emit_json(claim_json(row))
        return
    speaker = row.speaker or "none (the outlet)"
    click.echo(one_line(f"claim {row.id} (version {row.version}), speaker {speaker}: {row.text}"))


@correct.command("speaker")
@click.argument("claim_id", type=int)
@click.argument("speaker")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--version", "expected_version", type=int, help="Fail if the claim changed since this version.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def speaker_cmd(
    obj: AppContext,
    claim_id: int,
    speaker: str,
    reviewer: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Set who makes CLAIM_ID: a name, or "none" when the outlet itself asserts it."""
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        row = corrections.correct_speaker(
            database, claim_id, speaker, actor=actor, expected_version=expected_version
        )
    _print(row, as_json)


@correct.command("span")
@click.argument("claim_id", type=int)
@click.option("--previous", "direction", flag_value="previous", help="Take in the previous sentence.")
@click.option("--next", "direction", flag_value="next", help="Take in the next sentence.")
@click.option("--keep", metavar="TEXT", help="Keep only this part of the claim (its exact words).")
@click.option("--reviewer", "reviewer", metavar="NAME")
@click.option("--version", "expected_version", type=int, help="Fail if the claim changed since this version.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def span_cmd(
    obj: AppContext,
    claim_id: int,
    direction: str | None,
    keep: str | None,
    reviewer: str | None,
    expected_version: int | None,
    as_json: bool,
) -> None:
    """Extend CLAIM_ID to the previous or next sentence, or trim it to a part of itself."""
    if (direction is None) == (keep is None):
        raise InputError("say one of --previous, --next or --keep TEXT")
    actor = obj.require_reviewer(reviewer)
    with obj.open() as database:
        if keep is not None:
            row = corrections.trim_span(
                database, claim_id, keep, actor=actor, expected_version=expected_version
            )
        else:
            row = corrections.extend_span(
                database, claim_id, str(direction), actor=actor, expected_version=expected_version
            )
    _print(row, as_json)
