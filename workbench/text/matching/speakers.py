"""Same speaker across documents: a relation of its own, not a story (one ambassador, two events)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from workbench.text.matching.inputs import MatchClaim, NameMentionRef
from workbench.text.matching.names import NameCluster, NameLinker, fold_name
from workbench.text.names import find_names


@dataclass(frozen=True, slots=True)
class SpeakerLink:
    """Claims of two or more documents attributed to one person or organisation."""

    speaker: str
    claim_ids: tuple[int, ...]
    document_ids: tuple[int, ...]
    outlets: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "speaker": self.speaker,
            "claims": list(self.claim_ids),
            "documents": list(self.document_ids),
            "outlets": list(self.outlets),
        }


def _speaker_ref(claim: MatchClaim, speaker: str) -> NameMentionRef:
    """The speaker as a name: titles dropped ("Russian Ambassador to Serbia X" -> "X") when found."""
    for name in find_names(speaker):
        if name.kind in ("PERSON", "ORG"):
            return NameMentionRef(
                claim.id, claim.document_id, speaker, name.normalized or name.text, name.kind
            )
    return NameMentionRef(claim.id, claim.document_id, speaker, speaker, "NAME")


def speaker_refs(claims: Iterable[MatchClaim]) -> list[NameMentionRef]:
    return [_speaker_ref(c, c.speaker) for c in claims if c.speaker]


def cluster_speakers(
    claims: Sequence[MatchClaim], existing: Sequence[NameCluster] = ()
) -> tuple[list[NameCluster], dict[int, int]]:
    """Every speaker cluster (``existing`` ones keep their ids; new speakers join them) and the cluster id
    of each of ``claims`` that has a speaker."""
    refs = speaker_refs(claims)
    linker = NameLinker(existing)
    linker.add(refs)
    of_claim = {}
    for ref in refs:
        folded = fold_name(ref.normalized or ref.text)
        if folded in linker.by_folded:
            of_claim[ref.claim_id] = linker.by_folded[folded]
    return linker.clusters(), of_claim


def is_link(cluster: NameCluster) -> bool:
    """A speaker worth showing: a person or organisation quoted in two or more documents."""
    return cluster.documents >= 2 and cluster.kind in LINKED_KINDS


LINKED_KINDS = ("PERSON", "ORG")


def speaker_links(claims: Sequence[MatchClaim]) -> list[SpeakerLink]:
    """Named speakers (people and organisations) quoted in two or more documents."""
    clusters, of_claim = cluster_speakers(claims)
    by_cluster: dict[int, list[MatchClaim]] = {}
    for claim in claims:
        if claim.id in of_claim:
            by_cluster.setdefault(of_claim[claim.id], []).append(claim)
    out = []
    for cluster in clusters:
        if not is_link(cluster):
            continue
        claims_of = sorted(by_cluster.get(cluster.id, []), key=lambda c: c.id)
        out.append(
            SpeakerLink(
                speaker=cluster.name,
                claim_ids=tuple(c.id for c in claims_of),
                document_ids=tuple(sorted({c.document_id for c in claims_of})),
                outlets=tuple(sorted({c.outlet for c in claims_of if c.outlet})),
            )
        )
    return out
