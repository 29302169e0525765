"""What the replay reads (events) and what it reports (problems)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

ROW = "(row)"
"""The column name of a problem about a whole row: one that should not be there, or is missing."""


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    ts: str
    actor: str
    action: str
    entity: str
    entity_id: str | None
    claim_id: int | None
    before: Any
    after: Any

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> Event:
        """From ``audit.iter_raw``'s columns (id, ts, actor, action, entity, entity_id, claim_id, before,
        after, prev_hash, hash)."""
        before = None if row[7] is None else json.loads(row[7])
        after = None if row[8] is None else json.loads(row[8])
        return cls(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], before, after)

    @property
    def key(self) -> int:
        """The entity id as a row id (``ValueError`` when the event names none)."""
        if self.entity_id is None:
            raise ValueError("the event names no entity id")
        return int(self.entity_id)

    def after_dict(self) -> dict[str, Any]:
        return self.after if isinstance(self.after, dict) else {}

    def before_dict(self) -> dict[str, Any]:
        return self.before if isinstance(self.before, dict) else {}


@dataclass(frozen=True, slots=True)
class Problem:
    """One difference between what the events produce and what the tables hold."""

    table: str
    id: int | str
    column: str
    expected: Any
    found: Any

    def line(self) -> str:
        if self.column == ROW:
            return f"{self.table} {self.id}: expected {self.expected}, found {self.found}"
        return f"{self.table} {self.id} {self.column}: expected {_show(self.expected)}, found {_show(self.found)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "id": self.id,
            "column": self.column,
            "expected": self.expected,
            "found": self.found,
        }


def _show(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        text = value if len(value) <= 80 else value[:77] + "..."
        return repr(text)
    return str(value)


@dataclass
class StateReport:
    """The replay's findings: problems (the first ``limit`` kept, all counted) and coverage notes."""

    limit: int = 1000
    problems: list[Problem] = field(default_factory=list)
    total: int = 0
    notes: list[str] = field(default_factory=list)
    events: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.total == 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)
