-- One row per record_key with what identity resolution needs (build/identity_edges.sql reads it),
-- from the sightings in view identity_sightings (all of them, or an incremental build's scope).
--
-- hood ("neighbourhood"): every candidate merge of identity_edges.sql joins two keys of the same
-- hood - the block of the first 80 characters of the squeezed abstract and the title's numbers
-- (titles that differ in a number never merge), or, for shorter abstracts, the exact (title,
-- abstract) content group. A record without an abstract (none, or a copy of its title) joins the
-- hood of its title's records that have one, when they are all in one hood (a listing shows a
-- paper's abstract on one page and not on another); when none has one, the title is the hood. So a
-- change can only re-cluster the keys of the hoods and titles it touches; an incremental build
-- re-resolves those and keeps every other key (build/delta_affected.sql).
--
-- record_shard_rows keeps which page contents (shards) carry each key: the next incremental build
-- reads just the shards of the keys it re-resolves (written to parquet/_identity/key_shards.parquet).
CREATE OR REPLACE TEMP TABLE record_shard_rows AS
SELECT DISTINCT record_key, sha256
FROM identity_sightings;

-- One scan of the wide title and abstract keys, one row per key. A content key ('h:', a hash of
-- the two) has the same keys in every sighting; an arXiv key may not: the smallest title and the
-- longest abstract stand for it (a listing may show a paper's abstract on one day and nothing, or a
-- shorter text, on another; a page without ids then matches the fullest one).
CREATE OR REPLACE TEMP TABLE record_rows AS
-- Repeats collapsed first: a key's sightings nearly always carry the same texts, and DuckDB's
-- DISTINCT over them costs half of grouping every sighting with aggregates (10.3 -> 7.4 s at
-- 20,000 pages). Only the few keys left with more than one row are aggregated (min and max do
-- not see duplicates, so the result is the same): aggregating every key held all the texts a
-- second time while the DISTINCT's were still in memory, and spilled at 20,000 pages (this
-- statement 12.9-15.2 -> 9.9-11.4 s there).
WITH distinct_rows AS MATERIALIZED (
    SELECT DISTINCT record_key, arxiv_id, title_key, abstract_key FROM identity_sightings
),
several_rows AS (
    SELECT record_key FROM distinct_rows GROUP BY record_key HAVING count(*) > 1
),
record_keys AS (
    SELECT record_key, arxiv_id, title_key, abstract_key
    FROM distinct_rows ANTI JOIN several_rows USING (record_key)
    UNION ALL
    SELECT
        record_key,
        any_value(arxiv_id) AS arxiv_id,
        min(title_key) AS title_key,
        max({'n': length(abstract_key), 'text': abstract_key}).text AS abstract_key
    FROM distinct_rows SEMI JOIN several_rows USING (record_key)
    GROUP BY record_key
),
keyed AS (
    SELECT
        record_key,
        arxiv_id,
        title_key,
        abstract_key,
        title_numbers,
        md5(title_key) AS title_group,
        abstract_key = '' OR abstract_key = title_key AS abstract_less,
        -- For identity_edges.sql's near-duplicate blocks: the squeezed abstract's length, and a
        -- hash that tells two squeezed abstracts apart (boilerplate), computed while it is at hand.
        length(squeezed) AS squeezed_length,
        hash(squeezed) AS squeezed_hash,
        -- Two abstracts of which one is a prefix of the other agree on their first 240 characters
        -- when both have that many: identity_edges.sql compares no pair that differs there.
        CASE WHEN length(squeezed) >= 240 THEN hash(left(squeezed, 240)) END AS squeezed_head_hash,
        -- For identity_edges.sql's exact-content groups: grouping on this hash, not on the texts,
        -- keeps the texts out of that hash table.
        hash(title_key, abstract_key) AS content_hash,
        CASE
            WHEN length(squeezed) >= 80 THEN 'b:' || md5(left(squeezed, 80) || '#' || title_numbers)
            ELSE 'c:' || md5(title_key || chr(31) || abstract_key)
        END AS content_hood
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
    )
)
SELECT
    * EXCLUDE (content_hood),
    content_hood AS hood,
    NULL::VARCHAR AS title_anchor
FROM keyed;

-- Where a title's abstract-less records go (pipeline/identity.py, title_anchors): to the one hood its
-- records with an abstract are in, with the smallest of those keys as the merge's anchor; or, when
-- no record of the title has an abstract, to the title's own hood. A title whose records with an
-- abstract are in several hoods names several papers: its abstract-less records stay apart.
-- An update of the table above, not a second reading of its input: the texts are held once (at
-- 20,000 pages a CTE read twice held them twice and spilled to disk; 15.4 -> 14.1 s).
UPDATE record_rows
SET hood = l.hood, title_anchor = l.title_anchor
FROM (
    SELECT
        title_group,
        CASE WHEN count(*) FILTER (WHERE NOT abstract_less) = 0 THEN 't:' || title_group
             ELSE min(hood) FILTER (WHERE NOT abstract_less) END AS hood,
        coalesce(min(record_key) FILTER (WHERE NOT abstract_less), min(record_key)) AS title_anchor
    FROM record_rows
    WHERE title_key <> ''
    GROUP BY title_group
    HAVING count(DISTINCT hood) FILTER (WHERE NOT abstract_less) <= 1
       AND count(*) FILTER (WHERE abstract_less) > 0
) AS l
WHERE record_rows.abstract_less AND record_rows.title_group = l.title_group;
