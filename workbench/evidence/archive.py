"""Internet Archive look-ups for evidence links: the Wayback availability API and Save Page Now 2.

Both calls take an httpx client so tests (and a future rate-limited queue) can supply their own.
Nothing here raises for network trouble: an unreachable or confused archive gives a result whose
status is ``not_checked`` and whose ``error`` says why, so a link check never fails because of it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from workbench.evidence.body import clean_line

AVAILABILITY_API = "https://archive.org/wayback/available"
SAVE_API = "https://web.archive.org/save"
SAVE_STATUS_API = "https://web.archive.org/save/status/"
_SNAPSHOT = re.compile(r"^https?://web\.archive\.org/web/(\d{4,14})[^/]*/(.+)$")
_TIMESTAMP = re.compile(r"^\d{4,14}$")
_JOB_ID = re.compile(r"\bspn2-[0-9a-f]{16,64}\b")
_USER_AGENT = "factcheck-workbench/0.1 (evidence archiving)"


@dataclass(frozen=True, slots=True)
class ArchiveKeys:
    """Internet Archive S3-style keys (https://archive.org/account/s3.php), from the user's config."""

    access: str
    secret: str

    def header(self) -> dict[str, str]:
        return {"Authorization": f"LOW {self.access}:{self.secret}"}


@dataclass(frozen=True, slots=True)
class ArchiveCopy:
    """The closest Wayback capture of a URL: ``found``, ``not_found`` or ``not_checked``."""

    status: str
    url: str | None = None
    """``https://web.archive.org/web/<timestamp>/<original>``."""
    timestamp: str | None = None
    """``YYYYMMDDhhmmss`` (UTC) of the capture."""
    captured_http_status: str | None = None
    """The HTTP status the archived page had when captured ("200", "404"...)."""
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SaveRequest:
    """A Save Page Now job: ``pending``, ``success``, ``error`` (archive refused) or ``not_checked``."""

    status: str
    job_id: str | None = None
    capture_url: str | None = None
    timestamp: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _client(client: httpx.Client | None, timeout: float) -> tuple[httpx.Client, bool]:
    if client is not None:
        return client, False
    made = httpx.Client(timeout=timeout, trust_env=False, headers={"User-Agent": _USER_AGENT})
    return made, True


def _unreachable(exc: Exception) -> str:
    return f"the Internet Archive could not be reached ({exc.__class__.__name__}); not checked"


def snapshot_url(raw: object) -> tuple[str, str] | None:
    """``(https snapshot URL, timestamp)`` if ``raw`` is a Wayback snapshot address, else None."""
    if not isinstance(raw, str):
        return None
    match = _SNAPSHOT.match(raw.strip())
    if match is None:
        return None
    return f"https://web.archive.org/web/{match.group(1)}/{match.group(2)}", match.group(1)


def wayback_lookup(
    url: str, *, client: httpx.Client | None = None, timestamp: str | None = None, timeout: float = 15.0
) -> ArchiveCopy:
    """The Wayback capture closest to ``timestamp`` (default: the latest), via the availability API."""
    params = {"url": url}
    if timestamp:
        params["timestamp"] = timestamp
    http, own = _client(client, timeout)
    try:
        response = http.get(AVAILABILITY_API, params=params, follow_redirects=True)
        if response.status_code != 200:
            return ArchiveCopy(
                "not_checked", error=f"the Wayback Machine answered {response.status_code}; not checked"
            )
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return ArchiveCopy("not_checked", error=_unreachable(exc))
    finally:
        if own:
            http.close()
    snapshots = data.get("archived_snapshots") if isinstance(data, Mapping) else None
    if not isinstance(snapshots, Mapping):
        return ArchiveCopy("not_checked", error="the Wayback Machine gave an answer we do not understand")
    closest = snapshots.get("closest")
    if not isinstance(closest, Mapping) or closest.get("available") is False:
        return ArchiveCopy("not_found")
    found = snapshot_url(closest.get("url"))
    if found is None:
        return ArchiveCopy("not_checked", error="the Wayback Machine named a capture at an odd address")
    captured = closest.get("status")
    return ArchiveCopy(
        "found",
        url=found[0],
        timestamp=found[1],
        captured_http_status=str(captured) if isinstance(captured, (str, int)) else None,
    )


def _save_answer(response: httpx.Response) -> SaveRequest:
    """Read a Save Page Now answer (JSON with keys; HTML for anonymous requests)."""
    if response.status_code in (401, 403):
        return SaveRequest("error", error="the Internet Archive refused the request (check the archive keys)")
    if response.status_code == 429:
        return SaveRequest("not_checked", error="the Internet Archive asked us to slow down; try again later")
    if response.status_code >= 500:
        return SaveRequest(
            "not_checked", error=f"the Internet Archive answered {response.status_code}; not checked"
        )
    try:
        data = response.json()
    except ValueError:
        job = _JOB_ID.search(response.text)
        if job:
            return SaveRequest("pending", job_id=job.group(0))
        return SaveRequest("not_checked", error="the Internet Archive gave an answer we do not understand")
    if not isinstance(data, Mapping):
        return SaveRequest("not_checked", error="the Internet Archive gave an answer we do not understand")
    job_id = data.get("job_id") if isinstance(data.get("job_id"), str) else None
    status = data.get("status")
    message = data.get("message")
    if status == "error" or (job_id is None and message):
        text = clean_line(str(message or data.get("status_ext") or "unknown error"))
        return SaveRequest("error", job_id=job_id, error=f"the Internet Archive could not save it: {text}")
    if status == "success":
        timestamp = data.get("timestamp")
        original = data.get("original_url")
        if isinstance(timestamp, str) and _TIMESTAMP.match(timestamp) and isinstance(original, str):
            capture = f"https://web.archive.org/web/{timestamp}/{original}"
            return SaveRequest("success", job_id=job_id, capture_url=capture, timestamp=timestamp)
    if job_id is None:
        return SaveRequest("not_checked", error="the Internet Archive gave an answer we do not understand")
    return SaveRequest("pending", job_id=job_id)


def save_page_now(
    url: str,
    *,
    client: httpx.Client | None = None,
    keys: ArchiveKeys | None = None,
    options: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> SaveRequest:
    """Ask Save Page Now to capture ``url``; returns the job to poll with :func:`save_status`.

    ``options`` are SPN2 form fields such as ``{"if_not_archived_within": "30d"}``.
    """
    headers = {"Accept": "application/json", **(keys.header() if keys else {})}
    form = {"url": url, **(options or {})}
    http, own = _client(client, timeout)
    try:
        return _save_answer(http.post(SAVE_API, data=form, headers=headers, follow_redirects=True))
    except httpx.HTTPError as exc:
        return SaveRequest("not_checked", error=_unreachable(exc))
    finally:
        if own:
            http.close()


def save_status(
    job_id: str, *, client: httpx.Client | None = None, keys: ArchiveKeys | None = None, timeout: float = 15.0
) -> SaveRequest:
    """Poll a Save Page Now job: ``pending``, ``success`` (with the capture URL) or ``error``."""
    if not _JOB_ID.fullmatch(job_id):
        return SaveRequest("error", job_id=job_id, error=f"{job_id!r} is not a Save Page Now job id")
    headers = {"Accept": "application/json", **(keys.header() if keys else {})}
    http, own = _client(client, timeout)
    try:
        answer = _save_answer(http.get(SAVE_STATUS_API + job_id, headers=headers, follow_redirects=True))
    except httpx.HTTPError as exc:
        return SaveRequest("not_checked", job_id=job_id, error=_unreachable(exc))
    finally:
        if own:
            http.close()
    return (
        answer
        if answer.job_id
        else SaveRequest(answer.status, job_id, answer.capture_url, answer.timestamp, answer.error)
    )
