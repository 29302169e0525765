"""Bytes to text: refuse binaries, honour BOMs, try UTF-8, then detect the encoding."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from workbench.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "gzip-compressed",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "a SQLite database",
}


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``. Raises ``InputError`` for binary or undecodable content."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise InputError(f"binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}"
                ) from exc
    if b"\x00" in data[:65536]:
        raise InputError("binary file (contains NUL bytes), not text")
    if declared:
        try:
            return _checked(data.decode(declared)), declared.lower()
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy_or_mixed(data)


def _decode_legacy_or_mixed(data: bytes) -> tuple[str, str]:
    """Lines that are valid UTF-8 stay UTF-8; the rest use the encoding detected from them."""
    lines = data.split(b"\n")
    bad = []
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(line)
    best = from_bytes(b"\n".join(bad)).best()
    if best is None or best.encoding is None:
        raise InputError("cannot tell its text encoding (not UTF-8, and no other encoding fits)")
    legacy = best.encoding
    if len(bad) == len(lines):
        return _checked(data.decode(legacy, errors="replace")), legacy
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(legacy, errors="replace"))
    return _checked("\n".join(out)), f"utf-8+{legacy}"


def _checked(text: str) -> str:
    if _control_share(text) > 0.05:
        raise InputError("binary file (mostly control characters), not text")
    return text


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / len(sample)
