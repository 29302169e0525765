"""Renderers read claims once, as a stream, and write as they go: 10,000 claims from a generator."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace

import pytest

from workbench.export import FORMATS, render
from workbench.export.model import ReportClaim

from .reportdata import OnceIterable, seed_claims, seed_report

N = 10_000


class Progress:
    """Counts claims handed out, so the sink can see how far the generator had got at each write."""

    def __init__(self) -> None:
        self.pulled = 0

    def claims(self) -> Iterator[ReportClaim]:
        base = seed_claims()
        for i in range(N):
            self.pulled += 1
            c = base[i % len(base)]
            url = c.review_url and f"https://factcheck.example.org/reviews/{i + 1}"
            yield replace(c, id=i + 1, review_url=url)


class RecordingSink(io.StringIO):
    """A real text buffer that notes, at every write, how many claims had been pulled."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress
        self.marks: list[tuple[int, int]] = []
        self.size = 0

    def write(self, s: str) -> int:
        self.size += len(s)
        self.marks.append((self.progress.pulled, self.size))
        return super().write(s)


@pytest.mark.parametrize("fmt", FORMATS)
def test_ten_thousand_claims_stream_through_once(fmt: str) -> None:
    progress = Progress()
    claims = OnceIterable(progress.claims())
    sink = RecordingSink(progress)
    report = replace(seed_report([]), claims=claims)
    result = render(report, fmt, sink)
    assert result.claims == N and claims.consumed == N
    with pytest.raises(AssertionError, match="twice"):
        iter(claims).__next__()
    # Output grows with the claims read: by the time half were pulled, a good share was written.
    final = len(sink.getvalue())
    written_at_half = max(size for pulled, size in sink.marks if pulled <= N // 2)
    assert 0.35 * final < written_at_half < 0.65 * final
