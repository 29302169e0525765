"""Text-layer dataclasses to and from the JSON stored in claim columns."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

from workbench.text.model import DateMention, NameMention, Quantity, Reason

if TYPE_CHECKING:
    from workbench.store.records import ClaimRow


def reasons_json(reasons: tuple[Reason, ...]) -> list[dict[str, Any]]:
    return [{"feature": r.feature, "weight": round(r.weight, 4), "detail": r.detail} for r in reasons]


def reasons_from_json(payload: str) -> tuple[Reason, ...]:
    """A claim's stored reasons (``reasons_json`` as text) back as ``Reason`` values."""
    return tuple(Reason(r["feature"], float(r["weight"]), r["detail"]) for r in json.loads(payload))


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


def stale_speaker(claim: ClaimRow, reason: dict[str, Any]) -> str | None:
    """The score was computed at extraction: after a reviewer's speaker correction its attribution reason
    names the extracted speaker, so say who the speaker is now rather than show the old one as current."""
    if reason.get("feature") != "attribution":
        return None
    scored = str(reason.get("detail", "")).partition("(speaker: ")[2].removesuffix(")")
    if not scored or (claim.speaker or "").startswith(scored.removesuffix("…")):
        return None
    now = claim.speaker if claim.speaker else "none: the outlet asserts it"
    return f"scored at extraction; the speaker is now {now}"
