"""MSRP train: accuracy and F1 of linking two news sentences by cosine, token-sort ratio, and both.

    python bench/eval_same_sentence.py [--data DIR]

The threshold (and the mix weight) is chosen by 5-fold cross-validation; figures are the held-out folds'.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

from workbench.text import encoder as enc

DATA = Path("/work/shared/eval-dev/checked-before")


def scores(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    tp = float(np.sum(pred & gold))
    precision = tp / max(1.0, float(np.sum(pred)))
    recall = tp / max(1.0, float(np.sum(gold)))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return float(np.mean(pred == gold)), f1


def cv(feature: np.ndarray, gold: np.ndarray) -> tuple[float, float, list[float]]:
    folds = np.arange(len(gold)) % 5
    accs, f1s, cuts = [], [], []
    for k in range(5):
        train, test = folds != k, folds == k
        grid = np.quantile(feature[train], np.linspace(0.05, 0.95, 91))
        best = max(grid, key=lambda t: scores(feature[train] >= t, gold[train])[0])
        acc, f1 = scores(feature[test] >= best, gold[test])
        accs.append(acc)
        f1s.append(f1)
        cuts.append(round(float(best), 3))
    return float(np.mean(accs)), float(np.mean(f1s)), cuts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.data / "msrp-train.jsonl").read_text().splitlines() if line]
    gold = np.array([bool(r["paraphrase"]) for r in rows])
    model = enc.OnnxEncoder(enc.default_spec(), threads=args.threads)
    a = model.encode([r["a"] for r in rows])
    b = model.encode([r["b"] for r in rows])
    cosine = np.sum(a * b, axis=1)
    ratio = np.array([fuzz.token_sort_ratio(r["a"], r["b"]) / 100 for r in rows])
    print(f"MSRP train ({len(rows)} pairs), 5-fold CV threshold")
    for name, feature in [("cosine", cosine), ("token-sort", ratio), ("mean of both", (cosine + ratio) / 2)]:
        acc, f1, cuts = cv(feature, gold)
        print(f"  {name}: accuracy {acc:.3f}  F1 {f1:.3f}  (fold thresholds {cuts})")


if __name__ == "__main__":
    main()
