-- Incremental papers build, step 3: the hoods (build/distinct_records.sql) the change touched, and
-- every key in them. Input: record_rows of the touched keys as they are now, previous_paper_keys_path.
-- A touched key's hood before and after the change are both re-resolved: a key can leave one
-- paper and join another. So are the hoods of every key whose title a touched key has, had before,
-- or has now: a record without an abstract joins its title's hood only while that title's records
-- with an abstract are in one hood, which a change to any record of the title can alter. So are the
-- hoods of the keys whose own block (content_hood) a touched key is in now: edited pairs may have
-- joined that block to others under another hood's name. Any other key that is not touched has the
-- same sightings and title links, so the same hood.
-- Returns the shards to read for all those keys and how many keys.
CREATE OR REPLACE TEMP TABLE previous_keys AS
SELECT record_key, paper_id, rule, evidence, hood, content_hood, title_group
FROM read_parquet(getvariable('previous_paper_keys_path'));

CREATE OR REPLACE TEMP TABLE affected_titles AS
SELECT title_group FROM previous_keys SEMI JOIN touched_keys USING (record_key)
UNION
SELECT title_group FROM record_rows;

CREATE OR REPLACE TEMP TABLE affected_hoods AS
SELECT hood FROM previous_keys SEMI JOIN touched_keys USING (record_key)
UNION
SELECT hood FROM previous_keys SEMI JOIN affected_titles USING (title_group)
UNION
SELECT p.hood
FROM previous_keys AS p
SEMI JOIN record_rows AS r ON coalesce(p.content_hood, p.hood) = r.content_hood
UNION
SELECT hood FROM record_rows;

CREATE OR REPLACE TEMP TABLE scope_keys AS
SELECT record_key FROM previous_keys SEMI JOIN affected_hoods USING (hood) ANTI JOIN touched_keys USING (record_key)
UNION
SELECT record_key FROM record_rows;

SELECT
    coalesce(list(DISTINCT sha256 ORDER BY sha256), []) AS shards,
    (SELECT count(*) FROM scope_keys) AS n_keys
FROM key_shards SEMI JOIN scope_keys USING (record_key);
