"""The verdict report as plain frozen data: what every renderer reads, filled by a read-only query.

``Report.claims`` is an iterable consumed exactly once (a generator over a database cursor), so
renderers never call ``len()`` on it or pass over it twice. Everything that needs the whole set
(charts, totals) comes precomputed in ``Report.summary``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SpeakerKind = Literal["Person", "Organization"]


@dataclass(frozen=True, slots=True)
class Label:
    """One verdict on a rating scale, e.g. PolitiFact's ``Mostly False``."""

    id: str
    name: str
    definition: str = ""
    value: int | None = None
    """Position on a numeric scale (for ClaimReview ``ratingValue``), ``None`` on a textual scale."""
    color: str | None = None
    """``#rgb`` or ``#rrggbb``; anything else is ignored and a palette colour used instead."""


@dataclass(frozen=True, slots=True)
class RatingScale:
    """The verdict labels in display order, with the numeric bounds when the scale is numeric."""

    name: str
    labels: tuple[Label, ...] = ()
    best: int | None = None
    worst: int | None = None

    @property
    def numeric(self) -> bool:
        return self.best is not None and self.worst is not None

    def label(self, label_id: str) -> Label | None:
        return next((lab for lab in self.labels if lab.id == label_id), None)


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The last audit event when the report was made: pins the report to a verifiable state."""

    event_id: int
    hash: str
    signed_by: str | None = None
    key: str | None = None
    """The signer's key fingerprint (``SHA256:...``)."""
    signature: str | None = None
    """The head event's SSH signature over its hash (namespace ``factcheck-workbench-event``), when its
    actor signs: the pinned head cannot be swapped for another without the signer's key."""


@dataclass(frozen=True, slots=True)
class Organisation:
    """The fact-checking organisation publishing the reviews (ClaimReview ``author``)."""

    name: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """The article a claim was taken from."""

    id: int | str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    """ISO date (``2019-05-28``) or ``None`` when unknown."""
    url_or_source: str | None = None
    """The article URL, or the file it was read from; only http(s) URLs ever become links."""
    first_url: str | None = None
    """Where the earliest stored version of a changed page was (ClaimReview ``firstAppearance``)."""
    first_published: str | None = None


@dataclass(frozen=True, slots=True)
class ReportEvidence:
    """One entry of a claim's evidence ledger."""

    url: str
    stance: str = ""
    """``supports``, ``refutes``, ``context``... as recorded."""
    title: str | None = None
    status: str | None = None
    """Fetch status, e.g. ``ok``, ``404``, ``timeout``."""
    domain: str | None = None
    archive_url: str | None = None
    fetched_at: str | None = None
    independent_group: int | None = None
    """Sources sharing a group number are not independent of each other (same owner, syndication)."""


@dataclass(frozen=True, slots=True)
class Approval:
    reviewer: str
    at: str


@dataclass(frozen=True, slots=True)
class SignOff:
    """Who proposed the verdict and who approved it."""

    proposed_by: str | None = None
    proposed_at: str | None = None
    approvals: tuple[Approval, ...] = ()
    final: bool = False


@dataclass(frozen=True, slots=True)
class DisagreementValue:
    """What one outlet's version of the claim says for the disputed detail."""

    claim_id: int | str
    outlet: str | None
    text: str
    value: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Outlets reporting the same claim with different details (a count, a date, a name)."""

    kind: str
    values: tuple[DisagreementValue, ...] = ()


@dataclass(frozen=True, slots=True)
class ReportClaim:
    """One claim with its verdict, reasons, evidence, sign-off and history."""

    id: int | str
    text: str
    document: ReportDocument
    speaker: str | None = None
    speaker_kind: SpeakerKind | None = None
    score: float | None = None
    status: str = ""
    """Workflow status, e.g. ``new``, ``in review``, ``reviewed``."""
    verdict: Label | None = None
    conclusion: str | None = None
    """Free-text verdict for scales without labels (Full Fact's one-line conclusion)."""
    rationale: str = ""
    evidence: tuple[ReportEvidence, ...] = ()
    independence_summary: str = ""
    """E.g. ``3 sources, 2 independent``."""
    signoff: SignOff = field(default_factory=SignOff)
    disagreements: tuple[Disagreement, ...] = ()
    notes: str = ""
    events: tuple[Mapping[str, Any], ...] = ()
    """The claim's audit events as JSON-ready mappings (JSONL only)."""
    reviewed_at: str | None = None
    review_url: str | None = None
    """Where the published review lives (ClaimReview ``url``)."""
    summary: str | None = None
    """The claim as the reviewer wrote it for checking (ClaimReview ``claimReviewed``)."""


@dataclass(frozen=True, slots=True)
class Agreement:
    """Agreement between two reviewers on the claims both judged."""

    reviewers: tuple[str, str]
    n: int
    """Claims both reviewers judged."""
    kappa: float | None = None
    """Cohen's kappa in [-1, 1], when computed."""
    percent: float | None = None
    """Plain agreement in [0, 100]."""


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """Aggregates computed by the query (SQL ``GROUP BY``), so renderers stay single-pass.

    Counts are keyed by label id; ``""`` counts claims without a verdict yet.
    """

    verdicts_by_outlet: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    verdicts_by_speaker: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    progress: tuple[int, int] = (0, 0)
    """(reviewed, total) claims in the report's selection."""
    agreement: tuple[Agreement, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """A verdict report: where it came from, the scale, the summary and the claims (streamed)."""

    database: str
    generated_at: str
    """UTC ISO timestamp, e.g. ``2026-11-22T23:00:00Z``."""
    scale: RatingScale
    claims: Iterable[ReportClaim]
    filters: Mapping[str, str] = field(default_factory=dict)
    audit_head: AuditHead | None = None
    organisation: Organisation | None = None
    summary: ReportSummary | None = None


@dataclass(frozen=True, slots=True)
class ClaimProblem:
    """What an exporter could not emit properly for one claim (ClaimReview validation)."""

    claim_id: int | str
    messages: tuple[str, ...]
    skipped: bool
    """True when the claim was left out of the output because a required property is missing."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What a renderer wrote: the number of claims read and per-claim problems."""

    claims: int
    written: int
    problems: tuple[ClaimProblem, ...] = ()
