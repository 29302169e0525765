"""The learned re-ranker of "checked before?": feature exploration on the CheckThat! data, and its export.

    python bench/rerank_explore.py [POOL]     # hybrid vs all 22 features: CV on ct20 train, dev figures
    python bench/rerank_explore.py --export   # refit SHIPPED on ct20 train -> workbench/text/matching/rerank.json

Reads the query and claim vectors cached by ``bench/eval_checked_before.py`` (run it first). SHIPPED came
from backward elimination by 5-fold CV on ct20 train (all 22 features: CV 0.912, dev 0.886), keeping the
features a database has (one cosine per candidate: the max over claim and title); L2 1.0 by the same CV.
"""

from __future__ import annotations

import json
import math
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).parent))
from eval_checked_before import DATA, Corpus, load, map_at_5

from workbench.text.matching import same_claim

CACHE = Path("/tmp/checked-before-vectors")
OUT = Path("/tmp/rerank13d")
OUT.mkdir(exist_ok=True)
NUM = re.compile(r"\d[\d,.]*\d|\d")
CAP = re.compile(r"\b[A-Z][a-zA-Z]+")


def prepare(name: str) -> dict[str, object]:
    file = OUT / f"{name}.pkl"
    if file.exists():
        return pickle.loads(file.read_bytes())  # type: ignore[no-any-return]
    vrows = load(DATA / f"{name}-vclaims.jsonl")
    corpus = Corpus(vrows)
    claim_v = np.load(CACHE / f"{name}-claim.npy")
    title_v = np.load(CACHE / f"{name}-title.npy")
    df: Counter[str] = Counter()
    for r in vrows:
        df.update(set(same_claim.words(str(r["claim"]) + " " + str(r.get("title") or ""))))
    splits = {}
    for split in ("train", "dev"):
        path = DATA / f"{name}-{split}.jsonl"
        if not path.exists():
            continue
        queries = load(path)
        qv = np.load(CACHE / f"{name}-{split}-q.npy")
        sc, st = qv @ claim_v.T, qv @ title_v.T
        sims = np.maximum(sc, st)
        items = []
        for i, q in enumerate(queries):
            bm = corpus.bm25(str(q["text"]))
            top = np.argpartition(-sims[i], 50)[:50]
            keys = set(bm) | {corpus.ids[j] for j in top}
            index = {k: j for j, k in enumerate(corpus.ids)}
            cc = {k: float(sc[i, index[k]]) for k in keys}
            ct = {k: float(st[i, index[k]]) for k in keys}
            items.append(
                {
                    "text": str(q["text"]),
                    "bm": bm,
                    "cc": cc,
                    "ct": ct,
                    "rel": [str(x) for x in q["relevant"]],  # type: ignore[attr-defined]
                }
            )
        splits[split] = items
    texts = {str(r["id"]): (str(r["claim"]), str(r.get("title") or "")) for r in vrows}
    data = {"splits": splits, "texts": texts, "df": dict(df), "n": len(vrows)}
    file.write_bytes(pickle.dumps(data))
    return data


FEATS = [
    "hyb",
    "hyb_gap",
    "bm_mm",
    "bm_rel",
    "in_bm",
    "cos",
    "cos_gap",
    "cos_claim",
    "cos_title",
    "r_bm",
    "r_cos",
    "r_hyb",
    "tset",
    "tset_title",
    "partial",
    "tsort",
    "rare_q",
    "rare_c",
    "num_same",
    "num_diff",
    "names",
    "qlen_cos",
]


def featurise(
    item: dict, texts: dict, df: dict, n: int, top: int
) -> tuple[list[str], np.ndarray, np.ndarray]:
    bm, cc, ct = item["bm"], item["cc"], item["ct"]
    cos = {k: max(cc[k], ct[k]) for k in cc}
    ranked = same_claim.hybrid(bm, cos)[:top]
    keys = [s.key for s in ranked]
    hyb = {s.key: s.score for s in ranked}
    bm_rank = {k: i for i, k in enumerate(sorted(bm, key=lambda k: bm[k]))}
    cos_rank = {k: i for i, k in enumerate(sorted(cos, key=lambda k: -cos[k]))}
    best, worst = min(bm.values(), default=0.0), max(bm.values(), default=0.0)
    maxcos = max(cos[k] for k in keys) if keys else 0.0
    maxhyb = ranked[0].score if ranked else 0.0
    q = same_claim.clean_query(item["text"])
    qwords = {w for w in same_claim.words(q) if w not in same_claim.STOPWORDS and len(w) > 1}
    idf = {w: math.log((n + 1) / (df.get(w, 0) + 1)) for w in qwords}
    qidf = sum(idf.values()) or 1.0
    qnums = set(NUM.findall(q))
    qcaps = {c.lower() for c in CAP.findall(q)}
    qlen = math.log(1 + len(qwords))
    rows = []
    for i, k in enumerate(keys):
        claim, title = texts[k]
        ctext = claim + " " + title
        cwords = {w for w in same_claim.words(ctext) if w not in same_claim.STOPWORDS and len(w) > 1}
        shared = qwords & cwords
        cidf = sum(math.log((n + 1) / (df.get(w, 0) + 1)) for w in cwords) or 1.0
        cnums = set(NUM.findall(ctext))
        ccaps = {c.lower() for c in CAP.findall(ctext)}
        raw = bm.get(k)
        bm_mm = (
            (raw - worst) / (best - worst)
            if raw is not None and best < worst
            else (1.0 if raw is not None else 0.0)
        )
        rows.append(
            [
                hyb[k],
                hyb[k] - maxhyb,
                bm_mm,
                raw / best if raw is not None and best < 0 else 0.0,
                1.0 if raw is not None else 0.0,
                cos[k],
                cos[k] - maxcos,
                cc[k],
                ct[k],
                1 / (1 + bm_rank[k]) if k in bm_rank else 0.0,
                1 / (1 + cos_rank[k]),
                1 / (1 + i),
                fuzz.token_set_ratio(q, claim) / 100,
                fuzz.token_set_ratio(q, title) / 100 if title else 0.0,
                fuzz.partial_ratio(q, claim) / 100,
                fuzz.token_sort_ratio(q, claim) / 100,
                sum(idf[w] for w in shared) / qidf,
                sum(math.log((n + 1) / (df.get(w, 0) + 1)) for w in shared) / cidf,
                1.0 if qnums & cnums else 0.0,
                1.0 if qnums and cnums and not qnums & cnums else 0.0,
                len(qcaps & ccaps) / (1 + len(qcaps)),
                qlen * cos[k],
            ]
        )
    y = np.array([1.0 if k in item["rel"] else 0.0 for k in keys])
    return keys, np.array(rows, dtype=float).reshape(-1, len(FEATS)), y


