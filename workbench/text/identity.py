"""Reviewer names as identities: one normal form to store, one key to compare.

``normalise`` is what is stored and shown (NFKC, trimmed, inner whitespace collapsed; control,
format — zero-width and bidi — and separator characters refused). ``identity_key`` is what two names
are compared by: case-folded and reduced to a confusable skeleton, so ``ed``, ``Ed``, ``ed<NBSP>``
and ``еd`` (Cyrillic е) are one identity.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path

MAX_LENGTH = 64
RESERVED_PREFIX = "system:"
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class InvalidNameError(ValueError):
    """A name that cannot be a reviewer's (the message is one line for the user)."""


def normalise(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    bad = [ch for ch in text if unicodedata.category(ch) in _REFUSED_CATEGORIES]
    if bad:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(bad))
        raise InvalidNameError(
            f"a reviewer name cannot contain control, zero-width or bidi characters ({shown})"
        )
    clean = " ".join(text.split())
    if not clean:
        raise InvalidNameError("the reviewer name is empty; pass --reviewer NAME or set WORKBENCH_REVIEWER")
    if len(clean) > MAX_LENGTH:
        raise InvalidNameError(f"a reviewer name is at most {MAX_LENGTH} characters")
    return clean


SKELETON_FILE = Path(__file__).with_name("confusable_skeleton.json")
"""``build_skeleton_map()`` as shipped: loading it takes ~1 ms, importing confusable-homoglyphs' data
~130 ms on every command that names a reviewer (a test keeps the file equal to the build)."""


@cache
def _skeleton_map() -> dict[str, str]:
    table: dict[str, str] = json.loads(SKELETON_FILE.read_text(encoding="utf-8"))
    return table


def build_skeleton_map() -> dict[str, str]:
    """Each confusable character to one representative of its look-alike class (the smallest code point).

    Built from Unicode's confusables data (via confusable-homoglyphs) with a union-find; write it with
    ``python -m workbench.text.identity``.
    """
    from confusable_homoglyphs.confusables import confusables_data

    parent: dict[str, str] = {}

    def find(ch: str) -> str:
        root = ch
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(ch, ch) != root:
            parent[ch], ch = root, parent[ch]
        return root

    for char, entries in confusables_data.items():
        if len(char) != 1:
            continue
        for entry in entries:
            other = str(entry["c"])
            if len(other) != 1:
                continue
            a, b = find(char), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {ch: find(ch) for ch in sorted(parent)}


def skeleton(text: str) -> str:
    table = _skeleton_map()
    return "".join(table.get(ch, ch) for ch in text)


def identity_key(name: str) -> str:
    """The key two names are the same identity by (after ``normalise``)."""
    folded = normalise(name).casefold()
    return skeleton(unicodedata.normalize("NFKC", folded))


def is_reserved(name: str) -> bool:
    """Internal actors (``system:…``) are never a user's choice, in any case or look-alike spelling."""
    return identity_key(name).startswith(skeleton(RESERVED_PREFIX))


if __name__ == "__main__":
    SKELETON_FILE.write_text(
        json.dumps(build_skeleton_map(), ensure_ascii=True, separators=(",", ":")) + "\n", encoding="utf-8"
    )
