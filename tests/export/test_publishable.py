"""Reports ready to publish: notes out unless asked, readable times, quantities in words, counts that agree."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import run_cli


def _verdicts(db: str) -> list[int]:
    ids = [c["id"] for c in json.loads(run_cli("--db", db, "claims", "--json").out)][:4]
    for claim_id, label in zip(ids, ["false", "misleading", "verified", "false"], strict=True):
        assert run_cli("--db", db, "verdict", str(claim_id), label, "--reviewer", "ana").code == 0
    return ids


def test_markdown_report_is_ready_to_publish(seeded_db: Path, tmp_path: Path) -> None:
    db = str(seeded_db)
    ids = _verdicts(db)
    assert (
        run_cli("--db", db, "note", str(ids[0]), "INTERNAL: call the ministry back", "--reviewer", "ana").code
        == 0
    )
    story_claim = json.loads(run_cli("--db", db, "claims", "--search", "At least 19 people", "--json").out)[
        0
    ]["id"]
    assert run_cli("--db", db, "verdict", str(story_claim), "false", "--reviewer", "ana").code == 0

    public = tmp_path / "public.md"
    assert run_cli("--db", db, "export", "--format", "md", "--all", "-o", str(public)).code == 0
    text = public.read_text()
    assert "INTERNAL: call the ministry back" not in text
    assert re.search(r"\*\*Generated:\*\* \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC", text)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)  # no machine timestamps
    assert "**at least 19**" in text and "≥19" not in text

    listed = int(re.search(r"\*(\d+) claims in this report\.\*", text)[1])  # type: ignore[index]
    with_verdict, in_report = map(
        int, re.search(r"\*\*Verdicts:\*\* (\d+) of the (\d+) claims", text).groups()
    )  # type: ignore[union-attr]
    assert in_report == listed and with_verdict == len({*ids, story_claim})
    outlet_table = text.split("### Verdicts by outlet", 1)[1].split("###", 1)[0]
    totals = [
        int(row.split("|")[-3])
        for row in outlet_table.splitlines()
        if row.startswith("| ") and "---" not in row and "Outlet" not in row
    ]
    assert sum(totals) == listed

    internal = tmp_path / "internal.jsonl"
    assert (
        run_cli("--db", db, "export", "--format", "jsonl", "-o", str(internal), "--include-notes").code == 0
    )
    assert "INTERNAL: call the ministry back" in internal.read_text()
    public_jsonl = tmp_path / "public.jsonl"
    assert run_cli("--db", db, "export", "--format", "jsonl", "-o", str(public_jsonl)).code == 0
    assert "INTERNAL: call the ministry back" not in public_jsonl.read_text()
