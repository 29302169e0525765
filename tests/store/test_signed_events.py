"""Signed events (issue 17, item 3): a keyed reviewer's events carry an SSH signature over their hash,
`audit verify` checks each against the key registered to the actor then, reports unsigned ones (an
error once required), and a forged, moved or re-hashed event shows."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SEEDS
from workbench.sshsig import NAMESPACE
from workbench.store.audit import GENESIS, event_hash

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")


def wb(db: Path, *args: str, key: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("WORKBENCH_SIGNING_KEY", None)
    if key is not None:
        env["WORKBENCH_SIGNING_KEY"] = str(key)
    return subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def _keygen(folder: Path, name: str) -> Path:
    key = folder / f"{name}_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def _sign(key: Path, message: str, namespace: str = NAMESPACE) -> str:
    done = subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", namespace],
        input=message.encode(),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def _verify(db: Path) -> tuple[int, dict[str, object]]:
    done = wb(db, "audit", "verify", "--json")
    return done.returncode, json.loads(done.stdout)


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path, Path]:
    db = tmp_path / "desk.db"
    assert wb(db, "ingest", str(SEEDS / "000_24d4c95b88186933.txt"), "--workers", "1").returncode == 0
    assert wb(db, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").returncode == 0
    assert wb(db, "reviewers", "add", "bo", "--reviewer", "ana").returncode == 0
    ana, bo = _keygen(tmp_path, "ana"), _keygen(tmp_path, "bo")
    added = wb(db, "reviewers", "key", "add", "ana", str(ana) + ".pub", "--reviewer", "ana", "--json")
    assert added.returncode == 0, added.stderr
    bo_pub = (tmp_path / "bo_ed25519.pub").read_text()
    assert wb(db, "reviewers", "key", "add", "bo", bo_pub, "--reviewer", "bo").returncode == 0
    return db, ana, bo


def _last_event(db: Path, actor: str) -> tuple[int, str]:
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT id, hash FROM events WHERE actor = ? ORDER BY id DESC LIMIT 1", (actor,))
        found = row.fetchone()
    return int(found[0]), str(found[1])


def _key_id(db: Path, name: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(
            conn.execute(
                "SELECT k.id FROM reviewer_keys k JOIN reviewers r ON r.id = k.reviewer_id WHERE r.name = ?",
                (name,),
            ).fetchone()[0]
        )


def test_a_keyed_reviewers_events_are_signed_and_unsigned_ones_reported(
    desk: tuple[Path, Path, Path],
) -> None:
    db, ana, _ = desk
    assert (
        wb(
            db, "verdict", "1", "false", "--rationale", "Police said 19.", "--reviewer", "ana", key=ana
        ).returncode
        == 0
    )
    signed_id, _ = _last_event(db, "ana")
    code, report = _verify(db)
    assert code == 0 and report["signatures"] == {
        "verified": 1,
        "bad": [],
        "unsigned": [],
        "unsigned_is_error": False,
        "unchecked": None,
    }
    assert wb(db, "flag", "1", "--reviewer", "ana").returncode == 0  # no key at hand: unsigned
    unsigned_id, _ = _last_event(db, "ana")
    code, report = _verify(db)
    assert code == 0 and report["signatures"]["unsigned"] == [unsigned_id]  # type: ignore[index]
    plain = wb(db, "audit", "verify")
    assert f"warning: 1 event(s) of keyed reviewers are unsigned: {unsigned_id}" in plain.stderr
    assert wb(db, "audit", "require-signatures", "on", "--reviewer", "ana", key=ana).returncode == 0
    code, report = _verify(db)
    assert code == 1 and report["signatures"]["unsigned"] == [unsigned_id]  # type: ignore[index]
    assert signed_id != unsigned_id
    # a key someone else holds cannot sign ana's events: bo's key signs only bo's
    assert wb(db, "flag", "1", "--reviewer", "ana", key=desk[2]).returncode == 0
    assert _verify(db)[1]["signatures"]["unsigned"][-1] == _last_event(db, "ana")[0]  # type: ignore[index]


def test_forged_moved_or_foreign_signatures_are_bad(desk: tuple[Path, Path, Path]) -> None:
    db, ana, bo = desk
    assert wb(db, "flag", "1", "--reviewer", "ana", key=ana).returncode == 0
    signed_id, _ = _last_event(db, "ana")
    forged = []
    for _ in range(4):
        assert wb(db, "flag", "2", "--reviewer", "ana").returncode == 0
        forged.append(_last_event(db, "ana"))
    with sqlite3.connect(db) as conn:
        moved = conn.execute(
            "SELECT signature FROM event_signatures WHERE event_id = ?", (signed_id,)
        ).fetchone()[0]
        rows = [
            (forged[0][0], _key_id(db, "ana"), moved),  # ana's signature of another event
            (forged[1][0], _key_id(db, "bo"), _sign(bo, forged[1][1])),  # bo's key on ana's event
            (
                forged[2][0],
                _key_id(db, "ana"),
                _sign(ana, forged[2][1], namespace="git"),
            ),  # another namespace
            (forged[3][0], _key_id(db, "ana"), _sign(bo, forged[3][1])),  # claims ana's key, made by bo's
        ]
        conn.executemany("INSERT INTO event_signatures (event_id, key_id, signature) VALUES (?, ?, ?)", rows)
    code, report = _verify(db)
    assert code == 1
    assert report["signatures"]["bad"] == [e for e, _ in forged]  # type: ignore[index]
    assert report["signatures"]["verified"] == 1  # type: ignore[index]
    plain = wb(db, "audit", "verify")
    assert (
        f"event {forged[0][0]}: its signature does not verify with the key its actor had registered"
        in plain.stderr
    )


def test_a_rewritten_and_rehashed_chain_fails_on_its_signatures(desk: tuple[Path, Path, Path]) -> None:
    """Someone with write access changes a signed verdict and recomputes every hash after it: the chain
    and the tables agree again, but the signature was over the old hash."""
    db, ana, _ = desk
    assert wb(db, "verdict", "1", "false", "--reviewer", "ana", key=ana).returncode == 0
    assert wb(db, "flag", "2", "--reviewer", "ana", key=ana).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER events_no_update")
        _rechain(
            conn, lambda e: {**e, "after": (e["after"] or "").replace('"false"', '"true"') or e["after"]}
        )
        conn.execute("UPDATE claims SET verdict = 'true' WHERE id = 1")
        conn.execute("UPDATE judgements SET verdict = 'true' WHERE claim_id = 1")
    code, report = _verify(db)
    assert report["chain_ok"] is True and report["problems"] == []
    assert code == 1 and len(report["signatures"]["bad"]) == 2  # type: ignore[index,arg-type]


def test_keys_are_registered_by_their_reviewer_or_an_admin_and_must_be_ed25519(
    desk: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    db, ana, _ = desk
    cy = _keygen(tmp_path, "cy")
    assert wb(db, "flag", "1", "--reviewer", "cy").returncode == 0
    refused = wb(db, "reviewers", "key", "add", "ana", str(cy) + ".pub", "--reviewer", "cy")
    assert refused.stderr.strip() == "workbench: error: only ana or an admin can register ana's key"
    again = wb(db, "reviewers", "key", "add", "cy", str(ana) + ".pub", "--reviewer", "ana")
    assert (
        again.stderr.strip().startswith("workbench: error: the key SHA256:")
        and "already registered to ana" in again.stderr
    )
    rsa = wb(
        db, "reviewers", "key", "add", "cy", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7", "--reviewer", "cy"
    )
    assert rsa.returncode == 1 and "give an ed25519 SSH public key" in rsa.stderr
    listed = json.loads(wb(db, "reviewers", "key", "list", "--json").stdout)
    assert [k["name"] for k in listed] == ["ana", "bo"]
    with sqlite3.connect(db) as conn:  # a key slipped in without its event
        conn.execute(
            "INSERT INTO reviewer_keys (reviewer_id, public_key, fingerprint, added_at) "
            "SELECT id, 'ssh-ed25519 AAAA', 'SHA256:x', '2026-01-01' FROM reviewers WHERE name = 'cy'"
        )
    code, report = _verify(db)
    assert code == 1 and any(p["table"] == "reviewer_keys" for p in report["problems"])  # type: ignore[union-attr,index]


@pytest.mark.parametrize("fmt", ["md", "html", "jsonl"])
def test_a_database_is_checked_against_the_head_a_published_report_pinned(
    desk: tuple[Path, Path, Path], tmp_path: Path, fmt: str
) -> None:
    """On a machine that never verified this database, a report's pinned head shows a truncated or
    rewritten log that a plain chain check accepts."""
    db, ana, _ = desk
    assert wb(db, "verdict", "1", "false", "--reviewer", "ana", key=ana).returncode == 0
    report = tmp_path / f"report.{fmt}"
    assert wb(db, "export", "--format", fmt, "--all", "-o", str(report)).returncode == 0
    assert wb(db, "audit", "verify", "--against", str(report)).returncode == 0
    pinned, pinned_hash = _last_event(db, "ana")
    with sqlite3.connect(db) as conn:  # the verdict's event and the events after it vanish
        conn.execute("DROP TRIGGER events_no_delete")
        conn.execute("DROP TRIGGER event_signatures_no_delete")
        conn.execute("DELETE FROM event_signatures WHERE event_id >= ?", (pinned,))
        conn.execute("DELETE FROM events WHERE id >= ?", (pinned,))
    elsewhere = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WORKBENCH_STATE_DIR": str(tmp_path / "another-machine"),
    }

    def verify(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workbench", "--db", str(db), "audit", "verify", "--chain-only", *args],
            capture_output=True,
            text=True,
            check=False,
            env=elsewhere,
        )

    assert verify().returncode == 0  # the chain alone is consistent
    against = verify("--against", str(report))
    assert against.returncode == 1
    assert against.stderr.strip() == (
        f"audit trail broken at event {pinned}: the log ends at event {pinned - 1} but the report "
        f"{report.name} pinned event {pinned}: the newest events were removed (truncated)"
    )
    assert pinned_hash in report.read_text()
    unreadable = verify("--against", str(tmp_path / "nothing.csv"))
    assert unreadable.returncode == 1 and unreadable.stderr.startswith(
        "workbench: error: cannot read the report"
    )


def test_a_rehashed_log_differs_from_the_head_a_report_pinned(
    desk: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    db, _, _ = desk
    assert wb(db, "flag", "1", "--reviewer", "ana").returncode == 0
    report = tmp_path / "report.md"
    assert wb(db, "export", "--format", "md", "--all", "-o", str(report)).returncode == 0
    head, _ = _last_event(db, "ana")
    with sqlite3.connect(db) as conn:  # every event rewritten with a new time and re-hashed
        conn.execute("DROP TRIGGER events_no_update")
        _rechain(conn, lambda e: {**e, "ts": e["ts"].replace("Z", "1Z")})
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WORKBENCH_STATE_DIR": str(tmp_path / "another-machine")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "--db",
            str(db),
            "audit",
            "verify",
            "--chain-only",
            "--against",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"audit trail broken at event {head}: event {head} differs from the one the report report.md pinned"
    )
    assert done.stderr.strip().endswith("the log was rewritten")


def _rechain(conn: sqlite3.Connection, change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """An attacker's rewrite: every event changed by ``change`` and the hash chain recomputed over it."""
    columns = ("ts", "actor", "action", "entity", "entity_id", "claim_id", "before", "after")
    prev = GENESIS
    for row in conn.execute(f"SELECT id, {', '.join(columns)} FROM events ORDER BY id").fetchall():
        event = change(dict(zip(columns, row[1:], strict=True)))
        digest = event_hash(prev, id=row[0], **event)
        conn.execute(
            "UPDATE events SET ts = ?, after = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (event["ts"], event["after"], prev, digest, row[0]),
        )
        prev = digest


