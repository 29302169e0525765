"""Golden files pin every format on the seed-based report. Regenerate with ``UPDATE_GOLDEN=1``
(then read the diff before keeping it)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from workbench.export import EXTENSIONS, FORMATS, render
from workbench.export.csv_format import COLUMNS

from .reportdata import seed_report

GOLDEN = Path(__file__).parent / "golden"


def rendered(fmt: str) -> str:
    buf = io.StringIO(newline="")
    render(seed_report(), fmt, buf)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_matches_golden(fmt: str) -> None:
    path = GOLDEN / f"report{EXTENSIONS[fmt]}"  # type: ignore[index]
    text = rendered(fmt)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with UPDATE_GOLDEN=1 and review it"
    assert text == path.read_bytes().decode("utf-8")


def test_rendering_is_deterministic() -> None:
    for fmt in FORMATS:
        assert rendered(fmt) == rendered(fmt)


def test_header_names_database_time_filters_and_audit_head() -> None:
    for fmt in ("md", "html"):
        text = rendered(fmt)
        for needle in (
            "kosovo-2019.db",
            "22 November 2026, 23:00 UTC",
            "topic = Kosovo",
            "event 412",
            "9f2c1e7a5b3d4c6e8f00112233445566778899aabbccddeeff0011223344556677",
        ):
            assert needle in text, (fmt, needle)


def test_every_claim_shows_its_verdict_definition_evidence_and_signoff() -> None:
    md = rendered("md")
    assert "**Mostly True**: The statement is accurate but needs clarification" in md
    assert "[archived](https://archive.example.org/2019/kosovopolice-0528)" in md
    assert "proposed by chen on 21 November 2026, 08:00 UTC; no approvals yet; not final" in md
    assert "3 sources, 2 independent" in md
    assert md.count("number detained in the 28 May raids") == 3
    html = rendered("html")
    assert html.count('<article class="claim"') == 6
    assert (
        "<svg" in html
        and "<script" not in html
        and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )


def test_csv_has_documented_columns_and_one_row_per_claim() -> None:
    rows = list(csv.reader(io.StringIO(rendered("csv"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5", "6"]
    by_col = dict(zip(COLUMNS, rows[5], strict=True))
    assert by_col["speaker"] == "Aleksandar Vucic" and by_col["verdict"] == "True"
    assert by_col["verdict_value"] == "6" and by_col["final"] == "yes"
    assert by_col["claim"] == (
        "Vucic later said police in Kosovo killed three Serbs and seriously wounded two others."
    )


def test_jsonl_has_header_claims_and_end_line() -> None:
    lines = [json.loads(line) for line in rendered("jsonl").splitlines()]
    assert lines[0]["_type"] == "report" and lines[0]["audit_head"] == {
        "event_id": 412,
        "hash": "9f2c1e7a5b3d4c6e8f00112233445566778899aabbccddeeff0011223344556677",
    }
    assert lines[0]["scale"]["numeric"] is True
    assert [x["_type"] for x in lines[1:-1]] == ["claim"] * 6
    assert lines[-1] == {"_type": "end", "claims": 6}
    first = lines[1]
    assert first["evidence"][0]["archive_url"] == "https://archive.example.org/2019/kosovopolice-0528"
    assert [e["action"] for e in first["events"]] == ["claim.triage", "verdict.propose", "verdict.approve"]
    assert first["signoff"]["approvals"] == [{"reviewer": "bogdan", "at": "2026-11-20T14:12:00Z"}]
