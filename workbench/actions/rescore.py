"""Adding the semantic part to stored scores once matching has stored the claims' vectors."""

from __future__ import annotations

import json
from collections.abc import Sequence

from workbench.store import audit, claim_scores
from workbench.store.database import ReviewDatabase
from workbench.store.serialize import reasons_json
from workbench.text import checkworthy_semantic as semantic
from workbench.text.checkworthy import BIAS
from workbench.text.encoder import from_blob
from workbench.text.model import Reason

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
    with database.write_unit() as conn:
        rows = claim_scores.claims_to_rescore(conn, semantic.ENCODER, claim_ids)
        updates = []
        for claim_id, stored, blob in rows:
            reasons = tuple(Reason(r["feature"], float(r["weight"]), r["detail"]) for r in json.loads(stored))
            score, new = semantic.rescored(BIAS, reasons, from_blob(blob), part)
            payload = json.dumps(reasons_json(new), ensure_ascii=False)
            updates.append((score, int(score >= semantic.NEWS_FLOOR), payload, claim_id))
        if not updates:
            return 0
        claim_scores.update_scores(conn, updates)
        audit.append(
            conn,
            actor=actor,
            action=ACTION,
            entity="claims",
            entity_id=None,
            after={"claims": len(updates), "part": "semantic", "model": semantic.ENCODER},
        )
    return len(updates)
