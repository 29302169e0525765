"""The claim view's "checked before?" (the `similar` ranking: imported fact-checks and our verdicts) and
"similar claims in other outlets" (sentence vectors, vetoes kept), through the real CLI on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from workbench.actions import other_outlets, same_claim
from workbench.store.database import open_database

PARAPHRASES = {
    "injured": [
        "The man was injured in the operation",
        "had sustained injuries when he was arrested",
        "briefly detained and beat",
    ],
    "alert": ["put its police and army units on highest alert", "putting its troops on full alert"],
}


def _id(db: Path, like: str) -> int:
    out = run_cli("--db", str(db), "claims", "--all", "--search", f'"{like}"', "--json")
    assert out.code == 0, out.err
    rows = json.loads(out.out)
    assert len(rows) == 1, (like, rows)
    return int(rows[0]["id"])


@pytest.fixture(scope="module")
def seeds_with_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SEEDS

    db = tmp_path_factory.mktemp("meaning") / "seeds.db"
    assert run_cli("--db", str(db), "ingest", str(SEEDS), "--workers", "1").code == 0
    out = run_cli("--db", str(db), "vectors", "--json")
    assert out.code == 0, out.err
    assert json.loads(out.out)["encoded"] == 80  # every claim, not only reviewed ones
    return db


def test_paraphrases_in_other_outlets_are_among_the_top_3(seeds_with_vectors: Path) -> None:
    """Issue 13's seeds: each paraphrase lists another of its group among its top 3 in other outlets,
    and the group is connected through those lists (the injured man: 3-14 and 14-30)."""
    db = seeds_with_vectors
    encoder = same_claim.shared_encoder()
    assert encoder is not None
    with open_database(db) as database:
        for group in PARAPHRASES.values():
            ids = [_id(db, words) for words in group]
            edges = set()
            for claim_id in ids:
                top = [
                    o.id for o in other_outlets.similar_in_other_outlets(database, claim_id, encoder=encoder)
                ]
                assert len(top) <= 3
                found = [i for i in ids if i in top]
                assert found, (claim_id, top)
                edges |= {frozenset((claim_id, i)) for i in found}
            reached = {ids[0]}
            for _ in ids:
                reached |= {i for e in edges if e & reached for i in e}
            assert reached == set(ids), edges


def test_figures_that_differ_veto_a_neighbour(seeds_with_vectors: Path) -> None:
    """ "At least 19 people were detained" and "arrested 19" are close in meaning and their figures agree;
    a sentence naming other figures never shows up, however close its words."""
    db = seeds_with_vectors
    encoder = same_claim.shared_encoder()
    with open_database(db) as database:
        claim_id = _id(db, "At least 19 people were detained")
        found = other_outlets.similar_in_other_outlets(database, claim_id, encoder=encoder, k=10)
        assert found
        from workbench.text.matching.features import figures_disagree

        texts = {o.id: o.text for o in found}
        for text in texts.values():
            import re

            numbers = frozenset(re.findall(r"\d+", text))
            assert not figures_disagree(frozenset({"19"}), numbers) or not numbers, text


def test_show_json_checked_before_from_factchecks_and_our_verdicts(
    seeds_with_vectors: Path, tmp_path: Path
) -> None:
    db = seeds_with_vectors
    injured = _id(db, "The man was injured in the operation")
    arrested = _id(db, "had sustained injuries when he was arrested")
    args = ("--db", str(db), "--reviewer", "ana")
    assert run_cli(*args, "verdict", str(arrested), "false", "--rationale", "UNMIK said so.").code == 0
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            {
                "@type": "ClaimReview",
                "url": "https://fc.example/kosovo",
                "claimReviewed": "The Russian was injured in the police operation and had to be hospitalized.",
                "author": {"@type": "Organization", "name": "Example Check"},
                "datePublished": "2019-05-30",
                "reviewRating": {"@type": "Rating", "alternateName": "True"},
            }
        ),
        encoding="utf-8",
    )
    assert run_cli(*args, "factchecks", "import", str(feed)).code == 0
    out = run_cli(*args, "show", str(injured), "--json")
    assert out.code == 0, out.err
    checked = json.loads(out.out)["checked_before"]
    assert 1 <= len(checked) <= 3
    kinds = {(m["kind"], m["id"]) for m in checked}
    assert ("claim", arrested) in kinds and any(k == "factcheck" for k, _ in kinds)
    for m in checked:
        assert m["label"] in ("likely the same claim", "possibly")
        assert m["similarity"] is not None and m["why"][0].startswith("meaning similarity")
        assert m["who"] and m["when"]
        assert any(w.startswith("verdict: ") for w in m["why"])
    ours = next(m for m in checked if m["kind"] == "claim")
    assert ours["who"] == "ana" and ours["verdict_label"] == "False"
    theirs = next(m for m in checked if m["kind"] == "factcheck")
    assert theirs["who"] == "Example Check" and theirs["url"] == "https://fc.example/kosovo"
    assert "verdict: True by Example Check on 2019-05-30" in theirs["why"]
    assert "operation" in theirs["shared_words"]
    plain = run_cli(*args, "show", str(injured))
    assert "checked before:" in plain.out and "similar claims in other outlets" in plain.out
    # a claim is never "checked before" by itself
    out = run_cli(*args, "show", str(arrested), "--json")
    assert all(m["id"] != arrested or m["kind"] != "claim" for m in json.loads(out.out)["checked_before"])


def test_without_the_model_checked_before_is_lexical_and_says_so(
    seeds_with_vectors: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKBENCH_ENCODER_MODEL", "off")
    db = seeds_with_vectors
    claim = _id(db, "At least 19 people were detained")
    copy_of = _id(db, "On Tuesday, Kosovo police arrested 19")
    assert run_cli("--db", str(db), "--reviewer", "bo", "verdict", str(copy_of), "false").code == 0
    out = run_cli("--db", str(db), "show", str(claim), "--json")
    assert out.code == 0, out.err
    view = json.loads(out.out)
    assert view["similar_in_other_outlets"] == []
    for m in view["checked_before"]:
        assert m["similarity"] is None and m["label"] == "possibly"
        assert m["why"][0] == "by words only (no sentence model)"


def test_figures_differ_is_said(tmp_path: Path) -> None:
    from workbench.text.matching.shared import reasons, shared

    found = shared("Police detained 19 people in Kosovo.", "Police detained 12 people in Kosovo.")
    assert found.figures == "the figures differ" and "Kosovo" in found.names
    assert "the figures differ" in reasons(found)
    assert str(shared("19 detained in Kosovo", "Kosovo: 19 held").figures).startswith("same figures: 19")
