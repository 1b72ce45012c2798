"""A lean single-script DuckDB pipeline: what DuckDB alone does (a yardstick of ``bench.scale_bench``).

    python -m bench.baseline_duckdb RAW_DIR OUT_DIR

One SQL pass, as a user fluent in DuckDB would write it: ``read_text`` every page, split it into
lines, drop blank lines and URLs, pair a short line with the long line after it (title, abstract),
normalise both (lower case, punctuation to spaces), drop exact duplicates of the normalised pair,
take each page's capture date from its file name, give each paper keyword topics, and write
``sightings.parquet``, ``papers.parquet`` and a DuckDB file. Like ``bench.baseline_pandas`` it does
far less than paperlake (no Markdown, cards, ids, metadata, rejects, near-duplicates, checks,
incremental refresh), so the ratio flatters it. Prints one JSON line with counts and stage seconds.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

TITLE_MAX = 200
ABSTRACT_MIN = 200

SIGHTINGS = f"""
CREATE TABLE sightings AS
WITH pages AS (
    SELECT parse_filename(filename) AS source_file, content FROM read_text(?)
),
lines AS (
    SELECT source_file, generate_subscripts(parts, 1) AS line_number, unnest(parts) AS line
    FROM (SELECT source_file, string_split(replace(content, chr(13), ''), chr(10)) AS parts FROM pages)
),
kept AS (
    SELECT source_file, line_number, trim(line) AS line
    FROM lines
    WHERE trim(line) <> '' AND NOT starts_with(trim(line), 'http')
),
paired AS (
    SELECT source_file, line_number, line AS title,
           lead(line) OVER (PARTITION BY source_file ORDER BY line_number) AS abstract
    FROM kept
)
SELECT
    source_file, line_number, title, abstract,
    trim(regexp_replace(lower(title), '[^a-z0-9]+', ' ', 'g')) AS title_key,
    trim(regexp_replace(lower(abstract), '[^a-z0-9]+', ' ', 'g')) AS abstract_key,
    try_strptime(left(source_file, 10), '%Y-%m-%d')::DATE AS captured_at
FROM paired
WHERE length(title) < {TITLE_MAX} AND length(abstract) >= {ABSTRACT_MIN}
"""

PAPERS = """
CREATE TABLE papers AS
SELECT
    md5(title_key || '|' || abstract_key) AS paper_id,
    arg_min(title, captured_at) AS title,
    arg_min(abstract, captured_at) AS abstract,
    min(captured_at) AS first_seen,
    max(captured_at) AS last_seen,
    count(*) AS n_sightings,
    list_filter(
        [CASE WHEN abstract_key LIKE '%language model%' THEN 'language_models' END,
         CASE WHEN abstract_key SIMILAR TO '.*(image|video|visual).*' THEN 'vision' END,
         CASE WHEN abstract_key LIKE '%reinforcement%' THEN 'reinforcement_learning' END,
         CASE WHEN abstract_key SIMILAR TO '.*(diffusion|generat).*' THEN 'generative_media' END,
         CASE WHEN abstract_key LIKE '%robot%' THEN 'robotics' END],
        lambda t: t IS NOT NULL
    ) AS topics
FROM sightings
GROUP BY title_key, abstract_key
"""


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    raw, out = Path(args[0]), Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    stages = {}
    t0 = time.perf_counter()
    con = duckdb.connect(str(out / "papers.duckdb"))
    con.execute(SIGHTINGS, [str(raw / "*.txt")])
    t1 = time.perf_counter()
    con.execute(PAPERS)
    t2 = time.perf_counter()
    for table in ("sightings", "papers"):
        con.execute(f"COPY {table} TO '{out / table}.parquet' (FORMAT parquet)")
    t3 = time.perf_counter()
    records = con.execute("SELECT count(*) FROM sightings").fetchone()[0]
    papers = con.execute("SELECT count(*) FROM papers").fetchone()[0]
    con.close()
    stages = {"read_parse": t1 - t0, "dedupe_topics": t2 - t1, "parquet": t3 - t2}
    print(json.dumps({"records": records, "papers": papers, "stages": stages}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
