-- One row per record_key with what identity resolution needs (build/identity_edges.sql reads it),
-- from the sightings in view identity_sightings (all of them, or an incremental build's scope).
--
-- hood ("neighbourhood"): every candidate merge of identity_edges.sql joins two keys of the same
-- hood - the block of the first 120 characters of the squeezed abstract, or, for shorter
-- abstracts, the exact (title, abstract) content group. So a change can only re-cluster the keys
-- of the hoods it touches; an incremental build re-resolves those and keeps every other key.
--
-- record_shard_rows keeps which page contents (shards) carry each key: the next incremental build
-- reads just the shards of the keys it re-resolves (written to parquet/_identity/key_shards.parquet).
CREATE OR REPLACE TEMP TABLE record_shard_rows AS
SELECT
    record_key,
    sha256,
    any_value(arxiv_id) AS arxiv_id,
    min(title_key) AS title_key,
    min(abstract_key) AS abstract_key
FROM identity_sightings
GROUP BY record_key, sha256;

CREATE OR REPLACE TEMP TABLE record_rows AS
SELECT
    record_key,
    arxiv_id,
    title_key,
    abstract_key,
    CASE
        WHEN length(replace(abstract_key, ' ', '')) >= 120
            THEN 'b:' || md5(left(replace(abstract_key, ' ', ''), 120))
        ELSE 'c:' || md5(title_key || chr(31) || abstract_key)
    END AS hood
FROM (
    SELECT record_key, any_value(arxiv_id) AS arxiv_id, min(title_key) AS title_key,
           min(abstract_key) AS abstract_key
    FROM record_shard_rows
    GROUP BY record_key
);
