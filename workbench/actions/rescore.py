"""Adding the semantic part to stored scores once matching has stored the claims' vectors."""

from __future__ import annotations

import json
from collections.abc import Sequence

from workbench.actions import learn
from workbench.store import audit, claim_scores
from workbench.store.database import ReviewDatabase
from workbench.store.serialize import reasons_from_json, reasons_json
from workbench.text import checkworthy_semantic as semantic
from workbench.text import team_adjustment
from workbench.text.checkworthy import BIAS
from workbench.text.encoder import from_blob

CHUNK = 2000
"""Claims read, re-scored and written at a time inside the one transaction."""
ACTION = "claims.rescore"
"""Derived data only (listed in ``DERIVED`` of the replay handlers): nothing a reviewer decided changes."""


def rescore_semantic(
    database: ReviewDatabase,
    *,
    actor: str,
    part: semantic.SemanticPart | None = None,
    claim_ids: Sequence[int] | None = None,
) -> int:
    """Give every claim with a stored vector its semantic reason and the score and flag that follow.

    One transaction and one event naming how many claims changed; nothing to do (no event) when no
    claim is waiting or the part is unavailable. The flag is the news threshold for scores with the part
    (``checkworthy_semantic.NEWS_FLOOR``; ``NEWS_SHARE`` is 1.0, so a flag depends on its own score).
    ``claim_ids`` limits it to those claims (the ones just encoded).
    """
    part = part or semantic.load_part()
    if part is None:
        return 0
    team = learn.active(database)
    with database.write_unit() as conn:
        waiting = claim_scores.claim_ids_to_rescore(conn, semantic.ENCODER, claim_ids)
        if not waiting:
            return 0
        # In chunks, so memory stays flat on a news-scale database; still one transaction, one event.
        for start in range(0, len(waiting), CHUNK):
            updates = []
            for claim_id, stored, blob in claim_scores.claims_to_rescore(
                conn, semantic.ENCODER, waiting[start : start + CHUNK]
            ):
                score, new = semantic.rescored(BIAS, reasons_from_json(stored), from_blob(blob), part)
                if team is not None or any(r.feature == team_adjustment.FEATURE for r in new):
                    # the team reason weighs the semantic part too: recompute it with the new part
                    score, new = team_adjustment.adjusted(BIAS, new, team)
                payload = json.dumps(reasons_json(new), ensure_ascii=False)
                updates.append((score, int(score >= semantic.NEWS_FLOOR), payload, claim_id))
            claim_scores.update_scores(conn, updates)
        audit.append(
            conn,
            actor=actor,
            action=ACTION,
            entity="claims",
            entity_id=None,
            after={"claims": len(waiting), "part": "semantic", "model": semantic.ENCODER},
        )
    return len(waiting)
