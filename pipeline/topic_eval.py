"""Score labelled papers with the warehouse's own topic SQL and compare them with human labels.

This is what ``paperlake topics eval`` runs. It needs no scikit-learn: the labelled texts go through
the very SQL files a warehouse build runs (``060``-``070`` of ``sql/warehouse``), with the model
files of ``data/topic_model/`` (or another folder), so the numbers are those of the warehouse and
not of a re-implementation.

Labels (``data/labels/``):

* ``real_topics.csv`` - real daily-listing papers with full title and abstract, labelled by the
  guideline (``docs/topic-guidelines.md``); ``split`` is ``heldout`` for a fixed 20% chosen by a hash
  of the arXiv id (``heldout_split``), ``train`` otherwise. The held-out part is never trained on
  and never used to choose a setting: it is for reporting.
* ``real_topics_second.csv`` - a second, independent labelling of some of those papers: the
  inter-annotator agreement (``agreement``) is the ceiling any classifier can be held to.
* ``topics_gold.csv`` - the 451 papers of the bundled sample pages (title and the first 60 characters
  of the abstract; the text comes from parsing ``data/raw``). All of them are training labels now.

Metrics: ``hit@1`` (the predicted primary topic is one of the gold topics), primary accuracy
(predicted primary == gold primary), micro precision / recall / F1 over the (paper, topic) pairs of
the predicted and gold topic sets, per-topic precision / recall and the most frequent primary
confusions (gold -> predicted).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.config import PROJECT_ROOT
from pipeline.sql import set_variables, sql_text
from pipeline.topic_model import model_dir

LABELS_DIR = PROJECT_ROOT / "data" / "labels"
REAL_LABELS = LABELS_DIR / "real_topics.csv"
SECOND_LABELS = LABELS_DIR / "real_topics_second.csv"
SAMPLE_GOLD = LABELS_DIR / "topics_gold.csv"
HELDOUT_SHARE = 5  # one arXiv id in five (by hash) is held out
SPLITS = ("heldout", "train", "all")
# The warehouse files that classify papers_base, in build order (055 creates the output tables).
SCORING_SQL = (
    "warehouse/055_topic_batches.sql",
    "warehouse/060_topics.sql",
    "warehouse/061_topic_model.sql",
    "warehouse/062_topic_tokens.sql",
    "warehouse/064_topic_rule_hits.sql",
    "warehouse/070_paper_topics.sql",
)


def heldout_split(arxiv_id: str) -> str:
    """``heldout`` for a fixed fifth of arXiv ids, ``train`` for the rest.

    A hash of the id, not a random draw: the split survives re-imports, added labels and row order,
    and a paper labelled later lands on the side its id dictates."""
    digest = int(hashlib.sha1(arxiv_id.strip().encode()).hexdigest(), 16)
    return "heldout" if digest % HELDOUT_SHARE == 0 else "train"


def split_topics(text: str) -> list[str]:
    """``'a;b'`` -> ``['a', 'b']`` (primary first, blanks dropped)."""
    return [t.strip() for t in str(text).split(";") if t.strip()]


def load_real_labels(path: str | Path = REAL_LABELS) -> pd.DataFrame:
    """The real labelled papers: paper_id (``arxiv:<id>``), arxiv_id, title, abstract, gold_primary,
    gold_topics, split, source."""
    labels = pd.read_csv(path, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            "paper_id": "arxiv:" + labels["arxiv_id"],
            "arxiv_id": labels["arxiv_id"],
            "title": labels["title"],
            "abstract": labels["abstract"],
            "gold_primary": labels["primary_topic"],
            "gold_topics": labels["topics"].map(split_topics),
            "split": labels["split"],
            "source": "real",
        }
    )


def load_sample_gold(path: str | Path = SAMPLE_GOLD) -> pd.DataFrame:
    """``topics_gold.csv`` with its topics as lists (``gold_topics``)."""
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold["gold_topics"] = gold["topics"].map(split_topics)
    return gold


def _key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(title).lower())


def join_sample_gold(papers: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Match sample gold rows (title + first 60 characters of the abstract) to ``papers`` rows.

    On the exact title, ``abstract_start`` telling equal titles apart; a title the parser shows
    slightly differently (a trailing ``*`` dropped) matches on a lower-cased alphanumeric key.
    Returns one row per matched label (the paper's columns plus gold_primary, gold_topics) and the
    number of gold rows with no paper."""
    papers = papers.assign(
        abstract_start=papers["abstract"].fillna("").str[:60], key=papers["title"].map(_key)
    )
    by_title = dict(tuple(papers.groupby("title")))
    by_key = dict(tuple(papers.groupby("key")))
    rows, unmatched = [], 0
    for g in gold.itertuples(index=False):
        cands = by_title.get(g.title)
        if cands is None:
            cands = by_key.get(_key(g.title))
        if cands is None:
            unmatched += 1
            continue
        if len(cands) > 1:
            narrowed = cands[cands["abstract_start"] == g.abstract_start]
            cands = narrowed if len(narrowed) else cands
        row = cands.iloc[0].drop(["abstract_start", "key"]).to_dict()
        rows.append({**row, "gold_primary": g.primary_topic, "gold_topics": list(g.gold_topics)})
    return pd.DataFrame(rows), unmatched


