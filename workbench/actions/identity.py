"""Who is acting: a face checks the reviewer's name before anything runs (a name bound to another
account is refused) and, afterwards, tells the person once what their first use did (the admin of a
new database; a name now bound to their account). The actions register and bind (``reviewers.enter``)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from workbench import sshsig
from workbench.accounts import current_account
from workbench.errors import NotFoundError, PermissionDenied
from workbench.passwords import check_password, hash_password
from workbench.store import audit, signatures
from workbench.store import reviewers as reviewer_store
from workbench.store.database import ReviewDatabase


@dataclass(frozen=True, slots=True)
class Seen:
    """What a name was before a command ran."""

    registered: bool
    bound: bool


NOT_REGISTERED = Seen(registered=False, bound=False)


def before_acting(database: ReviewDatabase, name: str) -> Seen:
    """Read-only: refuse ``name`` when it is bound to another account; say what it is now."""
    known = reviewer_store.get(database.conn, reviewer_store.validate_user_name(name))
    if known is None:
        return NOT_REGISTERED
    reviewer_store.check_account(known)
    return Seen(registered=True, bound=known.os_user is not None)


def notice_after(database: ReviewDatabase, name: str, seen: Seen) -> str | None:
    """One line for the person when their name became registered or bound since ``seen``, else None."""
    row = reviewer_store.get(database.conn, name)
    if row is None or row.os_user is None or seen.bound:
        return None
    account = current_account()
    if not seen.registered and row.role == "admin":
        return (
            f"{row.name} is the admin of this new database (its first reviewer, bound to the account "
            f"{account}); add others with: workbench reviewers add NAME"
        )
    return (
        f"'{row.name}' is now bound to the account {row.os_user}: only {row.os_user} can act as "
        f"'{row.name}' here (an admin can rebind it with reviewers add --os-user)"
    )


def set_password(
    database: ReviewDatabase, name: str, password: str | None, *, actor: str
) -> reviewer_store.ReviewerRow:
    """Set (or, with None, clear) ``name``'s password for ``serve``: the reviewer themself or an admin
    (for a desk's browser-only reviewers). One audited event, without the secret."""
    hashed = None if password is None else hash_password(password)  # slow on purpose: outside the lock
    with database.write_unit() as conn:
        acting, target = _self_or_admin(conn, name, actor, "set {}'s password")
        reviewer_store.set_password(conn, target, hashed, actor=acting.name)
        return target


def sign_in(database: ReviewDatabase, name: str, password: str) -> reviewer_store.ReviewerRow:
    """A browser session under ``serve`` proves who it is: from now on this process acts as ``name``
    whatever account runs it (``reviewers.SIGNED_IN``)."""
    clean = reviewer_store.validate_user_name(name)
    row = reviewer_store.get(database.conn, clean)
    stored = None if row is None else reviewer_store.password_hash(database.conn, row.id)
    if row is None or not check_password(stored or _DUMMY_HASH, password) or stored is None:
        raise PermissionDenied("wrong name or password (an admin sets one: workbench reviewers passwd NAME)")
    reviewer_store.SIGNED_IN.clear()
    reviewer_store.SIGNED_IN.add(row.name)
    return row


_DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
"""Checked when the name is unknown, so a wrong name costs the same time as a wrong password."""


def add_key(database: ReviewDatabase, name: str, public_key: str, *, actor: str) -> signatures.KeyRow:
    """Register an SSH public key for ``name`` (the reviewer or an admin): their events made with it
    from now on carry a signature ``audit verify`` checks. One audited event."""
    key = sshsig.parse_public_key(public_key)
    with database.write_unit() as conn:
        acting, target = _self_or_admin(conn, name, actor, "register {}'s key")
        return signatures.add_key(conn, target, key, actor=acting.name)


def set_signatures_required(database: ReviewDatabase, required: bool, *, actor: str) -> None:
    """Admins: unsigned events of keyed reviewers make ``audit verify`` fail (or only warn)."""
    with database.write_unit() as conn:
        acting = reviewer_store.ensure(conn, actor)
        if acting.role != "admin":
            raise PermissionDenied(f"{acting.name} is not an admin; only an admin can require signatures")
        value = "1" if required else "0"
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (signatures.REQUIRE_KEY,)).fetchone()
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (signatures.REQUIRE_KEY, value)
        )
        audit.append(
            conn,
            actor=acting.name,
            action="signatures.require",
            entity="setting",
            entity_id=signatures.REQUIRE_KEY,
            before=None if row is None else {signatures.REQUIRE_KEY: row[0]},
            after={signatures.REQUIRE_KEY: value},
        )


def _self_or_admin(
    conn: sqlite3.Connection, name: str, actor: str, what: str
) -> tuple[reviewer_store.ReviewerRow, reviewer_store.ReviewerRow]:
    """(acting, target) when ``actor`` is ``name`` or an admin; ``what`` names the act ("set {}'s password")."""
    acting = reviewer_store.ensure(conn, actor)
    target = reviewer_store.get(conn, reviewer_store.validate_user_name(name))
    if target is None:
        raise NotFoundError(f"no reviewer '{name}'; add them first: workbench reviewers add NAME")
    if target.id != acting.id and acting.role != "admin":
        raise PermissionDenied(f"only {target.name} or an admin can {what.format(target.name)}")
    return acting, target
