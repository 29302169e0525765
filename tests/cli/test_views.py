"""A CLI for every view: `show`, `documents show`, every TUI filter on `claims`, --json and an example everywhere."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tests.conftest import run_cli
from workbench.cli import COMMANDS, load_all

root = load_all()

SHOW_KEYS = {
    "id", "text", "document", "speaker", "score", "reasons", "status", "verdict", "verdict_label",
    "scale", "rationale", "sign_off", "evidence", "notes", "history", "stories", "checked_before",
    "similar_in_other_outlets",
}  # fmt: skip

# The TUI and long-running commands print no result to format; groups only list their commands.
NO_JSON = {"", "review", "serve", "backup replicate", "backup config", "init", "summary", "publish"}


def _claim_id(db: Path, like: str) -> int:
    out = run_cli("--db", str(db), "claims", "--all", "--search", like, "--json")
    assert out.code == 0, out.err
    return int(json.loads(out.out)[0]["id"])


def test_show_gives_everything_the_claim_view_shows(seeded_db: Path) -> None:
    db = str(seeded_db)
    claim_id = _claim_id(seeded_db, "At least 19 people were detained")
    assert (
        run_cli(
            "--db",
            db,
            "verdict",
            str(claim_id),
            "false",
            "--rationale",
            "Police said 19.",
            "--reviewer",
            "ana",
        ).code
        == 0
    )
    assert run_cli("--db", db, "note", str(claim_id), "Ask for the list.", "--reviewer", "ana").code == 0
    out = run_cli("--db", db, "show", str(claim_id), "--json")
    assert out.code == 0, out.err
    view = json.loads(out.out)
    assert set(view) >= SHOW_KEYS
    assert view["verdict"] == "false" and view["verdict_label"] == "False"
    assert view["rationale"] == "Police said 19."
    assert view["document"]["outlet"] == "RT"
    assert [n["text"] for n in view["notes"]] == ["Ask for the list."]
    assert [e["action"] for e in view["history"]][:1] == ["claim.verdict"]
    assert view["stories"] and claim_id in [c["id"] for c in view["stories"][0]["claims"]]
    assert view["sign_off"]["proposals"] == 1
    plain = run_cli("--db", db, "show", str(claim_id))
    assert plain.code == 0 and "verdict: False" in plain.out and "Police said 19." in plain.out
    missing = run_cli("--db", db, "show", "999999")
    assert missing.code == 1 and missing.err.startswith("workbench: error:") and "999999" in missing.err


def test_documents_show(seeded_db: Path) -> None:
    listing = json.loads(run_cli("--db", str(seeded_db), "documents", "--json").out)
    doc = listing[0]
    out = run_cli("--db", str(seeded_db), "documents", "show", str(doc["id"]), "--json")
    assert out.code == 0, out.err
    shown = json.loads(out.out)
    assert shown["id"] == doc["id"] and shown["sha256"] == doc["sha256"]
    for claim in shown["claims"]:
        assert shown["text"][claim["start"] : claim["end"]] == claim["text"]
    assert shown["junk"] and all({"start", "end", "reason"} <= set(j) for j in shown["junk"])
    plain = run_cli("--db", str(seeded_db), "documents", "show", str(doc["id"]))
    assert plain.code == 0 and f"document {doc['id']}" in plain.out


def test_claims_takes_every_filter_of_the_tui(seeded_db: Path) -> None:
    db = str(seeded_db)

    def ids(*args: str) -> set[int]:
        out = run_cli("--db", db, "claims", "--all", *args, "--json")
        assert out.code == 0, out.err
        return {c["id"] for c in json.loads(out.out)}

    everything = ids()
    rt = ids("--outlet", "RT")
    assert rt and rt < everything
    target = _claim_id(seeded_db, "At least 19 people were detained")
    assert run_cli("--db", db, "verdict", str(target), "false", "--reviewer", "bo").code == 0
    assert ids("--verdict", "false") == {target}
    assert ids("--reviewer", "bo") == {target}
    assert ids("--status", "reviewed") == {target}
    assert target not in ids("--verdict", "none")
    stories = json.loads(run_cli("--db", db, "stories", "--json").out)
    story = next(s for s in stories if target in s["claims"])
    assert ids("--story", str(story["id"])) == set(story["claims"])
    published = {
        d["published"] for d in json.loads(run_cli("--db", db, "documents", "--json").out) if d["published"]
    }
    day = min(published)[:10]
    since, until = ids("--since", day), ids("--until", day)
    assert since and until and since | until >= everything - ids("--outlet", "The Moscow Times")
    assert ids("--since", "2100-01-01") == set()
    assert ids("--search", "detained") and ids("--search", "detained") < everything
    speaker = next(
        c["speaker"] for c in json.loads(run_cli("--db", db, "claims", "--all", "--json").out) if c["speaker"]
    )
    assert ids("--speaker", speaker)
    bad = run_cli("--db", db, "claims", "--since", "May 28")
    assert (
        bad.code == 1
        and bad.err.strip() == "workbench: error: --since takes a date like 2019-05-28, not 'May 28'"
    )


def test_the_lazy_command_map_names_every_command_its_module_registers() -> None:
    """`workbench X` imports only X's module: the map must name each command of each module."""
    import importlib

    for module in sorted(set(COMMANDS.values())):
        group = click.Group()
        importlib.import_module(f"workbench.cli.{module}").register(group)
        assert {name: module for name in group.commands} == {
            name: m for name, m in COMMANDS.items() if m == module
        }
    assert set(root.commands) == set(COMMANDS)


def test_a_command_runs_without_importing_the_others() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from workbench.cli import main; main(['similar', '--help']); "
        "print(sorted(m for m in sys.modules if m.startswith('workbench.cli.') and m.endswith('_cmd')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "['workbench.cli.same_claim_cmd']"


def _commands(command: click.Command, path: str = "") -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, f"{path} {name}".strip())


@pytest.mark.parametrize("path", [p for p, _ in _commands(root)])
def test_every_help_ends_with_an_example(path: str) -> None:
    out = run_cli(*path.split(), "--help")
    assert out.code == 0
    lines = out.out.rstrip().splitlines()
    assert lines[-2].strip() == "Example:", out.out
    assert lines[-1].strip().startswith(("workbench ", "echo "))


@pytest.mark.parametrize(
    "path", [p for p, c in _commands(root) if not isinstance(c, click.Group) or c.invoke_without_command]
)
def test_every_command_takes_json(path: str) -> None:
    command = dict(_commands(root))[path]
    if path in NO_JSON:
        pytest.skip("no result to format: " + (path or "the TUI"))
    assert "--json" in [opt for p in command.params for opt in p.opts], path


def test_export_names_the_full_path_and_refuses_a_missing_folder(
    seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = str(seeded_db)
    out = run_cli("--db", db, "export", "--format", "md", "--all", "-o", "report.md", "--json")
    assert out.code == 0, out.err
    written = json.loads(out.out)
    assert written["path"] == str(tmp_path / "report.md") and written["claims"] > 0
    again = run_cli("--db", db, "export", "--format", "md", "--all", "-o", "report.md")
    assert again.code == 1 and "report.md already exists" in again.err
    missing = run_cli("--db", db, "export", "--format", "md", "-o", "no/such/report.md")
    assert missing.code == 1
    assert missing.err.strip() == (
        "workbench: error: cannot write report to no/such/report.md: the folder no/such does not exist; create it first"
    )
