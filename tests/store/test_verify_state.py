"""`audit verify` proves the tables, not only the chain: the events are replayed and compared.

A database is built through the real actions and CLI (verdicts, sign-off, undo, notes, evidence
fetched from a real local server, roles, settings, matching decisions, re-extraction), then copied
and tampered with directly (sqlite3, no event). Each tamper must be named in one line with a non-zero
exit; the untouched database must verify clean (the false-positive guard).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli
from tests.evidence.localserver import LocalServer, running_server
from tests.team.workload import Team, seed_documents, setup_database
from workbench.actions import evidence, matching, review, signoff
from workbench.actions.reextract import reextract
from workbench.evidence.fetch import FetchPolicy
from workbench.store.database import ReviewDatabase, open_database

LOCAL = FetchPolicy(connect_timeout=1.0, read_timeout=0.5, deadline=1.5, allow_addresses=("127.0.0.1",))


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with running_server() as state:
        yield state


def _checkworthy(database: ReviewDatabase) -> list[int]:
    rows = database.conn.execute("SELECT id FROM claims WHERE checkworthy = 1 ORDER BY id").fetchall()
    return [int(r[0]) for r in rows]


def _run(database: ReviewDatabase):  # type: ignore[no-untyped-def]
    return lambda fn, *a, **kw: fn(database, *a, **kw)


def _work(path: Path, team: Team, server: LocalServer, tmp: Path) -> dict[str, int]:
    """Many real actions of every kind; returns ids the tamper tests aim at."""
    rev0, rev1 = team.reviewers
    ed0, ed1 = team.editors
    ids: dict[str, int] = {}
    with open_database(path) as db:
        c = _checkworthy(db)
        matching.run_matching(db, actor=team.admin)
        review.set_verdict(db, c[0], "false", actor=rev0, rationale="Police said 19.")
        signoff.approve(db, c[0], actor=ed0)
        review.set_rationale(db, c[0], "Police said 19; the ministry said 21.", actor=rev0)  # stales it
        signoff.approve(db, c[0], actor=ed1)
        review.set_verdict(db, c[1], "verified", actor=rev1)
        signoff.reject(db, c[1], actor=ed0, reason="One source only.")
        review.set_verdict(db, c[1], "inconclusive", actor=rev0)  # a second, different proposal
        review.triage(db, c[2], "not_checkworthy", actor=rev0)
        review.toggle_flag(db, c[3], actor=rev1)
        review.toggle_flag(db, c[3], actor=rev1)
        review.set_verdict(db, c[4], "misleading", actor=rev0)
        review.undo_last(db, actor=rev0)  # withdraws the proposal
        ids["note"] = review.add_note(db, c[5], "Ask the ministry for the list.", actor=rev1)
        retracted = review.add_note(db, c[5], "Wrong claim, sorry.", actor=rev1)
        review.undo_last(db, actor=rev1)
        ids["retracted_note"] = retracted
        fetched = evidence.add_evidence(
            db, c[0], server.url("/ok"), actor=rev0, stance="supports", quote="Police said"
        )
        evidence.check_evidence(_run(db), c[0], actor=rev0, policy=LOCAL)
        evidence.edit_evidence(db, fetched.id, actor=rev0, note="The police statement.")
        evidence.record_archive(
            db, fetched.id, actor=rev0, url="https://web.archive.org/web/2019/x", timestamp="20190528"
        )
        ids["evidence"] = fetched.id
        gone = evidence.add_evidence(db, c[0], "https://example.org/gone", actor=rev1, stance="refutes")
        evidence.remove_evidence(db, gone.id, actor=rev1)
        local = tmp / "statement.txt"
        local.write_text("The ministry's statement.", encoding="utf-8")
        evidence.add_evidence(db, c[1], str(local), actor=rev1, stance="context")
        lease = signoff.next_claim(db, actor=rev1)
        assert lease is not None
        signoff.release(db, lease, actor=rev1)
        signoff.add_reviewer(db, rev1, "editor", actor=team.admin)
        signoff.set_overlap(db, 2, actor=team.admin)
        review.set_verdict(db, c[6], "false", actor=rev1)
        signoff.approve(db, c[6], actor=ed0)
        signoff.set_quorum(db, "1+0", actor=team.admin)  # recomputes every claim's `final`
        ids["claim"], ids["judged"], ids["untouched"] = c[0], c[1], c[-1]
        ids["document"] = 1
        ids["rev0"] = int(db.conn.execute("SELECT id FROM reviewers WHERE name = ?", (rev0,)).fetchone()[0])
    db_arg = str(path)
    story = (
        sqlite3.connect(path)
        .execute(
            "SELECT claim_id FROM story_claims WHERE story_id IN "
            "(SELECT story_id FROM story_claims GROUP BY story_id HAVING count(*) > 2) LIMIT 1"
        )
        .fetchone()
    )
    assert story is not None
    for args in (
        ("stories", "split", str(story[0])),
        ("stories", "merge", str(story[0]), str(c[-1])),
        ("names", "unlink", "Mikhail Krasnoshchekov", "Mikhail Krasnoshchenkov"),
        ("names", "link", "Mikhail Krasnoshchekov", "Mikhail Krasnoshchenkov"),
        ("verdict", str(c[7]), "false", "--rationale", "CLI verdict."),
        ("note", str(c[7]), "A note from the CLI."),
        ("undo",),
        ("triage", str(c[8]), "skipped"),
        ("summary", str(c[9]), "Kosovo police detained 19 people"),
        ("publish", str(c[9]), "https://checks.example/claims/9"),
        ("documents", "edit", "3", "--outlet", "TASS Russian News Agency", "--published", "2019-05-29"),
        ("ingest", server.url("/ok"), "--allow-private"),
        ("scale", "snopes", "--yes"),
    ):
        result = run_cli("--db", db_arg, "--reviewer", team.admin, *args)
        assert result.code == 0, (args, result.err)
    conn = sqlite3.connect(path)  # an older extractor made these rows: re-extraction refreshes them
    conn.execute("UPDATE documents SET extractor = 'old' WHERE id = 2")
    conn.commit()
    conn.close()
    with open_database(path) as db:
        totals = reextract(db, actor=team.admin)
        assert totals["documents"] == 1
        reextract(db, actor=team.admin, force=True)
    for args in (  # after re-extraction, so the claim sets recorded before them must still prove them
        ("correct", "speaker", str(c[10]), "Aleksandar Vucic"),
        ("correct", "span", str(c[11]), "--next"),
        ("correct", "span", str(c[12]), "--next"),
        ("undo",),  # the second span correction
    ):
        result = run_cli("--db", db_arg, "--reviewer", team.admin, *args)
        assert result.code == 0, (args, result.err)
    return ids


@pytest.fixture(scope="module")
def worked(tmp_path_factory: pytest.TempPathFactory, server: LocalServer) -> tuple[Path, dict[str, int]]:
    tmp = tmp_path_factory.mktemp("verify-state")
    path = tmp / "team.db"
    team = setup_database(path, seed_documents(SEEDS), editors=2, reviewers=2)
    ids = _work(path, team, server, tmp)
    return path, ids


def _copy(path: Path, target: Path) -> Path:
    """A copy made through SQLite's backup API (never by reading the file)."""
    source, copy = sqlite3.connect(path), sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()
    return target


