"""Reviewers' passwords for signing in to ``workbench serve``: stored only as a salted scrypt hash.

``scrypt$N$r$p$salt$hash`` (salt and hash base64); checking one costs ~50 ms and 16 MB by design.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from workbench.errors import InputError

N, R, P = 2**14, 8, 1
MIN_LENGTH = 10
_MAX_LENGTH = 1024


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise InputError(f"a password has at least {MIN_LENGTH} characters")
    if len(password) > _MAX_LENGTH:
        raise InputError(f"a password has at most {_MAX_LENGTH} characters")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def check_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the stored hash (False for no hash or a malformed one)."""
    if not stored or len(password) > _MAX_LENGTH:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
