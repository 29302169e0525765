"""`workbench datasette-metadata`: the database explains itself in Datasette."""

from __future__ import annotations

import json
from pathlib import Path

import click

from workbench.cli.context import AppContext
from workbench.datasette_metadata import datasette_metadata
from workbench.export.writer import missing_folder


def register(cli: click.Group) -> None:
    cli.add_command(datasette_metadata_cmd)


@click.command("datasette-metadata")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (default: standard output)."
)
@click.option("--json", "as_json", is_flag=True, help="With -o: print what was written as JSON.")
@click.pass_obj
def datasette_metadata_cmd(obj: AppContext, output: str | None, as_json: bool) -> None:
    """Describe tables and columns, label columns and canned queries for Datasette (datasette DB -m FILE)."""
    with obj.open(create=False):
        pass  # a bad path or a file that is not a review database fails here, in one line
    text = json.dumps(datasette_metadata(obj.db_path.stem), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    from workbench.errors import InputError
    from workbench.export import free_path

    target = Path(output)
    problem = missing_folder(target)
    if problem is not None:
        raise InputError(str(problem))
    written = free_path(target)
    written.write_text(text, encoding="utf-8")
    if as_json:
        click.echo(json.dumps({"path": str(written.resolve())}))
    else:
        click.echo(
            f"wrote {written.resolve()}"
            + (f" ({target} already existed and was kept)" if written != target else "")
        )
