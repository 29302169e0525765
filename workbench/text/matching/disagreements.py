"""Where the claims of one story differ (and where they agree).

Kinds: ``quantity`` (different counts or precision: 19 vs "more than a dozen"), ``subject`` (the
same number counting different things: people vs police officers), ``date`` (different days),
``place`` (claims naming disjoint places) and ``name`` (one person spelled differently, or
different people named). Agreements list values that claims from two or more documents share.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from workbench.text.matching.features import bounds, primary_quantity, unit_class
from workbench.text.matching.features import fold_short as fold
from workbench.text.matching.inputs import MatchClaim
from workbench.text.matching.names import fold_name, persons_match
from workbench.text.model import Quantity


@dataclass(frozen=True, slots=True)
class ValueRef:
    claim_id: int
    text: str
    value: str

    def to_json(self) -> dict[str, object]:
        return {"claim_id": self.claim_id, "text": self.text, "value": self.value}


@dataclass(frozen=True, slots=True)
class Disagreement:
    kind: str
    values: tuple[ValueRef, ...]

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "values": [v.to_json() for v in self.values]}


@dataclass(frozen=True, slots=True)
class Agreement:
    kind: str
    value: str
    claim_ids: tuple[int, ...]

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "value": self.value, "claim_ids": list(self.claim_ids)}


def count_form(quantity: Quantity) -> str:
    """The interval without its unit: ``19``, ``≥19``, ``>12``."""
    full = quantity.normalized
    if quantity.unit and full.endswith(" " + quantity.unit):
        return full[: -len(quantity.unit) - 1]
    return full


def _overlap(a: Quantity, b: Quantity) -> bool:
    (la, ha), (lb, hb) = bounds(a), bounds(b)
    return la <= hb and lb <= ha


def _agreements(kind: str, values: dict[str, list[MatchClaim]]) -> list[Agreement]:
    out = []
    for value, claims in values.items():
        if len({c.document_id for c in claims}) >= 2:
            out.append(Agreement(kind, value, tuple(sorted(c.id for c in claims))))
    return out


def find_disagreements(
    claims: Sequence[MatchClaim], limit: int = 100
) -> tuple[tuple[Disagreement, ...], tuple[Agreement, ...]]:
    """Disagreements and agreements among the claims of one story.

    Only the first ``limit`` claims are compared: a story that large is wire copy repeated many
    times, and the values a reviewer can read fit in far fewer.
    """
    claims = claims[:limit]
    disagreements: list[Disagreement] = []
    agreements: list[Agreement] = []

    counted = [(c, q) for c in claims if (q := primary_quantity(c.quantities)) is not None]
    by_class: dict[int, list[tuple[MatchClaim, Quantity]]] = defaultdict(list)
    for claim, q in counted:
        by_class[unit_class(q)].append((claim, q))
    for group in by_class.values():
        forms: dict[str, list[MatchClaim]] = defaultdict(list)
        for claim, q in group:
            forms[count_form(q)].append(claim)
        if len(forms) > 1:
            disagreements.append(
                Disagreement("quantity", tuple(ValueRef(c.id, q.text, count_form(q)) for c, q in group))
            )
        agreements += _agreements("quantity", forms)

    distinct_units = {fold(q.unit) for _, q in counted if q.unit}
    subjects = [
        (c, q)
        for c, q in (counted if len(distinct_units) > 1 else [])
        if q.unit
        and any(
            _overlap(q, r) and fold(r.unit or "") != fold(q.unit) for d, r in counted if d is not c and r.unit
        )
    ]
    if len({fold(q.unit or "") for _, q in subjects}) > 1:
        disagreements.append(
            Disagreement("subject", tuple(ValueRef(c.id, q.text, q.unit or "") for c, q in subjects))
        )
    units: dict[str, list[MatchClaim]] = defaultdict(list)
    for claim, q in counted:
        if q.unit:
            units[q.unit.lower()].append(claim)
    agreements += _agreements("subject", units)

    dated = [(c, m) for c in claims for m in c.dates[:1] if m.value is not None and m.precision == "day"]
    days: dict[str, list[MatchClaim]] = defaultdict(list)
    for claim, mention in dated:
        days[mention.value.isoformat() if mention.value else ""].append(claim)
    if len(days) > 1:
        disagreements.append(
            Disagreement(
                "date",
                tuple(ValueRef(c.id, m.text, m.value.isoformat() if m.value else "") for c, m in dated),
            )
        )
    agreements += _agreements("date", days)

    placed = []
    places: dict[str, list[MatchClaim]] = defaultdict(list)
    for claim in claims:
        names = {fold(n.normalized or n.text): n for n in claim.names if n.kind == "PLACE"}
        if names:
            placed.append((claim, names))
        for n in names.values():
            places[n.normalized or n.text].append(claim)
    if any(not (a.keys() & b.keys()) for i, (_, a) in enumerate(placed) for _, b in placed[i + 1 :]):
        disagreements.append(
            Disagreement(
                "place",
                tuple(
                    ValueRef(c.id, ", ".join(n.text for n in names.values()), ", ".join(sorted(names)))
                    for c, names in placed
                ),
            )
        )
    agreements += _agreements("place", places)

    persons = [
        (c, n, fold_name(n.normalized or n.text))
        for c in claims
        for n in c.names
        if n.kind in ("PERSON", "NAME")
    ]
    person_forms = sorted({f for _, _, f in persons})
    varying = {
        f
        for i, fa in enumerate(person_forms)
        for fb in person_forms[i + 1 :]
        if len(fa.split()) == len(fb.split()) and persons_match(fa, fb)
        for f in (fa, fb)
    }
    variants: dict[tuple[int, str], ValueRef] = {}
    if varying and len({c.document_id for c, _, f in persons if f in varying}) > 1:
        for claim, name, folded in persons:
            if folded in varying:
                variants[(claim.id, folded)] = ValueRef(claim.id, name.text, name.normalized or name.text)
    if variants:
        disagreements.append(Disagreement("name", tuple(variants[k] for k in sorted(variants))))
    spelled: dict[str, list[MatchClaim]] = defaultdict(list)
    for claim, name, _ in persons:
        spelled[name.normalized or name.text].append(claim)
    agreements += _agreements("name", spelled)
    return tuple(disagreements), tuple(agreements)
