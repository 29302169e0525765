"""What a published ClaimReview needs from the reviewer: the claim as checked (a short summary, used as
``claimReviewed``) and where the review is published. Each is one audited claim change."""

from __future__ import annotations

from workbench.actions.review import _change
from workbench.errors import InputError
from workbench.export.claimreview import CLAIMREVIEWED_ADVISED_MAX
from workbench.reading.given import url_value
from workbench.store.database import ReviewDatabase
from workbench.store.records import ClaimRow

MAX_SUMMARY = 500


def set_summary(
    database: ReviewDatabase, claim_id: int, text: str, *, actor: str, expected_version: int | None = None
) -> ClaimRow:
    """Set the claim as checked (empty text clears it: the sentence is used again)."""
    summary = " ".join(text.split()) or None
    if summary is not None and len(summary) > MAX_SUMMARY:
        raise InputError(f"the summary is {len(summary)} characters; keep it short (Google advises under 75)")
    return _change(
        database, claim_id, {"summary": summary}, actor=actor, action="claim.summary",
        expected_version=expected_version,
    )  # fmt: skip


def summary_warning(text: str) -> str | None:
    """A warning when a summary runs over Google's advised 75 characters."""
    length = len(" ".join(text.split()))
    if length > CLAIMREVIEWED_ADVISED_MAX:
        return f"the summary is {length} characters; Google advises under {CLAIMREVIEWED_ADVISED_MAX}"
    return None


def set_review_url(
    database: ReviewDatabase, claim_id: int, url: str, *, actor: str, expected_version: int | None = None
) -> ClaimRow:
    """Record where this claim's review is published (ClaimReview ``url``); empty clears it."""
    value = url_value(url.strip(), "the review address") if url.strip() else None
    return _change(
        database, claim_id, {"review_url": value}, actor=actor, action="claim.publish",
        expected_version=expected_version,
    )  # fmt: skip
