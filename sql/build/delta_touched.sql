-- Incremental papers build, step 1: which page contents (shards) changed since the previous build.
-- Inputs: previous_source_files_path (the manifest the previous build used, kept under
-- parquet/_identity) and source_files_path. A shard is touched when it is new, gone, or the
-- manifest columns the stage takes from its canonical file changed (renamed file, new dates).
CREATE OR REPLACE TEMP TABLE touched_shards AS
WITH old AS (
    SELECT sha256, bit_xor(hash(source_file, layout, listing_date, captured_at, date_source)) AS h
    FROM read_parquet(getvariable('previous_source_files_path'))
    WHERE status = 'ok'
    GROUP BY sha256
), new AS (
    SELECT sha256, bit_xor(hash(source_file, layout, listing_date, captured_at, date_source)) AS h
    FROM read_parquet(getvariable('source_files_path'))
    WHERE status = 'ok'
    GROUP BY sha256
)
SELECT
    coalesce(new.sha256, old.sha256) AS sha256,
    old.sha256 IS NULL AS added,
    new.sha256 IS NULL AS removed
FROM new
FULL OUTER JOIN old USING (sha256)
WHERE new.h IS DISTINCT FROM old.h;

SELECT sha256, added, removed FROM touched_shards ORDER BY sha256;
