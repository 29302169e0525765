"""Bad input: one line naming the file and the problem, the rest of the batch goes on, exit code 1."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import SEEDS, run_cli


def _ingest(db: Path, *paths: Path | str) -> tuple[int, dict[str, object], str]:
    result = run_cli("--db", str(db), "ingest", *map(str, paths), "--json", "--workers", "1")
    return result.code, result.json(), result.err  # type: ignore[return-value]


def test_each_bad_file_is_named_and_the_batch_continues(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "a_binary.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 100)
    (bad / "b_pdf.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (bad / "c_empty.txt").write_bytes(b"")
    (bad / "d_blank.txt").write_bytes(b"  \n\n \t\n")
    (bad / "e_latin1.txt").write_bytes(
        "Le ministre a déclaré que 19 personnes ont été arrêtées à Pristina mardi.\n".encode("latin-1")
    )
    (bad / "f_mixed.txt").write_bytes(
        "Officials said 19 people were detained — police confirmed it.\n".encode()
        + "The café owner said the raid cost 2 500 €.\n".encode("cp1252")
    )
    good = bad / "g_seed.txt"
    good.write_bytes((SEEDS / "000_24d4c95b88186933.txt").read_bytes())
    code, report, err = _ingest(db_path, bad, tmp_path / "missing.txt")
    assert code == 1
    failed = {Path(f["path"]).name: f["error"] for f in report["failed"]}  # type: ignore[union-attr]
    assert set(failed) == {"a_binary.txt", "b_pdf.txt", "c_empty.txt", "d_blank.txt", "missing.txt"}
    assert "binary" in failed["a_binary.txt"] and "PDF" in failed["b_pdf.txt"]
    assert "empty" in failed["c_empty.txt"] and "no such file" in failed["missing.txt"]
    assert report["ingested"] == 3
    for name in failed:
        assert name in err
    assert "Traceback" not in err
    docs = run_cli("--db", str(db_path), "claims", "--all", "--json").json()
    texts = " ".join(c["text"] for c in docs)  # type: ignore[union-attr]
    assert "déclaré" in texts and "café" in texts and "€" in texts


def test_huge_single_line_file_is_refused_clearly(db_path: Path, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.write(b"word " * (50 * 1024 * 1024 // 5))
    code, report, err = _ingest(db_path, huge)
    assert code == 1
    assert "too large" in report["failed"][0]["error"]  # type: ignore[index]
    assert "huge.txt" in err


def test_a_folder_of_many_files(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"{i:05d}.txt").write_text(f"Report {i}: the council approved {i} new homes on Monday.\n")
    code, report, _ = _ingest(db_path, folder)
    assert code == 0 and report["ingested"] == 10_000


def test_unreadable_file_is_reported(db_path: Path, tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("The minister said 19 people were detained.")
    locked.chmod(0)
    try:
        code, report, _ = _ingest(db_path, locked)
        if os.geteuid() == 0:  # root reads it anyway
            assert code == 0
        else:
            assert code == 1 and "permission" in report["failed"][0]["error"]  # type: ignore[index]
    finally:
        locked.chmod(0o644)


def test_stdin_is_ingested(db_path: Path) -> None:
    result = run_cli(
        "--db",
        str(db_path),
        "ingest",
        "-",
        "--json",
        stdin="Police said 12 people were detained on Tuesday in Pristina.\n",
    )
    assert result.code == 0 and result.json() == {"ingested": 1, "skipped": 0, "failed": []}


def test_html_is_reduced_to_its_article_text(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Raid</title><meta property='og:site_name' content='Daily Example'>"
        "<meta property='article:published_time' content='2024-03-02T10:00:00Z'></head><body>"
        "<nav>Home | World | Sport</nav><article><h1>Police raid in the north</h1>"
        "<p>The interior minister said 19 people were detained on Tuesday in the northern town.</p>"
        "<p>Local officials disputed the figure and said only a dozen were held overnight.</p></article>"
        "<footer>Copyright 2024 Daily Example. All rights reserved.</footer></body></html>"
    )
    code, report, _ = _ingest(db_path, page)
    assert code == 0 and report["ingested"] == 1
    docs = run_cli("--db", str(db_path), "documents", "--json").json()
    assert docs[0]["outlet"] == "Daily Example" and docs[0]["published"] == "2024-03-02"  # type: ignore[index]
    claims = run_cli("--db", str(db_path), "claims", "--all", "--json").json()
    assert all("Home | World" not in c["text"] for c in claims)  # type: ignore[union-attr]


def test_a_lone_surrogate_in_a_sidecar_or_text_is_stored_as_a_replacement_character(
    db_path: Path, tmp_path: Path
) -> None:
    """JSON can spell a lone surrogate ("\\ud800") that UTF-8 cannot store: it becomes U+FFFD, offsets
    unchanged, and the batch goes on (it was a UnicodeEncodeError traceback)."""
    import json
    import sqlite3

    from workbench.actions.ingest import ingest_documents
    from workbench.reading.sources import RawDocument
    from workbench.store.database import open_database

    article = tmp_path / "a.txt"
    article.write_text("Police detained 19 people on Tuesday, the ministry said.\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"title": "Raids \\ud800 in Kosovo", "outlet": "RT"}', encoding="utf-8")
    done = run_cli("--db", str(db_path), "ingest", str(article), "--json")
    assert done.code == 0, done.err
    assert json.loads(done.out)["ingested"] == 1
    with open_database(db_path) as database:
        ingest_documents(
            database, [RawDocument("b", "At least 19 \ud800 people were detained.", "text/plain", "utf-8")]
        )
    with sqlite3.connect(db_path) as conn:
        titles = [r[0] for r in conn.execute("SELECT title FROM documents ORDER BY id")]
        text, start, end, claim = conn.execute(
            'SELECT d.text, c.start, c."end", c.text FROM claims c JOIN documents d ON d.id = c.document_id '
            "WHERE d.source = 'b'"
        ).fetchone()
    assert titles[0] == "Raids \ufffd in Kosovo"
    assert "\ufffd" in text and text[start:end] == claim
