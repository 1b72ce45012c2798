"""Train the topic model on the gold labels and write it as SQL the warehouse build runs.

    python -m bench.train_topics [--train-split dev|all] [--papers PAPERS.parquet] [--output PATH]

The model is a multinomial logistic regression over TF-IDF of stemmed words
(title counted 3x), plus the editable phrase rules of ``060_topics.sql`` as a boost:

    s(topic) = (bias + sum_f x_f * w(f, topic) + rule_weight * rule_score(topic)) / T
    p(topic) = softmax(s)

Each paper is a training row for its primary topic and, with weight ``SECONDARY_WEIGHT``, one more
row per secondary gold topic, so ``p`` also ranks the secondary topics (the topic set is chosen from
it). The temperature ``T`` only flattens ``p`` for that choice; it is folded into the exported bias,
weights and rule weight, so the warehouse SQL is unchanged.

Features and rule scores come from the warehouse's own SQL (``062_topic_tokens.sql``,
``064_topic_rule_hits.sql``) run on the labelled papers, so training and scoring tokenise
identically. ``rule_weight``, ``T`` and the secondary-topic thresholds are chosen by 5-fold
cross-validation (two shuffles) on the training split only. The result is written to
``sql/warehouse/061_topic_model.sql`` (deterministic: same labels and SQL, same bytes).
scikit-learn is a dev dependency only: the warehouse build needs nothing but DuckDB.

The shipped model is trained on every label (``--train-split all``, the default): 451 papers
instead of 276 is worth ~+0.03 hit@1 on unseen papers (learning curve in docs/topics.md). Its
honest score is that of the same recipe run on ``dev`` alone (its own cross-validation picks the
settings, then it is fitted on dev) and scored on ``heldout``, which nothing in that run has
seen: printed as "held out" and written into the model's header. ``python -m bench.eval_topics
--split heldout --retrain-dev`` checks the same figure through the warehouse SQL.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy import sparse

from bench.eval_topics import join_gold, load_gold
from pipeline.config import BUNDLED_RAW_DIR, SQL_DIR, Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers

MODEL_SQL = SQL_DIR / "warehouse" / "061_topic_model.sql"
FEATURE_SQL = (
    "warehouse/060_topics.sql",
    "warehouse/062_topic_tokens.sql",
    "warehouse/064_topic_rule_hits.sql",
)
C = 10.0  # inverse L2 strength; fixed from a dev-only CV sweep (3, 10, 30 were within 0.01)
MIN_DF = 2  # a feature must occur in two training papers: one-paper words are names, not topics
PRUNE_BELOW = 0.05  # weights smaller than this (before the temperature) are dropped from the file
# Secondary gold topics as extra training rows of this weight: chosen by dev CV in
# bench/topic_experiments.py (0.3 / 0.5 / 1: micro-F1 0.786 / 0.808 / 0.818 at equal hit@1, against
# 0.788 without); the single-label model ranked secondary topics poorly.
SECONDARY_WEIGHT = 1.0
# Rules add linearly, as votes did in the pure rule set, so a heavy analyst rule still overrides the
# model (ln(1 + score) cross-validated no better and would blunt such an override).
RULE_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
TEMPERATURES = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0)  # softmax temperature: flatter p, more secondary topics
SHARES = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4)  # a secondary topic needs p >= share x p(primary) ...
MIN_PS = (0.05, 0.1, 0.15, 0.2, 0.25)  # ... and p >= min_p
CV_FOLDS, CV_SEEDS = 5, (0, 1)
STOPWORDS = frozenset(  # kept out of the vocabulary (alone or in a pair); SQL needs no list
    """a an the of and or in on for to with by from as at is are was were be been being this that these
    those we our us it its their they them which who whom whose what when where how than then there here
    such can could may might will would should shall do doe does did ha has have had not no nor but also
    into over under about between through via using based both each other more most some any all only
    very so if while within without upon per""".split()  # noqa: SIM905
)


@dataclass
class Inputs:
    """The labelled papers as the warehouse SQL sees them."""

    papers: pd.DataFrame  # paper_id, gold_primary, gold_topics, split (one row per labelled paper)
    counts: sparse.csr_matrix  # papers x features: title-weighted feature counts
    features: np.ndarray  # feature names, columns of counts
    rules: np.ndarray  # papers x topics: rule scores (0 where no term matched)
    topics: list[str]  # taxonomy order of 060_topics.sql


def sample_papers(data_dir: Path, raw_dir: Path = BUNDLED_RAW_DIR) -> Path:
    """``papers.parquet`` of the sample pages: parsing only, no warehouse (so no model) needed."""
    settings = Settings.from_env(raw_dir, data_dir)
    refresh_source_files(settings, workers=1)
    build_papers(settings)
    return settings.papers_path


def labelled_papers(papers_path: Path) -> pd.DataFrame:
    """Title, abstract and gold labels of every labelled paper in ``papers_path`` (Parquet)."""
    texts = pd.read_parquet(papers_path, columns=["paper_id", "title", "abstract"])
    texts["abstract"] = texts["abstract"].fillna("")
    # join_gold reports predictions too; there are none yet, so they are placeholders.
    placeholder = texts.assign(
        topic="", topics=[[] for _ in range(len(texts))], topic_score=0.0, topic_evidence=""
    )
    joined, unmatched = join_gold(placeholder, load_gold())
    if unmatched:
        raise SystemExit(f"{unmatched} gold rows have no paper in {papers_path}")
    cols = ["paper_id", "split", "gold_primary", "gold_topics"]
    return joined[cols].merge(texts, on="paper_id").sort_values("paper_id", ignore_index=True)


def feature_connection(papers: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    """An in-memory connection where the warehouse's tokenisation and rule SQL ran on ``papers``."""
    con = duckdb.connect()
    con.register("labelled", papers[["paper_id", "title", "abstract"]])
    con.execute("CREATE TEMP TABLE papers_base AS SELECT * FROM labelled")
    # Stands in for the model's vocabulary (061_topic_model.sql), which does not exist yet.
    con.execute("CREATE TEMP TABLE topic_model_vocab (feature VARCHAR, idf DOUBLE)")
    for relative in FEATURE_SQL:
        con.execute((SQL_DIR / relative).read_text(encoding="utf-8"))
    return con