def _tampered(path: Path, target: Path, *statements: str) -> Path:
    _copy(path, target)
    conn = sqlite3.connect(target)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return target


def test_a_database_after_many_real_actions_verifies_clean(worked: tuple[Path, dict[str, int]]) -> None:
    path, _ = worked
    conn = sqlite3.connect(path)
    actions = {str(r[0]) for r in conn.execute("SELECT DISTINCT action FROM events")}
    conn.close()
    assert {
        "claim.verdict",
        "claim.approve",
        "claim.reject",
        "approval.stale",
        "claim.undo",
        "note.retract",
        "evidence.check",
        "evidence.archive",
        "evidence.remove",
        "reviewer.role",
        "quorum.set",
        "overlap.set",
        "scale.set",
        "match.split",
        "match.merge",
        "match.unlink",
        "match.link",
        "document.reextract",
        "claim.lease",
        "claim.summary",
        "claim.publish",
        "document.edit",
        "claim.speaker",
        "claim.span",
    } <= actions
    result = run_cli("--db", str(path), "audit", "verify")
    assert result.code == 0, result.err
    assert "the tables match their replay" in result.out
    body = run_cli("--db", str(path), "audit", "verify", "--json").json()
    assert isinstance(body, dict) and body["ok"] and body["problems"] == [] and body["notes"] == []


