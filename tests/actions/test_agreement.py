"""Agreement figures checked against published values."""

from __future__ import annotations

import pytest

from workbench.agreement import cohen_kappa, disagreements, krippendorff_alpha, team_agreement


def test_krippendorff_alpha_matches_krippendorffs_own_nominal_example() -> None:
    coders = [
        "1 2 3 3 2 1 4 1 2 . . .",
        "1 2 3 3 2 2 4 1 2 5 . 3",
        ". 3 3 3 2 3 4 2 2 5 1 .",
        "1 2 3 3 2 4 4 1 2 5 1 .",
    ]
    units = [[v for v in column if v != "."] for column in zip(*(c.split() for c in coders), strict=True)]
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=0.001)


def test_cohen_kappa_textbook_values() -> None:
    assert cohen_kappa([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b")]) == pytest.approx(0.5)
    # Cohen (1960)-style table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> kappa 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)
    assert cohen_kappa([("a", "a")] * 3) is None


def test_team_agreement_and_disagreements() -> None:
    rows = [
        (1, "ana", "false"),
        (1, "bo", "false"),
        (2, "ana", "true"),
        (2, "bo", "false"),
        (3, "ana", "true"),
        (3, "bo", "true"),
        (3, "cy", "true"),
        (4, "cy", "false"),
    ]
    result = team_agreement(rows)
    assert result.items == 3 and result.reviewers == 3
    ana_bo = next(p for p in result.pairs if (p.a, p.b) == ("ana", "bo"))
    assert ana_bo.items == 3 and ana_bo.percent == pytest.approx(2 / 3)
    assert result.percent == pytest.approx(4 / 5)
    assert disagreements(rows) == {2: {"false": ["bo"], "true": ["ana"]}}
