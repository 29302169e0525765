"""What changed between two checks of the same evidence link (for link-rot re-checks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rapidfuzz import fuzz

from workbench.evidence.fetch import FetchResult

_TEXT_SAMPLE = 20_000  # characters compared; enough to tell an edit from a rewrite, cheap to score


def _get(old: Mapping[str, Any] | FetchResult, key: str) -> Any:
    return old.get(key) if isinstance(old, Mapping) else getattr(old, key)


def compare(old: Mapping[str, Any] | FetchResult, new: FetchResult) -> list[str]:
    """Human-readable changes from an earlier check (a stored ``to_dict()`` or a result) to ``new``.

    An empty list means nothing a reviewer would care about changed. A body whose bytes changed but
    whose main text did not (rotating ads, timestamps) is reported as such, not as "body changed".
    """
    changes: list[str] = []
    old_code, new_code = _get(old, "http_status"), new.http_status
    old_status = _get(old, "status")
    if old_code is not None and new_code is not None and old_code != new_code:
        changes.append(f"status {old_code} -> {new_code}")
    elif old_status != new.status and {old_status, new.status} != {"ok", "redirected"}:
        changes.append(f"status {old_status} -> {new.status}")
    old_final = _get(old, "final_url") or _get(old, "url")
    if new.final_url != old_final:
        if new.final_url != new.url:
            changes.append(f"moved to {new.final_url}")
        else:
            changes.append("no longer redirects")
    old_title = _get(old, "title")
    if old_title and new.title and old_title != new.title:
        changes.append(f"title changed: {old_title!r} -> {new.title!r}")
    old_sha = _get(old, "sha256")
    if old_sha and new.sha256 and old_sha != new.sha256:
        old_text, new_text = _get(old, "main_text"), new.main_text
        if old_text and new_text:
            similarity = fuzz.ratio(old_text[:_TEXT_SAMPLE], new_text[:_TEXT_SAMPLE])
            if old_text == new_text:
                changes.append("page markup changed, main text the same")
            else:
                changes.append(f"body changed (main text {similarity:.0f}% similar)")
        else:
            changes.append("body changed")
    return changes
