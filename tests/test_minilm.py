"""bench/minilm.py, the NumPy all-MiniLM-L6-v2 used by the topic research: BERT tokenisation rules and
an encoder whose output does not depend on batching or padding (checked on a tiny random model)."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from bench.minilm import MiniLMEncoder, WordPieceTokenizer, read_safetensors

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "un", "##aff", "##able",
         ",", "!", "cafe", "graph", "-", "based"]


def write_vocab(path: Path) -> Path:
    path.write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    return path


def ids(*tokens: str) -> list[int]:
    return [VOCAB.index(t) for t in tokens]


def test_tokeniser_lowercases_strips_accents_and_splits_punctuation(tmp_path):
    tok = WordPieceTokenizer(write_vocab(tmp_path / "vocab.txt"))
    assert tok.words("Hello, WORLDS! Café graph-based") == ["hello", ",", "worlds", "!", "cafe", "graph", "-",
                                                            "based"]
    assert tok.encode("Hello, worlds! unaffable") == ids(
        "[CLS]", "hello", ",", "world", "##s", "!", "un", "##aff", "##able", "[SEP]"
    )


def test_tokeniser_marks_unknown_words_and_truncates(tmp_path):
    tok = WordPieceTokenizer(write_vocab(tmp_path / "vocab.txt"))
    assert tok.encode("hello zebra") == ids("[CLS]", "hello", "[UNK]", "[SEP]")
    assert tok.encode("hello world hello world", max_tokens=4) == ids("[CLS]", "hello", "world", "[SEP]")


def write_tiny_model(model_dir: Path, hidden: int = 8, heads: int = 2, layers: int = 2) -> Path:
    """A random BERT in the layout of all-MiniLM-L6-v2's files (config.json, vocab.txt, safetensors)."""
    model_dir.mkdir()
    write_vocab(model_dir / "vocab.txt")
    config = {"hidden_size": hidden, "num_attention_heads": heads, "num_hidden_layers": layers,
              "layer_norm_eps": 1e-12}
    (model_dir / "config.json").write_text(json.dumps(config), encoding="utf-8")
    rng = np.random.default_rng(0)
    shapes = {"embeddings.word_embeddings.weight": (len(VOCAB), hidden),
              "embeddings.position_embeddings.weight": (32, hidden),
              "embeddings.token_type_embeddings.weight": (2, hidden),
              "embeddings.LayerNorm.weight": (hidden,), "embeddings.LayerNorm.bias": (hidden,)}
    for i in range(layers):
        p = f"encoder.layer.{i}."
        for name in ("query", "key", "value"):
            shapes[f"{p}attention.self.{name}.weight"] = (hidden, hidden)
            shapes[f"{p}attention.self.{name}.bias"] = (hidden,)
        shapes |= {f"{p}attention.output.dense.weight": (hidden, hidden),
                   f"{p}attention.output.dense.bias": (hidden,),
                   f"{p}attention.output.LayerNorm.weight": (hidden,),
                   f"{p}attention.output.LayerNorm.bias": (hidden,),
                   f"{p}intermediate.dense.weight": (4 * hidden, hidden),
                   f"{p}intermediate.dense.bias": (4 * hidden,),
                   f"{p}output.dense.weight": (hidden, 4 * hidden), f"{p}output.dense.bias": (hidden,),
                   f"{p}output.LayerNorm.weight": (hidden,), f"{p}output.LayerNorm.bias": (hidden,)}
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, shape in shapes.items():
        data = rng.normal(size=shape).astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header).encode()
    (model_dir / "model.safetensors").write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))
    return model_dir


def test_safetensors_reader_returns_the_stored_tensors(tmp_path):
    tensors = read_safetensors(write_tiny_model(tmp_path / "m") / "model.safetensors")
    assert tensors["embeddings.word_embeddings.weight"].shape == (len(VOCAB), 8)
    assert tensors["encoder.layer.1.intermediate.dense.weight"].shape == (32, 8)


def test_embeddings_are_unit_length_and_independent_of_batching(tmp_path):
    encoder = MiniLMEncoder(write_tiny_model(tmp_path / "m"))
    texts = ["hello world", "graph-based cafe, hello worlds! unaffable", "cafe", "hello"]
    together = encoder.encode(texts, batch_size=4)  # padded to the longest text
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert together.shape == (4, 8)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_allclose(together, alone, atol=1e-5)  # padding is masked out; order is kept
    assert not np.allclose(together[0], together[1])


def test_missing_model_files_are_reported(tmp_path):
    with pytest.raises(FileNotFoundError):
        MiniLMEncoder(tmp_path / "nowhere")