def sql_inputs(papers: pd.DataFrame) -> Inputs:
    """Run the warehouse's tokenisation and rule SQL on ``papers`` (in memory)."""
    con = feature_connection(papers)
    topics = [t for (t,) in con.execute("SELECT topic FROM topics ORDER BY priority, topic").fetchall()]
    con.execute(  # every feature is a candidate: the vocabulary is chosen per training set below
        "INSERT INTO topic_model_vocab SELECT DISTINCT feature, 1.0 FROM topic_corpus_words"
    )
    counts = con.execute("SELECT paper_id, feature, tf FROM topic_feature_counts()").df()
    rules = con.execute("SELECT paper_id, topic, rule_score FROM topic_rule_scores").df()
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
    return Inputs(papers, matrix, features, rule_matrix, topics)


def vocabulary(inputs: Inputs, train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns kept for a training set and their idf (smoothed, as scikit-learn's TfidfVectorizer)."""
    df = np.asarray((inputs.counts[train] > 0).sum(axis=0)).ravel()
    no_stop = np.array([not (set(f.split()) & STOPWORDS) for f in inputs.features])
    keep = np.where((df >= MIN_DF) & no_stop)[0]
    idf = np.log((1 + len(train)) / (1 + df[keep])) + 1
    return keep, idf


def tfidf(inputs: Inputs, keep: np.ndarray, idf: np.ndarray) -> sparse.csr_matrix:
    """x = (1 + ln tf) * idf, L2-normalised per paper: the formula 070_paper_topics.sql applies."""
    x = inputs.counts[:, keep].tocsr().astype(float)
    x.data = 1 + np.log(x.data)
    x = x @ sparse.diags(idf)
    norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norm[norm == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norm) @ x)


@dataclass
class LinearModel:
    keep: np.ndarray
    idf: np.ndarray
    weights: np.ndarray  # features x topics
    bias: np.ndarray  # topics


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


def fit(inputs: Inputs, train: np.ndarray) -> LinearModel:
    """Multinomial logistic regression on ``train``; topics without a training paper get 0 weights."""
    from sklearn.linear_model import LogisticRegression

    keep, idf = vocabulary(inputs, train)
    x = tfidf(inputs, keep, idf)
    rows, y, w = training_rows(inputs, train)
    lr = LogisticRegression(C=C, max_iter=5000)
    lr.fit(x[rows], y, sample_weight=w)
    weights = np.zeros((len(keep), len(inputs.topics)))
    bias = np.zeros(len(inputs.topics))
    weights[:, lr.classes_] = lr.coef_.T
    bias[lr.classes_] = lr.intercept_ - lr.intercept_.mean()  # softmax-invariant; unseen topics at 0
    return LinearModel(keep, idf, weights, bias)


def model_scores(inputs: Inputs, model: LinearModel) -> np.ndarray:
    return np.asarray(tfidf(inputs, model.keep, model.idf) @ model.weights) + model.bias


def choose(scores: np.ndarray, share: float, min_p: float) -> tuple[np.ndarray, np.ndarray]:
    """Primary = argmax; up to two more topics with p >= share * p(primary) and p >= min_p."""
    p = np.exp(scores - scores.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    order = np.argsort(-p, axis=1, kind="stable")
    sets = np.zeros(p.shape, dtype=bool)
    rows = np.arange(len(p))
    sets[rows, order[:, 0]] = True
    for k in (1, 2):
        cand = order[:, k]
        ok = (p[rows, cand] >= share * p[rows, order[:, 0]]) & (p[rows, cand] >= min_p)
        sets[rows[ok], cand[ok]] = True
    return order[:, 0], sets


def gold_matrix(inputs: Inputs) -> np.ndarray:
    index = {t: k for k, t in enumerate(inputs.topics)}
    gold = np.zeros((len(inputs.papers), len(inputs.topics)), dtype=bool)
    for i, topics in enumerate(inputs.papers["gold_topics"]):
        gold[i, [index[t] for t in topics]] = True
    return gold


def hit_and_f1(gold: np.ndarray, primary: np.ndarray, sets: np.ndarray) -> tuple[float, float]:
    """hit@1 and micro-F1 over topic sets, as bench.eval_topics computes them."""
    hit = float(gold[np.arange(len(gold)), primary].mean())
    tp, fp, fn = (sets & gold).sum(), (sets & ~gold).sum(), (~sets & gold).sum()
    return hit, float(2 * tp / (2 * tp + fp + fn))


def out_of_fold_scores(inputs: Inputs, train: np.ndarray, seed: int) -> np.ndarray:
    from sklearn.model_selection import KFold

    scores = np.zeros((len(inputs.papers), len(inputs.topics)))
    for fit_idx, test_idx in KFold(CV_FOLDS, shuffle=True, random_state=seed).split(train):
        model = fit(inputs, train[fit_idx])
        scores[train[test_idx]] = model_scores(inputs, model)[train[test_idx]]
    return scores


def cross_validate(inputs: Inputs, train: np.ndarray) -> pd.DataFrame:
    """CV hit@1 / micro-F1 of every (rule_weight, temperature, secondary rule) on the training split
    only. The temperature only changes which secondary topics pass the thresholds."""
    gold = gold_matrix(inputs)[train]
    boost = inputs.rules[train]
    runs = [out_of_fold_scores(inputs, train, seed)[train] for seed in CV_SEEDS]
    rows = []
    for rule_weight in (*RULE_WEIGHTS, None):  # None: the rules alone
        logits = [boost if rule_weight is None else scores + rule_weight * boost for scores in runs]
        for temperature, share, min_p in itertools.product(TEMPERATURES, SHARES, MIN_PS):
            hits, f1s = [], []
            for s in logits:
                hit, f1 = hit_and_f1(gold, *choose(s / temperature, share, min_p))
                hits.append(hit)
                f1s.append(f1)
            rows.append(
                {"rule_weight": rule_weight, "temperature": temperature, "share": share, "min_p": min_p,
                 "hit_at_1": np.mean(hits), "micro_f1": np.mean(f1s)}
            )
    return pd.DataFrame(rows)


def best_setting(cv: pd.DataFrame) -> pd.Series:
    """The setting with the best mean of hit@1 and micro-F1 (model settings only, not rules alone);
    ties go to the first in grid order, so the choice is deterministic."""
    model_rows = cv[cv["rule_weight"].notna()]
    return model_rows.loc[(model_rows["hit_at_1"] + model_rows["micro_f1"]).round(9).idxmax()]


def _block(tag: str, lines: list[str]) -> str:
    return f"${tag}$\n" + "\n".join(lines) + f"\n${tag}$"


def render_sql(
    inputs: Inputs, model: LinearModel, setting: pd.Series, summary: list[str], *, trained_on: str = "dev"
) -> str:
    """The generated ``061_topic_model.sql``: settings, bias, vocabulary with idf, pruned weights.

    The temperature is folded in: bias, weights and rule weight are divided by it, so
    070_paper_topics.sql computes softmax(s / T) without knowing about T."""
    t = float(setting["temperature"])
    features = inputs.features[model.keep]
    vocab = [f"{f}|{idf:.6f}" for f, idf in zip(features, model.idf, strict=True)]
    weights = [
        f"{topic}|{features[i]}|{model.weights[i, k] / t:.5f}"
        for k, topic in enumerate(inputs.topics)
        for i in range(len(features))
        if abs(model.weights[i, k]) >= PRUNE_BELOW
    ]
    bias = ", ".join(f"('{t_}', {b / t:.6f})" for t_, b in zip(inputs.topics, model.bias, strict=True))
    head = [
        "-- GENERATED by `python -m bench.train_topics`: do not edit by hand, retrain instead.",
        "-- The linear topic model (method: docs/topics.md); 070_paper_topics.sql scores papers with it.",
        *(f"-- {line}" for line in summary),
    ]
    body = f"""
CREATE TABLE topic_model_settings AS
SELECT {setting['rule_weight'] / t:.6f}::DOUBLE AS rule_weight, {setting['share']:.2f} AS secondary_share,
       {setting['min_p']:.2f} AS secondary_min_p, {t:.2f} AS temperature, '{trained_on}' AS trained_on;

CREATE TABLE topic_model_bias AS
SELECT * FROM (VALUES {bias}) AS b(topic, bias);

CREATE TABLE topic_model_vocab AS
SELECT split_part(line, '|', 1) AS feature, split_part(line, '|', 2)::DOUBLE AS idf
FROM (SELECT unnest(string_split({_block('vocab', vocab)}, chr(10))) AS line)
WHERE line <> '';

CREATE TABLE topic_model_weights AS
SELECT split_part(line, '|', 1) AS topic, split_part(line, '|', 2) AS feature,
       split_part(line, '|', 3)::DOUBLE AS weight
FROM (SELECT unnest(string_split({_block('weights', weights)}, chr(10))) AS line)
WHERE line <> '';

COMMENT ON TABLE topic_model_settings IS 'Decision settings of the topic model, chosen by cross-validation.';
COMMENT ON COLUMN topic_model_settings.rule_weight IS 'Logit per unit of rule score (temperature folded in).';
COMMENT ON COLUMN topic_model_settings.secondary_share IS 'A secondary topic needs p >= this x p(primary).';
COMMENT ON COLUMN topic_model_settings.secondary_min_p IS 'A secondary topic needs p >= this.';
COMMENT ON COLUMN topic_model_settings.temperature IS 'Softmax temperature (folded into the weights).';
COMMENT ON COLUMN topic_model_settings.trained_on IS 'Labels fitted on: dev, or all (dev + heldout).';
COMMENT ON TABLE topic_model_bias IS 'Per-topic intercept of the linear topic model.';
COMMENT ON COLUMN topic_model_bias.topic IS 'Topic.';
COMMENT ON COLUMN topic_model_bias.bias IS 'Intercept added to the topic''s logit (temperature folded in).';
COMMENT ON TABLE topic_model_vocab IS 'Features of the linear topic model (stemmed words).';
COMMENT ON COLUMN topic_model_vocab.feature IS 'A stemmed word (topic_stem() in 062_topic_tokens.sql).';
COMMENT ON COLUMN topic_model_vocab.idf IS 'Inverse document frequency in the training papers.';
COMMENT ON TABLE topic_model_weights IS 'Weight per feature and topic (|weight x T| < {PRUNE_BELOW} dropped)';
COMMENT ON COLUMN topic_model_weights.topic IS 'Topic.';
COMMENT ON COLUMN topic_model_weights.feature IS 'Feature (see topic_model_vocab).';
COMMENT ON COLUMN topic_model_weights.weight IS 'Logit per unit of normalised tf-idf (temperature folded in)';
"""
    return "\n".join(head) + "\n" + body


def split_rows(inputs: Inputs, split: str) -> np.ndarray:
    """Row numbers of the labelled papers of ``split`` ('dev', 'heldout' or 'all')."""
    splits = ["dev", "heldout"] if split == "all" else [split]
    return np.where(inputs.papers["split"].isin(splits))[0]


def fit_and_score(
    inputs: Inputs, train_idx: np.ndarray, test_idx: np.ndarray, setting: pd.Series
) -> tuple[float, float]:
    """hit@1 and micro-F1 on ``test_idx`` of the model fitted on ``train_idx`` with ``setting``."""
    model = fit(inputs, train_idx)
    logits = (model_scores(inputs, model) + setting["rule_weight"] * inputs.rules) / setting["temperature"]
    primary, sets = choose(logits[test_idx], setting["share"], setting["min_p"])
    return hit_and_f1(gold_matrix(inputs)[test_idx], primary, sets)


def heldout_estimate(inputs: Inputs) -> tuple[float, float, pd.Series]:
    """The recipe run on 'dev' alone (CV picks the settings, then a fit on dev), scored on
    'heldout': the honest estimate for a model trained on every label."""
    dev = split_rows(inputs, "dev")
    setting = best_setting(cross_validate(inputs, dev))
    hit, f1 = fit_and_score(inputs, dev, split_rows(inputs, "heldout"), setting)
    return hit, f1, setting


def train(papers_path: Path, train_split: str) -> tuple[str, list[str]]:
    """Cross-validate, fit on the whole training split; returns the model SQL and a summary."""
    papers = labelled_papers(papers_path)
    inputs = sql_inputs(papers)
    train_idx = split_rows(inputs, train_split)
    cv = cross_validate(inputs, train_idx)
    setting = best_setting(cv)
    model = fit(inputs, train_idx)
    rules_only = cv[cv["rule_weight"].isna()].loc[lambda d: (d["hit_at_1"] + d["micro_f1"]).idxmax()]
    model_only = cv[cv["rule_weight"] == 0].loc[lambda d: (d["hit_at_1"] + d["micro_f1"]).idxmax()]
    summary = [
        f"trained on split '{train_split}' ({len(train_idx)} papers), C={C}, min_df={MIN_DF}, "
        f"secondary-topic rows x{SECONDARY_WEIGHT:g}, {len(model.keep)} features",
        f"cross-validated on '{train_split}' ({CV_FOLDS} folds x {len(CV_SEEDS)} shuffles), "
        "hit@1 / micro-F1:",
        f"  model + rules: {setting['hit_at_1']:.3f} / {setting['micro_f1']:.3f} "
        f"(rule_weight {setting['rule_weight']:.2f}, temperature {setting['temperature']:g}, "
        f"secondary share {setting['share']:.2f}, min p {setting['min_p']:.2f})",
        f"  model alone:   {model_only['hit_at_1']:.3f} / {model_only['micro_f1']:.3f}",
        f"  rules alone:   {rules_only['hit_at_1']:.3f} / {rules_only['micro_f1']:.3f}",
    ]
    if train_split == "all":
        hit, f1, dev_setting = heldout_estimate(inputs)
        summary += [
            f"held out: the same recipe on 'dev' only (its CV: rule_weight {dev_setting['rule_weight']:.2f}, "
            f"T {dev_setting['temperature']:g}, share {dev_setting['share']:.2f}, "
            f"min p {dev_setting['min_p']:.2f}), scored on 'heldout': hit@1 {hit:.3f} / micro-F1 {f1:.3f}",
        ]
    return render_sql(inputs, model, setting, summary, trained_on=train_split), summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.train_topics", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--train-split", choices=("dev", "all"), default="all",
        help="labels to fit on (default all; with all, the held-out estimate is computed from dev alone)",
    )
    parser.add_argument(
        "--papers", type=Path, help="a papers.parquet holding the labelled papers (default: parse data/raw)"
    )
    parser.add_argument("--output", type=Path, default=MODEL_SQL)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="paperlake-train-") as tmp:
        papers_path = args.papers or sample_papers(Path(tmp) / "data")
        text, summary = train(papers_path, args.train_split)
    args.output.write_text(text, encoding="utf-8")
    print("\n".join(summary))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
