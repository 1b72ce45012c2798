"""The topic trainer: secondary gold topics become weighted training rows, and the softmax temperature
chosen by cross-validation is folded into the exported SQL so 070_paper_topics.sql needs no change."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from bench import train_topics as tt

TOPICS = ["vision", "theory", "other"]


def tiny_inputs() -> tt.Inputs:
    papers = pd.DataFrame(
        {
            "paper_id": ["a", "b", "c", "d"],
            "gold_primary": ["vision", "vision", "vision", "theory"],
            "gold_topics": [["vision", "theory"], ["vision"], ["vision", "other", "theory"], ["theory"]],
            "split": ["dev"] * 4,
        }
    )
    counts = sparse.csr_matrix(np.array([[3, 1, 0], [1, 0, 0], [2, 0, 1], [0, 2, 1]], dtype=float))
    features = np.array(["image", "bound", "misc"])
    return tt.Inputs(papers, counts, features, np.zeros((4, len(TOPICS))), TOPICS)


def test_secondary_gold_topics_become_weighted_training_rows(monkeypatch):
    monkeypatch.setattr(tt, "SECONDARY_WEIGHT", 0.5)
    inputs = tiny_inputs()
    rows, topics, weights = tt.training_rows(inputs, np.arange(4))
    examples = {(int(r), TOPICS[t]): w for r, t, w in zip(rows, topics, weights, strict=True)}
    # One row per primary topic, one per secondary topic; nothing for topics outside the gold set.
    assert set(examples) == {(0, "vision"), (0, "theory"), (1, "vision"), (2, "vision"), (2, "other"),
                             (2, "theory"), (3, "theory")}
    # 'balanced' over the primary topics: vision is primary 3 times, theory once.
    vision, theory = 4 / (2 * 3), 4 / (2 * 1)
    assert examples[(1, "vision")] == pytest.approx(vision)
    assert examples[(3, "theory")] == pytest.approx(theory)
    assert examples[(0, "theory")] == pytest.approx(0.5 * theory)
    assert examples[(2, "other")] == pytest.approx(0.5)  # never a primary topic: weight 1 x 0.5


def test_without_secondary_weight_only_primary_topics_are_trained(monkeypatch):
    monkeypatch.setattr(tt, "SECONDARY_WEIGHT", 0.0)
    rows, topics, _ = tt.training_rows(tiny_inputs(), np.arange(4))
    assert list(rows) == [0, 1, 2, 3]
    assert [TOPICS[t] for t in topics] == ["vision", "vision", "vision", "theory"]


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max())
    return e / e.sum()


def test_exported_model_applies_the_temperature_without_any_sql_change():
    inputs = tiny_inputs()
    weights = np.array([[2.0, -1.0, 0.01], [-0.5, 3.0, 0.0], [0.2, 0.3, -0.04]])  # features x topics
    model = tt.LinearModel(np.arange(3), np.array([1.0, 1.5, 2.0]), weights, np.array([0.4, -0.2, -0.2]))
    setting = pd.Series({"rule_weight": 0.2, "temperature": 4.0, "share": 0.05, "min_p": 0.1})
    con = duckdb.connect()
    con.execute(tt.render_sql(inputs, model, setting, ["test"]))

    rule_weight, share, min_p, temperature = con.execute(
        "SELECT rule_weight, secondary_share, secondary_min_p, temperature FROM topic_model_settings"
    ).fetchone()
    settings = (rule_weight, float(share), float(min_p), float(temperature))
    assert settings == pytest.approx((0.2 / 4, 0.05, 0.1, 4))
    exported = {(t, f): w for t, f, w in con.execute("SELECT * FROM topic_model_weights").fetchall()}
    # Pruning looks at the weight before the temperature: 0.2 / 4 = 0.05 is kept, 0.04 / 4 is not.
    assert ("vision", "misc") in exported and ("other", "misc") not in exported
    assert ("other", "image") not in exported  # |0.01| < 0.05
    bias = dict(con.execute("SELECT topic, bias FROM topic_model_bias").fetchall())

    # The logits 070_paper_topics.sql computes from the export give softmax(original logits / T).
    x = np.array([0.6, 0.8, 0.0])  # a paper's normalised tf-idf
    rules = np.array([0.0, 10.0, 0.0])
    sql_logits = np.array([
        float(bias[t]) + sum(x[i] * exported.get((t, f), 0.0) for i, f in enumerate(inputs.features))
        + rule_weight * rules[k]
        for k, t in enumerate(TOPICS)
    ])
    original = model.bias + x @ weights + setting["rule_weight"] * rules
    np.testing.assert_allclose(_softmax(sql_logits), _softmax(original / 4), atol=1e-3)  # pruned 0.01
