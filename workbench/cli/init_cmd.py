"""`workbench init`: create a review database, or add the workbench tables to an existing SQLite file."""

from __future__ import annotations

import click

from workbench.cli.context import AppContext
from workbench.store.database import open_database


def register(cli: click.Group) -> None:
    cli.add_command(init)


@click.command()
@click.option(
    "--adopt",
    is_flag=True,
    help="The file is a SQLite database of someone else's: add the workbench tables beside its own.",
)
@click.pass_obj
def init(obj: AppContext, adopt: bool) -> None:
    """Create the review database (other commands create it too), or adopt an existing SQLite file.

    Example: workbench --db desk.db init
    """
    existed = obj.db_path.exists()
    with open_database(obj.db_path, allow_network_fs=obj.allow_network_fs, adopt=adopt):
        pass
    what = "added the workbench tables to" if existed and adopt else "ready:" if existed else "created"
    click.echo(f"{what} {obj.db_path}")
