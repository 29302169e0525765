"""Write a report file all-or-nothing: render into a temp file beside the target, then rename.

A reader never sees a half-written report, an existing file is only replaced when asked, and a
full disk or an unwritable folder becomes one ``OutputWriteError`` with a one-line message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from workbench.store.database import is_database_file

T = TypeVar("T")

# Read once: the final file gets the usual permissions, not mkstemp's private 0600.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


class ExportError(Exception):
    """A report could not be produced; the message says what to do."""


class OutputExistsError(ExportError):
    """The target path exists and ``force`` was not given."""


class OutputWriteError(ExportError):
    """The report could not be written (folder missing or read-only, disk full...)."""


def _fail(path: Path, err: OSError) -> OutputWriteError:
    reason = err.strerror or str(err) or type(err).__name__
    return OutputWriteError(f"cannot write report to {path}: {reason}")


def write_report(
    path: str | os.PathLike[str],
    render_fn: Callable[[TextIO], T],
    *,
    force: bool = False,
    database: Path | None = None,
) -> T:
    """Call ``render_fn`` with a UTF-8 text file and publish it at ``path`` only if it all worked.

    Raises ``OutputExistsError`` when ``path`` exists and ``force`` is false (checked before
    rendering and again, atomically, when publishing), ``OutputWriteError`` on any OS error or when
    ``path`` is the review ``database`` or one of its SQLite files (even with ``force``).
    Whatever ``render_fn`` raises propagates after the temp file is removed.
    """
    target = Path(path)
    if database is not None and is_database_file(target, database):
        raise OutputWriteError(
            f"refusing to write the report to {target}: that is the review database or one of its SQLite files; "
            "choose another name"
        )
    if target.is_dir():
        raise OutputWriteError(f"cannot write report to {target}: it is a directory")
    if not force and target.exists():
        raise OutputExistsError(f"{target} already exists; choose another name or pass --force to replace it")
    missing = missing_folder(target)
    if missing is not None:
        raise missing
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as err:
        raise _fail(target, err) from err
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            result = render_fn(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        if force:
            os.replace(tmp, target)
        else:
            _publish_new(tmp, target)
    except OSError as err:
        _remove(tmp)
        raise _fail(target, err) from err
    except BaseException:
        _remove(tmp)
        raise
    return result


def free_path(target: Path) -> Path:
    """``target`` if nothing is there, else the first free numbered name: report-2.html, report-3.html..."""
    if not target.exists():
        return target
    for number in range(2, 10_000):
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise OutputExistsError(f"{target} and 9,998 numbered copies exist; choose another name")


def missing_folder(target: Path) -> OutputWriteError | None:
    """One clear line when the folder a report would go to does not exist."""
    folder = target.parent
    if folder.exists():
        return None
    return OutputWriteError(
        f"cannot write report to {target}: the folder {folder} does not exist; create it first"
    )


def _publish_new(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` to ``target`` only if ``target`` does not exist (hard link, race-free)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputExistsError(
            f"{target} already exists; choose another name or pass --force to replace it"
        ) from None
    except OSError:
        # Filesystems without hard links: fall back to check-then-rename.
        if target.exists():
            raise OutputExistsError(f"{target} already exists; choose another name or pass --force") from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()
