-- What changed since the published warehouse was built: the scope of an incremental build.
-- Inputs: previous_source_files_path / source_files_path and previous_papers_path / papers_path
-- (the manifest and papers the published warehouse was built from, and the current ones).
-- A file is touched when its manifest row changed (content, status, dates...; the per-run `change`
-- column aside), appeared or disappeared; a paper when any of its columns changed, or it appeared
-- or disappeared. Rows are compared by a hash of the whole row (papers carry theirs: row_hash,
-- computed by build/papers.sql, so no paper's text is read here).
CREATE OR REPLACE TEMP TABLE scope_source_file AS
WITH old AS (
    SELECT source_file, hash(t) AS h
    FROM (SELECT * EXCLUDE (change) FROM read_parquet(getvariable('previous_source_files_path'))) AS t
), new AS (
    SELECT source_file, hash(t) AS h
    FROM (SELECT * EXCLUDE (change) FROM read_parquet(getvariable('source_files_path'))) AS t
)
SELECT coalesce(new.source_file, old.source_file) AS source_file
FROM new
FULL OUTER JOIN old USING (source_file)
WHERE new.h IS DISTINCT FROM old.h;

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

-- The scope's size: the files touched and how many papers changed.
SELECT
    (SELECT coalesce(list(source_file ORDER BY source_file), []) FROM scope_source_file) AS files,
    (SELECT count(*) FROM scope_paper_id) AS papers;
