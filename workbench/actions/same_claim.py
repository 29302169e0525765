"""Same claim by meaning: importing others' fact-checks, filling sentence vectors, and `similar`.

``similar`` is the one ranking used by the CLI and by the claim view's "checked before?": BM25
candidates (SQLite FTS5) and vector neighbours (``nearest``: an exact scan, approximate above 200k
vectors) over our reviewed claims and imported fact-checks, ranked by
``workbench.text.matching.same_claim.hybrid`` and its top 40 re-ranked by
``workbench.text.matching.rerank`` (a logistic regression fitted on CLEF-2020 train).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
from rapidfuzz import fuzz

from workbench.actions import nearest
from workbench.errors import DatabaseBusyError, DatabaseError, InputError
from workbench.scales import DEFAULT_SCALE, RatingScale, label_of, preset
from workbench.store import audit, vector_marks
from workbench.store import claims as claim_store
from workbench.store import factchecks as fc_store
from workbench.store import matching as match_store
from workbench.store.claim_sets import id_ranges
from workbench.store.database import ReviewDatabase, file_identity, is_database_file
from workbench.text import encoder as enc
from workbench.text.factcheck_formats import parse
from workbench.text.matching import rerank, same_claim
from workbench.text.matching.shared import Shared, shared
from workbench.text.matching.shared import reasons as shared_reasons

T = TypeVar("T")
log = logging.getLogger(__name__)

CANDIDATES = 50
"""Candidates taken from each source (BM25 and vectors) before the hybrid ranks them."""
ENCODE_NOW = 256
"""Texts without a vector that `factchecks import` and `similar` encode on the spot (a few seconds on one
core); more are left to `workbench vectors` or the workbench's background filling, and are found by their
words until then (10,368 imported fact-checks took 155 s and 1 GB to encode inline)."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    source: str
    format: str
    items: int
    added: int
    import_id: int
    already: bool = False


def _read_source(source: str, *, database: Path, allow_private: bool, max_bytes: int) -> bytes:
    # imported here: the fetching stack (httpx, trafilatura) is not needed by `similar` or the claim view
    from workbench.evidence.fetch import FetchPolicy, fetch, make_client
    from workbench.reading.web import INGEST_USER_AGENT, is_url

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
    # Opening and closing the database's own file here would drop this process's SQLite locks.
    if is_database_file(path, database):
        raise InputError(f"{source[:200]} is the review database itself, not a file of fact-checks")
    if path.stat().st_size > max_bytes:
        raise InputError(f"{source[:200]}: larger than the {max_bytes / 1e6:.0f} MB limit")
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
    body = _read_source(source, database=database.path, allow_private=allow_private, max_bytes=max_bytes)
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
    all_claims: bool = False,
    limit: int | None = None,
    encoded_claims: list[int] | None = None,
) -> int:
    """Encode every reviewed claim (every claim with ``all_claims``) and fact-check without a current
    vector; returns how many. The ids of the claims encoded are added to ``encoded_claims`` when given.

    Only the rows above the model's vector marks are looked at; once all found are stored, the marks rise
    over what the scan covered (with ``limit``, no further than the last text it reached).
    Derived data: written in batches of its own small transactions, no audit event.
    """
    scan = _scan(database, encoder, all_claims=all_claims, limit=limit)
    done = _encode(database, encoder, scan.todo.texts, batch, progress, encoded_claims)
    _raise_marks(database, encoder, scan)
    return done


@dataclass(frozen=True, slots=True)
class _Scan:
    """What is waiting above the vector marks, with what raising them afterwards needs."""

    todo: fc_store.ToEncode
    marks: vector_marks.Marks
    tops: tuple[int, int]
    """The highest claim and fact-check ids, read before the scan: how far a complete scan covers."""
    all_claims: bool


def _scan(
    database: ReviewDatabase, encoder: enc.SentenceEncoder, *, all_claims: bool, limit: int | None
) -> _Scan:
    conn = database.conn
    if vector_marks.needs_claim(conn, encoder.name):  # first fill of this model here: start its marks
        _write_marks(database, lambda wconn: vector_marks.claim_for(wconn, encoder.name))
    # the marks and their epochs before the tops, the tops before the scan
    marks = vector_marks.read(conn, encoder.name)
    tops = vector_marks.tops(conn)
    todo = fc_store.texts_to_encode(
        conn,
        encoder.name,
        all_claims=all_claims,
        limit=limit,
        claims_above=marks.claims_above(all_claims=all_claims),
        factchecks_above=marks.factchecks,
    )
    return _Scan(todo, marks, tops, all_claims)


