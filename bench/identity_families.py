"""Identity benchmark by family: each hard case of "is this the same paper?" on its own corpus.

    python -m bench.identity_families [--families truncation,case,...] [--papers 60] [--workdir DIR]

The families (truncation markers, case changes, id/no-id pairs, numbered variants and version
series, boilerplate abstracts, real repeats across days) are built from real rows in real exporters'
styles by ``tests/support/identity_families.py``, which says what each one holds.

Prints, per family: sightings, true and predicted papers, pairwise precision, recall and F1, wrong
merges (predicted pairs of sightings that are different papers), candidate pairs examined (per
distinct record key) and seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.support import real_rows
from tests.support.identity_families import ALL_FAMILIES, run_family


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.identity_families", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--families", default=",".join(ALL_FAMILIES))
    parser.add_argument("--papers", type=int, default=60, help="base papers per family (boilerplate: 5x)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    if not real_rows.available():
        print(real_rows.MISSING_MESSAGE, file=sys.stderr)
        return 2
    names = [f.strip() for f in args.families.split(",") if f.strip()]
    unknown = sorted(set(names) - set(ALL_FAMILIES))
    if unknown:
        parser.error(f"unknown families {unknown}; choose from {', '.join(ALL_FAMILIES)}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="paperlake-identity-"))
    header = (
        f"{'family':<13} {'sightings':>9} {'true':>6} {'papers':>6} {'P':>7} {'R':>7} {'F1':>7} "
        f"{'wrong':>6} {'pairs':>7} {'pairs/key':>9} {'s':>6}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for name in names:
        r = run_family(name, args.papers, args.seed, workdir)
        print(
            f"{name:<13} {r['sightings']:>9} {r['true_papers']:>6} {r['papers']:>6} {r['precision']:7.4f} "
            f"{r['recall']:7.4f} {r['f1']:7.4f} {r['wrong_merges']:>6} {r['pairs_examined']:>7} "
            f"{r['pairs_per_key']:9.3f} {r['seconds']:6.1f}",
            flush=True,
        )
        if r["unmatched"]:
            print(f"  {r['unmatched']} sightings matched no card (parsing, not identity)")
        failed |= r["f1"] < 0.995 or r["wrong_merges"] > 0
    print(f"\npages and builds in {workdir}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
