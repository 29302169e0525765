"""Settings: a TOML file in the user's config folder, overridden by ``WORKBENCH_*`` environment variables.

```toml
reviewer = "ana"            # who you are; also --reviewer or WORKBENCH_REVIEWER
db = "~/desk/workbench.db"  # default database; also --db or WORKBENCH_DB
rating_scale = "politifact" # preset for new databases: check, politifact, snopes, meta, fullfact
theme = "textual-dark"      # any Textual theme
allow_private = false       # let evidence fetching reach private/loopback addresses
signing_key = "~/.ssh/id_ed25519"  # sign your events (its .pub registered: reviewers key add)

[organisation]              # the ClaimReview author
name = "Example Fact Check"
url = "https://factcheck.example"
review_url = "https://factcheck.example/checks/{id}"  # where reviews are published ({id}: claim id)

[encoder]                   # sentence vectors for "same claim by meaning" (default: bundled MiniLM)
model = "/models/e5.onnx"   # another local ONNX model, or "off"; also WORKBENCH_ENCODER_MODEL
sha256 = "..."              # checked before the model runs
tokenizer = "/models/tokenizer.json"  # default: tokenizer.json beside the model

[keymap]                    # binding id = keys
"queue.next" = "j,down"
```
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path, user_state_path

from workbench.errors import InputError

APP = "factcheck-workbench"


@dataclass
class Settings:
    reviewer: str | None = None
    """Reviewer name recorded on every change."""
    db: str | None = None
    """Path of the review database used when --db is not given."""
    rating_scale: str | None = None
    """Rating scale preset for new databases."""
    theme: str = "textual-dark"
    """Textual theme of the review TUI."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> comma-separated keys, applied with ``App.set_keymap``."""
    allow_private: bool = False
    """Allow evidence fetching from private, loopback and link-local addresses."""
    organisation_name: str | None = None
    """The organisation named as ClaimReview author."""
    organisation_url: str | None = None
    review_url: str | None = None
    """Template of published review addresses, ``{id}`` standing for the claim id (ClaimReview url)."""
    archive_access_key: str | None = None
    """Internet Archive S3 keys for Save Page Now requests (optional)."""
    archive_secret_key: str | None = None
    encoder_model: str | None = None
    """Path of another local ONNX sentence model, or "off"; None means the bundled MiniLM."""
    encoder_sha256: str | None = None
    encoder_tokenizer: str | None = None
    signing_key: str | None = None
    """SSH key (private, or its .pub with the key in ssh-agent) that signs this reviewer's events."""
    source: Path | None = None
    """The config file these settings came from, if any."""


def config_path() -> Path:
    override = os.environ.get("WORKBENCH_CONFIG")
    return Path(override).expanduser() if override else user_config_path(APP) / "config.toml"


def state_path() -> Path:
    override = os.environ.get("WORKBENCH_STATE_DIR")
    return Path(override).expanduser() if override else user_state_path(APP)


def load_settings(path: Path | None = None) -> Settings:
    file = path or config_path()
    settings = Settings()
    if file.is_file():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the config file {file}: {exc}") from exc
        settings.source = file
        for key in ("reviewer", "db", "rating_scale", "theme", "signing_key"):
            if isinstance(data.get(key), str):
                setattr(settings, key, data[key])
        if isinstance(data.get("allow_private"), bool):
            settings.allow_private = data["allow_private"]
        keymap = data.get("keymap", {})
        if isinstance(keymap, dict):
            settings.keymap = {str(k): str(v) for k, v in keymap.items()}
        org = data.get("organisation", {})
        if isinstance(org, dict):
            settings.organisation_name = org.get("name")
            settings.organisation_url = org.get("url")
            if isinstance(org.get("review_url"), str):
                settings.review_url = org["review_url"]
        encoder = data.get("encoder", {})
        if isinstance(encoder, dict):
            for key in ("model", "sha256", "tokenizer"):
                if isinstance(encoder.get(key), str):
                    setattr(settings, f"encoder_{key}", encoder[key])
        archive = data.get("archive", {})
        if isinstance(archive, dict):
            settings.archive_access_key = archive.get("access_key")
            settings.archive_secret_key = archive.get("secret_key")
    env = os.environ
    for key in (
        "reviewer",
        "db",
        "rating_scale",
        "theme",
        "organisation_name",
        "organisation_url",
        "review_url",
        "encoder_model",
        "encoder_sha256",
        "encoder_tokenizer",
        "signing_key",
    ):
        value = env.get(f"WORKBENCH_{key.upper()}")
        if value:
            setattr(settings, key, value)
    if env.get("WORKBENCH_ALLOW_PRIVATE"):
        settings.allow_private = env["WORKBENCH_ALLOW_PRIVATE"].lower() in ("1", "true", "yes")
    return settings
