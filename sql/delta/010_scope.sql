-- What changed since the published warehouse was built: the scope of an incremental build.
-- Inputs: previous_source_files_path / source_files_path, previous_papers_path / papers_path and
-- previous_paper_keys_path / paper_keys_path (the manifest, papers and paper keys the published
-- warehouse was built from, and the current ones).
-- A file is touched when its manifest row changed (content, status, dates...; the per-run `change`
-- column and the file's modification time aside), appeared or disappeared; a paper when any of its
-- columns changed, or it appeared or disappeared. Rows are compared by a hash of the row (papers
-- carry theirs: row_hash, computed by build/papers.sql, so no paper's text is read here).
-- A file whose row changed in its modification time only (the raw folder copied, synced or checked
-- out again: every mtime new, no content) is not touched: its sightings and papers are the same, so
-- only its source_files row's time is set (delta/080_file_times.sql), however many files that is.
-- A time that dates the page (capture_source 'mtime') changes captured_at too, so the file is touched.
CREATE OR REPLACE TEMP TABLE scope_file_rows AS
WITH old AS (
    SELECT source_file, hash(*COLUMNS(* EXCLUDE (change, mtime_ns, mtime))) AS h, mtime_ns
    FROM read_parquet(getvariable('previous_source_files_path'))
), new AS (
    SELECT source_file, hash(*COLUMNS(* EXCLUDE (change, mtime_ns, mtime))) AS h, mtime_ns
    FROM read_parquet(getvariable('source_files_path'))
)
SELECT coalesce(new.source_file, old.source_file) AS source_file, new.h IS DISTINCT FROM old.h AS touched
FROM new
FULL OUTER JOIN old USING (source_file)
WHERE new.h IS DISTINCT FROM old.h OR new.mtime_ns IS DISTINCT FROM old.mtime_ns;

CREATE OR REPLACE TEMP TABLE scope_source_file AS
SELECT source_file FROM scope_file_rows WHERE touched;

CREATE OR REPLACE TEMP TABLE scope_file_times AS
SELECT source_file FROM scope_file_rows WHERE NOT touched;

CREATE OR REPLACE TEMP TABLE scope_paper_id AS
WITH old AS (
    SELECT paper_id, row_hash AS h FROM read_parquet(getvariable('previous_papers_path'))
), new AS (
    SELECT paper_id, row_hash AS h FROM read_parquet(getvariable('papers_path'))
)
SELECT coalesce(new.paper_id, old.paper_id) AS paper_id
FROM new
FULL OUTER JOIN old USING (paper_id)
WHERE new.h IS DISTINCT FROM old.h;

-- A record key whose alias changed: its paper, rule or evidence, or the key is new or gone.
-- Rebuilding the whole alias table and diffing it with the copy's grew with the corpus (~0.6 s of a
-- one-page refresh at 20,000 pages).
CREATE OR REPLACE TEMP TABLE scope_record_key AS
WITH old AS (
    SELECT record_key, hash(paper_id, rule, evidence) AS h
    FROM read_parquet(getvariable('previous_paper_keys_path'))
), new AS (
    SELECT record_key, hash(paper_id, rule, evidence) AS h
    FROM read_parquet(getvariable('paper_keys_path'))
)
SELECT coalesce(new.record_key, old.record_key) AS record_key
FROM new
FULL OUTER JOIN old USING (record_key)
WHERE new.h IS DISTINCT FROM old.h;

-- The scope's size: the files touched, how many papers changed, how many files' times only and how
-- many aliases changed.
SELECT
    (SELECT coalesce(list(source_file ORDER BY source_file), []) FROM scope_source_file) AS files,
    (SELECT count(*) FROM scope_paper_id) AS papers,
    (SELECT count(*) FROM scope_file_times) AS file_times,
    (SELECT count(*) FROM scope_record_key) AS aliases;
