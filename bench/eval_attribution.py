"""Evaluate speaker attribution on PolNeAR (Newell et al., LREC 2018), sentence by sentence.

Usage (from the repository root)::

    python bench/eval_attribution.py [--split dev|train] [--cv K] [--data ../shared/eval-dev] [--show N]
    python bench/eval_attribution.py --learn      # re-learn workbench/text/attribution_cues.json

Each run scores, side by side: ``before`` (the attribution code of git revision ``--before``, main
before issue 14 part 5, given the same lexicon as ``rules`` when it takes one), ``rules`` (the current
code) and the naive baseline. On dev the current code uses the shipped cue lexicon (learned from all
of train); with ``--cv K`` on train the articles are split into K folds and each fold is scored with
cues learned from the other K-1 folds only.

Units are sentences from ``workbench.text.segment.split_sentences`` over each article.
Only ``primary`` annotations are used. A gold attribution *with a source* is assigned to

* every sentence with at least half of its letters and digits inside the attribution's content spans,
* the sentence containing the start of the first content span, and
* the sentence containing the cue (so "He added:" before the quotation counts too).

A sentence is gold-positive when at least one such attribution is assigned to it, otherwise negative
(negatives include sentences covered only by source-less attributions such as "reportedly").
With ``--units cue`` an attribution is assigned only to the sentence holding its cue, and the other
sentences of its content are not scored: closer to the "NAME said" setting of the naive baseline.

A predicted speaker matches a gold attribution when

1. the predicted speaker span overlaps the gold source span, or
2. the head words agree: the last word of the prediction equals (case-folded, accents folded,
   possessive removed) the last word of the gold *entity*, where the gold entity is the source text
   itself for a named source, and for a pronoun source (he, she, it, they, him, her, his) the nearest
   preceding non-pronoun gold source in the same article, for he/she one whose last word is
   capitalised (a proxy: PolNeAR has no coreference), and
   for a relative pronoun (who, which, that) the last word before it.

Per sentence: TP = a prediction matching any gold attribution of the sentence; FP = a prediction on a
negative sentence or one matching none of the sentence's gold attributions; FN = a positive sentence
without a matching prediction (a wrong prediction on a positive sentence is both FP and FN).
The naive baseline ("Capitalised Name said") is scored the same way in the same run. The "lenient"
line also counts as right a pronoun we resolved on the same cue as a gold pronoun source, whatever
entity we resolved it to (an upper bound for the pronoun proxy's noise).
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import json
import re
import subprocess
import sys
import time
import types
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from anyascii import anyascii

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.text.attribution import attribute
from workbench.text.cue_learning import learn_cues
from workbench.text.cue_lexicon import CUES_PATH, CueLexicon, default_lexicon
from workbench.text.model import Attribution
from workbench.text.segment import split_sentences

PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "his", "its", "their", "them"})
RELATIVES = frozenset({"who", "which", "that", "whom"})
FIRST = frozenset({"i", "we", "me", "us", "my", "our", "you"})
_WORD = re.compile(r"[^\W_]+(?:[-'’.][^\W_]+)*")
_NAIVE = re.compile(r"\b([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)\s+said\b")

Predictor = Callable[[str, Sequence[tuple[int, int]]], list[Attribution | None]]
BEFORE = "3fbbd56"  # main before issue 14 part 5 (subject fallbacks, appositives, contractions, who clauses)


@dataclass
class Gold:
    source: tuple[int, int]
    source_text: str
    entity_head: str
    kind: str  # named, pronoun, relative, first
    cue: tuple[int, int] | None = None


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_negative: int = 0
    lenient: int = 0  # wrong by the proxy, but a resolved pronoun on the same cue as a gold pronoun
    by_kind: Counter[str] = field(default_factory=Counter)
    method_tp: Counter[str] = field(default_factory=Counter)
    method_fp: Counter[str] = field(default_factory=Counter)
    kind_total: Counter[str] = field(default_factory=Counter)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def head(phrase: str) -> str:
    words = _WORD.findall(anyascii(phrase))
    if not words:
        return ""
    word = words[-1].lower()
    return re.sub(r"['’]s$", "", word).rstrip(".")


def _capitalised_head(phrase: str) -> bool:
    words = _WORD.findall(phrase)
    return bool(words) and words[-1][0].isupper()


def naive(text: str, sentences: Sequence[tuple[int, int]]) -> list[Attribution | None]:
    """Baseline: the first capitalised word run directly before "said"."""
    out: list[Attribution | None] = []
    for s, e in sentences:
        m = _NAIVE.search(text, s, e)
        if m is None or m.end() > e:
            out.append(None)
            continue
        out.append(Attribution(m.group(1), m.start(1), m.end(1), "said", m.end() - 4, m.end(), "naive"))
    return out


def before_attribute(rev: str) -> Predictor:
    """``attribute`` as it was at git revision ``rev`` (attribution.py with its speech_cues.py)."""
    root = Path(__file__).resolve().parent.parent

    def source(path: str) -> str:
        return subprocess.run(
            ["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True, text=True, check=True
        ).stdout

    cue_mod = types.ModuleType("_before_speech_cues")
    exec(compile(source("workbench/text/speech_cues.py"), "before/speech_cues.py", "exec"), cue_mod.__dict__)
    sys.modules["_before_speech_cues"] = cue_mod
    code = source("workbench/text/attribution.py").replace(
        "from workbench.text import speech_cues as cues", "import _before_speech_cues as cues"
    )
    spec = importlib.util.spec_from_loader("_before_attribution", loader=None)
    assert spec is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["_before_attribution"] = mod
    exec(compile(code, "before/attribution.py", "exec"), mod.__dict__)
    fn: Predictor = mod.attribute
    return fn


def cue_spans(rows: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The cue spans of the attributions that have a source."""
    return [(sp[0], sp[1]) for r in rows if r.get("source") and r.get("cue") for sp in r["cue"]["spans"]]


