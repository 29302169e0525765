"""Who is acting: a face checks the reviewer's name before anything runs (a name bound to another
account is refused) and, afterwards, tells the person once what their first use did (the admin of a
new database; a name now bound to their account). The actions register and bind (``reviewers.enter``)."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.accounts import current_account
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
