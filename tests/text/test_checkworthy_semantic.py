"""The semantic part: packaged file checked by SHA-256, one explained reason, scores that still add up."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest

from workbench.text import checkworthy_semantic as semantic
from workbench.text.checkworthy import BIAS, score_sentence
from workbench.text.encoder import load_encoder

CLAIM = "We have lost 70,000 factories since China entered the World Trade Organization."
CHATTER = "Thank you all so much for coming tonight, it is wonderful to be here with you."


def test_the_packaged_part_loads_and_is_small() -> None:
    part = semantic.load_part()
    assert part is not None
    assert part.head.shape == (384,) and part.examples.shape == (440, 384) and len(part.texts) == 440
    assert np.allclose(np.linalg.norm(part.examples, axis=1), 1.0, atol=1e-4)
    assert semantic.DEFAULT_PATH.stat().st_size < 250_000


def test_a_changed_or_missing_file_is_refused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    copy = tmp_path / "part.npz"
    shutil.copy(semantic.DEFAULT_PATH, copy)
    data = bytearray(copy.read_bytes())
    data[100] ^= 0xFF
    copy.write_bytes(bytes(data))
    with caplog.at_level("INFO"):
        assert semantic.load_part(copy) is None
        assert semantic.load_part(copy) is None
        assert semantic.load_part(tmp_path / "absent.npz") is None
    said = [r.getMessage() for r in caplog.records if "semantic part off" in r.getMessage()]
    assert len(said) == 2, said  # once per problem, not once per call
    assert "expected " + semantic.SHA256 in said[0]


def test_the_reason_names_the_nearest_picked_lines_and_the_sum_holds() -> None:
    part = semantic.load_part()
    model = load_encoder()
    assert part is not None and model is not None
    claim_v, chatter_v = model.encode([CLAIM, CHATTER])
    claim = part.reason(claim_v)
    chatter = part.reason(chatter_v)
    assert claim.feature == "semantic" and claim.weight > 0 > chatter.weight
    assert claim.detail.startswith("meaning like check-worthy debate lines: '")
    assert chatter.detail.startswith("meaning unlike check-worthy debate lines (nearest: '")
    assert claim.detail.count("' (0.") == 2
    lexical = score_sentence(CLAIM)
    score, reasons = semantic.rescored(BIAS, lexical.reasons, claim_v, part)
    assert score > lexical.score
    assert math.isclose(
        BIAS + math.fsum(r.weight for r in reasons), math.log(score / (1 - score)), abs_tol=1e-9
    )
    # Re-scoring again replaces the semantic reason instead of adding a second one.
    score2, reasons2 = semantic.rescored(BIAS, reasons, claim_v, part)
    assert (score2, reasons2) == (score, reasons)
    assert [r for r in reasons if r.feature != "semantic"] == sorted(
        lexical.reasons, key=lambda r: -abs(r.weight)
    )
