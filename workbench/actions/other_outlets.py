"""Similar claims in other outlets, by meaning: what the claim view lists beside the stories.

Every claim gets one sentence vector (derived data in ``vectors``, filled in batches by
``fill_claim_vectors``: after a small ingest, by ``workbench vectors``, or by the TUI in the
background). The claim's nearest claims of other documents by cosine (``nearest``: an exact scan, or
an approximate index above its threshold; cached per process) pass the figure, count and date vetoes
of story matching, and are ranked by cosine. A reviewer links one with ``link`` (a ``match.merge``
decision, respected by every later run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from workbench.actions import matching, nearest
from workbench.actions.match_claims import MatchSummary, match_claim
from workbench.store import factchecks as fc_store
from workbench.store import matching as match_store
from workbench.store import vector_marks
from workbench.store.database import ReviewDatabase
from workbench.text import encoder as enc
from workbench.text.matching import meaning
from workbench.text.matching.features import document_places, features
from workbench.text.matching.shared import reasons, shared

CANDIDATES = 20
"""Neighbours taken by cosine before the vetoes pick the top ones."""


@dataclass(frozen=True, slots=True)
class OtherOutletClaim:
    id: int
    document_id: int
    outlet: str | None
    text: str
    similarity: float
    """Cosine of the two sentences' vectors."""
    wording: float
    """token_sort_ratio, 0-100."""
    same_story: bool
    why: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "document": self.document_id,
            "outlet": self.outlet,
            "text": self.text,
            "similarity": round(self.similarity, 4),
            "wording": round(self.wording, 1),
            "same_story": self.same_story,
            "why": self.why,
        }


def fill_claim_vectors(
    database: ReviewDatabase,
    encoder: enc.SentenceEncoder,
    *,
    batch: int = 128,
    progress: Callable[[int, int], None] | None = None,
    limit: int | None = None,
) -> int:
    """Encode every claim (and fact-check) still without a current vector (the first ``limit``), then give
    the claims that got one the semantic part of their score; returns how many were encoded."""
    from workbench.actions.ingest import SYSTEM_ACTOR
    from workbench.actions.learn import maybe_learn
    from workbench.actions.rescore import rescore_semantic
    from workbench.actions.same_claim import fill_vectors

    encoded: list[int] = []
    done = fill_vectors(
        database,
        encoder,
        batch=batch,
        progress=progress,
        all_claims=True,
        limit=limit,
        encoded_claims=encoded,
    )
    if encoded:
        rescore_semantic(database, actor=SYSTEM_ACTOR, claim_ids=encoded)
    maybe_learn(database)
    return done


def missing_vectors(database: ReviewDatabase, encoder: enc.SentenceEncoder) -> int:
    """Claims and imported fact-check texts still without a vector: what ``fill_claim_vectors`` encodes."""
    conn = database.conn
    marks = vector_marks.read(conn, encoder.name)  # only the rows above them can lack one
    return fc_store.claims_without_vector(
        conn, encoder.name, marks.claims
    ) + fc_store.factcheck_texts_without_vector(conn, encoder.name, marks.factchecks)


class ClaimVectors:
    """Every claim's stored vector, with each row's claim and document, searched by ``nearest``."""

    def __init__(self, database: ReviewDatabase, encoder: enc.SentenceEncoder, generation: int) -> None:
        rows = fc_store.claim_vectors(database.conn, encoder.name)
        self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        self.documents = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        self.row_of = {int(i): n for n, i in enumerate(self.ids.tolist())}
        cache = nearest.cache_file(database.conn, "claims", (encoder.name, generation))
        self.nearest = nearest.build([r[2] for r in rows], encoder.dim, cache=cache)


_CACHE: dict[tuple[str, str], tuple[object, ClaimVectors]] = {}


def claim_vectors(database: ReviewDatabase, encoder: enc.SentenceEncoder) -> ClaimVectors:
    """Cached per database and model until vectors are stored again (a re-encoded claim included)."""
    from workbench.actions.same_claim import cached_by_key

    generation = fc_store.vector_generation(database.conn)
    return cached_by_key(
        _CACHE, database, encoder, generation, lambda: ClaimVectors(database, encoder, generation)
    )


def similar_in_other_outlets(
    database: ReviewDatabase, claim_id: int, *, encoder: enc.SentenceEncoder | None, k: int = 3
) -> list[OtherOutletClaim]:
    """The ``k`` claims of other documents closest in meaning to this one that no veto stops."""
    if encoder is None:
        return []
    row = match_store.claim_row(database.conn, claim_id)
    if row is None:
        return []
    claim = match_claim(row)
    index = claim_vectors(database, encoder)
    at = index.row_of.get(claim_id)
    query = (
        index.nearest.vectors(np.array([at], dtype=np.int64))[0]
        if at is not None
        else encoder.encode([claim.text])[0]
    )
    near = nearest.nearest_in_other_documents(
        index.nearest, index.documents, query, claim.document_id, k=CANDIDATES
    )
    if not near:
        return []
    ids = [int(index.ids[n.index]) for n in near]
    others = {int(r[0]): match_claim(r) for r in match_store.claim_rows_by_id(database.conn, ids)}
    places = document_places([claim, *others.values()])
    mine = features(claim, places.get(claim.document_id, frozenset()))[0]
    vetoes: list[str | None] = []
    for claim_of in ids:
        other = others.get(claim_of)
        vetoes.append(
            "gone"
            if other is None
            else meaning.veto(mine, features(other, places.get(other.document_id, frozenset()))[0])
        )
    story = match_store.story_of_claim(database.conn, claim_id)
    in_story = set(story.claim_ids) if story is not None else set()
    texts = match_store.claim_texts(database.conn, ids)
    out = []
    for n in meaning.rank(near, vetoes, k):
        other_id = int(index.ids[n.index])
        other = others[other_id]
        common = shared(claim.text, other.text, lambda words: match_store.word_counts(database.conn, words))
        why = [f"meaning similarity {n.cosine:.2f}", *reasons(common)]
        out.append(
            OtherOutletClaim(
                other_id,
                other.document_id,
                texts.get(other_id, ("", None, None))[1],
                other.text,
                n.cosine,
                fuzz.token_sort_ratio(claim.text, other.text),
                other_id in in_story,
                why,
            )
        )
    return out


def link(database: ReviewDatabase, claim_id: int, other_id: int, *, actor: str) -> MatchSummary:
    """A reviewer says the two claims report the same fact: one audited merge decision."""
    return matching.merge_stories(database, claim_id, other_id, actor=actor)
