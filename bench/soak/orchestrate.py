"""Run the soak: many long-lived processes on one review database, SIGKILLs, then the end check.

Processes (each in its own session, so a kill takes its children with it): TUI sessions under Pilot
(``tui_driver``), CLI writers (``cli_writer``), an evidence worker against a local HTTP server on
127.0.0.1, an ingest of news articles written as files, and ``workbench serve`` with browser tabs
opened over its websocket. Every ``kill_every`` seconds a random one is SIGKILLed and restarted; after
each kill (and every few seconds) the live processes' descriptors are read from ``/proc`` to see
whether the database's ``-wal`` or ``-shm`` was unlinked under them. Everything stops by the deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.soak.check import check, percentile

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@dataclass
class SoakConfig:
    seconds: float = 600.0
    tuis: int = 4
    clis: int = 8
    ingest_articles: int = 2000
    setup_articles: int = 20
    claims_per_writer: int = 12
    evidence: bool = True
    serve: bool = True
    kill_every: float = 20.0
    seed: int = 12
    corpus: Path = ROOT.parent / "shared" / "eval-dev"
    keep: bool = False
    grace: float = 90.0
    """How long drivers get after the deadline to finish the change they are in (then SIGKILL)."""
    tui_poll: float = 1.0
    """The TUI's live-refresh interval (the app's default is 1 s)."""
    parent: Path | None = None
    """Where the temporary work folder goes (default: the system's temp folder)."""


@dataclass
class Child:
    name: str
    kind: str
    argv: list[str]
    ledger_dir: Path | None = None
    logs: Path = Path()
    incarnation: int = 0
    process: subprocess.Popen[bytes] | None = None
    restart: bool = True
    port: int = 0
    outputs: list[Path] = field(default_factory=list)
    crashes: int = 0
    started: float = 0.0

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def _env() -> dict[str, str]:
    env = dict(os.environ)
    # The caller's PYTHONPATH first: point it at another checkout's ``workbench`` to soak that code.
    env["PYTHONPATH"] = os.pathsep.join(p for p in [env.get("PYTHONPATH", ""), str(ROOT)] if p)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("WORKBENCH_DB", None)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


WEB_PASSWORD = "soak-web-password"
"""The browser tabs' reviewer password (serve signs every tab in)."""


def _workbench(db: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "workbench", "--db", str(db), *argv]


class Soak:
    def __init__(self, config: SoakConfig, work: Path) -> None:
        self.config = config
        self.work = work
        self.db = work / "soak.db"
        self.ledgers = work / "ledgers"
        self.logs = work / "logs"
        self.articles = work / "articles"
        for folder in (self.ledgers, self.logs, self.articles):
            folder.mkdir(parents=True, exist_ok=True)
        self.rng = random.Random(config.seed)
        self.children: list[Child] = []
        self.kills: list[dict[str, Any]] = []
        self.deleted: dict[tuple[int, str], dict[str, Any]] = {}
        self.crashes: list[str] = []
        self.http: Counter[str] = Counter()
        self.http_ms: list[float] = []
        self.tabs: Counter[str] = Counter()
        self.stop_tabs = threading.Event()

    # ---- setup -------------------------------------------------------------------------------

    def setup(self) -> dict[str, Any]:
        from bench.corpus import news_articles

        wanted = self.config.setup_articles + self.config.ingest_articles
        articles = news_articles(self.config.corpus, wanted)
        setup_dir = self.work / "setup"
        shutil.copytree(SEEDS, setup_dir)
        for i, article in enumerate(articles[: self.config.setup_articles]):
            (setup_dir / f"setup-{i:04d}.txt").write_text(article["text"], encoding="utf-8")
        for i, article in enumerate(articles[self.config.setup_articles :]):
            (self.articles / f"news-{i:05d}.txt").write_text(article["text"], encoding="utf-8")
        done = subprocess.run(
            _workbench(self.db, "ingest", str(setup_dir), "--workers", "1", "--json"),
            capture_output=True,
            text=True,
            env=_env(),
            cwd=self.work,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"setup ingest failed: {done.stderr.strip()[-500:]}")
        # serve signs each browser tab in: the tabs sign in as "web" with this password.
        subprocess.run(
            _workbench(self.db, "--reviewer", "web", "reviewers", "passwd", "web", "--password-stdin"),
            input=WEB_PASSWORD + "\n",
            capture_output=True,
            text=True,
            env=_env(),
            cwd=self.work,
            check=True,
        )
        scale = json.loads(
            subprocess.run(
                _workbench(self.db, "scale", "--json"), capture_output=True, text=True, env=_env(), check=True
            ).stdout
        )
        conn = sqlite3.connect(self.db)
        try:
            ids = [int(r[0]) for r in conn.execute("SELECT id FROM claims ORDER BY id")]
        finally:
            conn.close()
        return {"claims": ids, "labels": [label["id"] for label in scale["labels"]]}

    def plan(self, claims: list[int], labels: list[str], until: float) -> None:
        writers = [f"tui{i + 1}" for i in range(self.config.tuis)] + [
            f"cli{i + 1}" for i in range(self.config.clis)
        ]
        if self.config.evidence:
            writers.append("evidence")
        per = self.config.claims_per_writer
        shuffled = claims[:]
        self.rng.shuffle(shuffled)
        if len(shuffled) < per * len(writers):
            per = max(1, len(shuffled) // len(writers))
        owned = {w: shuffled[i * per : (i + 1) * per] for i, w in enumerate(writers)}
        self.owned = owned
        self.server_url = ""
        for i, who in enumerate(writers):
            ids = ",".join(map(str, owned[who]))
            common = [
                "--db",
                str(self.db),
                "--who",
                who,
                "--claims",
                ids,
                "--until",
                f"{until:.3f}",
                "--seed",
                str(i),
            ]
            if who.startswith("tui"):
                argv = [sys.executable, "-m", "bench.soak.tui_driver", *common, "--base-url", "{server}"]
                argv += ["--poll", str(self.config.tui_poll)]
                kind = "tui"
            elif who == "evidence":
                argv = [
                    sys.executable,
                    "-m",
                    "bench.soak.cli_writer",
                    *common,
                    "--evidence",
                    "{server}",
                    "--proc",
                    "evidence",
                    "--pause",
                    "1.0",
                ]
                kind = "evidence"
            else:
                argv = [sys.executable, "-m", "bench.soak.cli_writer", *common, "--labels", ",".join(labels)]
                kind = "cli"
            self.children.append(Child(who, kind, argv, ledger_dir=self.ledgers))
        if self.config.ingest_articles:
            self.children.append(
                Child(
                    "ingest",
                    "ingest",
                    _workbench(self.db, "ingest", str(self.articles), "--workers", "1", "--json"),
                )
            )
        if self.config.serve and importlib.util.find_spec("textual_serve") is not None:
            self.children.append(Child("serve", "serve", []))
        elif self.config.serve:
            self.crashes.append("serve left out: textual-serve is not installed (pip install -e '.[serve]')")

    # ---- processes ---------------------------------------------------------------------------

    def start(self, child: Child, server: str) -> None:
        child.incarnation += 1
        child.started = time.monotonic()
        argv = [a.replace("{server}", server) for a in child.argv]
        if child.ledger_dir is not None:
            argv += ["--ledger", str(child.ledger_dir / f"{child.name}.{child.incarnation:03d}.jsonl")]
        if child.kind == "serve":
            child.port = _free_port()
            argv = _workbench(
                self.db, "serve", "--host", "127.0.0.1", "--port", str(child.port), "--reviewer", "web"
            )
        log = self.logs / f"{child.name}.{child.incarnation:03d}.log"
        child.outputs.append(log)
        with log.open("wb") as out:
            child.process = subprocess.Popen(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=_env(),
                cwd=self.work,
                start_new_session=True,
            )

    def kill(self, child: Child) -> None:
        if child.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.process.pid, signal.SIGKILL)
        child.process.wait()

    def group_pids(self) -> dict[int, str]:
        """Every live process of ours (children and their children), by process group."""
        groups = {c.process.pid: c.name for c in self.children if c.alive() and c.process is not None}
        out: dict[int, str] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            with contextlib.suppress(OSError):
                pgid = os.getpgid(int(entry))
                if pgid in groups:
                    out[int(entry)] = groups[pgid]
        return out

    def scan_deleted(self, when: str) -> None:
        """Descriptors of the database's files that point at an unlinked file (``(deleted)``)."""
        prefix = str(self.db)
        for pid, name in self.group_pids().items():
            with contextlib.suppress(OSError):
                for fd in os.listdir(f"/proc/{pid}/fd"):
                    with contextlib.suppress(OSError):
                        target = os.readlink(f"/proc/{pid}/fd/{fd}")
                        if target.startswith(prefix) and target.endswith("(deleted)"):
                            key = (pid, target)
                            if key not in self.deleted:
                                self.deleted[key] = {
                                    "process": name,
                                    "pid": pid,
                                    "file": target,
                                    "seen": when,
                                    "t": round(time.time(), 1),
                                }

    # ---- browser traffic to serve --------------------------------------------------------------

    def serve_traffic(self, serve: Child) -> None:
        import httpx

        async def tab(port: int) -> None:
            import aiohttp

            url = f"http://127.0.0.1:{port}/ws?width=120&height=40"
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(
                    url,
                    headers={"Origin": f"http://127.0.0.1:{port}"},
                    timeout=aiohttp.ClientWSTimeout(ws_close=5),
                ) as ws,
            ):
                await ws.send_json(["resize", {"width": 120, "height": 40}])
                ends = time.monotonic() + 15  # a tab's app takes seconds to start on a loaded host
                received = 0
                screen = ""
                signed_in = False
                while time.monotonic() < ends and not self.stop_tabs.is_set():
                    with contextlib.suppress(TimeoutError):
                        message = await ws.receive(timeout=1)
                        if message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                            break
                        received += 1
                        if not signed_in and isinstance(message.data, (str, bytes)):
                            data = message.data
                            screen += data if isinstance(data, str) else data.decode("utf-8", "replace")
                    if not signed_in and "Sign in" in screen:
                        # serve signs every tab in; the password field takes focus only after the
                        # name is submitted, so the two are typed apart.
                        await ws.send_json(["stdin", "web\r"])
                        await asyncio.sleep(1)
                        await ws.send_json(["stdin", WEB_PASSWORD + "\r"])
                        signed_in = True
                        self.tabs["tab sign-ins"] += 1
                    if received and received % 20 == 0:
                        await ws.send_json(["stdin", "j"])  # move down the queue, like a reader would
                self.tabs["tab sessions" if received else "tab sessions without output"] += 1

        while not self.stop_tabs.is_set():
            port = serve.port
            if serve.alive() and port:
                started = time.perf_counter()
                try:
                    response = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                    self.http[f"GET / {response.status_code}"] += 1
                    self.http_ms.append((time.perf_counter() - started) * 1000)
                except httpx.ConnectError:
                    self.http["GET / refused (serve still starting)"] += 1
                    self.stop_tabs.wait(1)
                    continue
                except httpx.HTTPError as exc:
                    self.http[f"GET / {type(exc).__name__}"] += 1
                try:
                    asyncio.run(tab(port))
                except Exception as exc:  # a tab on a server killed under it, or not yet listening
                    self.tabs[f"tab failed: {type(exc).__name__}"] += 1
            self.stop_tabs.wait(3)

    # ---- the run -----------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        started_setup = time.perf_counter()
        plan = self.setup()
        setup_s = time.perf_counter() - started_setup
        from tests.evidence.localserver import running_server

        with running_server() as server:
            base = server.url("")
            start = time.time()
            until = start + self.config.seconds
            self.plan(plan["claims"], plan["labels"], until)
            for child in self.children:
                self.start(child, base)
            serve = next((c for c in self.children if c.kind == "serve"), None)
            traffic = None
            if serve is not None:
                traffic = threading.Thread(target=self.serve_traffic, args=(serve,), daemon=True)
                traffic.start()
            next_kill = start + self.config.kill_every
            ingest_runs: list[dict[str, Any]] = []
            while time.time() < until:
                time.sleep(1.0)
                self.scan_deleted("scan")
                for child in self.children:
                    if child.process is not None and not child.alive():
                        self._ended(child, ingest_runs, base)
                if time.time() >= next_kill and time.time() < until - 2:
                    next_kill += self.config.kill_every
                    candidates = [c for c in self.children if c.alive()]
                    if candidates:
                        victim = self.rng.choice(candidates)
                        self.kill(victim)
                        self.kills.append({"t": round(time.time() - start, 1), "process": victim.name})
                        self.scan_deleted(f"after killing {victim.name}")
                        if victim.kind == "ingest":
                            ingest_runs.append({"code": "killed"})
                        self.start(victim, base)
            # Writers stop starting changes at the deadline; give them time to finish the one they are in.
            self.stop_tabs.set()
            for child in self.children:
                if child.kind in ("serve", "ingest") and child.alive():
                    if child.kind == "ingest":
                        ingest_runs.append({"code": "stopped at the deadline"})
                    self.kill(child)
            ends = time.time() + self.config.grace
            while time.time() < ends and any(c.alive() for c in self.children):
                self.scan_deleted("at the end")
                time.sleep(0.5)
            overrun = [c.name for c in self.children if c.alive()]
            for child in self.children:
                self.kill(child)
            for child in self.children:
                if child.kind == "ingest":
                    self._ingest_outcome(child, ingest_runs)
            if traffic is not None:
                traffic.join(timeout=30)
            window = time.time() - start
        return self.finish(plan, ingest_runs, window, setup_s, overrun)

    def _ended(self, child: Child, ingest_runs: list[dict[str, Any]], base: str) -> None:
        assert child.process is not None
        code = child.process.returncode
        if child.kind == "ingest":
            self._ingest_outcome(child, ingest_runs)
            if code != 0 and time.time() < self.deadline_guess():
                self.start(child, base)
            else:
                child.process = None
            return
        if time.time() < self.deadline_guess() - 1:
            self.crashes.append(f"{child.name} exited with {code} before the deadline: {self._tail(child)}")
            self.start(child, base)

    def deadline_guess(self) -> float:
        return min((self._until(c) for c in self.children if "--until" in c.argv), default=time.time())

    @staticmethod
    def _until(child: Child) -> float:
        return float(child.argv[child.argv.index("--until") + 1])

    def _ingest_outcome(self, child: Child, runs: list[dict[str, Any]]) -> None:
        if (
            child.process is None
            or child.process.returncode is None
            or getattr(child, "_seen", 0) == child.incarnation
        ):
            return
        child._seen = child.incarnation  # type: ignore[attr-defined]
        code = child.process.returncode
        if code < 0:
            return  # killed by us: already recorded
        log = child.outputs[-1].read_text(encoding="utf-8", errors="replace")
        summary: dict[str, Any] = {}
        for line in log.splitlines():
            if line.startswith("{"):
                with contextlib.suppress(ValueError):
                    summary = json.loads(line)
        seconds = round(time.monotonic() - child.started, 1)  # this incarnation, polled once a second
        runs.append({"code": code, "seconds": seconds, **summary, "tail": "" if code == 0 else log[-400:]})

    def _tail(self, child: Child) -> str:
        text = child.outputs[-1].read_text(encoding="utf-8", errors="replace") if child.outputs else ""
        lines = [line for line in text.splitlines() if line.strip()]
        return " | ".join(lines[-3:])[-400:]

    # ---- the end check -----------------------------------------------------------------------

    def finish(
        self,
        plan: dict[str, Any],
        ingest_runs: list[dict[str, Any]],
        window: float,
        setup_s: float,
        overrun: list[str],
    ) -> dict[str, Any]:
        found, state = check(
            self.db, self.ledgers, ingest_runs, self.articles if self.config.ingest_articles else None
        )
        verify = subprocess.run(
            _workbench(self.db, "audit", "verify", "--json"),
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )
        try:
            verified = json.loads(verify.stdout)
        except ValueError:
            verified = {"ok": False, "problem": (verify.stderr.strip() or verify.stdout.strip())[-300:]}
        tracebacks = self._tracebacks()
        latency = {
            kind: {
                "acks": len(ms),
                "p50_ms": round(percentile(ms, 0.5), 1),
                "p99_ms": round(percentile(ms, 0.99), 1),
                "max_ms": round(max(ms), 1),
            }
            for kind, ms in sorted(found.latencies.items())
            if ms
        }
        busy = sum(n for k, n in found.fails.items() if k.endswith(" busy"))
        return {
            "seconds": round(window, 1),
            "setup_seconds": round(setup_s, 1),
            "config": {k: str(v) if isinstance(v, Path) else v for k, v in vars(self.config).items()},
            "processes": {c.name: c.incarnation for c in self.children},
            "acknowledged": dict(found.acks),
            "acknowledged_total": sum(found.acks.values()),
            "lost": len(found.lost),
            "lost_examples": found.lost[:30],
            "screen_mismatches": len(found.mismatches),
            "screen_mismatch_examples": found.mismatches[:10],
            "pending_at_kill": found.pending_left,
            "failed_by_cause": dict(found.fails),
            "failed_examples": found.fail_examples,
            "busy_errors_handled": busy,
            "unhandled_tracebacks": len(tracebacks),
            "traceback_examples": tracebacks[:5],
            "latency": latency,
            "kills": self.kills,
            "wal_deleted_under_live_process": list(self.deleted.values()),
            "driver_crashes": self.crashes,
            "overran_grace": overrun,
            "ingest": ingest_runs,
            "http": {**dict(self.http), "p50_ms": round(percentile(self.http_ms, 0.5), 1), **dict(self.tabs)},
            "audit_verify": {"exit": verify.returncode, **verified},
            **state,
        }

    def _tracebacks(self) -> list[str]:
        """Tracebacks in CLI commands' stderr (from the ledgers) and in every process log."""
        out = []
        for path in sorted(self.ledgers.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if '"traceback"' in line:
                    with contextlib.suppress(ValueError):
                        out.append(f"{path.stem}: {json.loads(line)['traceback'][-600:]}")
        for path in sorted(self.logs.glob("*.log")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if "Traceback (most recent call last)" in text:
                out.append(f"{path.name}: {text[text.index('Traceback') :][-600:]}")
        return out


@contextlib.contextmanager
def work_folder(keep: bool, parent: Path | None = None) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="workbench-soak-", dir=parent))
    try:
        yield folder
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


def run_soak(config: SoakConfig) -> dict[str, Any]:
    with work_folder(config.keep, config.parent) as work:
        soak = Soak(config, work)
        try:
            summary = soak.run()
        finally:
            for child in soak.children:  # whatever happened, no child outlives the soak
                soak.kill(child)
        summary["work_folder"] = str(work) if config.keep else "(removed)"
        return summary
