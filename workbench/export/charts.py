"""Summary charts: the data behind them (shared by Markdown and HTML) and inline SVG bar charts.

The SVG is static markup (no script, no external font or stylesheet), so it prints and survives
being mailed as a single file. Every label is escaped; colours come only from validated hex values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Agreement, RatingScale
from .safe import h, is_hex_color, one_line

# Okabe-Ito, distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
NO_VERDICT_COLOR = "#BBBBBB"
MAX_ROWS = 12
"""Rows per chart; the rest are folded into one ``other (N)`` row so the chart stays readable."""


@dataclass(frozen=True, slots=True)
class Series:
    id: str
    name: str
    color: str


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    counts: tuple[int, ...]
    """One count per series, in series order."""

    @property
    def total(self) -> int:
        return sum(self.counts)


def series_for(scale: RatingScale, tables: Sequence[Mapping[str, Mapping[str, int]]]) -> tuple[Series, ...]:
    """The scale's labels in order, then label ids seen in the counts but not on the scale, then
    ``no verdict``; only series that occur in some count are kept."""
    seen = {key for table in tables for counts in table.values() for key, n in counts.items() if n}
    out: list[Series] = []
    for i, label in enumerate(scale.labels):
        if label.id in seen:
            color = label.color if is_hex_color(label.color) else PALETTE[i % len(PALETTE)]
            out.append(Series(label.id, label.name, color or PALETTE[0]))
    known = {label.id for label in scale.labels}
    extra = sorted(seen - known - {""})
    for j, key in enumerate(extra, start=len(scale.labels)):
        out.append(Series(key, key, PALETTE[j % len(PALETTE)]))
    if "" in seen:
        out.append(Series("", "no verdict", NO_VERDICT_COLOR))
    return tuple(out)


def rows_for(
    table: Mapping[str, Mapping[str, int]], series: Sequence[Series], limit: int = MAX_ROWS
) -> tuple[Row, ...]:
    """Rows sorted by total (then name), the tail beyond ``limit`` folded into ``other (N)``."""
    rows = [Row(name, tuple(counts.get(s.id, 0) for s in series)) for name, counts in table.items()]
    rows.sort(key=lambda r: (-r.total, r.name))
    if len(rows) <= limit:
        return tuple(rows)
    head, tail = rows[: limit - 1], rows[limit - 1 :]
    folded = tuple(sum(r.counts[i] for r in tail) for i in range(len(series)))
    return (*head, Row(f"other ({len(tail)})", folded))


def agreement_value(a: Agreement) -> tuple[float, str]:
    """The bar length in [0, 1] and its caption: kappa when known, else percent agreement."""
    if a.kappa is not None:
        return max(0.0, min(1.0, a.kappa)), f"κ {a.kappa:.2f} (n={a.n})"
    if a.percent is not None:
        return max(0.0, min(1.0, a.percent / 100)), f"{a.percent:.0f}% (n={a.n})"
    return 0.0, f"n/a (n={a.n})"


# --- SVG --------------------------------------------------------------------------------------------

_LABEL_W = 210
_BAR_W = 560
_ROW_H = 22
_FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"'


def _clip(text: str, chars: int = 30) -> str:
    text = one_line(text)
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _svg_open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {_FONT}><title>{h(title)}</title>'
    )


def stacked_bars(title: str, rows: Sequence[Row], series: Sequence[Series]) -> str:
    """Horizontal stacked bars, one per row, scaled to the largest total, with a legend below."""
    if not rows:
        return ""
    top = max(r.total for r in rows) or 1
    legend_h = 24
    width = _LABEL_W + _BAR_W + 60
    height = len(rows) * _ROW_H + legend_h + 8
    parts = [_svg_open(width, height, title)]
    for i, row in enumerate(rows):
        y = i * _ROW_H + 4
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 14}" text-anchor="end"><title>{h(row.name)}</title>'
            f"{h(_clip(row.name))}</text>"
        )
        x = float(_LABEL_W)
        for s, n in zip(series, row.counts, strict=True):
            if not n:
                continue
            w = _BAR_W * n / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{_ROW_H - 6}" fill="{s.color}">'
                f"<title>{h(row.name)}: {h(s.name)} {n}</title></rect>"
            )
            x += w
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 14}">{row.total}</text>')
    y = len(rows) * _ROW_H + 10
    x = float(_LABEL_W)
    for s in series:
        name = _clip(s.name, 22)
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{s.color}"/>'
            f'<text x="{x + 16:.1f}" y="{y + 11}">{h(name)}</text>'
        )
        x += 16 + 7.2 * len(name) + 14
    parts.append("</svg>")
    return "".join(parts)


def progress_bar(reviewed: int, total: int) -> str:
    """One bar: reviewed out of total."""
    width = _LABEL_W + _BAR_W + 60
    share = reviewed / total if total else 0.0
    w = _BAR_W * min(1.0, share)
    caption = f"{reviewed} of {total} claims ({share:.0%})"
    return (
        _svg_open(width, 26, "Claims in this report with a verdict")
        + f'<text x="{_LABEL_W - 6}" y="17" text-anchor="end">with a verdict</text>'
        + f'<rect x="{_LABEL_W}" y="4" width="{_BAR_W}" height="16" fill="#EEEEEE" stroke="#999999"/>'
        + f'<rect x="{_LABEL_W}" y="4" width="{w:.1f}" height="16" fill="{PALETTE[2]}"/>'
        + f'<text x="{_LABEL_W + 6}" y="17">{h(caption)}</text></svg>'
    )


def agreement_bars(agreements: Sequence[Agreement]) -> str:
    """One bar per reviewer pair: Cohen's kappa (negative shown as empty) or percent agreement."""
    if not agreements:
        return ""
    width = _LABEL_W + _BAR_W + 120
    parts = [_svg_open(width, len(agreements) * _ROW_H + 8, "Agreement between reviewers")]
    for i, a in enumerate(agreements):
        y = i * _ROW_H + 4
        pair = f"{a.reviewers[0]} / {a.reviewers[1]}"
        value, caption = agreement_value(a)
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 14}" text-anchor="end"><title>{h(pair)}</title>'
            f"{h(_clip(pair))}</text>"
            f'<rect x="{_LABEL_W}" y="{y}" width="{_BAR_W}" height="{_ROW_H - 6}" fill="#F3F3F3"/>'
            f'<rect x="{_LABEL_W}" y="{y}" width="{_BAR_W * value:.1f}" height="{_ROW_H - 6}" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{_LABEL_W + _BAR_W + 6}" y="{y + 14}">{h(caption)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
