"""Same claim by meaning: importing others' fact-checks, filling sentence vectors, and `similar`.

``similar`` is the one ranking used by the CLI and by the claim view's "checked before?": BM25
candidates (SQLite FTS5) and exact-scan vector neighbours over our reviewed claims and imported
fact-checks, ranked by ``workbench.text.matching.same_claim.hybrid``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workbench.errors import InputError
from workbench.evidence.fetch import FetchPolicy, fetch, make_client
from workbench.reading.web import INGEST_USER_AGENT, is_url
from workbench.store import audit
from workbench.store import factchecks as fc_store
from workbench.store.claim_sets import id_ranges
from workbench.store.database import ReviewDatabase
from workbench.text import encoder as enc
from workbench.text.factcheck_formats import parse
from workbench.text.matching import same_claim
from workbench.text.matching.fold import STOPWORDS
from workbench.text.quantities import find_quantities

CANDIDATES = 50
"""Candidates taken from each source (BM25 and vectors) before the hybrid ranks them."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    format: str
    items: int
    added: int
    import_id: int
    already: bool = False


def _read_source(source: str, *, allow_private: bool, max_bytes: int) -> bytes:
    if is_url(source):
        policy = FetchPolicy(max_bytes=max_bytes, allow_private=allow_private, user_agent=INGEST_USER_AGENT)
        with make_client(policy) as client:
            result = fetch(source, policy, client=client, keep_body=True)
        if not result.alive or result.body is None:
            raise InputError(f"{source[:200]}: {result.error or result.status}")
        if result.truncated:
            raise InputError(f"{source[:200]}: larger than the {max_bytes / 1e6:.0f} MB limit")
        return result.body
    path = Path(source).expanduser()
    if not path.is_file():
        raise InputError(f"{source[:200]}: no such file")
    return path.read_bytes()


def import_factchecks(
    database: ReviewDatabase,
    source: str,
    *,
    actor: str,
    allow_private: bool = False,
    max_bytes: int = 50_000_000,
) -> ImportResult:
    """Import one file or URL as one audited event; the same bytes imported again add nothing."""
    body = _read_source(source, allow_private=allow_private, max_bytes=max_bytes)
    digest = hashlib.sha256(body).hexdigest()
    fmt, items = parse(body, source[:200])
    with database.write_unit() as conn:
        known = fc_store.import_by_sha(conn, digest)
        if known is not None:
            return ImportResult(source, fmt, len(items), 0, known[0], already=True)
        ts = audit.utc_now()
        import_id, added = fc_store.add_import(
            conn, source=source, sha256=digest, fmt=fmt, items=items, ts=ts, actor=actor
        )
        rows = fc_store.import_rows(conn, import_id)
        stored = {"ids": id_ranges(int(r[0]) for r in rows), "digest": fc_store.digest(rows)}
        audit.append(
            conn,
            actor=actor,
            action="factchecks.import",
            entity="factcheck_import",
            entity_id=import_id,
            after={
                "source": source,
                "sha256": digest,
                "format": fmt,
                "items": len(items),
                "added": added,
                "factchecks": stored,
            },
            ts=ts,
        )
    return ImportResult(source, fmt, len(items), added, import_id)


