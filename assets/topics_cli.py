"""``paperlake topics train|eval|agreement``: the topic model's life cycle (docs/topics.md).

Kept apart from ``assets/cli.py`` so the topic commands change without touching the pipeline's
commands; ``cli.py`` only registers the parser and dispatches here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.config import Settings


class _UsageError(Exception):
    """A problem the user can fix, reported as one sentence without a traceback."""


def add_topics_parser(commands: argparse._SubParsersAction) -> None:
    """``paperlake topics train|eval|agreement``: the topic model's life cycle (docs/topics.md)."""
    topics_cmd = commands.add_parser("topics", help="train or evaluate the topic model")
    actions = topics_cmd.add_subparsers(dest="topics_command", required=True)
    train_cmd = actions.add_parser(
        "train", help="fit the model on the training labels (needs scikit-learn: pip install -e '.[topics]')"
    )
    train_cmd.add_argument(
        "--output", type=Path, help="model folder to write (default: the one builds read, data/topic_model)"
    )
    labels_help = "real labels CSV (default data/labels/real_topics.csv)"
    train_cmd.add_argument("--labels", type=Path, help=labels_help)
    train_cmd.add_argument(
        "--quick", action="store_true", help="one C and one CV shuffle (a fifth of the time; to try changes)"
    )
    eval_cmd = actions.add_parser(
        "eval", help="score labelled papers with the warehouse SQL and print metrics"
    )
    eval_cmd.add_argument(
        "--split",
        choices=["heldout", "train", "all", "sample"],
        default="heldout",
        help="part of the real labels (default heldout: never trained on); sample: the labels of the "
        "bundled sample pages, with --warehouse",
    )
    eval_cmd.add_argument("--model", type=Path, help="model folder (default: the one builds read)")
    eval_cmd.add_argument("--labels", type=Path, help=labels_help)
    eval_cmd.add_argument(
        "--warehouse",
        action="store_true",
        help="judge the published warehouse's papers.topics instead (labelled papers it holds; "
        "--split sample: the bundled sample pages' labels)",
    )
    eval_cmd.add_argument("--errors", action="store_true", help="also list the misclassified papers")
    actions.add_parser("agreement", help="agreement of the second labelling with the first")


def run_topics(settings: Settings, args: argparse.Namespace) -> int:
    """Train, evaluate, or measure annotator agreement. A problem the user can fix is one line on
    stderr and exit code 2, as for the other commands; the heavy imports happen only here."""
    try:
        return _run(settings, args)
    except _UsageError as exc:
        print(f"paperlake: {exc}", file=sys.stderr)
        return 2


def _run(settings: Settings, args: argparse.Namespace) -> int:
    from pipeline import topic_eval
    from pipeline.topic_model import model_dir

    if args.topics_command == "train":
        try:
            from pipeline.topic_train import train_and_write
        except ImportError as exc:
            raise _UsageError(f"training needs scikit-learn (pip install -e '.[topics]'): {exc}") from None
        output = args.output or model_dir()
        result = train_and_write(output, real_labels=args.labels or topic_eval.REAL_LABELS, quick=args.quick)
        print("\n".join(result.summary))
        print(f"wrote {output}")
        return 0
    if args.topics_command == "agreement":
        import pandas as pd

        first, second = (
            pd.read_csv(path, dtype=str, keep_default_na=False)
            for path in (topic_eval.REAL_LABELS, topic_eval.SECOND_LABELS)
        )
        result = topic_eval.agreement(first, second)
        result["source"] = f"{topic_eval.SECOND_LABELS.name} vs {topic_eval.REAL_LABELS.name}"
        print(topic_eval.format_report(result))
        return 0
    labels = args.labels or topic_eval.REAL_LABELS
    if args.split == "sample" and not args.warehouse:
        raise _UsageError("--split sample judges a built warehouse: add --warehouse")
    if args.warehouse:
        from pipeline.warehouse import open_read_only

        try:
            open_read_only(settings).close()
        except FileNotFoundError as exc:
            raise _UsageError(str(exc)) from None
        result = topic_eval.evaluate_warehouse(settings.warehouse_path, labels_path=labels, split=args.split)
    else:
        result = topic_eval.evaluate_labels(args.split, labels_path=labels, folder=args.model)
    print(topic_eval.format_report(result))
    if args.errors:
        print("\nmisclassified (gold primary | gold topics -> predicted topics | title):")
        for r in result["errors"].itertuples():
            if set(r.pred_topics) != set(r.gold_topics) or r.pred_primary != r.gold_primary:
                gold, pred = ";".join(r.gold_topics), ";".join(r.pred_topics)
                print(f"  {r.gold_primary} | {gold} -> {pred} | {r.title[:80]}")
    return 0
