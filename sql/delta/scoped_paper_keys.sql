-- The record keys whose alias changed since the build being patched (paper, rule or evidence; new
-- or gone keys too), and the alias rows the scoped warehouse SQL runs on: those keys' and the keys
-- of the touched files' sightings (030_sightings maps those to their papers). Rows are compared by
-- a hash; rebuilding the whole alias table and diffing it with the copy's grew with the corpus
-- (~0.6 s of a one-page refresh at 20,000 pages).
-- Inputs: previous_paper_keys_path (kept with the build being patched), paper_keys_path, and the
-- touched files' sightings (stage_sightings).
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

SELECT k.*
FROM read_parquet(getvariable('paper_keys_path')) AS k
WHERE k.record_key IN (SELECT record_key FROM scope_record_key)
   OR k.record_key IN (SELECT record_key FROM stage_sightings)
ORDER BY k.record_key;
