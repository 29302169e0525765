"""Everything the claim view shows, as one JSON-ready dict (``workbench show CLAIM_ID --json``).

Read-only: built from ``workbench.queries`` only, so the CLI and the TUI see the same facts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench import queries
from workbench.actions import corrections, review
from workbench.scales import RatingScale, label_of
from workbench.store.audit import AuditEvent
from workbench.store.database import ReviewDatabase
from workbench.store.serialize import reason_text, stale_speaker
from workbench.text import checkworthy_semantic as semantic

if TYPE_CHECKING:
    from workbench.text.encoder import SentenceEncoder


def event_json(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "ts": event.ts,
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "claim_id": event.claim_id,
        "before": event.before,
        "after": event.after,
    }


def _label(verdict: str, verdict_scale: str | None, scale: RatingScale) -> str:
    label = label_of(verdict, verdict_scale, scale)
    return label.name if label else verdict


def claim_view(
    database: ReviewDatabase, claim_id: int, encoder: SentenceEncoder | None = None
) -> dict[str, Any]:
    """The claim view's content: text, document, speaker, score and reasons, verdict with its label and
    scale, rationale, sign-off, evidence, notes, history, other outlets' versions, similar claims judged
    (``encoder``: matched by meaning too; lexically without it), similar claims in other outlets."""
    claim = queries.claim(database, claim_id)
    scale = review.current_scale(database)
    document = next((d for d in queries.documents(database) if d.id == claim.document_id), None)
    status = queries.signoff_status(database, claim_id)
    story = queries.story_of_claim(database, claim_id)
    stories: list[dict[str, Any]] = []
    if story is not None:
        texts = queries.claim_texts(database, story.claim_ids)
        stories.append(
            {
                **story.to_json(),
                "claims": [
                    {
                        "id": i,
                        "outlet": texts.get(i, ("", None, None))[1],
                        "text": texts.get(i, ("", None, None))[0],
                    }
                    for i in story.claim_ids
                ],
            }
        )
    return {
        "id": claim.id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "document": {
            "id": claim.document_id,
            "outlet": claim.outlet,
            "title": claim.title,
            "published": claim.published,
            "source": document.source if document else None,
        },
        "speaker": claim.speaker,
        "score": claim.score,
        "checkworthy": claim.checkworthy,
        "reasons": [_reason(claim, r) for r in claim.reasons],
        "score_provisional": semantic.provisional(
            claim.reasons,
            encoder is not None and encoder.name == semantic.ENCODER and semantic.expected(None),
        ),
        "status": claim.status,
        "flagged": claim.flagged,
        "verdict": claim.verdict,
        "verdict_label": None if claim.verdict is None else _label(claim.verdict, claim.verdict_scale, scale),
        "verdict_scale": claim.verdict_scale,
        "scale": {"id": scale.id, "name": scale.name},
        "rationale": claim.rationale,
        "original_extraction": corrections.original_extraction(database, claim_id),
        "version": claim.version,
        "sign_off": {
            "summary": status.summary,
            "final": status.final,
            "proposals": status.proposals,
            "approvals": status.approvals,
            "quorum": f"{status.quorum.proposals}+{status.quorum.approvals}",
            "judgements": [
                {
                    "reviewer": j.reviewer,
                    "kind": j.kind,
                    "verdict": j.verdict,
                    "reason": j.reason,
                    "created_at": j.created_at,
                    "stale": j.stale,
                    "stale_reason": j.stale_reason,
                }
                for j in status.judgements
            ],
        },
        "evidence": [e.to_json() for e in queries.evidence_for_claim(database, claim_id)],
        "notes": [
            {
                "id": n.id,
                "author": n.author,
                "text": n.text,
                "created_at": n.created_at,
                "retracted": n.retracted,
            }
            for n in queries.notes(database, claim_id)
        ],
        "history": [event_json(e) for e in queries.history(database, claim_id)],
        "stories": stories,
        "checked_before": [
            {
                **m.as_json(),
                "verdict": m.rating,
                "verdict_label": (
                    None
                    if m.rating is None
                    else m.rating
                    if m.kind == "factcheck"
                    else _label(m.rating, m.verdict_scale, scale)
                ),
            }
            for m in queries.checked_before(database, claim_id, encoder)
        ],
        "similar_in_other_outlets": [
            o.to_json() for o in queries.similar_in_other_outlets(database, claim_id, encoder)
        ],
    }


def _reason(claim: queries.ClaimRow, reason: dict[str, Any]) -> str:
    stale = stale_speaker(claim, reason)
    return f"{reason_text(reason)} ({stale})" if stale else reason_text(reason)