def learn(data: Path, docs: dict[str, list[dict[str, Any]]], ids: Sequence[str]) -> CueLexicon:
    return learn_cues(
        ((data / "polnear-articles" / f"{d}.txt").read_text(encoding="utf-8"), cue_spans(docs[d]))
        for d in ids
    )


def load(data: Path, split: str) -> dict[str, list[dict[str, Any]]]:
    docs: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with (data / f"polnear-{split}-attributions.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["primary"]:
                docs[row["doc_id"]].append(row)
    return docs


def _alnum(text: str, s: int, e: int) -> int:
    return sum(1 for ch in text[s:e] if ch.isalnum())


def gold_per_sentence(
    text: str, sentences: Sequence[tuple[int, int]], rows: list[dict[str, Any]], cue_only: bool = False
) -> tuple[list[list[Gold]], list[bool]]:
    """Gold attributions per sentence, and which sentences are scored at all.

    With ``cue_only`` an attribution belongs only to the sentence holding its cue, and the other
    sentences of its content are left out of the scoring (neither positive nor negative).
    """
    sourced = [r for r in rows if r.get("source")]
    named = sorted(
        (r["source"]["spans"][0][0], r["source"]["text"])
        for r in sourced
        if head(r["source"]["text"]) not in PRONOUNS | RELATIVES | FIRST
    )
    out: list[list[Gold]] = [[] for _ in sentences]
    scored = [True] * len(sentences)
    for r in sourced:
        src = r["source"]
        s0, s1 = src["spans"][0]
        stext: str = src["text"]
        low = stext.strip().lower()
        if low in PRONOUNS:
            person = low in {"he", "she", "him", "her", "his"}
            prev = [t for pos, t in named if pos < s0 and (not person or _capitalised_head(t))]
            kind, ent = "pronoun", head(prev[-1]) if prev else ""
        elif low in RELATIVES:
            before = _WORD.findall(text[max(0, s0 - 80) : s0])
            kind, ent = "relative", head(before[-1]) if before else ""
        elif low in FIRST:
            kind, ent = "first", ""
        else:
            kind, ent = "named", head(stext)
        cue = tuple(r["cue"]["spans"][0]) if r.get("cue") else None
        gold = Gold((s0, s1), stext, ent, kind, (cue[0], cue[1]) if cue else None)
        content: list[tuple[int, int]] = [(sp[0], sp[1]) for c in r["content"] for sp in c["spans"]]
        anchors = [content[0][0]] if content else []
        if r.get("cue"):
            anchors = [r["cue"]["spans"][0][0]] if cue_only else [*anchors, r["cue"]["spans"][0][0]]
        for idx, (s, e) in enumerate(sentences):
            total = _alnum(text, s, e)
            inside = sum(_alnum(text, max(s, a), min(e, b)) for a, b in content if min(e, b) > max(s, a))
            covered = total > 0 and inside * 2 >= total
            if any(s <= a < e for a in anchors) or (covered and not cue_only):
                out[idx].append(gold)
            elif covered:
                scored[idx] = False
    for idx, gold_here in enumerate(out):
        if gold_here:
            scored[idx] = True
    return out, scored


def matches(pred: Attribution, gold: Gold) -> bool:
    start, end = pred.speaker_start, pred.speaker_end
    if start is not None and end is not None and start < gold.source[1] and gold.source[0] < end:
        return True
    return bool(gold.entity_head) and head(pred.speaker) == gold.entity_head


def _same_pronoun_relation(pred: Attribution, gold: list[Gold]) -> bool:
    if "+pronoun" not in pred.method or pred.cue_start is None or pred.cue_end is None:
        return False
    return any(
        g.kind == "pronoun" and g.cue is not None and pred.cue_start < g.cue[1] and g.cue[0] < pred.cue_end
        for g in gold
    )


def score(
    predictions: list[Attribution | None],
    golds: list[list[Gold]],
    sc: Score,
    examples: list[str],
    text: str,
    sentences: Sequence[tuple[int, int]],
    scored: list[bool],
) -> None:
    for (s, e), pred, gold, counted in zip(sentences, predictions, golds, scored, strict=True):
        if not counted:
            continue
        for g in {g.kind for g in gold}:
            sc.kind_total[g] += 1
        if pred is None:
            if gold:
                sc.fn += 1
                examples.append(f"FN  gold={gold[0].source_text!r} | {text[s:e][:160]}")
            continue
        hit = next((g for g in gold if matches(pred, g)), None)
        method = pred.method.split("+")[0].replace("quote:", "quote>")
        if "+pronoun" in pred.method or "+unresolved" in pred.method:
            method += "+" + pred.method.rsplit("+", 1)[1]
        if pred.method.startswith("quote+"):
            method = "quote-continued"
        (sc.method_tp if hit is not None else sc.method_fp)[method] += 1
        if hit is not None:
            sc.tp += 1
            sc.by_kind[hit.kind] += 1
        else:
            sc.fp += 1
            if _same_pronoun_relation(pred, gold):
                sc.lenient += 1
            if gold:
                sc.fn += 1
                examples.append(
                    f"BAD pred={pred.speaker!r} ({pred.method}) gold={gold[0].source_text!r}"
                    f" | {text[s:e][:160]}"
                )
            else:
                sc.fp_negative += 1
                examples.append(f"FP  pred={pred.speaker!r} ({pred.method}) | {text[s:e][:160]}")


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--data", type=Path, default=root.parent / "shared" / "eval-dev")
    ap.add_argument("--show", type=int, default=0, help="print N error examples of the rule system")
    ap.add_argument(
        "--units",
        default="content",
        choices=["content", "cue"],
        help="content: every sentence of an attribution's content counts; cue: only the cue's sentence",
    )
    ap.add_argument("--methods", action="store_true", help="precision per attribution method")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--cv", type=int, default=0, help="K-fold cross-validation of the learned cues (train)")
    ap.add_argument("--before", default=BEFORE, help="git revision scored as 'before' ('' to skip)")
    ap.add_argument(
        "--sweep", default="", help="also score these MIN_COUNT:MIN_RATE pairs, e.g. '3:0.4,5:0.5'"
    )
    ap.add_argument("--learn", action="store_true", help=f"learn the cue lexicon from train into {CUES_PATH}")
    args = ap.parse_args(argv)

    if args.learn:
        train = load(args.data, "train")
        lexicon = learn(args.data, train, sorted(train))
        CUES_PATH.write_text(lexicon.to_json(), encoding="utf-8")
        print(f"{len(lexicon.counts)} words counted, {len(lexicon.words)} cues -> {CUES_PATH}")
        return 0
    docs = load(args.data, args.split)
    ids = sorted(docs)[: args.limit or None]
    # Per article, the lexicon it is scored with: learned without it (its fold left out) under --cv.
    lexicons: dict[str, CueLexicon | None] = dict.fromkeys(ids)
    if args.cv:
        for fold in range(args.cv):
            held = ids[fold :: args.cv]
            kept = sorted(set(ids) - set(held))
            lexicon = learn(args.data, docs, kept)
            lexicons.update(dict.fromkeys(held, lexicon))
    sweep = [(int(c), float(r)) for c, r in (pair.split(":") for pair in args.sweep.split(",") if pair)]
    systems: dict[str, Predictor | None] = {}
    if args.before:
        systems["before"] = before_attribute(args.before)
    systems["rules"] = None  # the current code with the article's lexicon
    for c, r in sweep:
        systems[f"{c}:{r}"] = None
    systems["naive"] = naive
    scores = {name: Score() for name in systems}
    seconds = dict.fromkeys(systems, 0.0)
    errors: list[str] = []
    n_sent = n_pos = n_skip = 0
    for doc_id in ids:
        text = (args.data / "polnear-articles" / f"{doc_id}.txt").read_text(encoding="utf-8")
        sentences = split_sentences(text)
        golds, scored = gold_per_sentence(text, sentences, docs[doc_id], args.units == "cue")
        n_sent += len(sentences)
        n_pos += sum(1 for g in golds if g)
        n_skip += scored.count(False)
        for name, fn in systems.items():
            lexicon = lexicons[doc_id]
            if name != "rules" and fn is None:
                c, r = name.split(":")
                base = lexicon if lexicon is not None else default_lexicon()
                lexicon = CueLexicon(base.counts, int(c), float(r))
            t0 = time.perf_counter()
            if fn is None:
                preds = attribute(text, sentences, lexicon)
            elif name == "before" and lexicon is not None and "lexicon" in inspect.signature(fn).parameters:
                preds = fn(text, sentences, lexicon)  # type: ignore[call-arg]  # the fold's cues, like "rules"
            else:
                preds = fn(text, sentences)
            seconds[name] += time.perf_counter() - t0
            score(preds, golds, scores[name], errors if name == "rules" else [], text, sentences, scored)

    how = f"{args.cv}-fold cross-validation, cues learned without the fold" if args.cv else "shipped cues"
    print(
        f"PolNeAR {args.split} (units: {args.units}; {how}): {len(ids)} articles, {n_sent} sentences,"
        f" {n_pos} gold-positive, {n_skip} not scored"
    )
    cols = ("P", "R", "F1", "TP", "FP", "(neg)", "FN")
    print(f"{'system':8} " + " ".join(f"{c:>6}" for c in cols) + f" {'sent/s':>9}")
    for name, sc in scores.items():
        p, r, f = sc.prf()
        rate = n_sent / seconds[name] if seconds[name] else 0.0
        print(
            f"{name:8} {p:6.3f} {r:6.3f} {f:6.3f} {sc.tp:6d} {sc.fp:6d} {sc.fp_negative:6d} {sc.fn:6d}"
            f" {rate:9.0f}"
        )
    sc = scores["rules"]
    lenient = Score(tp=sc.tp + sc.lenient, fp=sc.fp - sc.lenient, fn=sc.fn - sc.lenient)
    p, r, f = lenient.prf()
    print(f"{'lenient':8} {p:6.3f} {r:6.3f} {f:6.3f}   (a resolved pronoun on a gold pronoun's cue is right)")
    print("rules recall by gold source kind (sentences where that kind is present):")
    for kind in ("named", "pronoun", "relative", "first"):
        total = sc.kind_total[kind]
        print(f"  {kind:9} {sc.by_kind[kind]:5d}/{total:<5d} {sc.by_kind[kind] / total if total else 0:.3f}")
    if args.methods:
        print("rules precision by method (TP/predicted):")
        methods = set(sc.method_tp) | set(sc.method_fp)
        for m in sorted(methods, key=lambda m: -sc.method_tp[m] - sc.method_fp[m]):
            tp, fp = sc.method_tp[m], sc.method_fp[m]
            print(f"  {m:32} {tp:5d}/{tp + fp:<5d} {tp / (tp + fp):.3f}")
    if args.show:
        import random

        random.Random(0).shuffle(errors)
        for line in errors[: args.show]:
            print(line.replace("\n", " "))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
