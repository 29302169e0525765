"""The golden HTML opens in a real headless Chromium and renders to a screenshot and a PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

GOLDEN_HTML = Path(__file__).parent / "golden" / "report.html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_golden_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    png, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    for extra in ([f"--screenshot={png}", "--window-size=1200,2000"], [f"--print-to-pdf={pdf}"]):
        proc = subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *extra, GOLDEN_HTML.as_uri()],
            capture_output=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
