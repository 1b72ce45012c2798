"""Evaluate the topic classifier (linear model + phrase rules, in SQL) against the human gold labels.

    python -m bench.eval_topics [--split dev|heldout|all] [--warehouse PATH] [--data-dir DIR]

Without ``--warehouse`` the bundled sample pages (``data/raw``) are built into a warehouse with the
core pipeline (ingest -> papers -> warehouse), in a temporary data dir unless ``--data-dir`` is
given (a kept data dir makes re-runs after editing the topic SQL fast: pages are not re-parsed).

The committed model is trained on every label (``python -m bench.train_topics``), so ``heldout``
papers were its training data and the report says so. ``--retrain-dev`` gives the honest figure:
it fits the same recipe on ``dev`` alone into a copy of ``sql/`` and scores the warehouse built
with that copy, whose model has never seen a ``heldout`` paper.

Papers are joined to ``data/labels/topics_gold.csv`` on the exact title, with ``abstract_start``
(the first 60 characters of the abstract) to tell equal titles apart; a title the parser displays
slightly differently (e.g. a trailing ``*`` dropped) is matched on a lower-cased alphanumeric key.

Metrics:

* ``hit@1``   - the predicted primary topic is one of the gold topics;
* ``primary_accuracy`` - predicted primary == gold primary;
* micro precision / recall / F1 over the (paper, topic) pairs of the predicted and gold topic sets;
* per-topic precision / recall / F1 over topic sets, and the most frequent primary confusions.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

import pipeline.sql
from pipeline.config import BUNDLED_RAW_DIR, PROJECT_ROOT, Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse

GOLD_PATH = PROJECT_ROOT / "data" / "labels" / "topics_gold.csv"
SPLITS = ("dev", "heldout", "all")


def build_sample_warehouse(data_dir: str | Path, raw_dir: str | Path = BUNDLED_RAW_DIR) -> Path:
    """Build (or bring up to date) a warehouse of ``raw_dir`` in ``data_dir``; returns its path."""
    settings = Settings.from_env(raw_dir, data_dir)
    refresh_source_files(settings, workers=1)
    build_papers(settings)
    return build_warehouse(settings).path


@contextmanager
def sql_with_files(files: Mapping[str, str], workdir: Path) -> Iterator[Path]:
    """Within the block the pipeline runs a copy of ``sql/`` (in ``workdir``) in which the files
    named by ``files`` (``"warehouse/061_topic_model.sql"``) hold the given text instead: a model or
    rules under evaluation, without touching the repository."""
    tree = workdir / "sql"
    shutil.copytree(pipeline.sql.SQL_DIR, tree)
    for relative, text in files.items():
        (tree / relative).write_text(text, encoding="utf-8")
    original, pipeline.sql.SQL_DIR = pipeline.sql.SQL_DIR, tree
    try:
        yield tree
    finally:
        pipeline.sql.SQL_DIR = original


def build_dev_model_warehouse(data_dir: Path) -> Path:
    """The sample warehouse scored by a model fitted on ``dev`` labels only (the shipped recipe)."""
    from bench.train_topics import sample_papers, train  # train_topics imports this module

    model_sql, summary = train(sample_papers(data_dir), "dev")
    print("\n".join(["model retrained on dev only:", *summary, ""]))
    with sql_with_files({"warehouse/061_topic_model.sql": model_sql}, data_dir.parent):
        return build_sample_warehouse(data_dir)


def trained_on(warehouse_path: str | Path) -> str:
    """The label split the warehouse's topic model was fitted on ('dev' for models without the column)."""
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        try:
            return con.execute("SELECT trained_on FROM topic_model_settings").fetchone()[0]
        except duckdb.BinderException:  # built before the model recorded it: models were trained on dev
            return "dev"


