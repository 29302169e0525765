"""ClaimBuster (Arslan et al., ICWSM 2020) as extra training data for check-worthiness, de-duplicated.

The ClaimBuster dataset labels sentences of the U.S. general-election presidential debates of
1960-2016 as check-worthy factual (CFS) or not (NFS, UFS); its authors publish it for research at
doi:10.5281/zenodo.3609356. The copy read here is the two-class split of ``utaresearch/claimbuster-spotter``
(commit 332bba0, ``data/two_class/train.json`` and ``test.json``: 8,678 sentences, 2,345 CFS). Like the
CLEF data, it stays out of the product: only fitted weights ship. Get it with::

    mkdir -p bench/.cache/claimbuster
    for f in train test; do
      git -C MIRROR show 332bba0:data/two_class/$f.json > bench/.cache/claimbuster/$f.json
    done

where MIRROR is a clone of github.com/utaresearch/claimbuster-spotter (the files' SHA-256 are checked).

ClaimBuster's 2016 debates are also CLEF-2019 training debates, so every ClaimBuster sentence whose
words match a CLEF sentence, or half of whose word 4-grams occur in CLEF, is dropped: otherwise a
held-out CLEF debate would leak into its own fold through the extra data.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from train_checkworthy import Example

from workbench.text.checkworthy import features, words

DEFAULT_DIR = Path(__file__).resolve().parent / ".cache" / "claimbuster"
FILES = {
    "train.json": "4fd0b54f265f6fa7997a2a7daad07cce6628e98b26534eebc639454272b3191b",
    "test.json": "efd9b9944b680715b03ffe4ba190e96f691f6a6926c7ceb9ba4e0fe8e7e6168b",
}
OVERLAP = 0.5
"""Share of a sentence's word 4-grams found in CLEF above which it counts as a CLEF sentence."""


def _norm(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _grams(tokens: Sequence[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def load(directory: Path, clef_texts: Iterable[str]) -> tuple[list[Example], int]:
    """ClaimBuster sentences as examples (docs ``cb:<thousand>``), minus those near a CLEF sentence.

    Returns the examples and how many were dropped as near-duplicates of CLEF.
    """
    rows: list[dict[str, object]] = []
    for name, digest in FILES.items():
        file = directory / name
        if not file.is_file():
            raise SystemExit(f"{file} is missing; see bench/claimbuster.py for where it comes from")
        data = file.read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise SystemExit(f"{file} is not the copy the figures were measured on (SHA-256 differs)")
        rows.extend(json.loads(data))
    seen: set[str] = set()
    clef_grams: set[tuple[str, ...]] = set()
    for text in clef_texts:
        tokens = _norm(text)
        seen.add(" ".join(tokens))
        clef_grams |= _grams(tokens)
    out: list[Example] = []
    dropped = 0
    for r in rows:
        text, sid = str(r["text"]), int(str(r["sentence_id"]))
        tokens = _norm(text)
        grams = _grams(tokens)
        if " ".join(tokens) in seen or (grams and len(grams & clef_grams) / len(grams) >= OVERLAP):
            dropped += 1
            continue
        feats = [f for f, _ in features(text)]
        out.append(Example(f"cb:{sid // 1000}", sid, int(str(r["label"])), text, feats, set(words(text))))
    return out, dropped
