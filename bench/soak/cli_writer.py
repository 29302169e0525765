"""A CLI writer of the soak: real ``workbench verdict/note/triage/flag`` commands in a loop.

    python -m bench.soak.cli_writer --db F --who cli1 --claims 4,10 --labels verified,false --ledger L --until EPOCH

Each command is a new process (it opens and closes the database). Exit 0 is an acknowledgement, logged
with the command's wall time; a non-zero exit is logged with its one-line error, and whether it was a
busy error or a traceback. The evidence worker (``--evidence URL``) adds evidence links served on
127.0.0.1 and re-checks them instead.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.soak.ledger import Ledger

TRIAGES = ("checkworthy", "not_checkworthy", "skipped")
COMMAND_TIMEOUT = 120.0


def classify(stderr: str) -> str:
    if "Traceback (most recent call last)" in stderr:
        return "traceback"
    lowered = stderr.lower()
    if "locked" in lowered or "busy" in lowered:
        return "busy"
    return "error"


class Writer:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.ledger = Ledger(args.ledger, args.who, args.proc)
        self.claims = [int(c) for c in args.claims.split(",")]
        self.labels = args.labels.split(",") if args.labels else []
        self.seq = 0

    def workbench(self, *argv: str) -> tuple[int, str, str, float]:
        command = [sys.executable, "-m", "workbench", "--db", str(self.args.db), *argv]
        started = time.perf_counter()
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired as exc:
            return -1, "", f"timed out after {exc.timeout} s", (time.perf_counter() - started) * 1000
        return done.returncode, done.stdout, done.stderr, (time.perf_counter() - started) * 1000

    def attempt(self, kind: str, argv: list[str], record: dict[str, Any]) -> dict[str, Any] | None:
        """Run one command; log intent, then ack or fail. Returns the command's JSON output on success."""
        self.ledger.write("intent", kind, **record)
        code, out, err, ms = self.workbench(*argv, "--reviewer", self.args.who, "--json")
        if code != 0:
            lines = [line for line in err.strip().splitlines() if line.strip()]
            self.ledger.write(
                "fail",
                kind,
                ms=ms,
                code=code,
                cause=classify(err),
                message=(lines[-1] if lines else "")[:300],
                **({"traceback": err[-2000:]} if "Traceback" in err else {}),
                claim=record.get("claim"),
            )
            return None
        try:
            output: dict[str, Any] = json.loads(out)
        except ValueError:
            output = {}
        return {"ms": ms, "output": output}

    def step(self) -> None:
        claim = self.rng.choice(self.claims)
        self.seq += 1
        op = self.rng.choices(("verdict", "triage", "flag", "note"), (40, 20, 15, 25))[0]
        if op == "verdict":
            label = self.rng.choice(self.labels)
            values: dict[str, Any] = {"verdict": label, "triage": "checkworthy"}  # a verdict implies it
            argv = ["verdict", str(claim), label]
            if self.rng.random() < 0.3:
                rationale = f"{self.args.who} rationale {self.seq}"
                values["rationale"] = rationale
                argv += ["--rationale", rationale]
            done = self.attempt("verdict", argv, {"claim": claim, "values": values})
            if done:
                self.ledger.write("ack", "verdict", claim=claim, values=values, ms=done["ms"])
        elif op == "triage":
            triage = self.rng.choice(TRIAGES)
            done = self.attempt(
                "triage", ["triage", str(claim), triage], {"claim": claim, "values": {"triage": triage}}
            )
            if done:
                self.ledger.write("ack", "triage", claim=claim, values={"triage": triage}, ms=done["ms"])
        elif op == "flag":
            # A toggle: the value is known only from the answer (flagging sets needs_second_opinion,
            # clearing always leaves it), so the intent carries no value and a pending one accepts either.
            done = self.attempt("flag", ["flag", str(claim)], {"claim": claim, "values": {"flagged": None}})
            if done:
                flagged = int(done["output"].get("status") == "needs_second_opinion")
                self.ledger.write("ack", "flag", claim=claim, values={"flagged": flagged}, ms=done["ms"])
        else:
            text = f"{self.args.who} note {self.seq} at {time.time():.3f}"
            done = self.attempt("note", ["note", str(claim), text], {"claim": claim, "text": text})
            if done:
                self.ledger.write("ack", "note", claim=claim, text=text, ms=done["ms"])

    def evidence_step(self) -> None:
        claim = self.rng.choice(self.claims)
        self.seq += 1
        if self.seq % 4 == 0:
            done = self.attempt(
                "check", ["evidence", "check", str(claim), "--allow-private"], {"claim": claim}
            )
            if done:
                self.ledger.write("ack", "check", claim=claim, ms=done["ms"])
            return
        route = self.rng.choice(("/ok", "/ok", "/redirect?n=2&", "/gzipped", "/404"))
        joiner = "" if route.endswith("&") else "?"
        url = f"{self.args.evidence}{route}{joiner}from={self.args.who}-{self.seq}-{int(time.time() * 1000)}"
        stance = self.rng.choice(("supports", "refutes", "context"))
        argv = ["evidence", "add", str(claim), url, "--stance", stance, "--allow-private"]
        done = self.attempt("evidence", argv, {"claim": claim, "url": url})
        if done:
            self.ledger.write("ack", "evidence", claim=claim, url=url, ms=done["ms"])

    def run(self) -> None:
        self.ledger.write("start", "writer")
        step = self.evidence_step if self.args.evidence else self.step
        while time.time() < self.args.until:
            step()
            time.sleep(self.rng.uniform(0.0, self.args.pause))
        self.ledger.write("stop", "writer")
        self.ledger.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--who", required=True)
    parser.add_argument("--claims", required=True)
    parser.add_argument("--labels", default="")
    parser.add_argument("--ledger", type=Path, required=True)
    parser.add_argument("--until", type=float, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--pause", type=float, default=0.5, help="longest random pause between commands (s)")
    parser.add_argument("--evidence", default="", help="base URL of the local server: add evidence instead")
    parser.add_argument("--proc", default="cli", help="kind of process, for the latency table")
    Writer(parser.parse_args(argv)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
