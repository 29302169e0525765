"""Correcting a document's metadata from the documents screen is one audited event."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from tests.tui.conftest import SIZE, db_rows, settle
from workbench.tui.app import WorkbenchApp


async def test_e_on_the_documents_screen_corrects_the_outlet(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentEditScreen"
        outlet = app.screen.query_one("#edit-outlet", Input)
        assert outlet.value == "RT"  # today's value, ready to correct
        outlet.value = "RT (Russia Today)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "DocumentsScreen"
        await pilot.press("escape")
        await pilot.press("d", "e")
        await settle(pilot)
        assert app.screen.query_one("#edit-outlet", Input).value == "RT (Russia Today)"
        await pilot.press("escape")  # cancelling writes nothing
        await settle(pilot)
    assert db_rows(review_db, "SELECT outlet FROM documents WHERE id = 1") == [("RT (Russia Today)",)]
    events = db_rows(review_db, "SELECT actor, before, after FROM events WHERE action = 'document.edit'")
    assert len(events) == 1
    actor, before, after = events[0]
    assert actor == "ana"
    assert (
        json.loads(str(before))["outlet"] == "RT" and json.loads(str(after))["outlet"] == "RT (Russia Today)"
    )


async def test_w_writes_the_claim_as_checked(make_app: Callable[..., WorkbenchApp], review_db: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim_id = app.queue.current_claim().id  # type: ignore[union-attr]
        await pilot.press("w")
        await settle(pilot)
        prompt = app.screen.query_one("#prompt-input", Input)
        assert prompt.value  # the sentence itself, ready to shorten
        prompt.value = "Kosovo police detained 19 officers"
        await pilot.press("enter")
        await settle(pilot)
    assert db_rows(review_db, "SELECT summary FROM claims WHERE id = ?", claim_id) == [
        ("Kosovo police detained 19 officers",)
    ]
    assert db_rows(
        review_db, "SELECT actor FROM events WHERE action = 'claim.summary' AND claim_id = ?", claim_id
    ) == [("ana",)]


async def test_the_claim_screen_shows_the_pdf_page(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    from tests.conftest import run_cli
    from tests.ingest.webpages import text_pdf
    from workbench.tui.claim_screen import ClaimScreen

    pdf = Path("report.pdf")
    pdf.write_bytes(
        text_pdf(
            [
                ["Statistics release, May 2019"],
                ["Exports fell by 12 percent in the first quarter, the ministry said."],
            ]
        )
    )
    assert run_cli("--db", str(review_db), "ingest", "--no-match", str(pdf)).code == 0
    [(claim_id,)] = db_rows(review_db, "SELECT id FROM claims WHERE text LIKE 'Exports fell%'")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ClaimScreen(int(str(claim_id)), app.queue))
        await settle(pilot)
        shown = str(app.screen.query_one("#claim-main").render())
        assert "(page 2 of the PDF)" in shown


async def test_claims_from_a_watched_feed_arrive_in_an_open_tui(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    from tests.conftest import run_cli
    from tests.evidence.localserver import running_server
    from tests.ingest.webpages import rss_feed
    from workbench.tui.queue import QueueScreen

    page = (
        "<!doctype html><html><head><title>Port strike</title></head><body><article><h1>Port strike</h1>"
        "<p>The dock workers' union said on Monday that 4,200 members would strike for 72 hours from Friday, "
        "halting exports worth 310 million euros a day, according to the chamber of commerce.</p>"
        "<p>The ministry said talks would resume next week.</p></article></body></html>"
    )
    app = make_app(poll_interval=0.2)
    with running_server() as server:
        server.pages["/pages/strike"] = ("text/html", page.encode())
        items = [("strike", server.url("/pages/strike"), "Port strike")]
        server.pages["/pages/feed.xml"] = ("application/rss+xml", rss_feed("Ports", items))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            queue = app.screen
            assert isinstance(queue, QueueScreen)
            before = queue.total
            args = ("--db", str(review_db), "watch", "--once", "--rate", "0", "--allow-private", "--no-match")
            result = run_cli(*args, server.url("/pages/feed.xml"))
            assert result.code == 0, result.err
            for _ in range(40):
                await pilot.pause(0.05)
                if queue.total > before:
                    break
            assert queue.total > before
            assert any("4,200 members" in row.text for row in queue.rows)


async def test_the_claim_view_compares_a_changed_page_with_its_earlier_version(
    make_app: Callable[..., WorkbenchApp], review_db: Path
) -> None:
    from tests.conftest import run_cli
    from tests.evidence.localserver import running_server
    from tests.ingest.webpages import article_page
    from workbench.tui.claim_screen import ClaimScreen

    canonical = "https://news.example.com/a/versions"
    extra = "<p>Update: the ministry later said that 23 people, not 19, had been detained in the raids.</p>"
    with running_server() as server:
        for page in (
            article_page(2, canonical=canonical)[1],
            article_page(2, canonical=canonical, extra=extra)[1],
        ):
            server.pages["/pages/v"] = ("text/html", page.encode())
            args = ("--db", str(review_db), "ingest", "--allow-private", "--no-match", server.url("/pages/v"))
            assert run_cli(*args).code == 0
    [(new_doc,)] = db_rows(review_db, "SELECT id FROM documents WHERE version_of IS NOT NULL")
    [(update,)] = db_rows(
        review_db, "SELECT id FROM claims WHERE document_id = ? AND text LIKE 'Update:%'", new_doc
    )
    [(kept,)] = db_rows(
        review_db, "SELECT min(id) FROM claims WHERE document_id = ? AND text NOT LIKE 'Update:%'", new_doc
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ClaimScreen(int(str(update)), app.queue))
        await settle(pilot)
        shown = str(app.screen.query_one("#claim-main").render())
        assert "earlier version of this page" in shown and "does not have this sentence: it is new" in shown
        assert "1 sentence(s) only here, 0 only there" in shown
        await pilot.press("escape")
        app.push_screen(ClaimScreen(int(str(kept)), app.queue))
        await settle(pilot)
        assert "has this sentence too" in str(app.screen.query_one("#claim-main").render())
        from workbench.tui.browse import DocumentScreen

        app.push_screen(DocumentScreen(int(str(new_doc))))
        await settle(pilot)
        shown = str(app.screen.query_one("#document-meta").render())
        assert f"address {canonical}" in shown and "a newer version of document" in shown
