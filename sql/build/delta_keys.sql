-- Incremental papers build, step 2: the key -> shard index now, and the keys the change touched.
-- Inputs: touched_shards (delta_touched.sql), previous_key_shards_path, added_shard_files (the
-- shards of the added contents, plus the empty schema file). Returns the shards to read for them and how many keys.
CREATE OR REPLACE TEMP TABLE previous_key_shards AS
SELECT record_key, sha256 FROM read_parquet(getvariable('previous_key_shards_path'));

CREATE OR REPLACE TEMP TABLE key_shards AS
SELECT record_key, sha256
FROM previous_key_shards
ANTI JOIN (SELECT sha256 FROM touched_shards WHERE removed) USING (sha256)
UNION ALL
SELECT DISTINCT record_key, regexp_extract(filename, '([0-9a-f]{64})\.parquet$', 1) AS sha256
FROM read_parquet(getvariable('added_shard_files'), filename = true);

CREATE OR REPLACE TEMP TABLE touched_keys AS
SELECT record_key FROM previous_key_shards SEMI JOIN touched_shards USING (sha256)
UNION
SELECT record_key FROM key_shards SEMI JOIN touched_shards USING (sha256);

CREATE OR REPLACE TEMP TABLE scope_keys AS SELECT record_key FROM touched_keys;

SELECT
    coalesce(list(DISTINCT sha256 ORDER BY sha256), []) AS shards,
    (SELECT count(*) FROM scope_keys) AS n_keys
FROM key_shards SEMI JOIN scope_keys USING (record_key);
