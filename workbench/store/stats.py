"""Aggregates for progress screens and report summaries (counts only, computed by SQLite)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReviewStats:
    progress: tuple[int, int]
    """(reviewed, total) check-worthy claims."""
    statuses: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, int] = field(default_factory=dict)
    by_reviewer: dict[str, int] = field(default_factory=dict)
    """Verdicts given, per reviewer (from the audit trail)."""
    by_outlet: dict[str, dict[str, int]] = field(default_factory=dict)
    by_speaker: dict[str, dict[str, int]] = field(default_factory=dict)


def review_stats(conn: sqlite3.Connection, *, top_speakers: int = 15) -> ReviewStats:
    total, reviewed = conn.execute(
        "SELECT count(*), coalesce(sum(verdict IS NOT NULL), 0) FROM claims WHERE checkworthy = 1"
    ).fetchone()
    statuses = dict(conn.execute("SELECT status, count(*) FROM claims WHERE checkworthy = 1 GROUP BY status"))
    verdicts = dict(
        conn.execute(
            "SELECT verdict, count(*) FROM claims WHERE verdict IS NOT NULL GROUP BY verdict ORDER BY 2 DESC"
        )
    )
    by_reviewer = dict(
        conn.execute(
            "SELECT updated_by, count(*) FROM claims WHERE verdict IS NOT NULL AND updated_by IS NOT NULL "
            "GROUP BY updated_by ORDER BY 2 DESC"
        )
    )
    by_outlet: dict[str, dict[str, int]] = {}
    for outlet, verdict, n in conn.execute(
        "SELECT coalesce(d.outlet, 'unknown'), c.verdict, count(*) FROM claims c JOIN documents d "
        "ON d.id = c.document_id WHERE c.verdict IS NOT NULL GROUP BY 1, 2 ORDER BY 1"
    ):
        by_outlet.setdefault(outlet, {})[verdict] = n
    by_speaker: dict[str, dict[str, int]] = {}
    for speaker, verdict, n in conn.execute(
        "SELECT speaker, verdict, count(*) FROM claims WHERE verdict IS NOT NULL AND speaker IN ("
        "SELECT speaker FROM claims WHERE verdict IS NOT NULL AND speaker IS NOT NULL GROUP BY speaker "
        "ORDER BY count(*) DESC LIMIT ?) GROUP BY 1, 2 ORDER BY 1",
        (top_speakers,),
    ):
        by_speaker.setdefault(speaker, {})[verdict] = n
    return ReviewStats((int(reviewed), int(total)), statuses, verdicts, by_reviewer, by_outlet, by_speaker)
