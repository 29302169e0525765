from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from workbench.text import encoder as enc


@pytest.fixture(scope="module")
def model() -> enc.SentenceEncoder:
    loaded = enc.load_encoder()
    assert loaded is not None, "the default model package is a default dependency"
    return loaded


def test_vectors_are_unit_rows_in_input_order(model: enc.SentenceEncoder) -> None:
    texts = ["short", "a much longer sentence about the unemployment rate in 2023", ""]
    vectors = model.encode(texts, batch_size=2)
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, model.dim) == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    one = model.encode([texts[1]])[0]
    assert float(one @ vectors[1]) > 0.999


def test_matches_the_reference_similarity(model: enc.SentenceEncoder) -> None:
    # sentence-transformers documents 0.7553 for this pair with the fp32 all-MiniLM-L6-v2.
    v = model.encode(
        ["A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby."]
    )
    assert abs(float(v[0] @ v[1]) - 0.7553) < 0.02
    assert float(v[0] @ v[2]) < 0.1


def test_paraphrase_beats_topic_neighbour(model: enc.SentenceEncoder) -> None:
    v = model.encode(
        [
            "The minister said unemployment fell to its lowest level in a decade.",
            "According to the minister, joblessness is at a ten-year low.",
            "The minister said inflation rose to its highest level in a decade.",
        ]
    )
    assert float(v[0] @ v[1]) > float(v[1] @ v[2])


def test_blob_round_trip_is_compact_and_close(model: enc.SentenceEncoder) -> None:
    vectors = model.encode(["Crime doubled in London since 2010.", "Bread costs twice as much."])
    blobs = [enc.to_blob(v) for v in vectors]
    assert all(len(b) == model.dim + 4 for b in blobs)
    back = enc.from_blobs(blobs)
    assert np.allclose(back[0], enc.from_blob(blobs[0]))
    assert float(np.min(np.sum(back * vectors, axis=1))) > 0.999


def test_missing_model_means_lexical_only_said_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "nowhere" / "model.onnx"
    with caplog.at_level(logging.INFO, logger="workbench.text.encoder"):
        assert enc.load_encoder(missing) is None
        assert enc.load_encoder(missing) is None
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 1
    assert enc.unavailable_message() == messages[0]
    assert messages[0].startswith("semantic matching off: no model file at")
    assert messages[0].endswith("; lexical only")


def test_checksum_mismatch_is_refused(tmp_path: Path) -> None:
    spec = enc.default_spec()
    copy = tmp_path / "model.onnx"
    shutil.copyfile(spec.path, copy)
    with pytest.raises(enc.EncoderUnavailable, match=r"expected 0{64}; refusing"):
        enc.OnnxEncoder(enc.ModelSpec(copy, "0" * 64, spec.tokenizer, "tampered"))
    assert enc.load_encoder(copy, sha256="0" * 64, tokenizer=spec.tokenizer) is None
    assert "refusing to run it" in (enc.unavailable_message() or "")


def test_another_local_model_by_path(tmp_path: Path, model: enc.SentenceEncoder) -> None:
    spec = enc.default_spec()
    shutil.copyfile(spec.path, tmp_path / "model.onnx")
    shutil.copyfile(spec.tokenizer, tmp_path / "tokenizer.json")
    other = enc.load_encoder(tmp_path / "model.onnx", sha256=spec.sha256)
    assert other is not None and other.dim == 384
    assert float(other.encode(["same text"])[0] @ model.encode(["same text"])[0]) > 0.999


def test_off_is_silent() -> None:
    assert enc.load_encoder("off") is None
    assert enc.unavailable_message() is None
