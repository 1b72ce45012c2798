"""Pairwise precision/recall of paper identity against a generated corpus with known truth.

    python -m bench.eval_identity [--pages 60] [--seed 0] [--layouts spaced,compact,rich,wrapped,markdown]

All five layouts of tests.support.corpus by default: the three of the sample captures plus hard-wrapped
spaced pages (CRLF) and Markdown exports.

Renders pages with perturbed repeats and hard negatives (tests.support.corpus), builds them with the core
pipeline in a temporary folder, then compares each sighting's ``paper_id`` with its ``truth_id``:
a pair of sightings is *predicted* together when they share a paper_id and *truly* together when
they share a truth_id. Wrong merges are predicted pairs that are not true pairs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from pipeline.config import Settings
from pipeline.ingest import refresh_source_files
from pipeline.papers import build_papers
from pipeline.warehouse import build_warehouse
from tests.support.corpus import LAYOUTS, generate_corpus

PAIR_COUNTS = """
WITH joined AS (
    SELECT s.paper_id, t.truth_id
    FROM w.sightings AS s
    JOIN read_parquet(?) AS t ON t.file = s.source_file AND t.position = s.position
),
cells AS (SELECT paper_id, truth_id, count(*) AS n FROM joined GROUP BY ALL),
pred AS (SELECT paper_id, count(*) AS n FROM joined GROUP BY ALL),
truth AS (SELECT truth_id, count(*) AS n FROM joined GROUP BY ALL)
SELECT
    (SELECT count(*) FROM joined) AS sightings,
    (SELECT sum(n * (n - 1) / 2) FROM cells) AS true_positive_pairs,
    (SELECT sum(n * (n - 1) / 2) FROM pred) AS predicted_pairs,
    (SELECT sum(n * (n - 1) / 2) FROM truth) AS true_pairs,
    (SELECT count(*) FROM pred) AS predicted_papers,
    (SELECT count(*) FROM truth) AS true_papers,
    (SELECT count(*) FROM (SELECT paper_id FROM cells GROUP BY 1 HAVING count(*) > 1)) AS impure_papers
"""


def evaluate(pages: int, seed: int, layouts: tuple[str, ...], workdir: Path) -> dict:
    raw = workdir / "raw"
    truth = generate_corpus(raw, pages, seed=seed, layouts=layouts, perturb=True, hard_negatives=True)
    settings = Settings.from_env(raw, workdir / "data")
    started = time.perf_counter()
    refresh_source_files(settings)
    build_papers(settings)
    build_warehouse(settings)
    seconds = time.perf_counter() - started
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{settings.warehouse_path}' AS w (READ_ONLY)")
        row = con.execute(PAIR_COUNTS, [str(truth.records_path)]).fetchone()
        names = [d[0] for d in con.description]
    result = {name: int(value or 0) for name, value in zip(names, row, strict=True)}
    tp, pred, true = result["true_positive_pairs"], result["predicted_pairs"], result["true_pairs"]
    precision = tp / pred if pred else 1.0
    recall = tp / true if true else 1.0
    result.update(
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        wrong_merge_pairs=pred - tp,
        build_seconds=seconds,
        kinds=truth.kinds,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="paperlake-identity-") as tmp:
        r = evaluate(args.pages, args.seed, tuple(args.layouts.split(",")), Path(tmp))
    print(
        f"sightings {r['sightings']:,}  truth papers {r['true_papers']:,}  "
        f"predicted {r['predicted_papers']:,}"
    )
    print(f"record kinds: {r['kinds']}")
    print(f"pairwise precision {r['precision']:.4f}  recall {r['recall']:.4f}  F1 {r['f1']:.4f}")
    print(f"wrong merges: {r['wrong_merge_pairs']} pairs in {r['impure_papers']} papers")
    print(f"build {r['build_seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
