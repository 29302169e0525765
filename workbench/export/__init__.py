"""Verdict reports: Markdown, HTML, CSV, JSONL and ClaimReview JSON-LD from a read-only ``Report``.

    from workbench.export import render, write_report
    result = write_report(path, lambda out: render(report, "html", out))

Each renderer reads ``report.claims`` once, in order, writing as it goes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TextIO

from .claimreview import render_claimreview, validate_claimreview
from .csv_format import render_csv
from .html import render_html
from .jsonl import render_jsonl
from .markdown import render_markdown
from .model import ClaimProblem, ExportResult, Report
from .writer import ExportError, OutputExistsError, OutputWriteError, free_path, write_report

Format = Literal["md", "html", "csv", "jsonl", "claimreview"]
FORMATS: tuple[Format, ...] = ("md", "html", "csv", "jsonl", "claimreview")
EXTENSIONS: dict[Format, str] = {
    "md": ".md",
    "html": ".html",
    "csv": ".csv",
    "jsonl": ".jsonl",
    "claimreview": ".claimreview.json",
}

_RENDERERS: dict[str, Callable[[Report, TextIO], ExportResult]] = {
    "md": render_markdown,
    "html": render_html,
    "csv": render_csv,
    "jsonl": render_jsonl,
}


class UnknownFormatError(ExportError):
    """The format name is not one of ``FORMATS``."""


def render(
    report: Report, fmt: str, out: TextIO, *, on_problem: Callable[[ClaimProblem], None] | None = None
) -> ExportResult:
    """Write ``report`` to ``out`` in format ``fmt`` (one of ``FORMATS``), streaming its claims.

    ``on_problem`` receives ClaimReview validation problems as they occur (other formats have none).
    """
    if fmt == "claimreview":
        return render_claimreview(report, out, on_problem=on_problem)
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise UnknownFormatError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return renderer(report, out)


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "ClaimProblem",
    "ExportError",
    "ExportResult",
    "Format",
    "OutputExistsError",
    "OutputWriteError",
    "Report",
    "UnknownFormatError",
    "free_path",
    "render",
    "validate_claimreview",
    "write_report",
]
