"""Errors a user can cause: each carries a one-line message that says what went wrong and what to do.

The CLI prints ``str(error)`` on stderr and exits 1; the TUI shows it as a notification.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base for every error that is the user's to fix, not a bug."""


class DatabaseError(WorkbenchError):
    """The review database cannot be opened or used as asked."""


class DatabaseBusyError(DatabaseError):
    """Another process held the write lock longer than the busy timeout."""


class DatabaseReplacedError(DatabaseError):
    """The database file was replaced, moved or deleted while a process had it open."""


class ForeignDatabaseError(DatabaseError):
    """A SQLite file that is not a workbench database: refused unless the user adopts it."""


class InputError(WorkbenchError):
    """An input file, folder, URL or argument cannot be read or is not acceptable."""


class NotFoundError(WorkbenchError):
    """A claim, document, reviewer or event named by the user does not exist."""


class ConflictError(WorkbenchError):
    """Someone else changed the row since it was read: reload and try again."""


class PermissionDenied(WorkbenchError):
    """The reviewer's role does not allow the action."""