def _encode(
    database: ReviewDatabase,
    encoder: enc.SentenceEncoder,
    todo: Sequence[tuple[str, int, str, str]],
    batch: int,
    progress: Callable[[int, int], None] | None = None,
    encoded_claims: list[int] | None = None,
) -> int:
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
        if encoded_claims is not None:
            encoded_claims.extend(item_id for kind, item_id, _, _ in chunk if kind == "claim")
        if progress is not None:
            progress(done, len(todo))
    return done


def _raise_marks(database: ReviewDatabase, encoder: enc.SentenceEncoder, scan: _Scan) -> None:
    """After every text the scan found is stored: raise the marks over the ranges it covered, unless a
    trigger lowered or bumped one meanwhile (then the next scan looks again)."""
    before = scan.marks
    if before.epochs is None:
        return
    claim_top, fc_top = scan.tops
    claims_to = claim_top if scan.todo.claims_through is None else min(claim_top, scan.todo.claims_through)
    fc_to = fc_top if scan.todo.factchecks_through is None else min(fc_top, scan.todo.factchecks_through)
    scope = "claims" if scan.all_claims else "reviewed"
    rises = []
    if claims_to > (before.claims if scan.all_claims else before.reviewed):
        rises.append((scope, claims_to))
    if fc_to > before.factchecks:
        rises.append(("factchecks", fc_to))
    if not rises:
        return
    # The reviewed scan may have started at the claims mark: then that mark must still hold too.
    guards = {"claims": 0, "reviewed": 1, "factchecks": 2}
    epochs = before.epochs

    def rise(conn: sqlite3.Connection) -> None:
        now = vector_marks.read(conn, encoder.name)
        for name, to in rises:
            needed = [guards[name]]
            if name == "reviewed" and before.claims > before.reviewed:
                needed.append(guards["claims"])
            if now.epochs is None or any(now.epochs[i] != epochs[i] for i in needed):
                continue
            vector_marks.raise_mark(conn, encoder.name, name, to, epochs[guards[name]])

    _write_marks(database, rise)


def _write_marks(database: ReviewDatabase, write: Callable[[sqlite3.Connection], object]) -> None:
    """Write the marks in a unit of their own. They are a cache: a database busy for longer than the
    timeout, or read-only, keeps them as they are (the next scan only looks further than it needs)."""
    try:
        with database.write_unit() as conn:
            write(conn)
    except DatabaseBusyError:
        log.info("vector marks not written: the database is busy")
    except (DatabaseError, sqlite3.OperationalError) as exc:
        if "readonly" not in f"{exc} {exc.__cause__}".replace("read-only", "readonly"):
            raise
        log.info("vector marks not written: the database is read-only")


def waiting(
    database: ReviewDatabase, encoder: enc.SentenceEncoder, *, all_claims: bool = False
) -> list[tuple[str, int, str, str]]:
    """(kind, id, field, text) of what ``fill_vectors`` would encode now: the texts above the vector
    marks whose vector is missing or stale."""
    return _scan(database, encoder, all_claims=all_claims, limit=None).todo.texts


@dataclass(frozen=True, slots=True)
class Filled:
    encoded: int
    waiting: int
    """Texts still without a vector: more than the bound, so none was encoded."""


def fill_vectors_if_few(
    database: ReviewDatabase, encoder: enc.SentenceEncoder, *, batch: int = 256
) -> Filled:
    """Encode the reviewed claims and fact-checks without a current vector when at most ``ENCODE_NOW``
    wait (one scan above the vector marks); else nothing is encoded and the count waiting is returned."""
    scan = _scan(database, encoder, all_claims=False, limit=None)
    todo = len(scan.todo.texts)
    if todo > ENCODE_NOW:
        return Filled(0, todo)
    done = _encode(database, encoder, scan.todo.texts, batch)
    _raise_marks(database, encoder, scan)
    return Filled(done, 0)


