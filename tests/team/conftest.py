"""Fixtures for the team scenarios: a real review database with roles set up, and a corpus of articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EVAL_DEV, SEEDS
from tests.team.workload import Team, news_documents, seed_documents, setup_database
from workbench.reading.sources import RawDocument


@pytest.fixture
def team_db(tmp_path: Path) -> tuple[Path, Team]:
    """The five seed articles ingested; an admin, two editors and two reviewers; quorum 1 + 1."""
    path = tmp_path / "team.db"
    team = setup_database(path, seed_documents(SEEDS), editors=2, reviewers=2)
    return path, team


@pytest.fixture
def small_articles() -> list[RawDocument]:
    """~200 small real articles to ingest concurrently (news-scale when present, else seed paragraphs)."""
    if (EVAL_DEV / "news-scale.jsonl").exists():
        return news_documents(EVAL_DEV, 200, max_chars=1200, tag="stress")
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 80]
        docs += [
            RawDocument(f"{path.name}#{i}", f"{p}\n\n[stress {path.name} {i}]", "text/plain", "utf-8")
            for i, p in enumerate(paragraphs)
        ]
    return docs[:200]
