"""Names bound to operating-system accounts (issue 17, item 2), through the real CLI in subprocesses:
the creator is the admin and is told so; a name bound to another account is refused in one line;
an unbound name is bound by its first user, said once; admins rebind; the binding is proved by replay.
A last test runs a second, real account (root only)."""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS
from workbench.accounts import current_account

ME = current_account()
OTHER = next(name for name in ("nobody", "daemon", "bin") if name != ME)


def wb(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def _events(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    db = tmp_path / "desk.db"
    assert wb(db, "ingest", str(SEEDS), "--workers", "1").returncode == 0
    return db


def test_the_creator_is_the_admin_and_is_told_once(desk: Path) -> None:
    first = wb(desk, "note", "1", "first look", "--reviewer", "ana")
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip() == (
        f"workbench: ana is the admin of this new database (its first reviewer, bound to the account {ME}); "
        "add others with: workbench reviewers add NAME"
    )
    again = wb(desk, "note", "1", "second look", "--reviewer", "ana")
    assert again.returncode == 0 and again.stderr == ""
    listed = wb(desk, "reviewers", "--json")
    assert '"name": "ana", "role": "admin"' in listed.stdout and f'"account": "{ME}"' in listed.stdout


def test_a_name_bound_to_another_account_is_refused_in_one_line(desk: Path) -> None:
    assert wb(desk, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").returncode == 0
    added = wb(desk, "reviewers", "add", "bo", "--os-user", OTHER, "--reviewer", "ana")
    assert added.returncode == 0 and f"bound to the account {OTHER}" in added.stdout
    before = _events(desk)
    for spelling in ("bo", "Bo", "bo "):  # every spelling of the identity is bound
        refused = wb(desk, "verdict", "1", "false", "--reviewer", spelling)
        assert refused.returncode == 1
        assert refused.stderr.splitlines() == [
            f"workbench: error: 'bo' is bound to the account '{OTHER}', not '{ME}': act under your own "
            f"reviewer name (an admin can rebind it: workbench reviewers add 'bo' --os-user {ME})"
        ]
    # commands that never registered their actor are refused too
    imported = wb(desk, "--reviewer", "bo", "factchecks", "import", str(SEEDS / "missing.json"))
    assert imported.returncode == 1 and "is bound to the account" in imported.stderr
    env_refused = wb(desk, "flag", "1", env={"WORKBENCH_REVIEWER": "bo"})
    assert env_refused.returncode == 1 and "is bound to the account" in env_refused.stderr
    assert _events(desk) == before


def test_an_unbound_name_is_bound_by_its_first_user_and_said_once(desk: Path) -> None:
    assert wb(desk, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").returncode == 0
    added = wb(desk, "reviewers", "add", "ed", "--role", "editor", "--reviewer", "ana")
    assert "bound by the first account to use it" in added.stdout
    first = wb(desk, "flag", "1", "--reviewer", "ed")
    assert first.returncode == 0
    assert first.stderr.strip() == (
        f"workbench: 'ed' is now bound to the account {ME}: only {ME} can act as 'ed' here "
        "(an admin can rebind it with reviewers add --os-user)"
    )
    assert wb(desk, "flag", "1", "--reviewer", "ed").stderr == ""
    assert wb(desk, "audit", "verify").returncode == 0


def test_admins_rebind_and_others_cannot(desk: Path) -> None:
    assert wb(desk, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").returncode == 0
    assert wb(desk, "reviewers", "add", "bo", "--os-user", OTHER, "--reviewer", "ana").returncode == 0
    assert wb(desk, "flag", "1", "--reviewer", "cy").returncode == 0  # cy: a reviewer on this account
    refused = wb(desk, "reviewers", "add", "bo", "--os-user", ME, "--reviewer", "cy")
    assert refused.returncode == 1
    assert refused.stderr.strip() == "workbench: error: cy is a reviewer; only an admin can manage reviewers"
    unknown = wb(desk, "reviewers", "add", "bo", "--os-user", "no-such-login-17", "--reviewer", "ana")
    assert unknown.stderr.strip() == (
        "workbench: error: there is no account 'no-such-login-17' on this machine; name an existing login"
    )
    assert wb(desk, "reviewers", "add", "bo", "--os-user", ME, "--reviewer", "ana").returncode == 0
    assert wb(desk, "flag", "1", "--reviewer", "bo").returncode == 0
    verified = wb(desk, "audit", "verify")
    assert verified.returncode == 0, verified.stdout


def test_a_binding_changed_without_an_event_is_found_by_audit_verify(desk: Path) -> None:
    assert wb(desk, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").returncode == 0
    assert wb(desk, "reviewers", "add", "bo", "--os-user", OTHER, "--reviewer", "ana").returncode == 0
    with sqlite3.connect(desk) as conn:  # bo's account rebinds the name behind the program's back
        conn.execute("UPDATE reviewers SET os_user = ? WHERE name = 'bo'", (ME,))
    verified = wb(desk, "audit", "verify")
    assert verified.returncode == 1
    assert f"os_user: expected '{OTHER}', found '{ME}'" in verified.stdout + verified.stderr


def test_without_an_admin_only_the_creators_account_names_one(desk: Path) -> None:
    with sqlite3.connect(desk) as conn:  # as if another account had created the database
        conn.execute("UPDATE meta SET value = ? WHERE key = 'creator_account'", (OTHER,))
    first = wb(desk, "flag", "1", "--reviewer", "ana")
    assert first.returncode == 0 and "is the admin" not in first.stderr  # the first user is not the admin
    refused = wb(desk, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"workbench: error: this database has no admin yet; the account that created it ({OTHER}) names the first"
    )


def test_another_real_account_cannot_act_as_a_bound_name() -> None:
    """The attack itself: a second OS user on the host runs the CLI as the admin's name."""
    if os.getuid() != 0:
        pytest.skip("needs root to run a command as a second account")
    system_python = Path("/usr/bin/python3")
    site = (
        Path(sys.prefix)
        / "lib"
        / f"python{sys.version_info.major}.{sys.version_info.minor}"
        / "site-packages"
    )
    shared = Path(tempfile.mkdtemp(prefix="wb-accounts-"))  # pytest's tmp_path is root's alone
    try:
        os.chmod(shared, 0o777)
        env = {
            "PYTHONPATH": f"{ROOT}:{site}",
            "HOME": str(shared),
            "PATH": "/usr/bin:/bin",
            "WORKBENCH_CONFIG": str(shared / "config.toml"),
            "WORKBENCH_STATE_DIR": str(shared / "state"),
        }

        def as_other(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [str(system_python), "-m", "workbench", *args],
                user=OTHER,
                env=env,
                cwd=shared,
                capture_output=True,
                text=True,
                check=False,
            )

        probe = as_other("--version")
        if probe.returncode != 0:
            print(f"skipped: {OTHER} cannot run the workbench with {system_python}: {probe.stderr[-300:]}")
            pytest.skip(f"{OTHER} cannot run the workbench here (the venv's interpreter is not reachable)")
        desk = shared / "desk.db"
        assert wb(desk, "ingest", str(SEEDS / "000_24d4c95b88186933.txt"), "--workers", "1").returncode == 0
        assert wb(desk, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").returncode == 0
        for path in shared.glob("desk.db*"):
            os.chmod(path, 0o666)

        other = pwd.getpwnam(OTHER).pw_name
        refused = as_other("--db", str(desk), "quorum", "1+0", "--reviewer", "ana")
        assert refused.returncode == 1
        assert refused.stderr.startswith(
            f"workbench: error: 'ana' is bound to the account '{ME}', not '{other}'"
        )
        own = as_other("--db", str(desk), "flag", "1", "--reviewer", "cy")
        assert own.returncode == 0, own.stderr
        assert f"'cy' is now bound to the account {other}" in own.stderr
        assert wb(desk, "flag", "1", "--reviewer", "cy").returncode == 1  # and now not from ours
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_passwords_are_stored_as_salted_scrypt_hashes_and_audited_without_the_secret(desk: Path) -> None:
    from workbench.passwords import check_password

    assert wb(desk, "reviewers", "add", "ana", "--role", "admin", "--reviewer", "ana").returncode == 0
    assert wb(desk, "reviewers", "add", "bo", "--reviewer", "ana").returncode == 0
    secret = "correct horse battery"

    def passwd(name: str, actor: str, password: str = secret) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "workbench",
                "--db",
                str(desk),
                "reviewers",
                "passwd",
                name,
                "--json",
                "--password-stdin",
                "--reviewer",
                actor,
            ],
            input=password + "\n",
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    assert passwd("bo", "ana").stdout.strip() == '{"name": "bo", "password": "set"}'
    assert passwd("bo", "bo", "another long one").returncode == 0  # bo sets his own
    refused = passwd("ana", "bo")
    assert refused.returncode == 1
    assert refused.stderr.strip().endswith("only ana or an admin can set ana's password")
    short = passwd("bo", "bo", "short")
    assert short.stderr.strip() == "workbench: error: a password has at least 10 characters"
    with sqlite3.connect(desk) as conn:
        stored = conn.execute("SELECT password FROM reviewers WHERE name = 'bo'").fetchone()[0]
        trail = "\n".join(str(r) for r in conn.execute("SELECT * FROM events").fetchall())
    assert stored.startswith("scrypt$16384$8$1$") and check_password(stored, "another long one")
    assert not check_password(stored, secret)
    assert secret not in trail and "another long one" not in trail and stored.split("$")[-1] not in trail
    assert trail.count('"password":"set"') == 2
    assert wb(desk, "audit", "verify").returncode == 0