def waiting_message(waiting: int) -> str:
    return (
        f"{waiting} texts have no sentence vector yet (more than {ENCODE_NOW}, so none was encoded now): "
        "`workbench vectors` computes them with progress, and the workbench fills them in the background; "
        "until then these fact-checks and claims are matched by their words only"
    )


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
    """Who gave the verdict: the fact-check's publisher, or our reviewer."""
    when: str | None = None
    cosine: float | None = None
    strength: float = 0.0
    verdict_scale: str | None = None
    shared: Shared | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "text": self.text,
            "url": self.url,
            "rating": self.rating,
            "score": round(self.score, 4),
            "similarity": None if self.cosine is None else round(self.cosine, 4),
            "label": self.label,
            "who": self.source,
            "when": self.when,
            "shared_words": list(self.shared.words) if self.shared else [],
            "shared_names": list(self.shared.names) if self.shared else [],
            "figures": self.shared.figures if self.shared else None,
            "why": self.why,
        }


_ENCODERS: dict[tuple[str | None, str | None, str | None], enc.SentenceEncoder | None] = {}


def shared_encoder(
    model: str | None = None, sha256: str | None = None, tokenizer: str | None = None
) -> enc.SentenceEncoder | None:
    """The sentence encoder for these settings, loaded once per process (None, said once, when it
    cannot run). Loading takes a second or two: callers on a screen call this from a worker."""
    key = (model, sha256, tokenizer)
    if key not in _ENCODERS:
        _ENCODERS[key] = enc.load_encoder(model, sha256=sha256, tokenizer=tokenizer)
    return _ENCODERS[key]


class VectorIndex:
    """Stored vectors of reviewed claims and fact-checks (an item's rows: its claim and title), searched
    by cosine: an exact scan, or an approximate index above ``nearest.ann_from()`` rows."""

    def __init__(self, database: ReviewDatabase, encoder: enc.SentenceEncoder, key: Sequence[object]) -> None:
        rows = fc_store.load_vectors(database.conn, encoder.name)
        self.keys = [f"{kind}:{item_id}" for kind, item_id, _ in rows]
        self.rows_of: dict[str, list[int]] = {}
        for j, item in enumerate(self.keys):
            self.rows_of.setdefault(item, []).append(j)
        cache = nearest.cache_file(database.conn, "reviewed", (encoder.name, *key))
        self.nearest = nearest.build([blob for _, _, blob in rows], encoder.dim, cache=cache)

    def cosines(self, query: np.ndarray, k: int) -> dict[str, float]:
        if not self.keys:
            return {}
        rows, sims = self.nearest.search(query, k * 2)
        best: dict[str, float] = {}
        for j, sim in zip(rows[0].tolist(), sims[0].tolist(), strict=True):
            if j >= 0:
                key = self.keys[j]
                best[key] = max(best.get(key, -1.0), sim)
        return dict(list(best.items())[:k])

    def cosine_of(self, query: np.ndarray, keys: set[str]) -> dict[str, float]:
        rows = [j for key in keys for j in self.rows_of.get(key, ())]
        if not rows:
            return {}
        sims = self.nearest.vectors(np.asarray(rows, dtype=np.int64)) @ query
        out: dict[str, float] = {}
        for j, sim in zip(rows, sims.tolist(), strict=True):
            key = self.keys[j]
            out[key] = max(out.get(key, -1.0), sim)
        return out


_INDEXES: dict[tuple[str, str], tuple[object, VectorIndex]] = {}


def _vector_index(database: ReviewDatabase, encoder: enc.SentenceEncoder) -> VectorIndex:
    """The index for this database and model, rebuilt when vectors were stored (new or re-encoded) or
    the reviewed claims changed (vectors are derived; the claim view reuses it claim after claim)."""
    key = (fc_store.vector_generation(database.conn), *_reviewed_state(database))
    return cached_by_key(_INDEXES, database, encoder, key, lambda: VectorIndex(database, encoder, key))


_REVIEWED: dict[str, tuple[tuple[object, ...], tuple[int, int]]] = {}


