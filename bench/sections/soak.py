"""The soak: a team, a kill every 20 seconds, and every acknowledged change checked at the end.

    python bench/run.py soak                   # 10 minutes: 4 TUI sessions, 8 CLI writers, ingest of 2,000
    python bench/run.py soak --minutes 2       # a short look
    python bench/run.py soak --limit 500       # a smaller ingest

The processes and the check are in ``bench/soak/``; the JSON summary goes to ``bench/out/soak.json``.
"""

from __future__ import annotations

import argparse
import json
import os

from bench.registry import Row, section
from bench.soak.orchestrate import SoakConfig, run_soak


def rows_of(summary: dict[str, object]) -> list[Row]:
    s: dict[str, object] = summary
    latency = s["latency"]
    assert isinstance(latency, dict)
    deleted = s["wal_deleted_under_live_process"]
    assert isinstance(deleted, list)
    kills = s["kills"]
    assert isinstance(kills, list)
    verify = s["audit_verify"]
    assert isinstance(verify, dict)
    lost_examples = s["lost_examples"]
    assert isinstance(lost_examples, list)
    rows: list[Row] = [
        ("run", f"{s['seconds']} s", f"processes (incarnations): {s['processes']}"),
        ("acknowledged changes", f"{s['acknowledged_total']}", json.dumps(s["acknowledged"])),
        ("lost (acknowledged, not stored)", f"{s['lost']}", "; ".join(map(str, lost_examples[:2]))[:300]),
        (
            "screen disagreed with its own ack",
            f"{s['screen_mismatches']}",
            "TUI reopened the claim after a change",
        ),
        ("SIGKILLs", f"{len(kills)}", ", ".join(str(k["process"]) for k in kills)[:200]),
        (
            "-wal/-shm unlinked under a live process",
            f"{len(deleted)}",
            "; ".join(f"{d['process']} pid {d['pid']} {d['file'].rsplit('/', 1)[-1]}" for d in deleted[:4])[
                :300
            ],
        ),
        (
            "integrity_check",
            f"{s['integrity_check']}"[:60],
            f"foreign key problems: {s['foreign_key_problems']}",
        ),
        (
            "audit verify",
            "ok" if verify.get("ok") else "FAILED",
            f"exit {verify.get('exit')}; {verify.get('problem') or ''}"[:200],
        ),
        (
            "busy errors (handled) / tracebacks",
            f"{s['busy_errors_handled']} / {s['unhandled_tracebacks']}",
            f"failures by cause: {json.dumps(s['failed_by_cause'])}"[:300],
        ),
    ]
    for kind, figures in latency.items():
        rows.append(
            (
                f"write latency {kind} p50 / p99",
                f"{figures['p50_ms']:.0f} / {figures['p99_ms']:.0f} ms",
                f"{figures['acks']} acks, max {figures['max_ms']:.0f} ms"
                + (
                    "; key press until the screen shows it"
                    if kind == "tui"
                    else "; whole command (new process)"
                ),
            )
        )
    rows.append(
        (
            "ingest",
            f"{s.get('ingest_texts_stored')} / {s.get('ingest_distinct_texts')} texts",
            json.dumps(s["ingest"])[:200],
        )
    )
    rows.append(("serve", json.dumps(s["http"])[:80], "GET / and websocket tabs to 127.0.0.1"))
    if s["driver_crashes"]:
        rows.append(("driver crashes", f"{len(s['driver_crashes'])}", str(s["driver_crashes"])[:200]))  # type: ignore[arg-type]
    return rows


@section("soak")
def soak(args: argparse.Namespace) -> list[Row]:
    config = SoakConfig(
        seconds=60 * float(getattr(args, "minutes", None) or 10),
        corpus=args.corpus,
        ingest_articles=args.limit or 2000,
        tuis=int(os.environ.get("BENCH_SOAK_TUIS", "4")),
        clis=int(os.environ.get("BENCH_SOAK_CLIS", "8")),
        keep=os.environ.get("BENCH_SOAK_KEEP") == "1",
        tui_poll=float(os.environ.get("BENCH_SOAK_TUI_POLL", "1.0")),
    )
    summary = run_soak(config)
    out = args.workdir / "soak.json"
    out.write_text(json.dumps(summary, indent=2, default=str), encoding="utf-8")
    return [*rows_of(summary), ("summary", str(out), "")]
