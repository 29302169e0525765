"""Fit the semantic part of check-worthiness on all CLEF-2019 debates and write the packaged file.

    python bench/train_checkworthy_semantic.py [--data PATH]

The part is the linear head measured by ``eval_checkworthy.py`` (``model+head``): a balanced logistic
regression on the MiniLM vectors, standardised and weighted against the shipped lexical model the
way each fold did it (the weight maximises MAP of lexical logit + weight * semantic score, with the
semantic scores out-of-fold). Weight, centre and spread are folded into the head, so the reason's
weight is ``head @ vector + bias``. The check-worthy training sentences ride along (int8 vectors and
their first words) to name the nearest ones in the reason. Prints the file's SHA-256 to paste into
``workbench/text/checkworthy_semantic.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkworthy_semantic import SemanticFolds, clef_vectors
from train_checkworthy import DEFAULT_DATA, average_precision, by_debate, featurize, load

from workbench.text.checkworthy import CheckworthyModel
from workbench.text.checkworthy_semantic import DEFAULT_PATH, TEXT_CHARS

ALPHAS = [a / 10 for a in range(21)]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = ap.parse_args(argv)
    examples = featurize(load(args.data))
    vectors = clef_vectors([ex.text for ex in examples], args.data)
    labels = [ex.label for ex in examples]
    folds = SemanticFolds(vectors, labels, [ex.doc for ex in examples], "head")
    lexical = CheckworthyModel.load()
    inner = []
    for doc, debate in by_debate(examples).items():
        s = folds.scores(frozenset({doc}), folds.rows_of(doc))
        inner.append(([lexical.logit(ex.text) for ex in debate], s, debate))
    pooled = np.concatenate([s for _, s, _ in inner])
    mu, sd = float(pooled.mean()), float(pooled.std())
    best = (-1.0, 0.0)
    for a in ALPHAS:
        aps = [
            average_precision(
                [
                    (lx + a * (v - mu) / sd, ex.line, ex.label)
                    for lx, v, ex in zip(lex, s, debate, strict=True)
                ]
            )[0]
            for lex, s, debate in inner
        ]
        best = max(best, (sum(aps) / len(aps), a))
        print(f"  weight {a:.1f}: MAP on the training debates {sum(aps) / len(aps):.4f}")
    alpha = best[1]
    w, b = folds.scores_head(frozenset())
    head = (alpha / sd * w).astype(np.float32)
    bias = np.float32(alpha * (b - mu) / sd)
    pos = np.flatnonzero(np.asarray(labels) == 1)
    unit = vectors[pos]
    scales = (np.abs(unit).max(axis=1) / 127.0).astype(np.float32)
    codes = np.clip(np.rint(unit / scales[:, None]), -127, 127).astype(np.int8)
    texts = np.asarray([" ".join(examples[i].text.split())[:TEXT_CHARS] for i in pos])
    buf = io.BytesIO()
    np.savez_compressed(buf, head=head, bias=np.asarray([bias]), codes=codes, scales=scales, texts=texts)
    args.out.write_bytes(buf.getvalue())
    digest = hashlib.sha256(buf.getvalue()).hexdigest()
    print(
        f"weight {alpha} (centre {mu:.4f}, spread {sd:.4f}); wrote {args.out} ({len(buf.getvalue()):,} bytes: "
        f"head of {len(head)} floats, {len(pos)} check-worthy sentences as int8); sha256 {digest}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