def _reviewed_state(database: ReviewDatabase) -> tuple[int, int]:
    """``fc_store.reviewed_state`` (a pass over every reviewed claim), recomputed only when the newest
    event, the highest claim id or the verdict counter kept by triggers moved since the last call (or
    another file now stands at the path)."""
    where = str(database.path.resolve())
    probe = (*vector_marks.reviewed_probe(database.conn), file_identity(database.path))
    cached = _REVIEWED.get(where)
    if cached is None or cached[0] != probe:
        cached = (probe, fc_store.reviewed_state(database.conn))
        _REVIEWED[where] = cached
    return cached[1]


def _reviewed_share(database: ReviewDatabase) -> float:
    """Claims with a verdict over the highest claim id (about their share of all claims)."""
    reviewed, _ = _reviewed_state(database)
    highest = vector_marks.reviewed_probe(database.conn)[1]
    return reviewed / highest if highest else 0.0


def cached_by_key(
    cache: dict[tuple[str, str], tuple[object, T]],
    database: ReviewDatabase,
    encoder: enc.SentenceEncoder,
    key: object,
    build: Callable[[], T],
) -> T:
    """One value per process for this database and model, rebuilt when ``key`` (of what it was built
    from, e.g. the vectors' generation) changed since it was built; another database or model replaces it."""
    where = (str(database.path.resolve()), encoder.name)
    cached = cache.get(where)
    if cached is None or cached[0] != key:
        cached = (key, build())
        cache.clear()
        cache[where] = cached
    return cached[1]


def similar(
    database: ReviewDatabase,
    texts: Sequence[str],
    *,
    encoder: enc.SentenceEncoder | None,
    limit: int = 5,
    exclude_claim: int | None = None,
) -> list[list[Match]]:
    """For each text, the reviewed claims and fact-checks most likely stating the same claim."""
    index = _vector_index(database, encoder) if encoder is not None else None
    queries = encoder.encode([same_claim.clean_query(t) for t in texts]) if encoder is not None else None
    # known (and cached) once the vector index is keyed; without an encoder the joined query as before
    share = _reviewed_share(database) if index is not None else None
    results: list[list[Match]] = []
    for n, text in enumerate(texts):
        fts = same_claim.fts_query(text)
        bm25 = {
            f"factcheck:{k}": v for k, v in fc_store.bm25_factchecks(database.conn, fts, CANDIDATES).items()
        }
        bm25.update(
            {
                f"claim:{k}": v
                for k, v in fc_store.bm25_reviewed_claims(database.conn, fts, CANDIDATES, share).items()
            }
        )
        if exclude_claim is not None:
            bm25.pop(f"claim:{exclude_claim}", None)
        cosine: dict[str, float] = {}
        if index is not None and queries is not None and encoder is not None:
            cosine = index.cosines(queries[n], CANDIDATES)
            missing = set(bm25) - set(cosine)
            cosine.update(index.cosine_of(queries[n], missing))
            cosine.update(_encode_missing(database, encoder, queries[n], set(bm25) - set(cosine)))
            cosine.pop(f"claim:{exclude_claim}", None)
        ranked = same_claim.hybrid(bm25, cosine)
        if cosine:
            head = ranked[: rerank.POOL]
            reranked = rerank.rerank(text, head, bm25, _candidate_texts(database, [s.key for s in head]))
            results.append(_describe(database, text, reranked[:limit]))
        else:
            plain = [rerank.Reranked(s, s.score, ()) for s in ranked[:limit]]
            results.append(_describe(database, text, plain, lexical_only=True))
    return results


def _candidate_texts(database: ReviewDatabase, keys: Sequence[str]) -> dict[str, str]:
    """Each candidate's words the re-ranker compares: a fact-check's claim and title, our claim's text."""
    fc_ids = [int(k.split(":")[1]) for k in keys if k.startswith("factcheck:")]
    claim_ids = [int(k.split(":")[1]) for k in keys if k.startswith("claim:")]
    out = {
        f"factcheck:{i}": f"{r.claim} {r.title or ''}"
        for i, r in fc_store.factchecks_by_id(database.conn, fc_ids).items()
    }
    out.update({f"claim:{i}": c.text for i, c in fc_store.judged_claims(database.conn, claim_ids).items()})
    return out


