"""Text-layer dataclasses to and from the JSON stored in claim columns."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from workbench.text.model import DateMention, NameMention, Quantity, Reason


def reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return [{"feature": r.feature, "weight": round(r.weight, 4), "detail": r.detail} for r in reasons]


def quantities_json(quantities: tuple[Quantity, ...]) -> list[dict[str, Any]]:
    out = []
    for q in quantities:
        item = asdict(q)
        item["normalized"] = q.normalized
        out.append(item)
    return out


def dates_json(dates: tuple[DateMention, ...]) -> list[dict[str, Any]]:
    return [
        {
            "start": d.start,
            "end": d.end,
            "text": d.text,
            "value": d.value.isoformat() if isinstance(d.value, date) else None,
            "precision": d.precision,
        }
        for d in dates
    ]


def names_json(names: tuple[NameMention, ...]) -> list[dict[str, Any]]:
    return [asdict(n) for n in names]


def reason_text(reason: dict[str, Any]) -> str:
    """A stored reason as a fact-checker reads it: ``+2.00 contains a quantity: 19``."""
    return f"{float(reason.get('weight', 0)):+.2f} {reason.get('detail', '')}"
