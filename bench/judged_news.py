"""Judged news flags: how many flagged PolNeAR sentences a fact-checker would not check, before and after.

    python bench/judged_news.py [--polnear DIR] [--base ba26796] [--split dev|test|all]
    python bench/judged_news.py --draw N [--seed S]     # print N fresh flagged sentences to judge
    python bench/judged_news.py --floors [--semantic]   # floors on the seeds' labels and the judged dev split

``bench/data/checkworthy_news_judged.jsonl`` holds sentences the scorer of ``--base`` flagged in
PolNeAR articles (drawn with ``--draw``: seeded, at most two per article), each judged by one reader as
``worth`` (a fact-checker would check it), ``low`` (checkable but low value) or ``out`` (should not
be flagged: prediction, opinion, promo, question, embedded post...), with a one-line why. The split
(dev ~60% / test ~40%) is a hash of the article's file name, so one article never straddles it; tune
on dev only. The first 90 rows are flags of ba26796 drawn at random; the other 155 (2026-12-06) are every
sentence of those 45 articles whose flag differs between 8658d00 and the weights fitted with ClaimBuster,
judged blind (the reader was not told which scorer flagged which), so the file no longer favours the
scorer whose flags were drawn.

Both scorers run in the same process: "before" is ``workbench/text/checkworthy.py`` and its weights
file as committed at ``--base`` (read with ``git show``), "after" the working tree; both see the
speaker the current attribution finds (attribution is not what changed). A sentence is flagged when
its score reaches that version's ``NEWS_FLOOR``. Reported per split: judged sentences still flagged,
the share of ``out`` among them, ``worth`` kept flagged, and each article's sentences newly flagged
(not judged).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from workbench.text import checkworthy as after  # noqa: E402
from workbench.text.extract import extract  # noqa: E402
from workbench.text.model import Claim  # noqa: E402

JUDGED = Path(__file__).resolve().parent / "data" / "checkworthy_news_judged.jsonl"
DEFAULT_POLNEAR = REPO.parent / "shared" / "eval-dev" / "polnear-articles"
VERDICTS = ("worth", "low", "out")


def split_of(name: str) -> str:
    """``dev`` for about 60% of article file names, ``test`` for the rest (stable: a hash of the name)."""
    return "dev" if int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % 10 < 6 else "test"


def load_base(base: str) -> ModuleType:
    """The scorer module and weights file as committed at ``base``, imported under another name."""
    folder = Path(tempfile.mkdtemp(prefix="checkworthy-base-"))
    for name in ("checkworthy.py", "checkworthy_weights.json"):
        blob = subprocess.run(
            ["git", "show", f"{base}:workbench/text/{name}"], cwd=REPO, check=True, capture_output=True
        ).stdout
        (folder / name).write_bytes(blob)
    spec = importlib.util.spec_from_file_location("checkworthy_base", folder / "checkworthy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def speaker(claim: Claim) -> str | None:
    return claim.attribution.speaker if claim.attribution else None


def flagged(module: ModuleType, claim: Claim) -> bool:
    score: float = module.score_sentence(claim.text, speaker=speaker(claim)).score
    return score >= module.NEWS_FLOOR


def draw(folder: Path, n: int, seed: int, per_article: int, module: ModuleType) -> list[dict[str, object]]:
    """``n`` sentences ``module`` flags, from articles in a seeded random order, at most ``per_article`` each."""
    files = sorted(folder.glob("*.txt"))
    random.Random(seed).shuffle(files)
    rng = random.Random(seed + 1)
    out: list[dict[str, object]] = []
    for path in files:
        claims = [c for c in extract(path.read_text(encoding="utf-8")).claims if flagged(module, c)]
        for c in rng.sample(claims, min(per_article, len(claims))):
            out.append({"file": path.name, "sentence": c.text, "split": split_of(path.name)})
        if len(out) >= n:
            break
    return out[:n]


def report(folder: Path, base: str, splits: Sequence[str]) -> None:
    rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]
    before = load_base(base)
    claims: dict[str, dict[str, Claim]] = {}
    for name in sorted({r["file"] for r in rows}):
        claims[name] = {c.text: c for c in extract((folder / name).read_text(encoding="utf-8")).claims}
    print(
        f"{len(rows)} judged sentences from {len(claims)} articles; before = {base} "
        f"(floor {before.NEWS_FLOOR}), after = working tree (floor {after.NEWS_FLOOR})"
    )
    print(
        f"{'split':6} {'version':8} {'flagged':>9} {'out share':>10} {'worth kept':>11} {'low kept':>9} "
        f"{'out kept':>9} {'new flags':>9}"
    )
    for split in splits:
        chosen = [r for r in rows if split in ("all", r["split"])]
        total = {v: sum(r["verdict"] == v for r in chosen) for v in VERDICTS}
        files = sorted({r["file"] for r in chosen})
        for label, module in (("before", before), ("after", after)):
            kept = {v: 0 for v in VERDICTS}
            for r in chosen:
                if flagged(module, claims[r["file"]][r["sentence"]]):
                    kept[r["verdict"]] += 1
            judged = {r["sentence"] for r in chosen}
            new = sum(
                1
                for f in files
                for text, c in claims[f].items()
                if text not in judged and flagged(module, c) and not flagged(before, c)
            )
            n = sum(kept.values())
            print(
                f"{split:6} {label:8} {n:>4}/{len(chosen):<4} {kept['out'] / max(1, n):10.0%} "
                f"{kept['worth']:>5}/{total['worth']:<5} {kept['low']:>4}/{total['low']:<4} "
                f"{kept['out']:>4}/{total['out']:<4} {new:>9}"
            )


def sweep(folder: Path, floors: Sequence[float], with_semantic: bool = False) -> None:
    """The working tree's scores on the seeds' labels and the judged dev split at several floors
    (``with_semantic``: with the semantic part added, as ``workbench vectors`` does)."""
    import eval_news_calibration as calibration  # the seeds' labels, checked against extract()

    docs, marks = calibration.seed_claims()
    seed_scores = calibration.semantic_scores(docs) if with_semantic else [[c.score for c in d] for d in docs]
    seeds = [(s, y) for d, m in zip(seed_scores, marks, strict=True) for s, y in zip(d, m, strict=True)]
    picks = sum(y for _, y in seeds)
    rows = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev = [r for r in rows if r["split"] == "dev"]
    claims = {
        name: {c.text: c for c in extract((folder / name).read_text(encoding="utf-8")).claims}
        for name in sorted({r["file"] for r in dev})
    }
    judged_claims = [claims[r["file"]][r["sentence"]] for r in dev]
    if with_semantic:
        scores = calibration.semantic_scores([judged_claims])[0]
    else:
        scores = [after.score_sentence(c.text, speaker=speaker(c)).score for c in judged_claims]
    judged = [(score, r["verdict"]) for score, r in zip(scores, dev, strict=True)]
    worth = sum(v == "worth" for _, v in judged)
    print(f"{'floor':>6} {'seed picks':>11} {'dev flagged':>11} {'dev out share':>13} {'dev worth kept':>14}")
    for floor in floors:
        hit = sum(s >= floor and y for s, y in seeds)
        kept = [v for s, v in judged if s >= floor]
        out = sum(v == "out" for v in kept)
        print(
            f"{floor:6.2f} {hit:>4}/{picks} {hit / picks:4.0%} {len(kept):>6}/{len(judged):<4} "
            f"{out / max(1, len(kept)):13.0%} {sum(v == 'worth' for v in kept):>9}/{worth}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    ap.add_argument("--base", default="ba26796", help="git revision of the 'before' scorer")
    ap.add_argument("--split", choices=("dev", "test", "all", "both"), default="both")
    ap.add_argument("--draw", type=int, default=0, help="print this many flagged sentences to judge")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--per-article", type=int, default=2)
    ap.add_argument("--current", action="store_true", help="draw with the working tree's scorer")
    ap.add_argument(
        "--floors", action="store_true", help="try news floors on the seeds' labels and the judged dev split"
    )
    ap.add_argument("--semantic", action="store_true", help="with --floors: scores with the semantic part")
    args = ap.parse_args(argv)
    if args.floors:
        sweep(args.polnear, [f / 100 for f in range(50, 91)], with_semantic=args.semantic)
        return 0
    if args.draw:
        module = after if args.current else load_base(args.base)
        for row in draw(args.polnear, args.draw, args.seed, args.per_article, module):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    report(args.polnear, args.base, ("dev", "test") if args.split == "both" else (args.split,))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
