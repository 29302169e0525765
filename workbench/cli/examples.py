"""One example per command, printed at the end of its ``--help``."""

from __future__ import annotations

import click

EXAMPLES = {
    "init": "workbench --db desk.db init   # --adopt adds the workbench tables to another SQLite file",
    "documents edit": "workbench documents edit 3 --outlet RT --published 2019-05-28 --reviewer ana",
    "summary": 'workbench summary 12 "Kosovo police detained 19 officers" --reviewer ana',
    "publish": "workbench publish 12 https://checks.example/2019/kosovo-19 --reviewer ana",
    "watch": "workbench watch https://example.org/feed.xml --every 15   # --once for cron, --list",
    "": "workbench --db desk.db --reviewer ana",
    "ingest": "workbench ingest seeds/ more-articles/ page.html",
    "reextract": "workbench reextract --json",
    "audit": "workbench audit log --claim 12",
    "audit log": "workbench audit log --claim 12 --reviewer ana --since 2026-11-01 --json",
    "audit verify": "workbench audit verify --json",
    "extract": "workbench extract article.txt --json",
    "score": 'echo "At least 19 people were detained." | workbench score --json',
    "verdict": 'workbench verdict 12 false --rationale "Police said 19." --reviewer ana',
    "triage": "workbench triage 12 checkworthy --reviewer ana",
    "learn": "workbench learn --reviewer ana --json   # --reset goes back to the shipped model",
    "note": 'workbench note 12 "Ask the ministry for the list." --reviewer ana',
    "flag": "workbench flag 12 --reviewer ana",
    "undo": "workbench undo --reviewer ana --json",
    "scale": "workbench scale politifact --reviewer ana --yes",
    "serve": "workbench serve --reviewer ana --port 8000   # prints a one-time sign-in link for ana",
    "evidence": "workbench evidence list 12",
    "evidence add": (
        "workbench evidence add 12 https://example.org/report --stance refutes "
        '--quote "19 officers" --reviewer ana'
    ),
    "evidence list": "workbench evidence list 12 --json",
    "evidence check": "workbench evidence check --all",
    "evidence edit": "workbench evidence edit 3 --stance supports --reviewer ana",
    "evidence remove": "workbench evidence remove 3 --reviewer ana",
    "evidence archive": "workbench evidence archive 3 --save --reviewer ana",
    "approve": "workbench approve 12 --reviewer ed --version 3",
    "reject": 'workbench reject 12 --reason "The count is from a later report." --reviewer ed',
    "next": "workbench next --reviewer bo --json",
    "reviewers": "workbench reviewers --json",
    "reviewers add": "workbench reviewers add ed --role editor --os-user ed --reviewer ana",
    "reviewers key": "workbench reviewers key add ana ~/.ssh/id_ed25519.pub --reviewer ana",
    "reviewers key add": "workbench reviewers key add ana ~/.ssh/id_ed25519.pub --reviewer ana",
    "reviewers key list": "workbench reviewers key list --json",
    "audit require-signatures": "workbench audit require-signatures on --reviewer ana",
    "reviewers passwd": "workbench reviewers passwd ed --reviewer ana   # asks twice; --password-stdin for scripts",
    "quorum": "workbench quorum 1+2 --reviewer ana",
    "overlap": "workbench overlap 2 --reviewer ana",
    "agreement": "workbench agreement --json",
    "adjudication": "workbench adjudication --json",
    "signoff": "workbench signoff 12 --json",
    "export": "workbench export --format html -o reports/report.html --signed-off",
    "backup": "workbench backup replicate /mnt/backup/replica",
    "backup config": "workbench backup config /mnt/backup/replica",
    "backup replicate": "workbench backup replicate /mnt/backup/replica --once",
    "backup restore": "workbench backup restore /mnt/backup/replica -o restored.db",
    "match": "workbench match --full --json",
    "factchecks": "workbench factchecks --json --limit 20",
    "factchecks import": "workbench factchecks import claimreview-feed.json https://factcheck.example/feed.json",
    "vectors": "workbench vectors",
    "similar": 'workbench similar "Unemployment is at a 50-year low" --json --limit 3',
    "stories": "workbench stories --limit 10",
    "stories merge": "workbench stories merge 10 18 --reviewer ana",
    "stories split": "workbench stories split 29 --reviewer ana",
    "names": "workbench names --json",
    "names link": 'workbench names link "Krasnoshchekov" "Krasnoshchenkov" --reviewer ana',
    "names unlink": 'workbench names unlink "Vucic" "Aleksandar Vucic" --reviewer ana',
    "review": "workbench --db desk.db review --reviewer ana",
    "demo": "workbench --db demo.db demo --no-tui",
    "documents": "workbench documents --json",
    "documents show": "workbench documents show 3 --json",
    "claims": "workbench claims --all --outlet RT --verdict none --since 2019-05-28 --search detained",
    "show": "workbench show 12 --json",
    "datasette-metadata": "workbench datasette-metadata > metadata.json && datasette workbench.db -m metadata.json",
    "correct": 'workbench correct speaker 12 "Albin Kurti" --reviewer ana',
    "correct speaker": 'workbench correct speaker 12 "Albin Kurti" --reviewer ana   # or "none": the outlet',
    "correct span": "workbench correct span 12 --next --reviewer ana   # or --previous, or --keep TEXT",
}


def add_examples(command: click.Command, path: str = "") -> None:
    """Give every command an epilog ending its ``--help`` with an example (one it has already stays)."""
    example = EXAMPLES.get(path)
    if example and not command.epilog:
        command.epilog = f"\b\nExample:\n  {example}"
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            add_examples(sub, f"{path} {name}".strip())
