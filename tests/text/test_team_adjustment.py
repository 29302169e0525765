"""The team fit on its own: it follows the decisions, and the pull towards the shipped model holds it back."""

from __future__ import annotations

import random

import pytest

from workbench.text.model import Reason
from workbench.text.team_adjustment import LAM, fit


def _decisions(n: int, seed: int = 7) -> list[tuple[list[Reason], int]]:
    """Claims whose learned-words part tells the decision far better than the hand part does."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        label = i % 2
        words = rng.gauss(1.0 if label else -1.0, 0.5)
        hand = rng.gauss(0.0, 1.0)
        out.append(([Reason("quantity", hand, "q"), Reason("words", words, "w")], label))
    return out


def test_the_fit_leans_on_the_part_that_tells_the_decisions() -> None:
    weak = fit(0.0, _decisions(200), lam=0.01)
    shipped = fit(0.0, _decisions(200))
    assert weak.words > weak.hand and weak.words > 0.5
    assert 0 < shipped.words < weak.words  # the same direction, held back by the pull
    assert abs(shipped.hand) < abs(weak.hand) + 1e-9
    assert shipped.meaning == 0.0 and weak.meaning == 0.0  # no semantic part: nothing to weigh
    assert LAM >= 1.0


def test_one_kind_of_decision_teaches_nothing() -> None:
    with pytest.raises(ValueError, match="both"):
        fit(0.0, [(r, 1) for r, _ in _decisions(30)])
