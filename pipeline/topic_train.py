"""Train the topic model on the labels and write it as the data files the warehouse reads.

This is what ``paperlake topics train`` runs; it needs scikit-learn (``pip install -e '.[topics]'``),
which the warehouse build does not. The model (method and measurements: docs/topics.md):

    s(topic) = (bias + sum_f x_f * w(f, topic) + rule_weight * rule_score(topic)) / T
    p(topic) = softmax(s)
    topics   = argmax p, plus up to two more with p >= share * p(primary) and p >= min_p(topic)

``x`` is the L2-normalised (1 + ln tf) * idf of stemmed words (title words count 3), ``rule_score``
the analysts' phrase rules of ``060_topics.sql``. Features and rule scores come from the warehouse's
own SQL (``062_topic_tokens.sql``, ``064_topic_rule_hits.sql``) run on the labelled texts, so
training and scoring tokenise identically. The weights are an ensemble of two linear models on the
same features, added into one weight table: a multinomial logistic regression in which each paper is
a training row for its primary topic and, with weight ``SECONDARY_WEIGHT``, one more row per
secondary gold topic, plus ``ovr_weight`` x one balanced binary logistic regression per topic on
"is this topic among the gold topics" (one-vs-rest), so that ``p`` also ranks the secondary topics.

Training labels: the ``train`` split of ``data/labels/real_topics.csv`` plus every label of the
sample pages (``topics_gold.csv``). The ``heldout`` split is never read here. Every choice (C, the
one-vs-rest weight, rule weight, temperature, share, the per-topic ``min_p``) is made by
cross-validation on the training labels; the per-topic thresholds are kept only if a nested
cross-validation says they beat one global threshold. The output (``settings.csv``, ``topics.csv``,
``features.csv`` and a model card ``README.md``) is deterministic: same labels and SQL, same bytes.
"""

from __future__ import annotations

import csv
import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pipeline.config import BUNDLED_RAW_DIR, SQL_DIR, Settings
from pipeline.topic_eval import (
    REAL_LABELS,
    SAMPLE_GOLD,
    join_sample_gold,
    load_real_labels,
    load_sample_gold,
)

FEATURE_SQL = (
    "warehouse/060_topics.sql",
    "warehouse/062_topic_tokens.sql",
    "warehouse/064_topic_rule_hits.sql",
)
# A feature must occur in three training papers: rarer words are names, not topics. The build's cost
# grows with the (paper, feature) pairs that join the vocabulary (every vocabulary word is joined, as it
# counts in the L2 norm even without a weight) and with the (paper, feature, topic) products: min_df 3
# and pruning at 0.4 scored as well as min_df 2 and 0.2 in 5-fold CV x 2 shuffles on the training labels
# (hit@1 / micro-F1 0.917 / 0.808 vs 0.917 / 0.806; min_df 4 and 5 with 0.4: 0.914 / 0.806 and
# 0.914 / 0.804), with ~30% fewer features and less than half the weights (docs/topics.md, speed).
MIN_DF = 3
# |weight| below this (before the temperature) is set to 0 by fit() and left out of features.csv.
PRUNE_BELOW = 0.4
# Secondary gold topics as training rows of this weight. Weight 1 made the model unable to tell the
# primary from the secondary topic (LLM + RL post-training came out RL first); 0.3 beat 1.0 in 5-fold
# CV on the training labels on both shuffles, on hit@1, micro-F1 and primary accuracy (docs/topics.md).
SECONDARY_WEIGHT = 0.3
CS = (3.0, 10.0, 30.0, 100.0)  # inverse L2 strength, chosen by cross-validation (30 was the top of 3-30)
QUICK_C = 10.0  # the only C tried by `paperlake topics train --quick`
# The one-vs-rest part of the ensemble: one binary logistic regression per topic (is the topic among
# the gold topics?), balanced classes, added to the softmax model's logits with weight ovr_weight
# (chosen by cross-validation among OVR_WEIGHTS; 0 = the softmax model alone). Both are linear in the
# same features, so the sum is one weight table. It ranks the secondary topics better than the
# softmax model alone, which learns them only from down-weighted rows (docs/topics.md).
OVR_C = 10.0
OVR_WEIGHTS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
RULE_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
TEMPERATURES = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0)  # softmax temperature: flatter p, more secondaries
SHARES = (0.05, 0.1, 0.2, 0.3)  # a secondary topic needs p >= share x p(primary) ...
MIN_PS = (0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25)  # ... and p >= min_p (global, then per topic)
TOPIC_MIN_PS = (0.04, 0.06, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3, 0.4, 0.6, 1.01)  # 1.01: never secondary
CV_FOLDS, CV_SEEDS = 5, (0, 1)
STOPWORDS = frozenset(  # kept out of the vocabulary; the SQL needs no list (unknown words never join)
    """a an the of and or in on for to with by from as at is are was were be been being this that these
    those we our us it its their they them which who whom whose what when where how than then there here
    such can could may might will would should shall do doe does did ha has have had not no nor but also
    into over under about between through via using based both each other more most some any all only
    very so if while within without upon per""".split()  # noqa: SIM905
)


