"""Links without secrets: the ``user:password@`` part of a URL is dropped before it is stored or shown."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def strip_credentials(url: str) -> str:
    """``url`` without any user name or password in its authority (anything unparsable is left as is)."""
    try:
        parts = urlsplit(url)
        if "@" not in parts.netloc:
            return url
        host = parts.netloc.rpartition("@")[2]
    except ValueError:
        return url
    return urlunsplit(parts._replace(netloc=host))
