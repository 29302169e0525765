"""`workbench extract` and `workbench score`: extraction without a database."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from typing import Any

import click

from workbench.actions.ingest import prepare
from workbench.cli.context import AppContext, emit_json, emit_table, stderr_console
from workbench.errors import InputError
from workbench.reading.sources import read
from workbench.store.serialize import dates_json, names_json, quantities_json
from workbench.text.checkworthy import score_sentence
from workbench.text.model import Claim, Extraction
from workbench.text.safe import one_line


def register(cli: click.Group) -> None:
    cli.add_command(extract_cmd)
    cli.add_command(score_cmd)


def extraction_json(source: str, extraction: Extraction) -> dict[str, Any]:
    meta = extraction.meta
    return {
        "document": {
            "source": source,
            "outlet": meta.outlet,
            "title": meta.title,
            "published": meta.published.isoformat() if isinstance(meta.published, date) else None,
            "author": meta.author,
            "place": meta.place,
        },
        "claims": [_claim_json(i, c) for i, c in enumerate(extraction.claims, start=1)],
        "junk": [asdict(j) for j in extraction.junk],
    }


def _claim_json(index: int, c: Claim) -> dict[str, Any]:
    a = c.attribution
    return {
        "id": index,
        "document_id": None,
        "start": c.start,
        "end": c.end,
        "text": c.text,
        "score": round(c.score, 4),
        "checkworthy": c.checkworthy,
        "reasons": [str(r) for r in c.reasons],
        "speaker": a.speaker if a else None,
        "speaker_span": None if a is None or a.speaker_start is None else [a.speaker_start, a.speaker_end],
        "cue": a.cue if a else None,
        "cue_span": None if a is None or a.cue_start is None else [a.cue_start, a.cue_end],
        "attribution_method": a.method if a else None,
        "status": None,
        "verdict": None,
        "quantities": quantities_json(c.quantities),
        "dates": dates_json(c.dates),
        "names": names_json(c.names),
    }


@click.command("extract")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
@click.pass_obj
def extract_cmd(obj: AppContext, files: tuple[str, ...], as_json: bool) -> None:
    """Extract claims from files without a database: every sentence outside junk, scored and attributed."""
    failed = False
    stderr_console()
    for locator in files:
        try:
            raw = read(locator)
        except InputError as exc:
            click.echo(f"workbench: {one_line(locator)}: {one_line(str(exc))}", err=True)
            failed = True
            continue
        extraction = prepare(raw).extraction  # the same metadata ingest would store (sidecar, file name...)
        if as_json:
            emit_json(extraction_json(raw.source, extraction))
            continue
        meta = extraction.meta
        emit_table(
            f"{raw.source}: {meta.outlet or '?'} · {meta.published or '?'} · {meta.title or ''}",
            ["#", "score", "cw", "speaker", "text"],
            [
                [i, f"{c.score:.2f}", "yes" if c.checkworthy else "", c.speaker or "", c.text]
                for i, c in enumerate(extraction.claims, start=1)
            ],
            widths={"text": 90, "speaker": 28},
        )
        click.echo(
            f"{len(extraction.junk)} junk span(s): " + "; ".join(sorted({j.reason for j in extraction.junk}))
        )
    if failed:
        raise click.exceptions.Exit(1)


@click.command("score")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (the default for pipes).")
def score_cmd(as_json: bool) -> None:
    """Score sentences read one per line on stdin, in order (a ClaimBuster-style API for transcripts)."""
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        result = score_sentence(text)
        if as_json or not sys.stdout.isatty():
            sys.stdout.write(
                json.dumps(
                    {
                        "text": text,
                        "score": round(result.score, 4),
                        "checkworthy": result.checkworthy,
                        "reasons": [str(r) for r in result.reasons],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            sys.stdout.flush()
        else:
            click.echo(f"{result.score:.2f} {'*' if result.checkworthy else ' '} {one_line(text, 100)}")