def build(name: str, top: int) -> dict[str, list[tuple[list[str], np.ndarray, np.ndarray, list[str]]]]:
    file = OUT / f"{name}-feat{top}.pkl"
    if file.exists():
        return pickle.loads(file.read_bytes())  # type: ignore[no-any-return]
    data = prepare(name)
    out = {}
    for split, items in data["splits"].items():  # type: ignore[attr-defined]
        out[split] = [
            (*featurise(it, data["texts"], data["df"], data["n"], top), it["rel"])
            for it in items  # type: ignore[arg-type]
        ]
    file.write_bytes(pickle.dumps(out))
    return out


def fit(
    X: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 30
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = np.hstack([(X - mu) / sd, np.ones((len(X), 1))])
    w = np.zeros(Z.shape[1])
    reg = np.full(Z.shape[1], l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1 / (1 + np.exp(-Z @ w))
        g = Z.T @ (p - y) + reg * w
        H = (Z * (p * (1 - p))[:, None]).T @ Z + np.diag(reg) + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(H, g)
    return mu, sd, w


def predict(model: tuple[np.ndarray, np.ndarray, np.ndarray], X: np.ndarray) -> np.ndarray:
    mu, sd, w = model
    return ((X - mu) / sd) @ w[:-1] + w[-1]


def evaluate(items: list, model: tuple | None, cols: list[int]) -> float:
    rankings, rels = [], []
    for keys, X, _, rel in items:
        if model is None or len(keys) == 0:
            rankings.append(keys)
        else:
            s = predict(model, X[:, cols])
            order = sorted(range(len(keys)), key=lambda i: (-s[i], i))
            rankings.append([keys[i] for i in order])
        rels.append(rel)
    return map_at_5(rankings, rels)


def train(items: list, cols: list[int], l2: float) -> tuple:
    X = np.vstack([x[1][:, cols] for x in items if len(x[0])])
    y = np.concatenate([x[2] for x in items if len(x[0])])
    return fit(X, y, l2)


def cv(items: list, cols: list[int], l2: float, k: int = 5) -> float:
    folds = [items[i::k] for i in range(k)]
    out = []
    for i in range(k):
        tr = [x for j, f in enumerate(folds) if j != i for x in f]
        out.append(evaluate(folds[i], train(tr, cols, l2), cols))
    return float(np.mean(out))


SHIPPED = ["hyb_gap", "bm_mm", "bm_rel", "cos_gap", "cos", "r_bm", "r_hyb", "num_diff", "names"]
"""Chosen on ct20 train only: backward elimination by 5-fold CV, then the features a database has."""


def export(path: Path, l2: float = 1.0) -> None:
    """Fit the shipped features on ct20 train and write the package's coefficients."""
    cols = [FEATS.index(n) for n in SHIPPED]
    mu, sd, w = train(build("ct20", 40)["train"], cols, l2)
    model = {
        "version": 1,
        "trained_on": "CLEF-2020 CheckThat! task 2 train (800 tweets), hybrid top 40, L2 1.0",
        "features": SHIPPED,
        "mean": [round(float(x), 6) for x in mu],
        "scale": [round(float(x), 6) for x in sd],
        "coef": [round(float(x), 6) for x in w[:-1]],
        "intercept": round(float(w[-1]), 6),
    }
    path.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--export"]:
    export(Path(__file__).parents[1] / "workbench/text/matching/rerank.json")
elif __name__ == "__main__":
    top = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    sets = {s: build(s, top) for s in ("ct20", "ct21b", "ct22a")}
    print("built", file=sys.stderr)
    allc = list(range(len(FEATS)))
    tr20, dv20 = sets["ct20"]["train"], sets["ct20"]["dev"]
    tr21, dv21 = sets["ct21b"]["train"], sets["ct21b"]["dev"]
    print(
        "hybrid: ct20 train",
        round(evaluate(tr20, None, allc), 3),
        "dev",
        round(evaluate(dv20, None, allc), 3),
        "ct21b dev",
        round(evaluate(dv21, None, allc), 3),
    )
    for l2 in (0.1, 1.0, 10.0, 100.0):
        print("all feats l2", l2, "ct20 train cv", round(cv(tr20, allc, l2), 3))
    m = train(tr20, allc, 1.0)
    print(
        "all feats: ct20 dev",
        round(evaluate(dv20, m, allc), 3),
        "ct21b dev (ct20 model)",
        round(evaluate(dv21, m, allc), 3),
    )
    m21 = train(tr21, allc, 1.0)
    print("ct21b dev (ct21b model)", round(evaluate(dv21, m21, allc), 3))
    for name, wv in zip([*FEATS, "b"], m[2], strict=False):
        print(f"  {name:12s} {wv:+.3f}")
