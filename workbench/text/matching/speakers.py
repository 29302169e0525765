"""Same speaker across documents: a relation of its own, not a story (one ambassador, two events)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.text.matching.inputs import MatchClaim, NameMentionRef
from workbench.text.matching.names import link_names
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


def speaker_links(claims: Sequence[MatchClaim]) -> list[SpeakerLink]:
    """Named speakers (people and organisations) quoted in two or more documents."""
    refs = [_speaker_ref(c, c.speaker) for c in claims if c.speaker]
    clusters = link_names(refs)
    by_id = {c.id: c for c in claims}
    members: dict[str, list[int]] = {}
    for ref in refs:
        members.setdefault(" ".join(ref.normalized.lower().split()), []).append(ref.claim_id)
    out = []
    for cluster in clusters:
        if cluster.documents < 2 or cluster.kind not in ("PERSON", "ORG"):
            continue
        ids = sorted({cid for v in cluster.variants for cid in members.get(" ".join(v.lower().split()), [])})
        claims_of = [by_id[i] for i in ids]
        out.append(
            SpeakerLink(
                speaker=cluster.name,
                claim_ids=tuple(ids),
                document_ids=tuple(sorted({c.document_id for c in claims_of})),
                outlets=tuple(sorted({c.outlet for c in claims_of if c.outlet})),
            )
        )
    return out
