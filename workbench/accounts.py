"""The operating-system account a process runs as: what a reviewer name is bound to (issue 17).

The account comes from the process's real user id (``pwd``), never from ``$USER`` or ``$LOGNAME``,
which anyone can set.
"""

from __future__ import annotations

import os
import pwd

from workbench.errors import InputError


def current_account() -> str:
    """The login name of the account running this process (its uid when it has none)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def known_account(name: str) -> str:
    """``name`` when an account of that name exists on this machine; a one-line error otherwise."""
    try:
        return pwd.getpwnam(name).pw_name
    except KeyError:
        raise InputError(f"there is no account '{name}' on this machine; name an existing login") from None
