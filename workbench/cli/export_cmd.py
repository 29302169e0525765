"""`workbench export`: verdict reports in Markdown, HTML, CSV, JSONL or ClaimReview JSON-LD."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from workbench.cli.context import AppContext, emit_json, stderr_console
from workbench.errors import InputError, WorkbenchError
from workbench.export import FORMATS, ExportError, render, write_report
from workbench.export.build import build_report
from workbench.export.model import ClaimProblem, Organisation
from workbench.store.report import ReportFilter


def register(cli: click.Group) -> None:
    cli.add_command(export)


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: standard output)."
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--status", help="Only claims with this workflow status.")
@click.option("--verdict", help="Only claims with this verdict (label id).")
@click.option("--outlet", help="Only claims from this outlet.")
@click.option("--reviewer", "by_reviewer", help="Only claims this reviewer judged.")
@click.option("--story", type=int, help="Only claims of this story.")
@click.option("--since", help="Articles published on or after YYYY-MM-DD.")
@click.option("--until", help="Articles published on or before YYYY-MM-DD.")
@click.option("--signed-off", is_flag=True, help="Only verdicts whose sign-off quorum is met.")
@click.option("--all", "include_unreviewed", is_flag=True, help="Include claims without a verdict.")
@click.option("--organisation", help="Publishing organisation (ClaimReview author; default from the config).")
@click.option(
    "--review-url",
    help="Where reviews are published: a template such as https://example.org/checks/{id}, or a base "
    "(BASE/claims/ID). Default: review_url in the config file. `workbench publish` sets one claim's.",
)
@click.option(
    "--include-notes", is_flag=True, help="Include reviewers' internal notes (left out by default)."
)
@click.option("--json", "as_json", is_flag=True, help="With -o: print what was written as JSON.")
@click.pass_obj
def export(
    obj: AppContext,
    fmt: str,
    output: str | None,
    force: bool,
    status: str | None,
    verdict: str | None,
    outlet: str | None,
    by_reviewer: str | None,
    story: int | None,
    since: str | None,
    until: str | None,
    signed_off: bool,
    include_unreviewed: bool,
    organisation: str | None,
    review_url: str | None,
    include_notes: bool,
    as_json: bool,
) -> None:
    """Export a verdict report. Every report names the database, time, filters and audit head it came from."""
    for value, name in ((since, "--since"), (until, "--until")):
        if value and not (len(value) == 10 and value[4] == "-" and value[7] == "-"):
            raise InputError(f"{name} takes a date like 2019-05-28, not '{value}'")
    flt = ReportFilter(
        status=status,
        verdict=verdict,
        outlet=outlet,
        reviewer=by_reviewer,
        story=story,
        since=since,
        until=until,
        signed_off=signed_off,
        include_unreviewed=include_unreviewed,
    )
    settings = obj.settings
    org_name = organisation or settings.organisation_name
    base_url = review_url or settings.review_url or settings.organisation_url
    if review_url is not None and not review_url.lower().startswith(("http://", "https://")):
        raise InputError(
            f"--review-url takes an http(s) address such as https://example.org/checks/{{id}}, not {review_url!r}"
        )
    publisher = Organisation(org_name, settings.organisation_url) if org_name else None
    problems: list[ClaimProblem] = []
    with obj.open(create=False) as database:
        report = build_report(
            database, flt, organisation=publisher, review_url=base_url, include_notes=include_notes
        )
        try:
            if output:
                result = write_report(
                    output,
                    lambda out: render(report, fmt, out, on_problem=problems.append),
                    force=force,
                    database=obj.db_path,
                )
            else:
                result = render(report, fmt, sys.stdout, on_problem=problems.append)
        except ExportError as exc:
            raise WorkbenchError(str(exc)) from exc
    stderr_console()
    for problem in problems:
        click.echo(
            f"workbench: claim {problem.claim_id}: {'; '.join(problem.messages)}"
            + (" (left out)" if problem.skipped else ""),
            err=True,
        )
    if output:
        path = Path(output).resolve()
        if as_json:
            emit_json(
                {
                    "path": str(path),
                    "format": fmt,
                    "claims": result.claims,
                    "written": result.written,
                    "problems": len(problems),
                }
            )
        else:
            click.echo(f"wrote {result.claims} claim(s) as {fmt} to {path}", err=True)
    left_out = [p for p in problems if p.skipped]
    if left_out:
        reasons = left_out_reasons(left_out)
        click.echo(f"workbench: left out {len(left_out)} of {result.claims} claim(s): {reasons}", err=True)
    if fmt == "claimreview" and result.written == 0:
        why = "no claim was selected" if result.claims == 0 else "every selected claim was left out"
        hint = (
            " (only claims with a verdict are exported; --all includes the rest)"
            if result.claims == 0 and not include_unreviewed
            else ""
        )
        click.echo(f"workbench: error: no ClaimReview written: {why}{hint}", err=True)
        raise click.exceptions.Exit(1)


def left_out_reasons(left_out: list[ClaimProblem]) -> str:
    """``3 missing url (...); 1 missing reviewRating``: each REQUIRED property missing, with a count."""
    counts: dict[str, int] = {}
    for problem in left_out:
        for message in problem.messages:
            if message.startswith("error: "):
                reason = message.removeprefix("error: ")
                counts[reason] = counts.get(reason, 0) + 1
    hints = {
        "missing url": " - pass --review-url https://example.org/checks/{id} or run `workbench publish ID URL`",
    }
    parts = []
    for reason, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        hint = next((h for key, h in hints.items() if reason.startswith(key)), "")
        parts.append(f"{n} {reason}{hint}")
    return "; ".join(parts)
