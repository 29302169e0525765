"""SSH signatures over audit events (issue 17): the SSHSIG format git's SSH commit signing uses, made
and checked by OpenSSH's ``ssh-keygen -Y sign`` / ``-Y verify`` under this program's own namespace,
so a signature made for anything else (a git commit, a file) never verifies as an event's.

The signed message is an event's hash, which pins the event and, through the chain, all before it.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import InputError, WorkbenchError

NAMESPACE = "factcheck-workbench-event"
KEY_TYPES = ("ssh-ed25519", "sk-ssh-ed25519@openssh.com")
_TIMEOUT_S = 30


class SigningError(WorkbenchError):
    """An event could not be signed with the configured key (one line: what to fix)."""


@dataclass(frozen=True, slots=True)
class PublicKey:
    text: str
    """``TYPE BASE64`` (no comment): what is stored and trusted."""
    fingerprint: str
    """``SHA256:…`` as ``ssh-keygen -l`` prints it."""


def parse_public_key(line: str) -> PublicKey:
    """An OpenSSH public key line (``ssh-ed25519 AAAA… comment``); other key types are refused."""
    parts = line.strip().split()
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise InputError(
            f"give an ed25519 SSH public key ({' or '.join(KEY_TYPES)} AAAA…), e.g. ~/.ssh/id_ed25519.pub"
        )
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        raise InputError("the public key's base64 part is damaged") from None
    kind = parts[0].encode()
    if blob[4 : 4 + len(kind)] != kind:
        raise InputError("the public key's type does not match its data")
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return PublicKey(f"{parts[0]} {parts[1]}", f"SHA256:{digest}")


def public_key_of(key_path: Path) -> PublicKey:
    """The public half of a signing key: ``KEY.pub`` beside a private key, or the ``.pub`` itself
    (then the private key is in ssh-agent)."""
    pub = key_path if key_path.suffix == ".pub" else key_path.with_name(key_path.name + ".pub")
    try:
        return parse_public_key(pub.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SigningError(f"cannot read the signing key's public half {pub}: {exc.strerror}") from None


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SigningError("ssh-keygen (OpenSSH) is not installed: it signs and checks events")
    return found


def sign(key_path: Path, message: str) -> str:
    """The armored SSHSIG of ``message`` made with the key at ``key_path`` (or its agent)."""
    done = subprocess.run(
        [_ssh_keygen(), "-q", "-Y", "sign", "-f", str(key_path), "-n", NAMESPACE],
        input=message.encode(),
        capture_output=True,
        timeout=_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0 or b"BEGIN SSH SIGNATURE" not in done.stdout:
        why = done.stderr.decode(errors="replace").strip().splitlines()
        raise SigningError(
            f"could not sign with {key_path}: {why[-1] if why else 'ssh-keygen failed'} "
            "(load it into ssh-agent, or unset signing_key / WORKBENCH_SIGNING_KEY)"
        )
    return done.stdout.decode()


def available() -> bool:
    return shutil.which("ssh-keygen") is not None


def verify(public_key: str, message: str, signature: str) -> bool:
    """Whether ``signature`` is ``public_key``'s SSHSIG of ``message`` in this program's namespace."""
    with tempfile.TemporaryDirectory(prefix="wb-sshsig-") as folder:
        allowed = Path(folder) / "allowed_signers"
        allowed.write_text(f'reviewer namespaces="{NAMESPACE}" {public_key}\n', encoding="utf-8")
        sig = Path(folder) / "event.sig"
        sig.write_text(signature, encoding="utf-8")
        done = subprocess.run(
            [
                _ssh_keygen(),
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                "reviewer",
                "-n",
                NAMESPACE,
                "-s",
                str(sig),
            ],
            input=message.encode(),
            capture_output=True,
            timeout=_TIMEOUT_S,
            check=False,
        )
    return done.returncode == 0
