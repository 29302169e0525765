"""The semantic part of check-worthiness: a sentence's meaning against debate lines fact-checkers picked.

It reads the vector matching already stored for a claim (never a second encoder pass): a linear head
over the 384-d MiniLM vector, fitted by ``bench/train_checkworthy_semantic.py`` on CLEF-2019 and
weighted against the lexical model the way leave-one-debate-out evaluation chose (``model+head`` in
``bench/eval_checkworthy.py``: MAP 0.213 -> 0.224 over 19 debates, 0.136 -> 0.157 over the 10 long
ones). It is shown as one reason naming the nearest check-worthy training sentences. The packaged
file (``checkworthy_semantic.npz``: the head, and the 440 check-worthy training sentences as int8
vectors with their first words) is checked against its SHA-256 before use.

Until a claim's vector is stored its score is lexical only and shown as provisional (``workbench
vectors`` and the TUI's background step store vectors and then re-score, see ``workbench.actions.rescore``).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from workbench.text.encoder import DEFAULT_NAME
from workbench.text.model import Reason

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("checkworthy_semantic.npz")
SHA256 = "a3c363fd47a7f5c8ed6f6a4c2593f575f4b555f09b41da4255e1423df59ed5bc"
ENCODER = DEFAULT_NAME
"""The vectors the head was fitted on: only vectors stored under this model name are read."""
TEXT_CHARS = 90
"""How much of each training sentence is packaged (and shown)."""
FEATURE = "semantic"
NEWS_FLOOR = 0.81
"""The news flag of a score that includes this part (``checkworthy.NEWS_FLOOR`` is for lexical scores).
On news the part lifts scores: at the lexical floor (0.66) it would flag 55% of PolNeAR sentences. The rule
is the lexical one (the highest floor keeping at least 46 of the 49 seed picks and 90% of the judged dev
"worth" sentences): 0.81 keeps 46 of the 49 picks (precision 0.72) and 27 of the 30 "worth" (33% "out"
among the 93 judged dev flags), and flags 42% of PolNeAR (median article 43%); 0.82 keeps 26 of the 30
"worth" (``python bench/judged_news.py --floors --semantic``, ``python bench/eval_news_calibration.py
--semantic``, 2026-12-06, with the "record" cue; before it the rule gave 0.84)."""


PROVISIONAL = (
    "provisional: lexical only until this claim's sentence vector is stored (in the background, or by "
    "`workbench vectors`); then its meaning is added and the score refreshed"
)


def provisional(reasons: Iterable[Mapping[str, object]], semantic_on: bool) -> bool:
    """A stored score still waiting for its semantic part: the part is on here and the reasons lack it."""
    return semantic_on and not any(r.get("feature") == FEATURE for r in reasons)


@functools.cache
def expected(model: str | None) -> bool:
    """Whether stored scores will get the semantic part here: the pinned default model is configured
    (``model`` None) and installed, and the packaged part loads. Another model's vectors never feed it."""
    if model is not None:
        return False
    from workbench.text.encoder import DEFAULT_PACKAGE

    return importlib.util.find_spec(DEFAULT_PACKAGE) is not None and load_part() is not None


@dataclass(frozen=True)
class SemanticPart:
    head: npt.NDArray[np.float32]
    bias: float
    examples: npt.NDArray[np.float32]
    """Unit vectors of the check-worthy training sentences, one row each."""
    texts: tuple[str, ...]

    def reason(self, vector: npt.NDArray[np.float32], nearest: int = 2) -> Reason:
        """The semantic contribution to the logit for one unit vector, naming the nearest picked lines."""
        v = np.asarray(vector, dtype=np.float32).reshape(-1)
        weight = float(self.head @ v) + self.bias
        sims = self.examples @ v
        top = np.argsort(-sims)[:nearest]
        near = ", ".join(f"'{_clip(self.texts[int(i)])}' ({float(sims[int(i)]):.2f})" for i in top)
        if weight >= 0:
            return Reason(FEATURE, weight, f"meaning like check-worthy debate lines: {near}")
        return Reason(FEATURE, weight, f"meaning unlike check-worthy debate lines (nearest: {near})")


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_warned: set[str] = set()


def _warn_once(reason: str) -> None:
    if reason not in _warned:
        _warned.add(reason)
        log.info("check-worthiness: semantic part off (%s); scores are lexical only", reason)


def load_part(path: Path = DEFAULT_PATH, sha256: str = SHA256) -> SemanticPart | None:
    """The packaged part, or None (said once in the log) when its file is missing or not the one shipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        _warn_once(f"cannot read {path.name}: {exc.strerror or exc}")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        _warn_once(f"{path.name} has sha256 {digest}, expected {sha256}")
        return None
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        codes, scales = z["codes"].astype(np.float32), z["scales"].astype(np.float32)
        examples = codes * scales[:, None]
        examples /= np.clip(np.linalg.norm(examples, axis=1, keepdims=True), 1e-12, None)
        return SemanticPart(
            z["head"].astype(np.float32), float(z["bias"][0]), examples, tuple(str(t) for t in z["texts"])
        )


def rescored(
    bias: float, reasons: Sequence[Reason], vector: npt.NDArray[np.float32], part: SemanticPart
) -> tuple[float, tuple[Reason, ...]]:
    """Score and reasons with the semantic reason added (in place of any earlier one).

    ``bias + sum(reason weights)`` stays the logit of the score.
    """
    kept = [r for r in reasons if r.feature != FEATURE]
    out = sorted([*kept, part.reason(vector)], key=lambda r: -abs(r.weight))
    z = bias + math.fsum(r.weight for r in out)
    score = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
    return score, tuple(out)
