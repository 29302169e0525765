"""Report text as people write it: times in words, quantities as a reporter would put them.

Pure functions over the strings the report model carries; machine formats (CSV, JSONL, ClaimReview)
keep the exact values.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_PREFIX = {"≥": "at least", ">": "more than", "≤": "up to", "<": "fewer than", "~": "about"}
_NUMBER = r"-?\d+(?:\.\d+)?"
_QUANTITY = re.compile(
    rf"^(?P<op>[≥>≤<~]?)\s*(?P<low>{_NUMBER})(?:\s*[–-]\s*(?P<high>{_NUMBER}))?(?P<rest>.*)$"
)
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_UNITS = {"usd": "dollars", "eur": "euros", "gbp": "pounds", "%": "percent"}


def readable_time(value: str | None) -> str:
    """``2026-11-22T23:05:09Z`` → ``22 November 2026, 23:05 UTC``; a bare date → ``28 May 2019``."""
    if not value:
        return ""
    text = value.strip()
    try:
        if len(text) == 10:
            day = datetime.strptime(text, "%Y-%m-%d")
            return f"{day.day} {day:%B %Y}"
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%B %Y}, {moment:%H:%M} UTC"


def _plain(number: float) -> str:
    if number == int(number):
        return f"{int(number):,}" if abs(number) >= 10_000 else str(int(number))
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _scaled(number: float, scale: float) -> str:
    value = number / scale
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0").rstrip(".")


def quantity_as_written(value: str) -> str:
    """``225000000–275000000 dollars`` → ``225 to 275 million dollars``; ``≥19 people`` → ``at least 19
    people``; ``1100000`` → ``1.1 million``. Anything else is returned unchanged."""
    match = _QUANTITY.match(value.strip())
    if not match:
        return value
    low = float(match["low"])
    high = float(match["high"]) if match["high"] else None
    rest = match["rest"].strip()
    rest = _UNITS.get(rest.lower(), rest)
    biggest = max(abs(low), abs(high or 0))
    scale = next(((s, word) for s, word in _SCALES if biggest >= s), None)
    if scale is not None:
        factor, word = scale
        number = (
            _scaled(low, factor) + (f" to {_scaled(high, factor)}" if high is not None else "") + f" {word}"
        )
    else:
        number = _plain(low) + (f" to {_plain(high)}" if high is not None else "")
    prefix = _PREFIX.get(match["op"] or "", "")
    words = " ".join(part for part in (prefix, number, rest) if part)
    return words
