"""Text-layer PDFs (statistics releases, court rulings) with pypdf: the text of every page, where each
page starts in it, and what the file says about itself (title, author, creation date)."""

from __future__ import annotations

import bisect
import io
import logging
import re

from workbench.errors import InputError

PAGE_BREAK = "\n\n"
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")


def pdf_text(data: bytes) -> tuple[str, tuple[int, ...], dict[str, str]]:
    """``(text, page_starts, meta)``: pages joined by a blank line, the offset of each page's first
    character, and ``title``/``author``/``date`` from the document information when present.

    Raises ``InputError`` for a damaged or encrypted file, and for a scanned PDF with no text layer.
    """
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files warn on stderr
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError("an encrypted PDF; save an unprotected copy and ingest that")
        pages = [_page_text(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except PdfReadError as exc:
        raise InputError(f"a damaged PDF that cannot be read ({exc})") from exc
    except Exception as exc:  # pypdf on hostile bytes can fail in many ways; each is one line for the user
        raise InputError(f"a damaged PDF that cannot be read ({exc.__class__.__name__})") from exc
    if not any(p.strip() for p in pages):
        count = len(pages)
        raise InputError(
            f"a scanned PDF with no text layer ({count} page{'s' if count != 1 else ''}); "
            "run OCR first (e.g. ocrmypdf) and ingest the result"
        )
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for text in pages:
        starts.append(offset)
        parts.append(text)
        offset += len(text) + len(PAGE_BREAK)
    meta: dict[str, str] = {}
    if info is not None:
        for key, attr in (("title", "title"), ("author", "author")):
            value = getattr(info, attr, None)
            if isinstance(value, str) and value.strip():
                meta[key] = value.strip()
        created = info.get("/CreationDate")
        found = re.match(r"D:(\d{4})(\d{2})(\d{2})", str(created or ""))
        if found:
            meta["date"] = f"{found[1]}-{found[2]}-{found[3]}"
    return PAGE_BREAK.join(parts), tuple(starts), meta


def _page_text(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def page_of(page_starts: tuple[int, ...] | list[int], offset: int) -> int | None:
    """The 1-based page holding ``offset``, or ``None`` for a document without pages."""
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(list(page_starts), offset))
