"""Training and evaluating the topic model (pipeline.topic_train, pipeline.topic_eval, `paperlake topics`).

Training here is small (a few hundred labels, fixed settings, no cross-validation) so the suite stays
fast; the product command trains on every label with cross-validation."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipeline.topic_eval import (
    REAL_LABELS,
    SCORING_SQL,
    agreement,
    heldout_split,
    load_real_labels,
    metrics,
    score_with_sql,
)

TOPICS = ["vision", "theory", "other"]


def test_heldout_split_is_a_fixed_fifth_by_arxiv_id():
    labels = pd.read_csv(REAL_LABELS, dtype=str, keep_default_na=False)
    assert labels["arxiv_id"].is_unique
    assert (labels["split"] == labels["arxiv_id"].map(heldout_split)).all()
    share = (labels["split"] == "heldout").mean()
    assert 0.15 < share < 0.25, share
    assert heldout_split("2401.00001") == heldout_split(" 2401.00001 ")


def test_metrics_count_hits_sets_and_confusions():
    joined = pd.DataFrame(
        {
            "gold_primary": ["vision", "theory", "other"],
            "gold_topics": [["vision", "theory"], ["theory"], ["other"]],
            "pred_primary": ["theory", "theory", "vision"],
            "pred_topics": [["theory"], ["theory", "vision"], ["vision"]],
        }
    )
    m = metrics(joined)
    assert m["hit_at_1"] == pytest.approx(2 / 3)  # 'theory' is among the first paper's gold topics
    assert m["primary_accuracy"] == pytest.approx(1 / 3)
    # pairs: tp = theory(1) + theory(2) = 2; fp = vision(2) + vision(3) = 2; fn = vision(1) + other(3) = 2
    assert (m["micro_precision"], m["micro_recall"], m["micro_f1"]) == pytest.approx((0.5, 0.5, 0.5))
    assert m["per_topic"]["theory"]["precision"] == 1.0 and m["per_topic"]["vision"]["recall"] == 0.0
    assert dict(m["confusions"]) == {("vision", "theory"): 1, ("other", "vision"): 1}


def test_agreement_of_identical_labellings_is_perfect():
    first = pd.DataFrame(
        {"arxiv_id": ["1", "2"], "primary_topic": ["vision", "theory"], "topics": ["vision;theory", "theory"]}
    )
    second = first.assign(topics=["vision", "theory"])
    result = agreement(first, second)
    assert result["n"] == 2 and result["primary_accuracy"] == 1.0
    assert result["micro_precision"] == 1.0 and result["micro_recall"] == pytest.approx(2 / 3)


def _tiny_inputs():
    from scipy import sparse

    from pipeline import topic_train as tt

    papers = pd.DataFrame(
        {
            "paper_id": ["a", "b", "c", "d"],
            "gold_primary": ["vision", "vision", "vision", "theory"],
            "gold_topics": [["vision", "theory"], ["vision"], ["vision", "other", "theory"], ["theory"]],
            "split": ["train"] * 4,
            "source": ["real"] * 4,
        }
    )
    counts = sparse.csr_matrix(np.array([[3, 1, 0], [1, 0, 0], [2, 0, 1], [0, 2, 1]], dtype=float))
    features = np.array(["image", "bound", "misc"])
    return tt.Inputs(papers, counts, features, np.zeros((4, len(TOPICS))), TOPICS)


def test_secondary_gold_topics_become_weighted_training_rows(monkeypatch):
    pytest.importorskip("scipy")
    from pipeline import topic_train as tt

    monkeypatch.setattr(tt, "SECONDARY_WEIGHT", 0.5)
    rows, topics, weights = tt.training_rows(_tiny_inputs(), np.arange(4))
    examples = {(int(r), TOPICS[t]): w for r, t, w in zip(rows, topics, weights, strict=True)}
    # One row per primary topic, one per secondary topic; nothing for topics outside the gold set.
    assert set(examples) == {
        (0, "vision"),
        (0, "theory"),
        (1, "vision"),
        (2, "vision"),
        (2, "other"),
        (2, "theory"),
        (3, "theory"),
    }
    vision, theory = 4 / (2 * 3), 4 / (2 * 1)  # 'balanced' over the primary topics
    assert examples[(1, "vision")] == pytest.approx(vision)
    assert examples[(3, "theory")] == pytest.approx(theory)
    assert examples[(0, "theory")] == pytest.approx(0.5 * theory)
    assert examples[(2, "other")] == pytest.approx(0.5)  # never a primary topic: weight 1 x 0.5


def test_per_topic_thresholds_decide_the_secondary_topics():
    pytest.importorskip("scipy")
    from pipeline import topic_train as tt

    p = np.array([[0.6, 0.25, 0.15], [0.5, 0.1, 0.4]])
    _, sets = tt.choose(p, 0.05, np.array([0.1, 0.2, 0.3]))
    assert sets.tolist() == [[True, True, False], [True, False, True]]
    _, sets = tt.choose(p, 0.5, np.array([0.1, 0.2, 0.3]))  # share: p >= 0.5 x p(primary)
    assert sets.tolist() == [[True, False, False], [True, False, True]]


def test_topic_thresholds_follow_the_labels_and_ignore_rare_topics():
    """A topic that is a gold secondary topic whenever its p reaches 0.07 gets a threshold that admits
    it; a topic with too few secondary examples keeps the global one."""
    pytest.importorskip("scipy")
    from pipeline import topic_train as tt

    rng = np.random.default_rng(0)
    n = 200
    p = np.zeros((n, 3))
    p[:, 0] = 0.6
    p[:, 1] = rng.choice([0.07, 0.03], n)  # 'theory': in the gold set exactly when p = 0.07
    p[:, 2] = 1 - p[:, 0] - p[:, 1]
    p[:5, 2], p[:5, 1] = 0.05, 0.35  # 'other' reaches 0.05 five times, always gold
    gold = np.zeros((n, 3), dtype=bool)
    gold[:, 0] = True
    gold[:, 1] = p[:, 1] == 0.07
    gold[:5, 2] = True
    thresholds = tt.tune_topic_thresholds([p], gold, share=0.05, min_p=0.1, min_support=15)
    assert 0.03 < thresholds[1] <= 0.07
    assert thresholds[2] == 0.1  # 5 examples: stays at the global threshold


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max())
    return e / e.sum()


def test_written_model_is_read_by_the_sql_with_the_temperature_folded_in(tmp_path):
    pytest.importorskip("scipy")
    from pipeline import topic_train as tt

    inputs = _tiny_inputs()
    cut = tt.PRUNE_BELOW
    weights = np.array([[2.0, -1.0, 0.01], [-0.5, 3.0, 0.0], [cut, 0.75 * cut, -0.04]])  # features x topics
    model = tt.LinearModel(np.arange(3), np.array([1.0, 1.5, 2.0]), weights, np.array([0.4, -0.2, -0.2]))
    setting = tt.Setting(
        C=1, rule_weight=0.2, temperature=4.0, share=0.05, min_p=0.1, topic_min_p={"other": 0.3}
    )
    tt.write_model(tt.TrainResult(setting, model, inputs, ["test"], {}), tmp_path)

    con = duckdb.connect()
    con.execute("SET VARIABLE topic_model_dir = ?", [str(tmp_path)])
    from pipeline.sql import sql_text

    con.execute(sql_text("warehouse/061_topic_model.sql"))
    rule_weight, share, min_p, temperature, trained_on = con.execute(
        "SELECT rule_weight, secondary_share, secondary_min_p, temperature, trained_on "
        "FROM topic_model_settings"
    ).fetchone()
    assert (rule_weight, share, min_p, temperature, trained_on) == pytest.approx(
        (0.05, 0.05, 0.1, 4, "train")
    )
    thresholds = dict(con.execute("SELECT topic, secondary_min_p FROM topic_model_bias").fetchall())
    assert thresholds == {"vision": 0.1, "theory": 0.1, "other": 0.3}
    exported = {(t, f): w for t, f, w in con.execute("SELECT * FROM topic_model_weights").fetchall()}
    # Pruning looks at the weight before the temperature: PRUNE_BELOW / 4 is kept, less is not.
    assert ("vision", "misc") in exported and ("other", "misc") not in exported
    assert ("theory", "misc") not in exported  # 0.75 x PRUNE_BELOW
    assert ("other", "image") not in exported  # |0.01| < PRUNE_BELOW
    assert dict(con.execute("SELECT feature, idf FROM topic_model_vocab").fetchall()) == {
        "image": 1.0,
        "bound": 1.5,
        "misc": 2.0,
    }
    bias = dict(con.execute("SELECT topic, bias FROM topic_model_bias").fetchall())

    # The logits 070_paper_topics.sql computes from the export give softmax(original logits / T).
    x = np.array([0.6, 0.8, 0.0])  # a paper's normalised tf-idf
    rules = np.array([0.0, 10.0, 0.0])
    sql_logits = np.array(
        [
            bias[t]
            + sum(x[i] * exported.get((t, f), 0.0) for i, f in enumerate(inputs.features))
            + rule_weight * rules[k]
            for k, t in enumerate(TOPICS)
        ]
    )
    original = model.bias + x @ weights + setting.rule_weight * rules
    np.testing.assert_allclose(_softmax(sql_logits), _softmax(original / 4), atol=1e-3)  # pruned 0.01


@pytest.fixture(scope="module")
def small_model(tmp_path_factory):
    """A model fitted with fixed settings on 400 real training labels (seconds, not minutes)."""
    pytest.importorskip("sklearn")
    from pipeline import topic_train as tt

    real = load_real_labels()
    papers = real[real["split"] == "train"].head(400).sort_values("paper_id", ignore_index=True)
    setting = tt.Setting(C=10, rule_weight=0.1, temperature=3, share=0.05, min_p=0.12, ovr_weight=1.0)
    result = tt.train(papers, setting=setting)
    folder = tmp_path_factory.mktemp("model")
    tt.write_model(result, folder)
    return result, folder


def test_trainer_and_warehouse_sql_classify_alike(small_model):
    """The SQL scoring of the written files agrees with the trainer's own NumPy scoring."""
    from pipeline import topic_train as tt

    result, folder = small_model
    inputs, st = result.inputs, result.setting
    p = tt.softmax((tt.model_scores(inputs, result.model) + st.rule_weight * inputs.rules) / st.temperature)
    primary, _ = tt.choose(p, st.share, np.full(len(inputs.topics), st.min_p))
    expected = dict(zip(inputs.papers["paper_id"], np.array(inputs.topics)[primary], strict=True))
    scored = score_with_sql(inputs.papers, folder)
    got = dict(zip(scored["paper_id"], scored["topic"], strict=True))
    agree = np.mean([got[k] == v for k, v in expected.items()])
    assert agree >= 0.98, agree  # pruned weights may flip a near tie