@dataclass
class Inputs:
    """The labelled papers as the warehouse SQL sees them."""

    papers: pd.DataFrame  # paper_id, gold_primary, gold_topics, split, source (one row per paper)
    counts: object  # scipy.sparse csr: papers x features, title-weighted feature counts
    features: np.ndarray  # feature names, columns of counts
    rules: np.ndarray  # papers x topics: rule scores (0 where no term matched)
    topics: list[str]  # taxonomy order of 060_topics.sql


@dataclass
class LinearModel:
    keep: np.ndarray  # columns of Inputs.counts in the vocabulary
    idf: np.ndarray
    weights: np.ndarray  # features x topics
    bias: np.ndarray  # topics


@dataclass
class Setting:
    """The decision settings: how far to trust the rules, how flat p is, which topics join the set."""

    C: float
    rule_weight: float
    temperature: float
    share: float
    min_p: float  # for topics without their own
    topic_min_p: dict[str, float] = field(default_factory=dict)
    ovr_weight: float = 0.0  # weight of the one-vs-rest logits added to the softmax model's


# --- labels -------------------------------------------------------------------------------------------


def sample_papers(data_dir: Path, raw_dir: Path = BUNDLED_RAW_DIR) -> Path:
    """``papers.parquet`` of the sample pages (parsing only, no warehouse): the full texts of the
    sample gold labels, which store only the first 60 characters of each abstract."""
    from pipeline.ingest import refresh_source_files
    from pipeline.papers import build_papers

    settings = Settings.from_env(raw_dir, data_dir)
    refresh_source_files(settings, workers=1)
    build_papers(settings)
    return settings.papers_path


def training_papers(
    real_labels: Path | None = REAL_LABELS, sample_gold: Path | None = SAMPLE_GOLD, *, work_dir: Path
) -> pd.DataFrame:
    """Every training label with its text: the ``train`` split of the real labels and the sample gold.

    The held-out real papers are dropped here, before anything else sees them."""
    parts = []
    if real_labels is not None:
        real = load_real_labels(real_labels)
        parts.append(real[real["split"] == "train"])
    if sample_gold is not None:
        texts = pd.read_parquet(sample_papers(work_dir), columns=["paper_id", "title", "abstract"])
        texts["abstract"] = texts["abstract"].fillna("")
        joined, unmatched = join_sample_gold(texts, load_sample_gold(sample_gold))
        if unmatched:
            raise ValueError(f"{unmatched} sample gold rows have no paper in the bundled pages")
        parts.append(joined.assign(split="train", source="sample").drop_duplicates("paper_id"))
    cols = ["paper_id", "title", "abstract", "gold_primary", "gold_topics", "split", "source"]
    papers = pd.concat([p[cols] for p in parts], ignore_index=True)
    return papers.sort_values("paper_id", ignore_index=True)