def _verify_fails_with(path: Path, line: str) -> None:
    result = run_cli("--db", str(path), "audit", "verify")
    assert result.code == 1
    assert line in result.err.splitlines(), result.err


def test_an_edited_verdict_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(
        path, tmp_path / "t.db", f"UPDATE claims SET verdict = 'verified' WHERE id = {ids['claim']}"
    )
    _verify_fails_with(copy, f"claims {ids['claim']} verdict: expected 'false', found 'verified'")
    body = run_cli("--db", str(copy), "audit", "verify", "--json").json()
    assert isinstance(body, dict) and not body["ok"] and body["chain_ok"]
    problems = body["problems"]
    assert {
        "table": "claims",
        "id": ids["claim"],
        "column": "verdict",
        "expected": "false",
        "found": "verified",
    } in problems
    # Its consequence is named too: the proposals no longer agree with that verdict, so it is not final.
    assert {"table": "claims", "id": ids["claim"], "column": "final", "expected": 0, "found": 1} in problems
    # The chain alone still holds: the fast path cannot see it.
    assert run_cli("--db", str(copy), "audit", "verify", "--chain-only").code == 0


def test_an_edited_summary_and_document_outlet_are_named(
    worked: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, _ = worked
    claim = _scalar(path, "SELECT id FROM claims WHERE summary IS NOT NULL")
    copy = _tampered(
        path,
        tmp_path / "t.db",
        f"UPDATE claims SET summary = 'Nobody was detained' WHERE id = {claim}",
        "UPDATE documents SET outlet = 'Someone else' WHERE id = 3",
    )
    _verify_fails_with(
        copy,
        f"claims {claim} summary: expected 'Kosovo police detained 19 people', found 'Nobody was detained'",
    )
    _verify_fails_with(copy, "documents 3 outlet: expected 'TASS Russian News Agency', found 'Someone else'")


def test_a_corrected_span_edited_without_an_event_is_named(
    worked: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    path, _ = worked
    claim = _scalar(
        path,
        "SELECT claim_id FROM claim_extractions ce JOIN claims c ON c.id = ce.claim_id "
        'WHERE c.start != ce.start OR c."end" != ce."end" LIMIT 1',
    )
    copy = _tampered(
        path,
        tmp_path / "t.db",
        f'UPDATE claims SET "end" = "end" - 1, text = substr(text, 1, length(text) - 1) WHERE id = {claim}',
    )
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert any(
        line.startswith(f"claims {claim} start/end/text: expected ") for line in result.err.splitlines()
    )


def _scalar(path: Path, sql: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_an_edited_rationale_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(
        path, tmp_path / "t.db", f"UPDATE claims SET rationale = 'Made up.' WHERE id = {ids['claim']}"
    )
    _verify_fails_with(
        copy,
        f"claims {ids['claim']} rationale: expected 'Police said 19; the ministry said 21.', found 'Made up.'",
    )


def test_an_edited_role_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(path, tmp_path / "t.db", f"UPDATE reviewers SET role = 'admin' WHERE id = {ids['rev0']}")
    _verify_fails_with(copy, f"reviewers {ids['rev0']} role: expected 'reviewer', found 'admin'")


def test_an_edited_evidence_stance_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(
        path, tmp_path / "t.db", f"UPDATE evidence SET stance = 'refutes' WHERE id = {ids['evidence']}"
    )
    _verify_fails_with(copy, f"evidence {ids['evidence']} stance: expected 'supports', found 'refutes'")


def test_edited_document_text_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, _ = worked
    copy = _tampered(
        path, tmp_path / "t.db", "UPDATE documents SET text = replace(text, '19', '91') WHERE id = 1"
    )
    conn = sqlite3.connect(copy)
    recorded = conn.execute("SELECT sha256 FROM documents WHERE id = 1").fetchone()[0]
    conn.close()
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert any(
        line.startswith(f"documents 1 text sha256: expected '{recorded}', found '")
        for line in result.err.splitlines()
    ), result.err


def test_edited_text_and_its_hash_column_are_named(
    worked: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """Rewriting the hash column to match the new text does not hide it: the ingest event recorded it."""
    path, _ = worked
    copy = _tampered(
        path, tmp_path / "t.db", "UPDATE documents SET text = 'Nothing happened.', sha256 = 'x' WHERE id = 1"
    )
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert any(line.startswith("documents 1 sha256: expected '") for line in result.err.splitlines()), (
        result.err
    )


def test_a_deleted_claim_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(path, tmp_path / "t.db", f"DELETE FROM claims WHERE id = {ids['untouched']}")
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if line.startswith(f"claims {ids['untouched']}: ")]
    assert len(lines) == 1 and "expected a row (document" in lines[0] and lines[0].endswith("found none")


def test_a_deleted_reviewed_claim_is_named_once(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(path, tmp_path / "t.db", f"DELETE FROM claims WHERE id = {ids['judged']}")
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert (
        len([line for line in result.err.splitlines() if line.startswith(f"claims {ids['judged']}: ")]) == 1
    )


def test_a_deleted_note_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(path, tmp_path / "t.db", f"DELETE FROM notes WHERE id = {ids['note']}")
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert any(
        line.startswith(f"notes {ids['note']}: expected a row (made by event ")
        and line.endswith("found none")
        for line in result.err.splitlines()
    ), result.err


def test_a_deleted_evidence_row_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(path, tmp_path / "t.db", f"DELETE FROM evidence WHERE id = {ids['evidence']}")
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert any(
        line.startswith(f"evidence {ids['evidence']}: expected a row (made by event ")
        for line in result.err.splitlines()
    ), result.err


def test_an_inserted_reviewer_is_named(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, _ = worked
    copy = _tampered(
        path,
        tmp_path / "t.db",
        "INSERT INTO reviewers (name, role, created_at) VALUES ('mallory', 'admin', '2026-12-01T00:00:00Z')",
    )
    conn = sqlite3.connect(copy)
    new_id = conn.execute("SELECT id FROM reviewers WHERE name = 'mallory'").fetchone()[0]
    conn.close()
    _verify_fails_with(copy, f"reviewers {new_id}: expected no row (no event made it), found a row")


@pytest.mark.parametrize(
    ("statement", "line"),
    [
        (
            "UPDATE notes SET retracted_at = NULL, retracted_by = NULL WHERE id = {retracted_note}",
            "notes {retracted_note} retracted_at: expected '",
        ),
        ("INSERT INTO claims (document_id, start, \"end\", text) VALUES (1, 0, 3, 'The')", "claims "),
        (
            "UPDATE meta SET value = '3+3' WHERE key = 'quorum'",
            "meta quorum value: expected '1+0', found '3+3'",
        ),
        (
            "UPDATE claims SET final = 1 - final WHERE id = {claim}",
            "claims {claim} final: expected 1, found 0",
        ),
        ("DELETE FROM match_decisions WHERE kind = 'split'", "match_decisions "),
        ("UPDATE judgements SET stale_at = NULL WHERE stale_at IS NOT NULL", "judgements "),
    ],
)
def test_other_direct_edits_are_named(
    worked: tuple[Path, dict[str, int]], tmp_path: Path, statement: str, line: str
) -> None:
    path, ids = worked
    copy = _tampered(path, tmp_path / "t.db", statement.format(**ids))
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert any(x.startswith(line.format(**ids)) for x in result.err.splitlines()), result.err


WRITER = """
import sys
from pathlib import Path
from workbench.actions import review
from workbench.store.database import open_database

path, stop = sys.argv[1], Path(sys.argv[2])
with open_database(path) as db:
    ids = [r[0] for r in db.conn.execute("SELECT id FROM claims WHERE checkworthy = 1 ORDER BY id")]
    n = 0
    while not stop.exists() and n < 20000:
        claim_id = ids[n % len(ids)]
        if n % 3 == 0:
            review.add_note(db, claim_id, f"note {n}", actor="ada")
        elif n % 3 == 1:
            review.toggle_flag(db, claim_id, actor="ada")
        else:
            review.set_rationale(db, claim_id, f"rationale {n}", actor="ada")
        n += 1
"""


def test_writes_landing_during_verify_are_not_reported(
    worked: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """Another process writes all the time; each verify reads one snapshot, so none is a false alarm."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    from workbench.store import audit, replay

    path, _ = worked
    live = _copy(path, tmp_path / "live.db")
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(live), str(stop)], env=env)
    try:
        with open_database(live) as db:
            start = audit.head(db.conn)
            assert start is not None
            while (head := audit.head(db.conn)) is not None and head.event_id < start.event_id + 20:
                assert writer.poll() is None, "the writer ended before writing"
            overlapped, runs = 0, 0
            while overlapped < 6 and runs < 300 and writer.poll() is None:
                runs += 1
                before = audit.head(db.conn)
                chain, state = replay.verify(db.conn)
                after = audit.head(db.conn)
                assert chain.ok, chain.problem
                assert state is not None and state.ok, [p.line() for p in state.problems]
                overlapped += before is not None and after is not None and after.event_id > before.event_id
            assert overlapped >= 6  # writes did land while verify ran
    finally:
        stop.touch()
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert run_cli("--db", str(live), "audit", "verify").code == 0


def test_every_action_the_code_appends_has_a_replay_entry() -> None:
    """A new kind of event adds an entry to the registry (or to DERIVED): found by reading the source."""
    import re

    from tests.conftest import ROOT
    from workbench.store.replay import DERIVED, HANDLERS

    written: set[str] = set()
    for source in (ROOT / "workbench").rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', source.read_text(encoding="utf-8")))
    written |= {"claim.approve", "claim.reject", "match.merge", "match.split", "match.link", "match.unlink"}
    assert len(written) > 20
    assert written - set(HANDLERS) - DERIVED == set()


def _old_style_ingest(path: Path) -> None:
    """A document stored as ingest did before events carried claim sets, and an action verify does not know."""
    from workbench.actions.ingest import content_hash
    from workbench.store import audit
    from workbench.store import documents as doc_store
    from workbench.text.extract import extract

    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    extraction = extract(text, source="old.txt")
    with open_database(path) as db, db.write_unit() as conn:
        fields = {
            "sha256": content_hash(text),
            "source": "old.txt",
            "outlet": None,
            "title": None,
            "published": None,
            "author": None,
            "place": None,
            "content_type": "text/plain",
            "text": text,
            "original": None,
            "encoding": "utf-8",
            "chars": len(text),
            "extractor": "old",
            "ingested_at": audit.utc_now(),
            "ingested_by": "system:ingest",
        }
        document_id = doc_store.insert_document(conn, fields, extraction)
        summary = {
            k: fields[k] for k in ("sha256", "source", "outlet", "title", "published", "chars", "extractor")
        }
        audit.append(
            conn,
            actor="system:ingest",
            action="document.ingest",
            entity="document",
            entity_id=document_id,
            after={**summary, "claims": len(extraction.claims)},
            ts=str(fields["ingested_at"]),
        )


def test_claims_of_an_old_ingest_are_not_provable_rather_than_wrong(db_path: Path) -> None:
    _old_style_ingest(db_path)
    result = run_cli("--db", str(db_path), "audit", "verify")
    assert result.code == 0, result.err
    assert "note: the claims of 1 document(s) are not provable" in result.out
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM claims WHERE id = (SELECT max(id) FROM claims)")
    conn.commit()
    conn.close()
    assert run_cli("--db", str(db_path), "audit", "verify").code == 0  # the documented limit
    # What is still proved there: each claim quotes the document's text at its offsets.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE claims SET text = 'Nothing was said.' WHERE id = 3")
    conn.commit()
    conn.close()
    result = run_cli("--db", str(db_path), "audit", "verify")
    assert result.code == 1 and any(
        line.startswith("claims 3 text: expected '") and line.endswith("found 'Nothing was said.'")
        for line in result.err.splitlines()
    ), result.err
    conn = sqlite3.connect(db_path)
    conn.execute(
        'UPDATE claims SET text = (SELECT substr(d.text, c.start + 1, c."end" - c.start) '
        "FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.id = 3) WHERE id = 3"
    )
    conn.commit()
    conn.close()
    # The document itself is still proved.
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE documents SET source = 'elsewhere.txt'")
    conn.commit()
    conn.close()
    result = run_cli("--db", str(db_path), "audit", "verify")
    assert result.code == 1 and "documents 1 source: expected 'old.txt', found 'elsewhere.txt'" in result.err


def test_an_action_the_replay_does_not_know_is_reported(db_path: Path) -> None:
    from workbench.store import audit

    with open_database(db_path) as db, db.write_unit() as conn:
        audit.append(
            conn, actor="ada", action="custom.thing", entity="database", entity_id="x", after={"a": 1}
        )
    result = run_cli("--db", str(db_path), "audit", "verify")
    assert result.code == 1
    assert "events 1 action: expected 'an action audit verify can replay', found 'custom.thing'" in result.err


def test_an_edit_later_overwritten_by_an_action_is_named_in_that_event(
    worked: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    """The row now matches its last event, but that event's `before` shows what was there: a direct edit."""
    path, ids = worked
    copy = _tampered(
        path, tmp_path / "t.db", f"UPDATE claims SET rationale = 'Slipped in.' WHERE id = {ids['claim']}"
    )
    with open_database(copy) as db:
        review.set_rationale(
            db, ids["claim"], "Police said 19; the ministry said 21; the OSCE said 20.", actor="ada"
        )
        event = int(
            db.conn.execute("SELECT max(id) FROM events WHERE action = 'claim.rationale'").fetchone()[0]
        )
    _verify_fails_with(
        copy,
        f"events {event} before.rationale: expected 'Police said 19; the ministry said 21.', found 'Slipped in.'",
    )


def test_a_hostile_value_is_printed_inert(worked: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    path, ids = worked
    copy = _tampered(
        path,
        tmp_path / "t.db",
        f"UPDATE claims SET rationale = char(27) || '[2J' || char(10) || 'ok: all fine' WHERE id = {ids['claim']}",
    )
    result = run_cli("--db", str(copy), "audit", "verify")
    assert result.code == 1
    assert "\x1b" not in result.err and "\nok: all fine" not in result.err
    assert any(
        line.startswith(f"claims {ids['claim']} rationale: expected ") for line in result.err.splitlines()
    )
