-- One row per record_key with what identity resolution needs (build/identity_edges.sql reads it),
-- from the sightings in view identity_sightings (all of them, or an incremental build's scope).
--
-- hood ("neighbourhood"): every candidate merge of identity_edges.sql joins two keys of the same
-- hood - the block of the first 120 characters of the squeezed abstract and the title's numbers
-- (titles that differ in a number never merge), or, for shorter abstracts, the exact (title,
-- abstract) content group. So a change can only re-cluster the keys
-- of the hoods it touches; an incremental build re-resolves those and keeps every other key.
--
-- record_shard_rows keeps which page contents (shards) carry each key: the next incremental build
-- reads just the shards of the keys it re-resolves (written to parquet/_identity/key_shards.parquet).
-- The long title and abstract keys are kept out of hash tables (at 20,000 pages an aggregate that
-- carried them per (key, shard) spilled gigabytes): key -> shard pairs are narrow, a key whose
-- sightings all have the same title and abstract keys - a content key ('h:', a hash of the two), or
-- a key seen once - takes them from its first sighting through a join, and only arXiv keys seen more
-- than once, whose sightings may differ, take the smallest title and the longest abstract by
-- aggregation.
CREATE OR REPLACE TEMP TABLE record_shard_rows AS
SELECT DISTINCT record_key, sha256
FROM identity_sightings;

CREATE OR REPLACE TEMP TABLE record_rows AS
WITH per_key AS (  -- narrow: each key's number of sightings and its first one by shard and position
    SELECT record_key, count(*) AS n, min({'sha256': sha256, 'position': position}) AS first
    FROM identity_sightings
    GROUP BY record_key
),
record_keys AS (
    SELECT s.record_key, s.arxiv_id, s.title_key, s.abstract_key
    FROM identity_sightings AS s
    JOIN per_key AS k
      ON k.record_key = s.record_key AND k.first.sha256 = s.sha256 AND k.first.position = s.position
    WHERE k.n = 1 OR NOT starts_with(k.record_key, 'arxiv:')
    UNION ALL
    -- the longest abstract stands for the key: a listing may show a paper's abstract on one day and
    -- nothing, or a shorter text, on another; a page without ids then matches the fullest one
    SELECT s.record_key, any_value(s.arxiv_id) AS arxiv_id, min(s.title_key) AS title_key,
           max({'n': length(s.abstract_key), 'text': s.abstract_key}).text AS abstract_key
    FROM identity_sightings AS s
    SEMI JOIN per_key AS k
      ON k.record_key = s.record_key AND k.n > 1 AND starts_with(k.record_key, 'arxiv:')
    GROUP BY s.record_key
)
SELECT
    record_key,
    arxiv_id,
    title_key,
    abstract_key,
    title_numbers,
    CASE
        WHEN length(squeezed) >= 120 THEN 'b:' || md5(left(squeezed, 120) || '#' || title_numbers)
        ELSE 'c:' || md5(title_key || chr(31) || abstract_key)
    END AS hood
FROM (
    SELECT
        *,
        replace(abstract_key, ' ', '') AS squeezed,
        -- The numbers in the title's words and its Roman numerals i-x, sorted (pipeline/identity.py,
        -- number_tokens).
        array_to_string(
            list_sort(flatten(list_transform(
                list_distinct(string_split(title_key, ' ')),
                lambda w: CASE
                    WHEN w IN ('i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x') THEN [w]
                    ELSE regexp_extract_all(w, '[0-9]+')
                END
            ))),
            ' '
        ) AS title_numbers
    FROM record_keys
);