def test_one_vs_rest_part_adds_into_the_one_weight_table(small_model):
    """The ensemble is one linear model: softmax part + ovr_weight x one-vs-rest part, pruned as
    exported; ovr_weight 0 is the softmax model alone."""
    from pipeline import topic_train as tt

    result, _ = small_model
    inputs = result.inputs
    parts = tt.fit_parts(inputs, np.arange(len(inputs.papers)), 10.0)
    assert (parts.ovr_weights != 0).any() and (parts.ovr_bias != 0).any()
    alone = parts.combined(0.0)
    np.testing.assert_array_equal(alone.weights, parts.softmax_weights)
    both = parts.combined(1.0)
    assert not ((both.weights != 0) & (np.abs(both.weights) < tt.PRUNE_BELOW)).any()
    total = parts.softmax_weights + parts.ovr_weights
    kept = np.abs(total) >= tt.PRUNE_BELOW
    np.testing.assert_allclose(both.weights[kept], total[kept])
    np.testing.assert_allclose(both.weights, result.model.weights)  # what train() fitted and wrote


def test_small_model_learns_something_on_the_held_out_papers(small_model):
    from pipeline.topic_eval import evaluate_labels

    _, folder = small_model
    result = evaluate_labels("heldout", folder=folder)
    assert result["trained_on"] == "train"
    assert result["hit_at_1"] >= 0.80, result["hit_at_1"]


