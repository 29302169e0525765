"""Evidence layer: fetch cited links safely, classify them, archive them, and weigh their independence.

Knows httpx (plus tldextract, trafilatura, charset-normalizer, rapidfuzz); never the database or the UI.
"""

from __future__ import annotations

from workbench.evidence.archive import (
    ArchiveCopy,
    ArchiveKeys,
    SaveRequest,
    save_page_now,
    save_status,
    wayback_lookup,
)
from workbench.evidence.changes import compare
from workbench.evidence.fetch import STATUSES, FetchPolicy, FetchResult, Hop, check_url, fetch, make_client
from workbench.evidence.guard import AddressPolicy, AddressRefused
from workbench.evidence.independence import (
    Independence,
    SourceGroup,
    independence_groups,
    independence_summary,
    registrable_domain,
)
from workbench.evidence.pool import FetchPool, Progress

__all__ = [
    "STATUSES",
    "AddressPolicy",
    "AddressRefused",
    "ArchiveCopy",
    "ArchiveKeys",
    "FetchPolicy",
    "FetchPool",
    "FetchResult",
    "Hop",
    "Independence",
    "Progress",
    "SaveRequest",
    "SourceGroup",
    "check_url",
    "compare",
    "fetch",
    "independence_groups",
    "independence_summary",
    "make_client",
    "registrable_domain",
    "save_page_now",
    "save_status",
    "wayback_lookup",
]
