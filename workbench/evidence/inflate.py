"""Bounded gzip/deflate decoding of a raw response body.

``zlib.decompress`` of one 64 KB chunk of a gzip bomb can yield ~64 MB at once; here each call is
limited to ``step`` output bytes, so memory stays small and the caller's byte cap ends the work.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

SUPPORTED = frozenset({"gzip", "x-gzip", "deflate"})


class BodyDecodeError(Exception):
    """The body is not valid data for its declared Content-Encoding."""


def _wbits(encoding: str, first: bytes) -> int:
    if encoding in ("gzip", "x-gzip"):
        return 16 + zlib.MAX_WBITS
    # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
    is_zlib = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    return zlib.MAX_WBITS if is_zlib else -zlib.MAX_WBITS


def inflate(raw: Iterable[bytes], encoding: str, step: int = 65536) -> Iterator[bytes]:
    """Decode ``raw`` chunks, yielding at most ``step`` bytes at a time; stop when the caller stops."""
    decoder: zlib._Decompress | None = None
    try:
        for chunk in raw:
            if not chunk:
                continue
            if decoder is None:
                decoder = zlib.decompressobj(_wbits(encoding, chunk))
            data = chunk
            while data and not decoder.eof:
                out = decoder.decompress(data, step)
                if out:
                    yield out
                data = decoder.unconsumed_tail
            if decoder.eof:
                return
        if decoder is not None:
            tail = decoder.flush()
            if tail:
                yield tail
    except zlib.error as exc:
        raise BodyDecodeError(f"the body is not valid {encoding} data ({exc})") from exc
