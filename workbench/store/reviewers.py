"""SQL for reviewers: who may act, and in which role."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench.accounts import current_account
from workbench.errors import InputError, PermissionDenied
from workbench.store import audit
from workbench.text.identity import InvalidNameError, identity_key, is_reserved, normalise

ROLES = ("reviewer", "editor", "admin")
INTERNAL_ACTORS = frozenset({"system:ingest", "system:watch", "system:link-check"})
"""The only ``system:`` actors; the program acts as them, a user never can (see ``validate_user_name``)."""


@dataclass(frozen=True, slots=True)
class ReviewerRow:
    id: int
    name: str
    role: str
    created_at: str
    os_user: str | None = None
    """The operating-system account that may act under this name (None: the next one to use it)."""


_COLUMNS = "id, name, role, created_at, os_user"
SIGNED_IN: set[str] = set()
"""Names this process proved by password (a ``serve`` browser session signed in): the account binding
is not asked of them, since every served session runs under the server's account."""


def validate_name(name: str) -> str:
    """The stored form of a name (internal actors pass as they are)."""
    if name in INTERNAL_ACTORS:
        return name
    try:
        return validate_user_name(name)
    except InvalidNameError as exc:
        raise InputError(str(exc)) from None


def validate_user_name(name: str) -> str:
    """A name a person chose (flag, environment, config, TUI, serve): normalised, never ``system:…``."""
    try:
        clean = normalise(name)
        reserved = is_reserved(clean)
    except InvalidNameError as exc:
        raise InputError(str(exc)) from None
    if reserved:
        raise InputError(f"'{clean}' is reserved for the program's own actors; choose another reviewer name")
    return clean


def get(conn: sqlite3.Connection, name: str) -> ReviewerRow | None:
    """The reviewer ``name`` is, compared as identities (case, spacing and look-alikes do not matter)."""
    exact = conn.execute(f"SELECT {_COLUMNS} FROM reviewers WHERE name = ?", (name,)).fetchone()
    if exact is not None:
        return ReviewerRow(*exact)
    try:
        key = identity_key(name)
    except InvalidNameError:
        return None
    rows = conn.execute(f"SELECT {_COLUMNS} FROM reviewers WHERE name_key = ? ORDER BY id", (key,)).fetchall()
    if len(rows) > 1:
        names = ", ".join(repr(str(r[1])) for r in rows)
        raise InputError(f"'{name}' matches several reviewers ({names}); use one's exact name")
    return ReviewerRow(*rows[0]) if rows else None


def check_account(row: ReviewerRow, account: str | None = None) -> None:
    """Refuse, in one line, acting under a name bound to another operating-system account."""
    account = account or current_account()
    if row.os_user is None or row.os_user == account or row.name in SIGNED_IN:
        return
    raise PermissionDenied(
        f"'{row.name}' is bound to the account '{row.os_user}', not '{account}': act under your own "
        f"reviewer name (an admin can rebind it: workbench reviewers add '{row.name}' --os-user {account})"
    )


def creator_account(conn: sqlite3.Connection) -> str | None:
    """The account that created the database (None for databases made before accounts were recorded)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'creator_account'").fetchone()
    return None if row is None else str(row[0])


def ensure(
    conn: sqlite3.Connection, name: str, role: str | None = None, *, added_by: str | None = None
) -> ReviewerRow:
    """The reviewer acting as ``name``, registered or bound on first use (see ``enter``)."""
    return enter(conn, name, role, added_by=added_by)[0]


def enter(
    conn: sqlite3.Connection,
    name: str,
    role: str | None = None,
    *,
    added_by: str | None = None,
    os_user: str | None = None,
) -> tuple[ReviewerRow, str]:
    """The reviewer ``name`` and what happened: ``known``, ``bound`` (an unbound name used for the first
    time: bound to this process's account) or ``registered`` (a new name).

    Acting as oneself (``added_by`` None) registers a new name bound to this account; the first such
    reviewer on the database creator's account becomes its admin. An admin adding someone
    (``added_by``) binds the name to ``os_user``, or leaves it for its first user. A name bound to
    another account is refused.
    """
    if name in INTERNAL_ACTORS:
        return ReviewerRow(0, name, "system", ""), "known"
    name = validate_name(name)
    account = current_account()
    existing = get(conn, name)
    if existing is not None:
        if added_by is not None:
            return existing, "known"
        if existing.os_user is not None or existing.name in SIGNED_IN:
            check_account(existing, account)
            return existing, "known"
        conn.execute(
            "UPDATE reviewers SET os_user = ?, version = version + 1 WHERE id = ?", (account, existing.id)
        )
        audit.append(
            conn,
            actor=existing.name,
            action="reviewer.bind",
            entity="reviewer",
            entity_id=existing.id,
            before={"os_user": None},
            after={"os_user": account},
        )
        return ReviewerRow(existing.id, existing.name, existing.role, existing.created_at, account), "bound"
    if added_by is None or added_by == name:  # acting as oneself, or naming oneself
        os_user = os_user or account
    if added_by is None:
        creator = creator_account(conn)
        if creator is None:  # a database from before accounts: its first reviewer is its admin
            first = conn.execute("SELECT count(*) FROM reviewers").fetchone()[0] == 0
        else:
            no_admin = conn.execute("SELECT 1 FROM reviewers WHERE role = 'admin'").fetchone() is None
            first = no_admin and account == creator
        chosen = role or ("admin" if first else "reviewer")
    else:
        chosen = role or "reviewer"
    if chosen not in ROLES:
        raise InputError(f"role is one of {', '.join(ROLES)}")
    ts = audit.utc_now()
    cursor = conn.execute(
        "INSERT INTO reviewers (name, name_key, role, created_at, os_user) VALUES (?, ?, ?, ?, ?)",
        (name, identity_key(name), chosen, ts, os_user),
    )
    audit.append(
        conn,
        actor=added_by or name,
        action="reviewer.add",
        entity="reviewer",
        entity_id=cursor.lastrowid,
        after={"name": name, "role": chosen, "os_user": os_user},
        ts=ts,
    )
    return ReviewerRow(int(cursor.lastrowid or 0), name, chosen, ts, os_user), "registered"


def all_reviewers(conn: sqlite3.Connection) -> list[ReviewerRow]:
    return [ReviewerRow(*r) for r in conn.execute(f"SELECT {_COLUMNS} FROM reviewers ORDER BY name")]


def password_hash(conn: sqlite3.Connection, reviewer_id: int) -> str | None:
    row = conn.execute("SELECT password FROM reviewers WHERE id = ?", (reviewer_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def set_password(conn: sqlite3.Connection, reviewer: ReviewerRow, hashed: str | None, *, actor: str) -> None:
    """Store (or clear) a reviewer's password hash; the event says that it changed, never the hash."""
    conn.execute(
        "UPDATE reviewers SET password = ?, version = version + 1 WHERE id = ?", (hashed, reviewer.id)
    )
    audit.append(
        conn,
        actor=actor,
        action="reviewer.passwd",
        entity="reviewer",
        entity_id=reviewer.id,
        after={"password": "set" if hashed else "cleared"},
    )