def test_scoring_sql_is_the_warehouse_topic_sql():
    """score_with_sql runs exactly the warehouse files that classify papers, in build order."""
    from pipeline.sql import sql_files

    names = [p.name for p in sql_files("warehouse")]
    topic_files = [f"warehouse/{n}" for n in names if n.startswith(("055", "06", "070"))]
    assert list(SCORING_SQL) == topic_files


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assets.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_topics_eval_and_agreement_commands_print_reports():
    done = _cli("topics", "eval", "--split", "heldout")
    assert done.returncode == 0, done.stderr
    assert "hit@1:" in done.stdout and "micro P/R/F1:" in done.stdout and "top confusions" in done.stdout
    done = _cli("topics", "agreement")
    assert done.returncode == 0, done.stderr
    assert "primary accuracy:" in done.stdout


def test_topics_train_writes_a_model_folder(tmp_path):
    """`paperlake topics train --output DIR` on a small labels file (all of it is 'train')."""
    pytest.importorskip("sklearn")
    labels = pd.read_csv(REAL_LABELS, dtype=str, keep_default_na=False)
    small = labels[labels["split"] == "train"].head(150)
    path = tmp_path / "labels.csv"
    small.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
    done = _cli("topics", "train", "--quick", "--labels", str(path), "--output", str(tmp_path / "model"))
    assert done.returncode == 0, done.stderr
    for name in ("settings.csv", "topics.csv", "features.csv", "README.md"):
        assert (tmp_path / "model" / name).exists(), name
    assert "training labels:" in done.stdout
    assert Path(tmp_path / "model" / "features.csv").read_text(encoding="utf-8").startswith("feature,idf,")