# --- features -----------------------------------------------------------------------------------------


def feature_connection(papers: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    """An in-memory connection where the warehouse's tokenisation and rule SQL ran on ``papers``."""
    con = duckdb.connect()
    con.register("labelled", papers[["paper_id", "title", "abstract"]])
    con.execute("CREATE TEMP TABLE papers_base AS SELECT * FROM labelled")
    # Stands in for the model's vocabulary (061_topic_model.sql), which is what is being trained.
    con.execute("CREATE TEMP TABLE topic_model_vocab (feature VARCHAR, idf DOUBLE)")
    for relative in FEATURE_SQL:
        con.execute((SQL_DIR / relative).read_text(encoding="utf-8"))
    return con


def sql_inputs(papers: pd.DataFrame) -> Inputs:
    """Run the warehouse's tokenisation and rule SQL on ``papers`` (in memory)."""
    from scipy import sparse

    con = feature_connection(papers)
    topics = [t for (t,) in con.execute("SELECT topic FROM topics ORDER BY priority, topic").fetchall()]
    con.execute("INSERT INTO topic_model_vocab SELECT DISTINCT feature, 1.0 FROM topic_corpus_words")
    counts = con.execute("SELECT paper_id, feature, tf FROM topic_feature_counts()").df()
    rules = con.execute("SELECT paper_id, topic, rule_score FROM topic_rule_scores").df()
    con.close()
    row = {p: i for i, p in enumerate(papers["paper_id"])}
    features = np.array(sorted(counts["feature"].unique()))
    col = {f: j for j, f in enumerate(features)}
    matrix = sparse.csr_matrix(
        (counts["tf"].astype(float), (counts["paper_id"].map(row), counts["feature"].map(col))),
        shape=(len(papers), len(features)),
    )
    rule_matrix = np.zeros((len(papers), len(topics)))
    index = {t: k for k, t in enumerate(topics)}
    for r in rules.itertuples():
        rule_matrix[row[r.paper_id], index[r.topic]] = max(r.rule_score, 0.0)
    unknown = {t for ts in papers["gold_topics"] for t in ts} - set(topics)
    if unknown:
        raise ValueError(f"labels use topics that 060_topics.sql does not define: {sorted(unknown)}")
    return Inputs(papers.reset_index(drop=True), matrix, features, rule_matrix, topics)


def vocabulary(inputs: Inputs, train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns kept for a training set and their idf (smoothed, as scikit-learn's TfidfVectorizer)."""
    df = np.asarray((inputs.counts[train] > 0).sum(axis=0)).ravel()
    no_stop = np.array([f not in STOPWORDS for f in inputs.features])
    keep = np.where((df >= MIN_DF) & no_stop)[0]
    idf = np.log((1 + len(train)) / (1 + df[keep])) + 1
    return keep, idf


def tfidf(inputs: Inputs, keep: np.ndarray, idf: np.ndarray):
    """x = (1 + ln tf) * idf, L2-normalised per paper: the formula 070_paper_topics.sql applies."""
    from scipy import sparse

    x = inputs.counts[:, keep].tocsr().astype(float)
    x.data = 1 + np.log(x.data)
    x = x @ sparse.diags(idf)
    norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norm[norm == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norm) @ x)


# --- fitting ------------------------------------------------------------------------------------------


def training_rows(inputs: Inputs, train: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(paper row, topic, sample weight) of the training examples: one per primary topic, one per
    secondary gold topic with weight SECONDARY_WEIGHT; times the 'balanced' weight of the topic's
    class among the primary topics of ``train`` (so a rare primary topic is not drowned)."""
    index = {t: k for k, t in enumerate(inputs.topics)}
    primary = inputs.papers["gold_primary"].map(index).to_numpy()
    rows, topics, weights = list(train), list(primary[train]), [1.0] * len(train)
    if SECONDARY_WEIGHT > 0:
        for i in train:
            for t in inputs.papers["gold_topics"].iloc[i]:
                if index[t] != primary[i]:
                    rows.append(i)
                    topics.append(index[t])
                    weights.append(SECONDARY_WEIGHT)
    classes, counts = np.unique(primary[train], return_counts=True)
    balanced = dict(zip(classes, len(train) / (len(classes) * counts), strict=True))
    w = np.array(weights) * np.array([balanced.get(k, 1.0) for k in topics])
    return np.array(rows), np.array(topics), w


@dataclass
class ModelParts:
    """The two linear models of the ensemble on one vocabulary, each pruned below PRUNE_BELOW."""

    keep: np.ndarray
    idf: np.ndarray
    softmax_weights: np.ndarray  # features x topics
    softmax_bias: np.ndarray
    ovr_weights: np.ndarray  # features x topics (0 for a topic that is never or always gold)
    ovr_bias: np.ndarray

    def combined(self, ovr_weight: float) -> LinearModel:
        """softmax part + ovr_weight x one-vs-rest part, pruned again: the model that ships."""
        weights = self.softmax_weights + ovr_weight * self.ovr_weights
        weights[np.abs(weights) < PRUNE_BELOW] = 0.0  # as exported: cross-validation scores what ships
        bias = self.softmax_bias + ovr_weight * self.ovr_bias
        return LinearModel(self.keep, self.idf, weights, bias - bias.mean())  # softmax-invariant


def fit_parts(inputs: Inputs, train: np.ndarray, C: float, *, ovr: bool = True) -> ModelParts:
    """Multinomial logistic regression on ``train`` (topics without a training paper get 0 weights)
    and, unless ``ovr`` is false, one balanced binary logistic regression per topic on its gold
    membership. Weights smaller than PRUNE_BELOW are dropped from each."""
    from sklearn.linear_model import LogisticRegression

    keep, idf = vocabulary(inputs, train)
    x = tfidf(inputs, keep, idf)
    rows, y, w = training_rows(inputs, train)
    lr = LogisticRegression(C=C, max_iter=5000)
    lr.fit(x[rows], y, sample_weight=w)
    k = len(inputs.topics)
    weights, bias = np.zeros((len(keep), k)), np.zeros(k)
    weights[:, lr.classes_] = lr.coef_.T
    weights[np.abs(weights) < PRUNE_BELOW] = 0.0
    bias[lr.classes_] = lr.intercept_ - lr.intercept_.mean()  # softmax-invariant; unseen topics at 0
    ovr_weights, ovr_bias = np.zeros((len(keep), k)), np.zeros(k)
    if ovr:
        gold = gold_matrix(inputs)[train]
        x_train = x[train]
        for t in range(k):
            if 0 < gold[:, t].sum() < len(train):
                binary = LogisticRegression(C=OVR_C, max_iter=5000, class_weight="balanced")
                binary.fit(x_train, gold[:, t])
                ovr_weights[:, t] = binary.coef_.ravel()
                ovr_bias[t] = binary.intercept_[0]
        ovr_weights[np.abs(ovr_weights) < PRUNE_BELOW] = 0.0
    return ModelParts(keep, idf, weights, bias, ovr_weights, ovr_bias)


def fit(inputs: Inputs, train: np.ndarray, C: float, ovr_weight: float = 0.0) -> LinearModel:
    """The ensemble fitted on ``train``: softmax model + ovr_weight x one-vs-rest model, pruned."""
    return fit_parts(inputs, train, C, ovr=ovr_weight > 0).combined(ovr_weight)


def model_scores(inputs: Inputs, model: LinearModel) -> np.ndarray:
    """Logits of the model part for every labelled paper (before rules and temperature)."""
    return np.asarray(tfidf(inputs, model.keep, model.idf) @ model.weights) + model.bias


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def choose(p: np.ndarray, share: float, min_p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Primary = argmax; up to two more topics with p >= share * p(primary) and p >= min_p[topic]
    (ties broken by column order, which is the taxonomy's priority order, as in the SQL)."""
    order = np.argsort(-p, axis=1, kind="stable")
    sets = np.zeros(p.shape, dtype=bool)
    rows = np.arange(len(p))
    sets[rows, order[:, 0]] = True
    top = p[rows, order[:, 0]]
    for k in (1, 2):
        cand = order[:, k]
        ok = (p[rows, cand] >= share * top) & (p[rows, cand] >= min_p[cand])
        sets[rows[ok], cand[ok]] = True
    return order[:, 0], sets


def gold_matrix(inputs: Inputs) -> np.ndarray:
    index = {t: k for k, t in enumerate(inputs.topics)}
    gold = np.zeros((len(inputs.papers), len(inputs.topics)), dtype=bool)
    for i, topics in enumerate(inputs.papers["gold_topics"]):
        gold[i, [index[t] for t in topics]] = True
    return gold


def hit_and_f1(gold: np.ndarray, primary: np.ndarray, sets: np.ndarray) -> tuple[float, float]:
    """hit@1 and micro-F1 over topic sets, as pipeline.topic_eval computes them."""
    hit = float(gold[np.arange(len(gold)), primary].mean())
    tp, fp, fn = (sets & gold).sum(), (sets & ~gold).sum(), (~sets & gold).sum()
    return hit, float(2 * tp / (2 * tp + fp + fn))


# --- cross-validation ---------------------------------------------------------------------------------


def out_of_fold_scores(
    inputs: Inputs, train: np.ndarray, seed: int, cs: tuple[float, ...], ovr_weights: tuple[float, ...]
) -> dict[tuple[float, float], np.ndarray]:
    """Model logits of every ``train`` row from a model that did not see it (5 folds), for every
    (C, ovr_weight). The one-vs-rest part does not depend on C: it is fitted once per fold."""
    from sklearn.model_selection import KFold

    scores = {(C, o): np.zeros((len(inputs.papers), len(inputs.topics))) for C in cs for o in ovr_weights}
    use_ovr = any(o > 0 for o in ovr_weights)
    for fit_idx, test_idx in KFold(CV_FOLDS, shuffle=True, random_state=seed).split(train):
        ovr_part = None
        for C in cs:
            parts = fit_parts(inputs, train[fit_idx], C, ovr=use_ovr and ovr_part is None)
            if ovr_part is None:
                ovr_part = (parts.ovr_weights, parts.ovr_bias)
            parts.ovr_weights, parts.ovr_bias = ovr_part
            for o in ovr_weights:
                scores[C, o][train[test_idx]] = model_scores(inputs, parts.combined(o))[train[test_idx]]
    return scores


def tune_rows(inputs: Inputs, train: np.ndarray) -> np.ndarray:
    """The training rows the settings are scored on: the real papers when there are some (they are
    what the classifier will meet), else every training row. Every row is still fitted on."""
    real = train[inputs.papers["source"].to_numpy()[train] == "real"]
    return real if len(real) >= 100 else train


def grid_search(
    inputs: Inputs, train: np.ndarray, oof: dict[tuple[float, float], list[np.ndarray]]
) -> pd.DataFrame:
    """CV hit@1 / micro-F1 of every (C, ovr_weight, rule_weight, temperature, share, min_p) on the
    tune rows."""
    rows_idx = tune_rows(inputs, train)
    gold = gold_matrix(inputs)[rows_idx]
    boost = inputs.rules[rows_idx]
    k = len(inputs.topics)
    out = []
    for (C, ovr_weight), runs in oof.items():
        for rule_weight in (*RULE_WEIGHTS, None):  # None: the rules alone
            logits = [boost if rule_weight is None else s[rows_idx] + rule_weight * boost for s in runs]
            for temperature in TEMPERATURES:
                probs = [softmax(s / temperature) for s in logits]
                for share, min_p in itertools.product(SHARES, MIN_PS):
                    scores = [hit_and_f1(gold, *choose(p, share, np.full(k, min_p))) for p in probs]
                    out.append(
                        {
                            "C": C,
                            "ovr_weight": ovr_weight,
                            "rule_weight": rule_weight,
                            "temperature": temperature,
                            "share": share,
                            "min_p": min_p,
                            "hit_at_1": np.mean([s[0] for s in scores]),
                            "micro_f1": np.mean([s[1] for s in scores]),
                        }
                    )
    return pd.DataFrame(out)


def best_row(cv: pd.DataFrame) -> pd.Series:
    """The best mean of hit@1 and micro-F1 (model settings only, not rules alone); ties go to the first
    in grid order, so the choice is deterministic."""
    model_rows = cv[cv["rule_weight"].notna()]
    return model_rows.loc[(model_rows["hit_at_1"] + model_rows["micro_f1"]).round(9).idxmax()]


def tune_topic_thresholds(
    probs: list[np.ndarray], gold: np.ndarray, share: float, min_p: float, min_support: int = 15
) -> np.ndarray:
    """Per-topic min_p by coordinate ascent on micro-F1 (two passes over the topics, in column order).

    Only topics with at least ``min_support`` gold occurrences as a secondary topic move from the
    global ``min_p``: a threshold fitted on a handful of papers would follow their noise. The
    primary topic does not depend on thresholds, so hit@1 is unchanged by construction."""
    k = gold.shape[1]
    thresholds = np.full(k, min_p)
    predicted_primary = np.argmax(probs[0], axis=1)
    secondary_support = (gold & (predicted_primary[:, None] != np.arange(k))).sum(axis=0)

    def f1(th: np.ndarray) -> float:
        return float(np.mean([hit_and_f1(gold, *choose(p, share, th))[1] for p in probs]))

    best = f1(thresholds)
    for _ in range(2):
        for t in range(k):
            if secondary_support[t] < min_support:
                continue
            for value in TOPIC_MIN_PS:
                trial = thresholds.copy()
                trial[t] = value
                score = f1(trial)
                if score > best + 1e-9:
                    best, thresholds = score, trial
    return thresholds


def nested_threshold_gain(probs: list[np.ndarray], gold: np.ndarray, share: float, min_p: float) -> float:
    """Micro-F1 gain of per-topic thresholds over the global one, measured on papers the thresholds
    were not tuned on (the out-of-fold rows split into 5 parts: tune on 4, score the 5th)."""
    k = gold.shape[1]
    parts = np.arange(len(gold)) % 5
    gains = []
    for part in range(5):
        fit_rows, test_rows = parts != part, parts == part
        th = tune_topic_thresholds([p[fit_rows] for p in probs], gold[fit_rows], share, min_p)
        tuned = np.mean([hit_and_f1(gold[test_rows], *choose(p[test_rows], share, th))[1] for p in probs])
        flat = np.mean(
            [hit_and_f1(gold[test_rows], *choose(p[test_rows], share, np.full(k, min_p)))[1] for p in probs]
        )
        gains.append(tuned - flat)
    return float(np.mean(gains))


@dataclass
class TrainResult:
    """What ``write_model`` needs: the fitted model, its settings, and the lines of the model card."""

    setting: Setting
    model: LinearModel
    inputs: Inputs
    summary: list[str]
    cv: dict[str, float]


def cross_validated_setting(inputs: Inputs, *, quick: bool = False) -> tuple[Setting, list[str], dict]:
    """The decision settings chosen on out-of-fold scores of the training labels, the summary lines
    that say how, and the cross-validated numbers. ``quick``: one C and one shuffle."""
    train_idx = np.arange(len(inputs.papers))
    cs, seeds = ((QUICK_C,), CV_SEEDS[:1]) if quick else (CS, CV_SEEDS)
    per_seed = [out_of_fold_scores(inputs, train_idx, seed, cs, OVR_WEIGHTS) for seed in seeds]
    oof = {key: [run[key] for run in per_seed] for key in per_seed[0]}
    grid = grid_search(inputs, train_idx, oof)
    best = best_row(grid)
    rows_idx = tune_rows(inputs, train_idx)
    gold = gold_matrix(inputs)[rows_idx]
    probs = [
        softmax((s[rows_idx] + best["rule_weight"] * inputs.rules[rows_idx]) / best["temperature"])
        for s in oof[best["C"], best["ovr_weight"]]
    ]
    gain = nested_threshold_gain(probs, gold, best["share"], best["min_p"])
    thresholds = np.full(len(inputs.topics), best["min_p"])
    if gain > 0.002:  # per-topic thresholds only when they beat one threshold on unseen rows
        thresholds = tune_topic_thresholds(probs, gold, best["share"], best["min_p"])
    tuned_f1 = float(np.mean([hit_and_f1(gold, *choose(p, best["share"], thresholds))[1] for p in probs]))
    setting = Setting(
        C=float(best["C"]),
        ovr_weight=float(best["ovr_weight"]),
        rule_weight=float(best["rule_weight"]),
        temperature=float(best["temperature"]),
        share=float(best["share"]),
        min_p=float(best["min_p"]),
        topic_min_p={
            t: float(v) for t, v in zip(inputs.topics, thresholds, strict=True) if v != best["min_p"]
        },
    )
    rules_only = grid[grid["rule_weight"].isna()].loc[lambda d: (d["hit_at_1"] + d["micro_f1"]).idxmax()]
    model_only = grid[
        (grid["rule_weight"] == 0) & (grid["C"] == best["C"]) & (grid["ovr_weight"] == best["ovr_weight"])
    ].loc[lambda d: (d["hit_at_1"] + d["micro_f1"]).idxmax()]
    softmax_only = grid[(grid["ovr_weight"] == 0) & grid["rule_weight"].notna()].loc[
        lambda d: (d["hit_at_1"] + d["micro_f1"]).round(9).idxmax()
    ]
    numbers = {
        "cv_hit_at_1": float(best["hit_at_1"]),
        "cv_micro_f1": float(best["micro_f1"]),
        "cv_micro_f1_topic_thresholds": tuned_f1,
        "nested_threshold_gain": gain,
    }
    scored_on = f"the {len(rows_idx)} {'real ' if len(rows_idx) < len(train_idx) else ''}ones"
    thresholds_line = (
        f"kept, {tuned_f1:.3f} on the tune rows: "
        + ", ".join(f"{t} {v:g}" for t, v in setting.topic_min_p.items())
        if setting.topic_min_p
        else "not kept (one global threshold)"
    )
    summary = [
        f"cross-validation ({CV_FOLDS} folds x {len(seeds)} shuffles, fitted on every training row, "
        f"scored on {scored_on}), hit@1 / micro-F1:",
        f"  model + rules: {best['hit_at_1']:.3f} / {best['micro_f1']:.3f} (C {best['C']:g}, one-vs-rest "
        f"weight {best['ovr_weight']:g}, rule_weight "
        f"{best['rule_weight']:g}, temperature {best['temperature']:g}, share {best['share']:g}, "
        f"min p {best['min_p']:g})",
        f"  model alone:   {model_only['hit_at_1']:.3f} / {model_only['micro_f1']:.3f}",
        f"  softmax model + rules, no one-vs-rest part: {softmax_only['hit_at_1']:.3f} / "
        f"{softmax_only['micro_f1']:.3f} (C {softmax_only['C']:g})",
        f"  rules alone:   {rules_only['hit_at_1']:.3f} / {rules_only['micro_f1']:.3f}",
        f"  per-topic secondary thresholds: nested-CV micro-F1 gain {gain:+.3f} -> {thresholds_line}",
    ]
    return setting, summary, numbers


def train(papers: pd.DataFrame, *, setting: Setting | None = None, quick: bool = False) -> TrainResult:
    """Choose the settings by cross-validation (unless ``setting`` is given), fit on every training
    row and describe what was done. ``papers`` holds training labels only. ``quick``: one C and one
    shuffle instead of three and two (a fifth of the fits; for trying a change of labels or rules)."""
    inputs = sql_inputs(papers)
    summary = [
        f"training labels: {len(inputs.papers)} papers ({(inputs.papers['source'] == 'real').sum()} real, "
        f"{(inputs.papers['source'] == 'sample').sum()} from the sample pages)"
    ]
    numbers: dict[str, float] = {}
    if setting is None:
        setting, cv_lines, numbers = cross_validated_setting(inputs, quick=quick)
        summary += cv_lines
    model = fit(inputs, np.arange(len(inputs.papers)), setting.C, setting.ovr_weight)
    summary.append(
        f"fitted: C {setting.C:g}, one-vs-rest weight {setting.ovr_weight:g} (C {OVR_C:g}), "
        f"{len(model.keep)} features, {int((model.weights != 0).sum())} weights, min_df {MIN_DF}, "
        f"secondary-topic rows x{SECONDARY_WEIGHT:g}"
    )
    return TrainResult(setting, model, inputs, summary, numbers)


# --- export -------------------------------------------------------------------------------------------


def _fmt(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    return "0" if float(text) == 0 else text


def write_model(result: TrainResult, folder: Path, *, trained_on: str = "train") -> None:
    """Write ``settings.csv``, ``topics.csv``, ``features.csv`` and the model card ``README.md``.

    The temperature is folded in: bias, weights and rule weight are divided by it, so
    070_paper_topics.sql computes softmax(s / T) without knowing about T. Weights whose magnitude is
    below PRUNE_BELOW (before the temperature) are left empty (fit() already zeroes them; a model made
    elsewhere is pruned the same way): they barely move a logit but cost build time."""
    inputs, model, st = result.inputs, result.model, result.setting
    t = st.temperature
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "settings.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["rule_weight", "secondary_share", "secondary_min_p", "temperature", "trained_on"])
        out.writerow(
            [_fmt(st.rule_weight / t, 6), _fmt(st.share, 2), _fmt(st.min_p, 2), _fmt(t, 2), trained_on]
        )
    with open(folder / "topics.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["topic", "bias", "secondary_min_p"])
        for k, topic in enumerate(inputs.topics):
            out.writerow([topic, _fmt(model.bias[k] / t, 6), _fmt(st.topic_min_p.get(topic, st.min_p), 2)])
    features = inputs.features[model.keep]
    with open(folder / "features.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["feature", "idf", *inputs.topics])
        for i, feature in enumerate(features):
            w = model.weights[i]
            out.writerow(
                [
                    feature,
                    _fmt(model.idf[i], 6),
                    *[_fmt(v / t, 5) if abs(v) >= PRUNE_BELOW else "" for v in w],
                ]
            )
    card = [
        "# Topic model (generated by `paperlake topics train`: retrain, do not edit)",
        "",
        "Read by `sql/warehouse/061_topic_model.sql`; method and measurements in `docs/topics.md`.",
        "",
        "```",
        *result.summary,
        "```",
        "",
    ]
    (folder / "README.md").write_text("\n".join(card), encoding="utf-8")


def train_and_write(
    output: Path,
    *,
    real_labels: Path | None = REAL_LABELS,
    sample_gold: Path | None = SAMPLE_GOLD,
    setting: Setting | None = None,
    quick: bool = False,
) -> TrainResult:
    """``paperlake topics train``: labels -> cross-validated settings -> model files in ``output``."""
    with tempfile.TemporaryDirectory(prefix="paperlake-train-") as tmp:
        papers = training_papers(real_labels, sample_gold, work_dir=Path(tmp) / "data")
    result = train(papers, setting=setting, quick=quick)
    write_model(result, output)
    return result
