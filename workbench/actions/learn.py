"""Learning from the team: fit the score adjustment on the database's decisions, reset it, re-score.

A fit (``model.learn``) or a reset (``model.reset``) is one transaction with one event; it records the
adjustment itself (four numbers), how many decisions it used and a digest of the model and of the
labels, and replay rebuilds the ``meta`` row from it. Re-scoring the claims afterwards is derived data
(``claims.rescore``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from workbench.errors import InputError
from workbench.store import audit, claim_scores
from workbench.store import team_model as store
from workbench.store.database import ReviewDatabase
from workbench.store.serialize import reasons_from_json, reasons_json
from workbench.text import checkworthy_semantic as semantic
from workbench.text import team_adjustment as team
from workbench.text.checkworthy import BIAS, NEWS_FLOOR
from workbench.text.model import Reason

LEARN = "model.learn"
RESET = "model.reset"
RESCORE = "claims.rescore"
AUTO_ACTOR = "system:learn"


@dataclass(frozen=True, slots=True)
class Learned:
    """What a fit used and did."""

    adjustment: team.TeamAdjustment
    digest: str
    rescored: int

    def to_json(self) -> dict[str, Any]:
        return {
            **self.adjustment.to_json(),
            "digest": self.digest,
            "rescored": self.rescored,
            "changed": self.adjustment.describe(),
        }


def active(database: ReviewDatabase) -> team.TeamAdjustment | None:
    """The adjustment in force, or None (never fitted, or reset to the shipped model)."""
    value = store.current(database.conn)
    data = json.loads(value) if value else {}
    return team.TeamAdjustment.from_json(data) if "shift" in data else None


def flag_floor(reasons: list[Reason] | tuple[Reason, ...]) -> float:
    """The news threshold for a score with or without the semantic part (as ``rescore`` uses)."""
    return semantic.NEWS_FLOOR if any(r.feature == semantic.FEATURE for r in reasons) else NEWS_FLOOR


def rescored_row(reasons: Sequence[Reason], adjustment: team.TeamAdjustment | None) -> tuple[float, int, str]:
    score, new = team.adjusted(BIAS, reasons, adjustment)
    return score, int(score >= flag_floor(new)), json.dumps(reasons_json(new), ensure_ascii=False)


def learn(database: ReviewDatabase, *, actor: str) -> Learned:
    """Fit on every decision in the database, record it, then re-score every claim with it."""
    with database.write_unit() as conn:
        rows = store.labelled(conn)
        positives = sum(label for _, _, label in rows)
        if len(rows) < team.MIN_DECISIONS or positives in (0, len(rows)):
            raise InputError(
                f"nothing learned: {len(rows)} decisions ({positives} check-worthy); learning needs at least "
                f"{team.MIN_DECISIONS}, with both check-worthy and not check-worthy among them"
            )
        adjustment = team.fit(BIAS, [(reasons_from_json(payload), label) for _, payload, label in rows])
        labels = hashlib.sha256(json.dumps([[i, y] for i, _, y in rows]).encode()).hexdigest()
        value = adjustment.canonical()
        before = store.current(conn)
        store.store(conn, value)
        audit.append(
            conn,
            actor=actor,
            action=LEARN,
            entity="database",
            entity_id=store.KEY,
            before={store.KEY: before},
            after={
                store.KEY: value,
                "decisions": adjustment.decisions,
                "positives": positives,
                "digest": adjustment.digest(),
                "labels_sha256": labels,
            },
        )
    return Learned(adjustment, adjustment.digest(), rescore_all(database, actor=actor))


def reset(database: ReviewDatabase, *, actor: str) -> int:
    """Back to the shipped model (an audited event), then re-score every claim without the team part."""
    with database.write_unit() as conn:
        before = store.current(conn)
        value = json.dumps(
            {"model": "shipped", "decisions": store.count_labelled(conn)},
            sort_keys=True,
            separators=(",", ":"),
        )
        store.store(conn, value)
        audit.append(
            conn,
            actor=actor,
            action=RESET,
            entity="database",
            entity_id=store.KEY,
            before={store.KEY: before},
            after={store.KEY: value},
        )
    return rescore_all(database, actor=actor)


def rescore_all(database: ReviewDatabase, *, actor: str, only_new: bool = False) -> int:
    """Give claims the current team reason (or take it away); ``only_new``: claims that have none yet."""
    adjustment = active(database)
    if only_new and adjustment is None:
        return 0
    with database.write_unit() as conn:
        rows = store.without_team_reason(conn) if only_new else store.all_scores(conn)
        updates = []
        for claim_id, payload in rows:
            reasons = reasons_from_json(payload)
            if adjustment is None and not any(r.feature == team.FEATURE for r in reasons):
                continue
            score, flag, new = rescored_row(reasons, adjustment)
            updates.append((score, flag, new, claim_id))
        if not updates:
            return 0
        claim_scores.update_scores(conn, updates)
        audit.append(
            conn,
            actor=actor,
            action=RESCORE,
            entity="claims",
            entity_id=None,
            after={
                "claims": len(updates),
                "part": "team",
                "model": adjustment.digest() if adjustment else "shipped",
            },
        )
    return len(updates)


def learned_from(database: ReviewDatabase) -> int:
    """How many decisions the last fit or reset saw (0 when never)."""
    value = store.current(database.conn)
    return int(json.loads(value).get("decisions", 0)) if value else 0


def maybe_learn(
    database: ReviewDatabase, *, actor: str = AUTO_ACTOR, catch_up: bool = True
) -> Learned | None:
    """Re-fit when ``LEARN_EVERY`` decisions have come since the last fit or reset (or the first time there
    are enough of both kinds); otherwise, with ``catch_up``, give claims scored since the last fit the
    current team reason."""
    count = store.count_labelled(database.conn)
    due = count - learned_from(database) >= team.LEARN_EVERY or (
        store.current(database.conn) is None and count >= team.MIN_DECISIONS
    )
    if due:
        try:
            return learn(database, actor=actor)
        except InputError:
            pass  # not both kinds of decision yet
    if catch_up:
        rescore_all(database, actor=actor, only_new=True)
    return None
