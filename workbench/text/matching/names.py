"""Linking name mentions across documents into clusters of one person, organisation or place.

The composite rule measured in research/extraction.md §1.10: after anyascii folding and
``default_process`` (hyphens become spaces), two person names match when their surnames have
Jaro-Winkler similarity >= 0.90 and normalised Levenshtein distance < 0.20 (strictly: one edit in
five letters, Kurti/Kurtz, is a different person), or when the last two tokens joined are equal
(Botsan-Kharchenko / Botsan Kharchenko), and their first names or initials agree when both have one.
A lone surname ("Vucic") joins a full name only when exactly one cluster has a matching surname.
Organisations and places join on the folded form only. Reviewer decisions (``must_link``,
``cannot_link``, pairs of normalised names) override the rule.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from workbench.text.matching.fold import fold
from workbench.text.matching.inputs import NameMentionRef

PERSONISH = frozenset({"PERSON", "NAME"})
_HYPHEN = re.compile(r"(?<=\w)[-‐‑–](?=\w)")


@dataclass(frozen=True, slots=True)
class NameCluster:
    """Mentions taken to name one entity; ``name`` is the most frequent of the fullest forms."""

    id: int
    name: str
    variants: tuple[str, ...]
    documents: int
    mentions: int
    kind: str
    document_ids: tuple[int, ...] = ()
    variant_counts: tuple[int, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "variants": list(self.variants),
            "documents": self.documents,
            "mentions": self.mentions,
            "kind": self.kind,
        }


@dataclass(slots=True)
class _Group:
    id: int
    forms: Counter[str] = field(default_factory=Counter)  # surface (normalized) form -> mentions
    folded: set[str] = field(default_factory=set)
    kinds: Counter[str] = field(default_factory=Counter)
    documents: set[int] = field(default_factory=set)
    mentions: int = 0

    def person(self) -> bool:
        typed = [k for k in self.kinds if k != "NAME"]
        return not typed or "PERSON" in typed


@lru_cache(maxsize=1 << 18)
def fold_name(name: str) -> str:
    """``fold`` with in-word hyphens removed: "Botsan-Kharchenko" -> "botsankharchenko"."""
    return fold(_HYPHEN.sub("", name))


def _split(folded: str) -> tuple[str | None, str, str]:
    """(first name or None, surname, last two tokens joined)."""
    tokens = folded.split()
    if len(tokens) == 1:
        return None, tokens[0], tokens[0]
    return tokens[0], tokens[-1], "".join(tokens[-2:])


def surnames_match(a: str, b: str) -> bool:
    """The surname half of the composite rule."""
    if a == b:
        return True
    return JaroWinkler.normalized_similarity(a, b) >= 0.90 and Levenshtein.normalized_distance(a, b) < 0.20


def _firsts_agree(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    # Alexander / Aleksandar: transliterations of one first name
    return a[0] == b[0] and JaroWinkler.normalized_similarity(a, b) >= 0.85


def persons_match(a: str, b: str) -> bool:
    """Whether two folded person names can name the same person (the composite rule)."""
    fa, sa, ja = _split(a)
    fb, sb, jb = _split(b)
    # surnames match, or one side writes as two words what the other joins (Kim Jong Un / Jong-un)
    if not (surnames_match(sa, sb) or (len(ja) > 5 and ja in (jb, sb)) or (len(jb) > 5 and jb == sa)):
        return False
    return _firsts_agree(fa, fb)


class NameLinker:
    """Incremental clustering state; ``link_names`` and ``link_names_incremental`` wrap it."""

    def __init__(
        self,
        existing: Sequence[NameCluster] = (),
        must_link: Iterable[frozenset[str]] = (),
        cannot_link: Iterable[frozenset[str]] = (),
    ) -> None:
        self.groups: dict[int, _Group] = {}
        self.by_folded: dict[str, int] = {}
        self.by_surname: dict[str, set[int]] = {}
        self.by_joined: dict[str, set[int]] = {}
        self.surnames: list[str] = []  # keys of by_surname, for rapidfuzz's batch search
        self.must = [frozenset(fold_name(n) for n in pair) for pair in must_link]
        self.cannot = {frozenset(fold_name(n) for n in pair) for pair in cannot_link}
        self.next_id = 1
        for cluster in existing:
            group = _Group(cluster.id, kinds=Counter({cluster.kind: 1}), documents=set(cluster.document_ids))
            counts = cluster.variant_counts or (1,) * len(cluster.variants)
            for variant, count in zip(cluster.variants, counts, strict=True):
                group.forms[variant] += count
                self._index(group, fold_name(variant))
            group.mentions = cluster.mentions
            self.groups[group.id] = group
            self.next_id = max(self.next_id, cluster.id + 1)

    def _index(self, group: _Group, folded: str) -> None:
        if not folded or folded in group.folded:
            return
        group.folded.add(folded)
        self.by_folded[folded] = group.id
        surname = _split(folded)[1]
        if surname not in self.by_surname:
            self.surnames.append(surname)
        self.by_surname.setdefault(surname, set()).add(group.id)
        self.by_joined.setdefault(_split(folded)[2], set()).add(group.id)

    def _forbidden(self, folded: str, group: _Group) -> bool:
        return bool(self.cannot) and any(frozenset((folded, other)) in self.cannot for other in group.folded)

    def _candidates(self, folded: str) -> list[int]:
        _, surname, joined = _split(folded)
        found: set[int] = set()
        for known, _, _ in process.extract(
            surname, self.surnames, scorer=JaroWinkler.normalized_similarity, score_cutoff=0.9, limit=None
        ):
            if surnames_match(surname, known):
                found |= self.by_surname[known]
        found |= self.by_surname.get(joined, set()) | self.by_joined.get(surname, set())
        out = []
        for gid in sorted(found):
            group = self.groups[gid]
            if not group.person() or self._forbidden(folded, group):
                continue
            if any(persons_match(folded, other) for other in group.folded):
                out.append(gid)
        return out

    def add(self, mentions: Iterable[NameMentionRef]) -> None:
        """Cluster new mentions against everything seen so far."""
        by_form: dict[str, list[NameMentionRef]] = {}
        for ref in mentions:
            folded = fold_name(ref.normalized or ref.text)
            if folded:
                by_form.setdefault(folded, []).append(ref)
        # Full names first, most frequent first, so lone surnames find their full form.
        order = sorted(by_form, key=lambda f: (-min(len(f.split()), 2), -len(by_form[f]), f))
        for folded in order:
            refs = by_form[folded]
            kinds = Counter(r.kind for r in refs)
            gid = self.by_folded.get(folded)
            if gid is None and set(kinds) <= PERSONISH:
                candidates = self._candidates(folded)
                if len(candidates) == 1:
                    gid = candidates[0]
            if gid is None:
                gid = self.next_id
                self.next_id += 1
                self.groups[gid] = _Group(gid)
            group = self.groups[gid]
            for ref in refs:
                group.forms[ref.normalized or ref.text] += 1
                group.documents.add(ref.document_id)
            group.kinds.update(kinds)
            group.mentions += len(refs)
            self._index(group, folded)
        self._apply_must_links()

    def _apply_must_links(self) -> None:
        for pair in self.must:
            ids = {self.by_folded.get(name) for name in pair}
            if None in ids or len(ids) != 2:
                continue
            keep, drop = sorted(i for i in ids if i is not None)
            kept, dropped = self.groups[keep], self.groups.pop(drop)
            kept.forms.update(dropped.forms)
            kept.kinds.update(dropped.kinds)
            kept.documents |= dropped.documents
            kept.mentions += dropped.mentions
            for folded in dropped.folded:
                kept.folded.add(folded)
                self.by_folded[folded] = keep
                ids_for = self.by_surname[_split(folded)[1]]
                ids_for.discard(drop)
                ids_for.add(keep)

    def clusters(self) -> list[NameCluster]:
        out = []
        for group in sorted(self.groups.values(), key=lambda g: g.id):
            typed = Counter({k: n for k, n in group.kinds.items() if k != "NAME"})
            kind = typed.most_common(1)[0][0] if typed else "NAME"
            variants = sorted(group.forms, key=lambda v: (-group.forms[v], v))
            surnames = Counter({_split(fold_name(v))[1]: 0 for v in variants})
            for v in variants:
                surnames[_split(fold_name(v))[1]] += group.forms[v]
            # the fullest form; ties go to the spelling most mentions use, then the shorter one
            name = max(
                variants,
                key=lambda v: (
                    min(len(v.split()), 3),
                    group.forms[v] + surnames[_split(fold_name(v))[1]],
                    -len(v),
                ),
            )
            out.append(
                NameCluster(
                    id=group.id,
                    name=name,
                    variants=tuple(variants),
                    documents=len(group.documents),
                    mentions=group.mentions,
                    kind=kind,
                    document_ids=tuple(sorted(group.documents)),
                    variant_counts=tuple(group.forms[v] for v in variants),
                )
            )
        return out


def link_names(
    mentions: Iterable[NameMentionRef],
    *,
    must_link: Iterable[frozenset[str]] = (),
    cannot_link: Iterable[frozenset[str]] = (),
) -> list[NameCluster]:
    """Cluster name mentions into entities (see the module docstring for the rule)."""
    linker = NameLinker(must_link=must_link, cannot_link=cannot_link)
    linker.add(mentions)
    return linker.clusters()


def link_names_incremental(
    existing: Sequence[NameCluster],
    new_mentions: Iterable[NameMentionRef],
    *,
    must_link: Iterable[frozenset[str]] = (),
    cannot_link: Iterable[frozenset[str]] = (),
) -> list[NameCluster]:
    """Add mentions to existing clusters, keeping their ids; new entities get new ids."""
    linker = NameLinker(existing, must_link=must_link, cannot_link=cannot_link)
    linker.add(new_mentions)
    return linker.clusters()
