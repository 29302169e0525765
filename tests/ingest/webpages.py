"""Pages, a text PDF and a feed built in the test (no binaries committed), for the local server."""

from __future__ import annotations

import html
import json

from tests.evidence.localserver import seed_article


def article_page(
    index: int,
    *,
    site: str = "The Daily Example",
    canonical: str | None = None,
    published: str = "2019-05-28T10:00:00Z",
    author: str = "Jane Reporter",
    extra: str = "",
) -> tuple[str, str]:
    """(headline, page) for seed article ``index`` with Open Graph tags and a JSON-LD NewsArticle."""
    headline, paragraphs = seed_article(index)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": published,
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": site},
    }
    link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + extra
    page = (
        f'<!doctype html><html lang="en"><head><title>{html.escape(headline)} | {html.escape(site)}</title>'
        f'<meta property="og:site_name" content="{html.escape(site)}">'
        f'<meta property="og:title" content="{html.escape(headline)}">{link}'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f"<body><nav>Home | World</nav><article><h1>{html.escape(headline)}</h1>{body}</article></body></html>"
    )
    return headline, page


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def text_pdf(pages: list[list[str]], *, title: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text line per entry, pages in order (xref offsets computed)."""
    objects: list[str] = []
    kids = []
    font_id = 3
    first_page = 4
    for n, lines in enumerate(pages):
        page_id = first_page + 2 * n
        kids.append(f"{page_id} 0 R")
        ops = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
        for line in lines:
            ops += [f"{_pdf_string(line)} Tj", "T*"]
        ops.append("ET")
        stream = "\n".join(ops)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {page_id + 1} 0 R >>"
        )
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream")
    head = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    all_objects = head + objects
    info_id = None
    if title:
        all_objects.append(f"<< /Title {_pdf_string(title)} /CreationDate (D:20190528100000Z) >>")
        info_id = len(all_objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(all_objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(all_objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    info = f" /Info {info_id} 0 R" if info_id else ""
    out += (
        f"trailer\n<< /Size {len(all_objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def rss_feed(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of ``(guid, link, title)`` items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f'<guid isPermaLink="false">{html.escape(guid)}</guid><pubDate>Tue, 28 May 2019 10:00:00 GMT</pubDate></item>'
        for guid, link, t in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{html.escape(title)}</title>'
        f"<link>http://127.0.0.1/</link><description>test feed</description>{entries}</channel></rss>"
    ).encode()