def fill_vectors(
    database: ReviewDatabase,
    encoder: enc.SentenceEncoder,
    *,
    batch: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Encode every reviewed claim and fact-check without a current vector; returns how many.

    Derived data: written in batches of its own small transactions, no audit event.
    """
    todo = fc_store.texts_to_encode(database.conn, encoder.name)
    done = 0
    for start in range(0, len(todo), batch):
        chunk = todo[start : start + batch]
        vectors = encoder.encode([text for _, _, _, text in chunk])
        rows = [
            (kind, item_id, fld, fc_store.text_sha1(text), enc.to_blob(vec))
            for (kind, item_id, fld, text), vec in zip(chunk, vectors, strict=True)
        ]
        with database.write_unit() as conn:
            fc_store.store_vectors(conn, encoder.name, rows)
        done += len(chunk)
        if progress is not None:
            progress(done, len(todo))
    return done


@dataclass
class Match:
    kind: str
    id: int
    text: str
    url: str | None
    rating: str | None
    score: float
    why: list[str] = field(default_factory=list)
    label: str | None = None
    source: str | None = None
    when: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "text": self.text,
            "url": self.url,
            "rating": self.rating,
            "score": round(self.score, 4),
            "label": self.label,
            "why": self.why,
        }


class VectorIndex:
    """Stored vectors as one matrix for exact cosine scans (rows: max over an item's fields)."""

    def __init__(self, database: ReviewDatabase, encoder: enc.SentenceEncoder) -> None:
        rows = fc_store.load_vectors(database.conn, encoder.name)
        self.keys = [f"{kind}:{item_id}" for kind, item_id, _ in rows]
        self.matrix = enc.from_blobs([blob for _, _, blob in rows]) if rows else np.zeros((0, encoder.dim))

    def cosines(self, query: np.ndarray, k: int) -> dict[str, float]:
        if not self.keys:
            return {}
        sims = self.matrix @ query
        best: dict[str, float] = {}
        top = np.argsort(-sims)[: k * 2] if len(sims) > k * 2 else np.argsort(-sims)
        for j in top:
            key = self.keys[int(j)]
            best[key] = max(best.get(key, -1.0), float(sims[j]))
        return dict(list(best.items())[:k])

    def cosine_of(self, query: np.ndarray, keys: set[str]) -> dict[str, float]:
        out: dict[str, float] = {}
        for j, key in enumerate(self.keys):
            if key in keys:
                out[key] = max(out.get(key, -1.0), float(self.matrix[j] @ query))
        return out


def similar(
    database: ReviewDatabase,
    texts: Sequence[str],
    *,
    encoder: enc.SentenceEncoder | None,
    limit: int = 5,
    exclude_claim: int | None = None,
) -> list[list[Match]]:
    """For each text, the reviewed claims and fact-checks most likely stating the same claim."""
    index = VectorIndex(database, encoder) if encoder is not None else None
    queries = encoder.encode([same_claim.clean_query(t) for t in texts]) if encoder is not None else None
    results: list[list[Match]] = []
    for n, text in enumerate(texts):
        fts = same_claim.fts_query(text)
        bm25 = {
            f"factcheck:{k}": v for k, v in fc_store.bm25_factchecks(database.conn, fts, CANDIDATES).items()
        }
        bm25.update(
            {
                f"claim:{k}": v
                for k, v in fc_store.bm25_reviewed_claims(database.conn, fts, CANDIDATES).items()
            }
        )
        cosine: dict[str, float] = {}
        if index is not None and queries is not None:
            cosine = index.cosines(queries[n], CANDIDATES)
            missing = set(bm25) - set(cosine)
            cosine.update(index.cosine_of(queries[n], missing))
        if exclude_claim is not None:
            bm25.pop(f"claim:{exclude_claim}", None)
            cosine.pop(f"claim:{exclude_claim}", None)
        ranked = same_claim.hybrid(bm25, cosine)[:limit]
        results.append(_describe(database, text, ranked))
    return results


def _describe(database: ReviewDatabase, query: str, ranked: list[same_claim.Scored]) -> list[Match]:
    fc_ids = [int(s.key.split(":")[1]) for s in ranked if s.key.startswith("factcheck:")]
    claim_ids = [int(s.key.split(":")[1]) for s in ranked if s.key.startswith("claim:")]
    factchecks = fc_store.factchecks_by_id(database.conn, fc_ids)
    claims = _claims(database, claim_ids)
    out: list[Match] = []
    for s in ranked:
        kind, raw_id = s.key.split(":")
        item_id = int(raw_id)
        if kind == "factcheck":
            row = factchecks.get(item_id)
            if row is None:
                continue
            match = Match(
                kind,
                item_id,
                row.claim,
                row.url,
                row.rating,
                s.score,
                source=row.publisher or row.source,
                when=row.published,
            )
        else:
            crow = claims.get(item_id)
            if crow is None:
                continue
            text, verdict, who, when = crow
            match = Match(kind, item_id, text, None, verdict, s.score, source=who, when=when)
        match.label = same_claim.label(s)
        match.why = why(query, match, s)
        out.append(match)
    return out


def _claims(
    database: ReviewDatabase, ids: list[int]
) -> dict[int, tuple[str, str | None, str | None, str | None]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = database.conn.execute(
        f"SELECT id, text, verdict, updated_by, updated_at FROM claims WHERE id IN ({marks})", ids
    )
    return {int(r[0]): (str(r[1]), r[2], r[3], r[4]) for r in rows}


def why(query: str, match: Match, scored: same_claim.Scored) -> list[str]:
    reasons = []
    if scored.cosine is not None:
        reasons.append(f"meaning similarity {scored.cosine:.2f}")
    shared = sorted(set(_content_words(query)) & set(_content_words(match.text)), key=len, reverse=True)[:5]
    if shared:
        reasons.append("shared words: " + ", ".join(shared))
    ours = [q for q in find_quantities(query) if q.value is not None]
    theirs = [q for q in find_quantities(match.text) if q.value is not None]
    if ours and theirs:
        common = sorted({q.text for q in ours if any(q.value == t.value for t in theirs)})
        reasons.append("same figures: " + ", ".join(common) if common else "the figures differ")
    if match.rating:
        by = f" by {match.source}" if match.source else ""
        on = f" on {match.when[:10]}" if match.when else ""
        reasons.append(f"verdict: {match.rating}{by}{on}")
    return reasons


def _content_words(text: str) -> list[str]:
    return [w for w in same_claim.words(same_claim.clean_query(text)) if len(w) > 3 and w not in STOPWORDS]
