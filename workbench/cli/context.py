"""What every command needs: the settings, the database path, the reviewer, and output helpers."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from workbench.actions import identity
from workbench.config import Settings, load_settings
from workbench.errors import InputError
from workbench.store import signatures
from workbench.store.database import ReviewDatabase, open_database
from workbench.store.reviewers import validate_user_name
from workbench.text.safe import one_line

DEFAULT_DB = "workbench.db"


@dataclass
class AppContext:
    settings: Settings
    db_path: Path
    reviewer: str | None
    allow_network_fs: bool
    acting: tuple[str, identity.Seen] | None = None
    """The reviewer a command named and what their name was before it ran."""

    current: ClassVar[AppContext | None] = None
    """The context of the command running now, so a failure deep inside can name the database."""

    @classmethod
    def create(cls, *, db_path: str | None, reviewer: str | None, allow_network_fs: bool) -> AppContext:
        settings = load_settings()
        path = Path(db_path or settings.db or DEFAULT_DB).expanduser()
        chosen = reviewer or settings.reviewer
        # a name from the flag, the environment or the config is a person's: never a system: actor
        cls.current = cls(settings, path, validate_user_name(chosen) if chosen else None, allow_network_fs)
        if settings.signing_key:
            signatures.use_key(Path(settings.signing_key).expanduser())
        return cls.current

    def open(self, *, bulk: bool = False, create: bool = True) -> ReviewDatabase:
        return open_database(self.db_path, allow_network_fs=self.allow_network_fs, bulk=bulk, create=create)

    def require_reviewer(self, override: str | None = None) -> str:
        """The acting reviewer's name, registered or bound to this account on first use (said once on
        stderr); a name bound to another account is refused."""
        name = override or self.reviewer
        if not name:
            raise InputError(
                "who is acting? pass --reviewer NAME (or set WORKBENCH_REVIEWER, or reviewer in the config file)"
            )
        name = validate_user_name(name)
        seen = identity.NOT_REGISTERED
        if self.db_path.exists():
            with self.open(create=False) as database:
                seen = identity.before_acting(database, name)
        self.acting = (name, seen)
        return name

    def tell_what_acting_did(self) -> None:
        """After a command succeeded: say once on stderr that the reviewer became the new database's
        admin, or that their name is now bound to this account."""
        if self.acting is None or not self.db_path.exists():
            return
        name, seen = self.acting
        with self.open(create=False) as database:
            notice = identity.notice_after(database, name, seen)
        if notice:
            click.echo(f"workbench: {one_line(notice)}", err=True)


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def emit_json(value: Any) -> None:
    """JSON on stdout; C0 controls are escaped by json itself, DEL, C1 and bidi controls here (in JSON
    they can only sit inside strings, where ``\\uXXXX`` means the same character)."""
    text = json.dumps(value, ensure_ascii=False, indent=None, default=str)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


def emit_table(
    title: str | None,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    widths: dict[str, int] | None = None,
) -> None:
    """Print a rich table; every cell is plain text (untrusted text never becomes markup)."""
    console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    table = Table(title=Text(one_line(title)) if title else None, show_lines=False, header_style="bold")
    for column in columns:
        width = (widths or {}).get(column)
        table.add_column(column, max_width=width, overflow="fold")
    for row in rows:
        table.add_row(*(Text(one_line("" if cell is None else str(cell))) for cell in row))
    console.print(table)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)