def score_with_sql(papers: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    """Classify ``papers`` (paper_id, title, abstract) with the warehouse's topic SQL and the model in
    ``folder`` (default: the one builds use). Returns paper_id, topic, topics, topic_score,
    topic_evidence, exactly as a build would write them into ``papers``."""
    with duckdb.connect() as con:
        con.register("labelled", papers[["paper_id", "title", "abstract"]])
        con.execute(
            "CREATE TEMP TABLE papers_base AS SELECT paper_id, title, abstract, NULL::DATE AS first_listed "
            "FROM labelled"
        )
        set_variables(
            con, {"topic_batch_papers": max(len(papers), 1), "topic_model_dir": str(folder or model_dir())}
        )
        for relative in SCORING_SQL:
            con.execute(sql_text(relative))
        return con.execute(
            "SELECT paper_id, topic, topics, topic_score, topic_evidence FROM papers ORDER BY paper_id"
        ).df()


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def metrics(joined: pd.DataFrame) -> dict:
    """Scores of ``pred_primary``/``pred_topics`` against ``gold_primary``/``gold_topics``, one row per
    paper."""
    n = len(joined)
    hit = sum(r.pred_primary in r.gold_topics for r in joined.itertuples())
    acc = sum(r.pred_primary == r.gold_primary for r in joined.itertuples())
    tp, fp, fn = Counter(), Counter(), Counter()
    for r in joined.itertuples():
        pred, gold = set(r.pred_topics), set(r.gold_topics)
        tp.update(pred & gold)
        fp.update(pred - gold)
        fn.update(gold - pred)
    micro_p, micro_r, micro_f = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    per_topic = {}
    for t in sorted(set(tp) | set(fp) | set(fn)):
        p, r, f = _prf(tp[t], fp[t], fn[t])
        per_topic[t] = {
            "precision": p,
            "recall": r,
            "f1": f,
            "support": tp[t] + fn[t],
            "predicted": tp[t] + fp[t],
        }
    confusions = Counter(
        (r.gold_primary, r.pred_primary) for r in joined.itertuples() if r.gold_primary != r.pred_primary
    )
    return {
        "n": n,
        "hit_at_1": hit / n if n else 0.0,
        "primary_accuracy": acc / n if n else 0.0,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": micro_f,
        "per_topic": per_topic,
        "confusions": confusions.most_common(),
    }


def evaluate_labels(
    split: str = "heldout", *, labels_path: str | Path = REAL_LABELS, folder: Path | None = None
) -> dict:
    """Metrics of the model in ``folder`` on one split of the real labels, scored by the warehouse SQL."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    labels = load_real_labels(labels_path)
    if split != "all":
        labels = labels[labels["split"] == split]
    predicted = score_with_sql(labels, folder)
    joined = labels.merge(
        predicted.rename(columns={"topic": "pred_primary", "topics": "pred_topics"}), on="paper_id"
    )
    joined["pred_topics"] = joined["pred_topics"].map(list)
    result = metrics(joined)
    result.update(split=split, source=str(labels_path), trained_on=_trained_on(folder), errors=joined)
    return result


def evaluate_warehouse(
    warehouse_path: str | Path, *, labels_path: str | Path = REAL_LABELS, split: str = "heldout"
) -> dict:
    """Metrics of a built warehouse's ``papers.topic``/``topics`` for the labelled papers it holds:
    real labels joined on the arXiv id, the sample gold on the title (``split='sample'``)."""
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        papers = con.execute(
            "SELECT paper_id, arxiv_id, title, coalesce(abstract, '') AS abstract, topic, topics FROM papers"
        ).df()
        trained = con.execute("SELECT trained_on FROM topic_model_settings").fetchone()[0]
    if split == "sample":
        joined, unmatched = join_sample_gold(papers, load_sample_gold())
    else:
        labels = load_real_labels(labels_path)
        if split != "all":
            labels = labels[labels["split"] == split]
        joined = labels.drop(columns=["paper_id", "title", "abstract"]).merge(
            papers.dropna(subset=["arxiv_id"]).drop_duplicates("arxiv_id"), on="arxiv_id"
        )
        unmatched = len(labels) - len(joined)
    joined = joined.rename(columns={"topic": "pred_primary", "topics": "pred_topics"})
    joined["pred_topics"] = joined["pred_topics"].map(list)
    result = metrics(joined)
    result.update(
        split=split, source=str(warehouse_path), trained_on=trained, errors=joined, unmatched=unmatched
    )
    return result


def _trained_on(folder: Path | None) -> str:
    settings = pd.read_csv((folder or model_dir()) / "settings.csv", dtype=str, keep_default_na=False)
    return str(settings["trained_on"].iloc[0])


def agreement(first: pd.DataFrame, second: pd.DataFrame) -> dict:
    """Inter-annotator agreement on the papers both labelled (frames with arxiv_id, primary_topic,
    topics): primary agreement, hit@1 of either annotator's primary in the other's set, and micro-F1
    of the second labelling scored against the first (symmetric: swapping swaps P and R)."""
    both = first.merge(second, on="arxiv_id", suffixes=("_first", "_second"))
    joined = pd.DataFrame(
        {
            "gold_primary": both["primary_topic_first"],
            "gold_topics": both["topics_first"].map(split_topics),
            "pred_primary": both["primary_topic_second"],
            "pred_topics": both["topics_second"].map(split_topics),
        }
    )
    result = metrics(joined)
    result["split"] = "second labelling vs first"
    return result


def format_report(result: dict, *, top_confusions: int = 12) -> str:
    """The report ``paperlake topics eval`` prints."""
    lines = [
        f"labels: {result['source']}  split: {result['split']}  n: {result['n']}"
        + (f"  (labels not found: {result['unmatched']})" if result.get("unmatched") else ""),
        f"hit@1:            {result['hit_at_1']:.3f}",
        f"primary accuracy: {result['primary_accuracy']:.3f}",
        f"micro P/R/F1:     {result['micro_precision']:.3f} / {result['micro_recall']:.3f} / "
        f"{result['micro_f1']:.3f}",
    ]
    if "trained_on" in result and result["split"] != "heldout":
        lines.append(
            f"NOTE: the model (trained_on '{result.get('trained_on', '?')}': the real labels' train split "
            "and the sample labels) has seen some or all of these papers: not held-out numbers"
        )
    lines += ["", f"{'topic':<24}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for topic, m in sorted(result["per_topic"].items(), key=lambda kv: -kv[1]["support"]):
        lines.append(
            f"{topic:<24}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['support']:>6}{m['predicted']:>6}"
        )
    lines += ["", "top confusions (gold primary -> predicted primary):"]
    for (gold, pred), count in result["confusions"][:top_confusions]:
        lines.append(f"  {count:>3}  {gold} -> {pred}")
    return "\n".join(lines)