def _key(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", str(title).lower())


def load_gold(path: str | Path = GOLD_PATH) -> pd.DataFrame:
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold["gold_topics"] = gold["topics"].str.split(";").map(lambda ts: [t.strip() for t in ts if t.strip()])
    return gold


def load_predictions(warehouse_path: str | Path) -> pd.DataFrame:
    with duckdb.connect(str(warehouse_path), read_only=True) as con:
        return con.execute(
            "SELECT paper_id, title, coalesce(abstract, '') AS abstract, topic, topics, topic_score, "
            "topic_evidence FROM papers"
        ).df()


def join_gold(pred: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """One row per gold label matched to a paper; also returns the number of unmatched gold rows."""
    pred = pred.assign(abstract_start=pred["abstract"].str[:60], key=pred["title"].map(_key))
    rows, unmatched = [], 0
    by_title = {t: g for t, g in pred.groupby("title")}
    by_key = {k: g for k, g in pred.groupby("key")}
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
        p = cands.iloc[0]
        rows.append(
            {
                "paper_id": p["paper_id"],
                "title": g.title,
                "split": g.split,
                "gold_primary": g.primary_topic,
                "gold_topics": list(g.gold_topics),
                "pred_primary": p["topic"],
                "pred_topics": list(p["topics"]),
                "topic_score": float(p["topic_score"]),
                "evidence": p["topic_evidence"],
            }
        )
    return pd.DataFrame(rows), unmatched


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def metrics(joined: pd.DataFrame) -> dict:
    n = len(joined)
    hit = sum(r.pred_primary in r.gold_topics for r in joined.itertuples())
    acc = sum(r.pred_primary == r.gold_primary for r in joined.itertuples())
    tp, fp, fn = Counter(), Counter(), Counter()
    for r in joined.itertuples():
        pred, gold = set(r.pred_topics), set(r.gold_topics)
        for t in pred & gold:
            tp[t] += 1
        for t in pred - gold:
            fp[t] += 1
        for t in gold - pred:
            fn[t] += 1
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


def evaluate(warehouse_path: str | Path, split: str = "dev", *, gold_path: str | Path = GOLD_PATH) -> dict:
    """Metrics of the warehouse's ``papers.topic``/``papers.topics`` against one split of the gold."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    gold = load_gold(gold_path)
    if split != "all":
        gold = gold[gold["split"] == split]
    joined, unmatched = join_gold(load_predictions(warehouse_path), gold)
    result = metrics(joined)
    result["split"] = split
    result["trained_on"] = trained_on(warehouse_path)
    result["unmatched_gold"] = unmatched
    result["errors"] = joined[joined["pred_primary"] != joined["gold_primary"]]
    return result


def format_report(result: dict, *, top_confusions: int = 12) -> str:
    lines = [
        f"split: {result['split']}  n: {result['n']}  (unmatched gold rows: {result['unmatched_gold']})",
        f"hit@1:            {result['hit_at_1']:.3f}",
        f"primary accuracy: {result['primary_accuracy']:.3f}",
        f"micro P/R/F1:     {result['micro_precision']:.3f} / {result['micro_recall']:.3f} / "
        f"{result['micro_f1']:.3f}",
    ]
    seen = {"dev": {"dev", "all"}, "all": {"dev", "heldout", "all"}}.get(result["trained_on"], set())
    if result["split"] in seen:
        lines.append(
            f"NOTE: the model was trained on '{result['trained_on']}', which includes these papers: "
            "training-set numbers, not held out (--retrain-dev gives the honest held-out figure)"
        )
    lines += [
        "",
        f"{'topic':<24}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}",
    ]
    for topic, m in sorted(result["per_topic"].items(), key=lambda kv: -kv[1]["support"]):
        lines.append(
            f"{topic:<24}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}"
            f"{m['support']:>6}{m['predicted']:>6}"
        )
    lines += ["", "top confusions (gold primary -> predicted primary):"]
    for (gold, pred), count in result["confusions"][:top_confusions]:
        lines.append(f"  {count:>3}  {gold} -> {pred}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_topics", description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, default="dev")
    parser.add_argument("--warehouse", type=Path, help="evaluate this warehouse instead of building one")
    parser.add_argument(
        "--data-dir", type=Path, help="build the sample warehouse here (kept) instead of a temp dir"
    )
    parser.add_argument("--errors", action="store_true", help="also list the misclassified papers")
    parser.add_argument(
        "--retrain-dev", action="store_true",
        help="score a model fitted on dev only (the shipped recipe; needs scikit-learn): honest on heldout",
    )
    args = parser.parse_args(argv)
    if args.retrain_dev and (args.warehouse or args.data_dir):
        parser.error("--retrain-dev builds its own warehouse in a temp dir: no --warehouse / --data-dir")

    with tempfile.TemporaryDirectory(prefix="paperlake-eval-") as tmp:
        if args.retrain_dev:
            path = build_dev_model_warehouse(Path(tmp) / "data")
        else:
            path = args.warehouse or build_sample_warehouse(args.data_dir or Path(tmp) / "data")
        result = evaluate(path, args.split)
        print(format_report(result))
        if args.errors:
            print("\nmisclassified (gold primary | gold topics -> predicted topics | title | evidence):")
            for r in result["errors"].itertuples():
                print(
                    f"  {r.gold_primary} | {';'.join(r.gold_topics)} -> {';'.join(r.pred_topics)} | "
                    f"{r.title[:70]} | {r.evidence}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