def _encode_missing(
    database: ReviewDatabase, encoder: enc.SentenceEncoder, query: np.ndarray, keys: set[str]
) -> dict[str, float]:
    """Cosines of candidates with no stored vector yet (a verdict given since the last fill)."""
    claim_ids = [int(k.split(":")[1]) for k in keys if k.startswith("claim:")]
    fc_ids = [int(k.split(":")[1]) for k in keys if k.startswith("factcheck:")]
    texts = {f"claim:{i}": c.text for i, c in fc_store.judged_claims(database.conn, claim_ids).items()}
    texts.update(
        {f"factcheck:{i}": r.claim for i, r in fc_store.factchecks_by_id(database.conn, fc_ids).items()}
    )
    if not texts:
        return {}
    vectors = encoder.encode(list(texts.values()))
    return {key: float(vec @ query) for key, vec in zip(texts, vectors, strict=True)}


LEXICAL_RATIO = 70.0
"""Without a sentence model, a match is shown as "possibly" only when rapidfuzz's token-set ratio
reaches this (the lexical rule "checked before?" used before issue 13)."""


def _describe(
    database: ReviewDatabase, query: str, reranked: list[rerank.Reranked], *, lexical_only: bool = False
) -> list[Match]:
    ranked = [r.scored for r in reranked]
    fc_ids = [int(s.key.split(":")[1]) for s in ranked if s.key.startswith("factcheck:")]
    claim_ids = [int(s.key.split(":")[1]) for s in ranked if s.key.startswith("claim:")]
    factchecks = fc_store.factchecks_by_id(database.conn, fc_ids)
    claims = fc_store.judged_claims(database.conn, claim_ids)
    scale = preset(database.meta("rating_scale") or DEFAULT_SCALE)
    out: list[Match] = []
    for r in reranked:
        s = r.scored
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
                r.probability,
                source=row.publisher or row.source,
                when=row.published,
            )
        else:
            crow = claims.get(item_id)
            if crow is None:
                continue
            match = Match(
                kind,
                item_id,
                crow.text,
                None,
                crow.verdict,
                r.probability,
                source=crow.who,
                when=crow.when,
                verdict_scale=crow.verdict_scale,
            )
        match.cosine = s.cosine
        match.strength = same_claim.strength(s)
        match.label = same_claim.label(s)
        if lexical_only and fuzz.token_set_ratio(query, match.text) >= LEXICAL_RATIO:
            match.label = "possibly"
        match.shared = shared(query, match.text, lambda words: match_store.word_counts(database.conn, words))
        match.why = why(match, s, _verdict_name(match, scale), r.weighed)
        out.append(match)
    return out


def _verdict_name(match: Match, scale: RatingScale) -> str | None:
    """Our verdicts by their label on the scale they were given under; others' ratings as written."""
    if match.kind != "claim" or match.rating is None:
        return match.rating
    label = label_of(match.rating, match.verdict_scale, scale)
    return label.name if label else match.rating


def why(
    match: Match, scored: same_claim.Scored, verdict: str | None = None, weighed: Sequence[str] = ()
) -> list[str]:
    reasons = []
    if scored.cosine is not None:
        reasons.append(f"meaning similarity {scored.cosine:.2f}")
    else:
        reasons.append("by words only (no sentence model)")
    if match.rating:  # the answer a reviewer looks for: before the evidence, which may be cut short
        by = f" by {match.source}" if match.source else ""
        on = f" on {match.when[:10]}" if match.when else ""
        reasons.append(f"verdict: {verdict or match.rating}{by}{on}")
    if match.shared is not None:
        reasons += shared_reasons(match.shared)
    if weighed:
        reasons.append("ranked up by: " + ", ".join(weighed))
    return reasons


def checked_before(
    database: ReviewDatabase, claim_id: int, *, encoder: enc.SentenceEncoder | None, k: int = 3
) -> list[Match]:
    """The claim view's "checked before?": the ``similar`` ranking for this claim's text over our other
    reviewed claims and the imported fact-checks, the top ``k`` labelled "likely the same claim" or
    "possibly" (``same_claim.LIKELY``/``POSSIBLY``, chosen on CLEF-2020 train)."""
    text = claim_store.claim_text(database.conn, claim_id)
    if text is None:
        return []
    ranked = similar(database, [text], encoder=encoder, limit=k + 7, exclude_claim=claim_id)[0]
    return [m for m in ranked if m.label is not None][:k]