def test_reports_carry_the_signed_audit_head(desk: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """A report made when the last event was signed carries that signature: anyone with the signer's
    public key can check, with ssh-keygen alone, that the pinned head is the one the signer made."""
    db, ana, _ = desk
    assert wb(db, "verdict", "1", "false", "--reviewer", "ana", key=ana).returncode == 0
    head_id, head_hash = _last_event(db, "ana")
    reports = {}
    for fmt in ("md", "html", "jsonl"):
        out = tmp_path / f"report.{fmt}"
        done = wb(db, "export", "--format", fmt, "--all", "-o", str(out))
        assert done.returncode == 0, done.stderr
        reports[fmt] = out.read_text(encoding="utf-8")
    pinned = json.loads(reports["jsonl"].split("\n", 1)[0])["audit_head"]
    assert (pinned["event_id"], pinned["hash"], pinned["signed_by"]) == (head_id, head_hash, "ana")
    signature = pinned["signature"]
    assert signature.startswith("-----BEGIN SSH SIGNATURE-----")
    assert signature.strip() in reports["md"] and "Audit head signed by:** ana" in reports["md"]
    assert "Audit head signed by</dt><dd>ana" in reports["html"]
    signers = tmp_path / "allowed_signers"
    signers.write_text(f'ana namespaces="{NAMESPACE}" {(tmp_path / "ana_ed25519.pub").read_text()}')
    sig = tmp_path / "head.sig"
    sig.write_text(signature)

    def check(message: str) -> int:
        return subprocess.run(
            ["ssh-keygen", "-Y", "verify", "-f", str(signers), "-I", "ana", "-n", NAMESPACE, "-s", str(sig)],
            input=message.encode(),
            capture_output=True,
            check=False,
        ).returncode

    assert check(head_hash) == 0
    assert check("0" * 64) != 0  # another head does not pass for this one
    assert wb(db, "flag", "2", "--reviewer", "bo").returncode == 0  # unsigned head: no signature shown
    plain = tmp_path / "plain.md"
    assert wb(db, "export", "--format", "md", "--all", "-o", str(plain)).returncode == 0
    assert "SSH SIGNATURE" not in plain.read_text(encoding="utf-8")
