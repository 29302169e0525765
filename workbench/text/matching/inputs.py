"""The plain records matching works on: one claim with its mentions, one name mention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from workbench.text.model import Claim, DateMention, NameMention, Quantity


@dataclass(frozen=True, slots=True)
class MatchClaim:
    """A claim as matching sees it: where it comes from, its text and what was extracted from it."""

    id: int
    document_id: int
    outlet: str | None
    published: date | None
    text: str
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    names: tuple[NameMention, ...] = ()
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class NameMentionRef:
    """One name mention, tied to its claim and document so clusters can count documents."""

    claim_id: int
    document_id: int
    text: str
    normalized: str
    kind: str


def from_claim(
    id: int, document_id: int, outlet: str | None, published: date | None, claim: Claim
) -> MatchClaim:
    """Wrap an extracted ``Claim`` with the ids and document facts matching needs."""
    return MatchClaim(
        id=id,
        document_id=document_id,
        outlet=outlet,
        published=published,
        text=claim.text,
        quantities=claim.quantities,
        dates=claim.dates,
        names=claim.names,
        speaker=claim.speaker,
    )


def name_refs(claims: Iterable[MatchClaim]) -> list[NameMentionRef]:
    """Every name mention of ``claims`` as a ``NameMentionRef``, in order."""
    return [
        NameMentionRef(c.id, c.document_id, n.text, n.normalized or n.text, n.kind)
        for c in claims
        for n in c.names
    ]
