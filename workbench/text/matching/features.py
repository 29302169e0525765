"""Per-claim features for matching: sorted tokens, rare-token keys, predicate, places, day, count."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from workbench.text.matching.fold import NUMBER_WORDS, STOPWORDS, fold
from workbench.text.matching.inputs import MatchClaim
from workbench.text.matching.predicates import predicate_classes, predicate_near
from workbench.text.model import Quantity

UNKNOWN_DAY = -(10**9)
PERSON_UNITS = frozenset(
    [
        "people",
        "persons",
        "person",
        "officers",
        "officer",
        "policemen",
        "policeman",
        "police",
        "civilians",
        "soldiers",
        "troops",
        "protesters",
        "demonstrators",
        "children",
        "women",
        "men",
        "students",
        "workers",
        "employees",
        "staff",
        "journalists",
        "migrants",
        "refugees",
        "injured",
        "dead",
        "wounded",
        "members",
        "residents",
        "citizens",
        "prisoners",
        "victims",
        "fighters",
        "militants",
        "others",
        "individuals",
        "detainees",
        "suspects",
        "serbs",
        "albanians",
        "russians",
        "ukrainians",
        "activists",
    ]
)
MONEY_UNITS = frozenset(
    [
        "dlr",
        "dlrs",
        "dollars",
        "dollar",
        "pounds",
        "pound",
        "euros",
        "euro",
        "yen",
        "marks",
        "francs",
        "stg",
        "usd",
    ]
)
PERCENT_UNITS = frozenset(["pct", "percent", "per", "cent", "%"])
_UNIT_IDS: dict[str, int] = {}
_EMPTY = frozenset({""})
_CURRENCY = {"dlr": "usd", "dlrs": "usd", "dollars": "usd", "dollar": "usd", "stg": "gbp", "pounds": "gbp"}


@dataclass(frozen=True, slots=True)
class Features:
    """What the story matcher compares; built once per claim."""

    sorted_text: str
    predicates: tuple[str, ...]
    event: str | None
    """The predicate class nearest the counted quantity: the structured story key."""
    places: frozenset[str]
    """Folded place and organisation names of the sentence and its document's top places."""
    sentence_places: frozenset[str]
    day: int
    quantity: Quantity | None
    low: float
    high: float
    unit: int
    figures: frozenset[str] = frozenset()
    """The numbers and dates of the sentence: two sentences whose figures disagree (neither set
    holds the other) state different facts, however alike their words ("Record March 16" / "Record
    April 16", "Revs 1.1 mln vs 1.0 mln" / "Revs 1.1 mln vs 1.2 mln")."""


fold_short = lru_cache(maxsize=1 << 18)(fold)
"""``fold`` for names and units, which repeat across claims."""


def unit_class(quantity: Quantity) -> int:
    """0 for no unit (compatible with any), 1 person, 2 money, 3 percent, else one id per noun."""
    if not quantity.unit:
        return 0
    return _unit_class(quantity.unit, "$" in quantity.text, "%" in quantity.text)


@lru_cache(maxsize=1 << 16)
def _unit_class(unit: str, dollar: bool, percent: bool) -> int:
    words = unit.split()
    last = fold(words[-1])
    if last in PERSON_UNITS or (words[-1][:1].isupper() and last.endswith("s")):
        return 1
    folded = set(fold(unit).split())
    currency = folded & MONEY_UNITS
    if currency or dollar:  # one class per currency: 650 mln stg is not 700 mln dlrs
        name = _CURRENCY.get(min(currency), min(currency)) if currency else "usd"
        return 2 if name == "usd" else _UNIT_IDS.setdefault(name, 4 + len(_UNIT_IDS))
    if folded & PERCENT_UNITS or percent:
        return 3
    return _UNIT_IDS.setdefault(last, 4 + len(_UNIT_IDS))


def primary_quantity(quantities: Sequence[Quantity]) -> Quantity | None:
    """The count the claim is about: the first counting people, else the first with any bounds."""
    bounded = [q for q in quantities if q.low is not None or q.high is not None]
    for q in bounded:
        if unit_class(q) == 1:
            return q
    return bounded[0] if bounded else None


def bounds(quantity: Quantity | None) -> tuple[float, float]:
    """The quantity as a closed interval (exclusive ends nudged inward); (nan, nan) for none."""
    if quantity is None:
        return math.nan, math.nan
    low = -math.inf if quantity.low is None else quantity.low + (0 if quantity.low_inclusive else 1e-6)
    high = math.inf if quantity.high is None else quantity.high - (0 if quantity.high_inclusive else 1e-6)
    return low, high


def claim_day(claim: MatchClaim) -> int:
    """The event day: the first day-precise date in the sentence, else the publication day."""
    for mention in claim.dates:
        if mention.value is not None and mention.precision == "day":
            return mention.value.toordinal()
    return claim.published.toordinal() if claim.published else UNKNOWN_DAY


def document_places(claims: Sequence[MatchClaim], top: int = 3) -> dict[int, frozenset[str]]:
    """Each document's most frequent places and organisations (its setting, for sentences that omit it)."""
    counts: dict[int, Counter[str]] = {}
    for claim in claims:
        bag = counts.setdefault(claim.document_id, Counter())
        for name in claim.names:
            if name.kind in ("PLACE", "ORG"):
                bag[fold_short(name.normalized or name.text)] += 1
    return {doc: frozenset(n for n, _ in bag.most_common(top) if n) for doc, bag in counts.items()}


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


_SETS: dict[frozenset[str], frozenset[str]] = {}


def figures(claim: MatchClaim, words: Sequence[str] = ()) -> frozenset[str]:
    """Numbers (thousands separators dropped, number words as digits: ``words`` are the folded tokens)
    and dates of a sentence (one shared set per distinct value: copies are most of a large corpus)."""
    found = {m.replace(",", "") for m in _FIGURE.findall(claim.text)}
    found.update(NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS)
    found.update(fold_short(d.text) for d in claim.dates)
    key = frozenset(found)
    return _SETS.setdefault(key, key)


def figures_disagree(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sentences state different figures: both have some and neither holds the other's."""
    return bool(a) and bool(b) and not (a <= b or b <= a)


def features(claim: MatchClaim, context: frozenset[str] = frozenset()) -> tuple[Features, frozenset[str]]:
    """The claim's features and its content tokens (kept apart: the index drops tokens after keying)."""
    folded = fold(claim.text)
    words = folded.split()
    get = NUMBER_WORDS.get
    tokens = frozenset([get(t, t) for t in words if t not in STOPWORDS and (len(t) > 1 or t.isdigit())])
    sentence_places = (
        frozenset(fold_short(n.normalized or n.text) for n in claim.names if n.kind in ("PLACE", "ORG"))
        - _EMPTY
    )
    quantity = primary_quantity(claim.quantities) if claim.quantities else None
    low, high = bounds(quantity)
    event = None
    if quantity is not None:
        head = fold_short(quantity.text).split()[:1]
        position = words.index(head[0]) if head and head[0] in words else 0
        event = predicate_near(words, position)
    return Features(
        sorted_text=" ".join(sorted(words)),
        predicates=predicate_classes(words),
        event=event,
        places=sentence_places | context,
        sentence_places=sentence_places,
        day=claim_day(claim),
        quantity=quantity,
        low=low,
        high=high,
        unit=unit_class(quantity) if quantity else 0,
        figures=figures(claim, words),
    ), tokens
