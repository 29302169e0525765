"""Changing the rating scale orphans nothing: verdicts keep the labels of the scale they were given under."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def _ids(db: str) -> list[int]:
    return [c["id"] for c in json.loads(run_cli("--db", db, "claims", "--json").out)]


def test_scale_change_needs_yes_and_keeps_old_labels_in_every_report(seeded_db: Path, tmp_path: Path) -> None:
    db = str(seeded_db)
    first, second = _ids(db)[:2]
    assert run_cli("--db", db, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").code == 0
    assert run_cli("--db", db, "verdict", str(first), "misleading", "--reviewer", "ana").code == 0
    refused = run_cli("--db", db, "scale", "politifact", "--reviewer", "ana")
    assert refused.code == 1
    assert (
        "1 verdict(s) given under other scales keep their labels" in refused.err
        and "(Misleading 1)" in refused.err
    )
    assert "pass --yes to confirm" in refused.err
    assert json.loads(run_cli("--db", db, "scale", "--json").out)["id"] == "check"
    done = run_cli("--db", db, "scale", "politifact", "--reviewer", "ana", "--yes")
    assert done.code == 0, done.err
    assert run_cli("--db", db, "verdict", str(second), "pants-on-fire", "--reviewer", "ana").code == 0

    shown = json.loads(run_cli("--db", db, "show", str(first), "--json").out)
    assert (shown["verdict"], shown["verdict_label"], shown["verdict_scale"]) == (
        "misleading",
        "Misleading",
        "check",
    )
    assert (
        json.loads(run_cli("--db", db, "show", str(second), "--json").out)["verdict_label"] == "Pants on Fire"
    )

    report = tmp_path / "report.csv"
    assert run_cli("--db", db, "export", "--format", "csv", "-o", str(report)).code == 0
    text = report.read_text()
    assert "Misleading" in text and "Pants on Fire" in text
    html = tmp_path / "report.html"
    assert run_cli("--db", db, "export", "--format", "html", "-o", str(html)).code == 0
    assert "Misleading" in html.read_text()
