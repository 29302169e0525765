"""How many *independent* sources a set of evidence links represents.

Two links count as one source when they sit on the same registrable domain (``news.bbc.co.uk`` and
``www.bbc.co.uk``) or when their main texts are near-identical (one press release or wire story
reprinted on ten sites). Domains come from the Public Suffix List snapshot bundled with tldextract:
no network access, no cache files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import tldextract

from workbench.evidence.guard import literal_address

SHINGLE = 5
"""Words per shingle; 5-word runs rarely repeat across independently written texts."""
MIN_SHINGLES = 30
"""Shorter texts (bot walls, cookie notices, stubs) are too short to call copies of each other."""
JACCARD = 0.5
"""Shingle overlap above which two texts are the same story."""
CONTAINMENT = 0.8
"""Share of the shorter text found in the longer one above which it is a (cut) copy."""

_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() -> bundled snapshot only; cache_dir=None -> never writes to disk.
    # Private suffixes (github.io, blogspot.com) are included: each user there is its own publisher.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def registrable_domain(url: str) -> str:
    """The domain someone registered for ``url`` ("news.bbc.co.uk" -> "bbc.co.uk"); IPs stay as they are."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").rstrip(".").lower()
    if not host or literal_address(host) is not None:
        return host
    parts = _extractor()(host)
    # A suffix the list does not know (.example, .internal): the last two labels are the best guess.
    return parts.top_domain_under_public_suffix or ".".join(host.split(".")[-2:])


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashed ``size``-word runs of ``text`` (case and punctuation ignored)."""
    words = _WORD.findall(text.lower())
    return frozenset(hash(tuple(words[i : i + size])) for i in range(max(len(words) - size + 1, 0)))


def near_identical(a: frozenset[int], b: frozenset[int]) -> bool:
    """Whether two shingle sets are the same text, allowing edits, added ledes and truncation."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return False
    common = len(a & b)
    return common / len(a | b) >= JACCARD or common / min(len(a), len(b)) >= CONTAINMENT


@dataclass(frozen=True, slots=True)
class SourceGroup:
    """Evidence items that count as one source, by index into the input."""

    members: tuple[int, ...]
    domains: tuple[str, ...]
    """Registrable domains in the group, in first-seen order."""
    shared_text: bool
    """True when the group joins different domains because their texts are near-identical."""


@dataclass(frozen=True, slots=True)
class Independence:
    """The grouping of a set of evidence items into independent sources."""

    groups: tuple[SourceGroup, ...]
    total: int

    @property
    def independent(self) -> int:
        return len(self.groups)

    def summary(self) -> str:
        """E.g. "3 sources, 2 independent"."""
        noun = "source" if self.total == 1 else "sources"
        return f"{self.total} {noun}, {self.independent} independent"


def independence_groups(items: Sequence[tuple[str, str | None]]) -> Independence:
    """Group ``(url, main_text)`` pairs into independent sources.

    Items on one registrable domain are one source; items whose texts are near-identical are one
    source across domains. Groups are listed in order of their first member. Texts are compared
    pairwise on shingle sets, which is fine for the handful of links one claim collects.
    """
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        root_i, root_j = find(i), find(j)
        if root_i != root_j:
            parent[max(root_i, root_j)] = min(root_i, root_j)

    domains = [registrable_domain(url) for url, _ in items]
    first_on_domain: dict[str, int] = {}
    for index, domain in enumerate(domains):
        union(first_on_domain.setdefault(domain, index), index)
    texts = [shingles(text) if text else frozenset[int]() for _, text in items]
    copied: set[int] = set()
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if domains[i] != domains[j] and near_identical(texts[i], texts[j]):
                union(i, j)
                copied.update((i, j))
    members: dict[int, list[int]] = {}
    for index in range(len(items)):
        members.setdefault(find(index), []).append(index)
    groups = tuple(
        SourceGroup(
            members=tuple(group),
            domains=tuple(dict.fromkeys(domains[i] for i in group)),
            shared_text=any(i in copied for i in group) and len({domains[i] for i in group}) > 1,
        )
        for _, group in sorted(members.items())
    )
    return Independence(groups=groups, total=len(items))


def independence_summary(items: Sequence[tuple[str, str | None]]) -> str:
    """ "N sources, M independent" for ``(url, main_text)`` pairs."""
    return independence_groups(items).summary()
