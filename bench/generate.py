"""Generate a synthetic corpus of Hugging Face listing pages with ground truth.

    python -m bench.generate OUT_DIR --pages N [--seed S] [--layouts spaced,compact,rich,wrapped,markdown]
                             [--perturb] [--hard-negatives] [--papers-per-page K] [--overwrite]

Pages go to OUT_DIR; the ground truth goes next to it (OUT_DIR.truth.parquet, one row per rendered
record, and OUT_DIR.papers.parquet, one row per distinct paper). See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from tests.support.corpus import CAPTURED_LAYOUTS, LAYOUTS, generate_corpus


def _layouts(value: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [n for n in names if n not in LAYOUTS]
    if not names or bad:
        raise argparse.ArgumentTypeError(f"layouts must be a comma list of {', '.join(LAYOUTS)}")
    return names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", help="folder for the page files (created if missing)")
    ap.add_argument("--pages", type=int, required=True, help="number of pages to write")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--layouts",
        type=_layouts,
        default=CAPTURED_LAYOUTS,
        help="comma list of " + ",".join(LAYOUTS) + ", used round-robin; repeat a name to weight it "
        "(default: spaced,compact,rich, the layouts of the sample captures)",
    )
    ap.add_argument("--papers-per-page", type=int, default=100)
    ap.add_argument("--repeat-rate", type=float, default=0.35)
    ap.add_argument("--perturb", action="store_true", help="render some repeats perturbed")
    ap.add_argument("--hard-negatives", action="store_true", help="plant same-title different papers")
    ap.add_argument("--overwrite", action="store_true", help="replace page files already in OUT_DIR")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)

    try:
        truth = generate_corpus(
            args.out_dir,
            args.pages,
            seed=args.seed,
            papers_per_page=args.papers_per_page,
            repeat_rate=args.repeat_rate,
            layouts=args.layouts,
            perturb=args.perturb,
            hard_negatives=args.hard_negatives,
            overwrite=args.overwrite,
        )
    except (FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.json:
        print(json.dumps(truth.summary(), indent=2))
        return 0
    kinds = ", ".join(f"{k} {v:,}" for k, v in truth.kinds.items())
    layouts = ", ".join(f"{k} {v:,}" for k, v in truth.layouts.items())
    print(f"wrote {truth.n_files:,} files to {truth.out_dir} ({layouts})")
    print(f"records: {truth.n_records:,} ({kinds})")
    print(f"distinct papers: {truth.n_papers:,}")
    print(f"size: {truth.mb:,.1f} MB in {truth.seconds:.2f} s ({truth.mb_per_s:,.1f} MB/s)")
    print(f"truth: {truth.records_path}")
    print(f"papers: {truth.papers_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
