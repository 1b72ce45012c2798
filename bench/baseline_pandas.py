"""The script a user would write instead of paperlake: the yardstick for ``bench.scale_bench``.

    python -m bench.baseline_pandas RAW_DIR OUT_DIR

Deliberately simple and single-process, as a first pass in a notebook would be: read every page,
skip blank lines and links, pair a short line with the next long line as title / abstract, drop
exact duplicate titles with pandas, write ``papers.parquet`` and a DuckDB file
(``CREATE TABLE papers AS SELECT * FROM df``). It does far less than paperlake (no encodings, no
rejects, no identity beyond exact titles, no dates, topics, checks or incremental refresh), so the
speed ratio against it flatters the baseline. Prints one JSON line with counts and stage seconds.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

TITLE_MAX = 200  # titles are 20-140 characters on real pages
ABSTRACT_MIN = 200  # abstracts are 240-1,900


def page_records(path: Path) -> list[tuple[str, int, str, str]]:
    """(file, line number, title, abstract) for every short line followed by a long one."""
    lines = [
        (n, line.strip())
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
    ]
    lines = [(n, s) for n, s in lines if s and not s.startswith("http")]
    records = []
    for (n, title), (_, abstract) in itertools.pairwise(lines):
        if len(title) < TITLE_MAX and len(abstract) >= ABSTRACT_MIN:
            records.append((path.name, n, title, abstract))
    return records


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    raw, out = Path(args[0]), Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    rows = [r for page in sorted(raw.glob("*.txt")) for r in page_records(page)]
    df = pd.DataFrame(rows, columns=["source_file", "line_number", "title", "abstract"])
    t1 = time.perf_counter()
    papers = df.drop_duplicates(subset="title").reset_index(drop=True)
    t2 = time.perf_counter()
    papers.to_parquet(out / "papers.parquet", index=False)
    t3 = time.perf_counter()
    con = duckdb.connect(str(out / "papers.duckdb"))
    con.register("df", papers)
    con.execute("CREATE OR REPLACE TABLE papers AS SELECT * FROM df")
    con.close()
    t4 = time.perf_counter()
    stages = {"read_parse": t1 - t0, "dedupe": t2 - t1, "parquet": t3 - t2, "duckdb": t4 - t3}
    print(json.dumps({"records": len(df), "papers": len(papers), "stages": stages}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
