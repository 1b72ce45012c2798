-- One row per record_key with what identity resolution needs (build/identity_edges.sql reads it),
-- from the sightings in view identity_sightings (all of them, or an incremental build's scope).
--
-- hood ("neighbourhood"): every candidate merge of identity_edges.sql joins two keys of the same
-- hood. A record's content_hood is the block of the first 80 characters of the squeezed abstract
-- and the title's numbers (titles that differ in a number never merge), or, for shorter abstracts,
-- the exact (title, abstract) content group; blocks that an edited_abstract pair joins (a typo fixed
-- in an abstract's opening) are one hood, named by the smallest. A record without an abstract
-- (none, or a copy of its title) joins the hood of its title's records that have one, when they
-- are all in one hood (a listing shows a paper's abstract on one page and not on another); when
-- none has one, the title is the hood. So a change can only re-cluster the keys of the hoods and
-- titles it touches; an incremental build re-resolves those and keeps every other key
-- (build/delta_affected.sql).
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
    *,
    content_hood AS hood,
    NULL::VARCHAR AS title_anchor
FROM keyed;

-- edited_abstract pairs (pipeline/identity.py, edited_pairs): per title, each distinct squeezed
-- abstract long enough to block on, stood for by its smallest key; two of them are a pair when
-- their lengths are at most 3 apart, they are in one block or end alike (the last 40 squeezed
-- characters), they carry the same numbers in the same order, they are not two different arXiv
-- ids, and their Levenshtein distance (of UTF-8 bytes) is at most 2 below 300 characters, 3 from
-- there. Titles with one such text (nearly all) take no part. Pairs are found by two equality
-- joins (same title and block, same title and ending), so a title with many texts costs the pairs
-- that share one of those, not the square of its texts; Levenshtein runs only on pairs where one
-- quarter of the first text is found whole in the second (three edits leave one of four intact).
CREATE OR REPLACE TEMP TABLE edited_pairs AS
WITH texts AS (
    SELECT title_group, squeezed_hash, min(record_key) AS record_key
    FROM record_rows
    WHERE NOT abstract_less AND squeezed_length >= 80 AND title_key <> ''
    GROUP BY title_group, squeezed_hash
),
titles_with_several AS (
    SELECT title_group FROM texts GROUP BY title_group HAVING count(*) > 1
),
candidates AS MATERIALIZED (
    SELECT
        title_group, record_key, arxiv_id, content_hood, n, squeezed,
        hash(right(squeezed, 40)) AS tail, regexp_extract_all(squeezed, '[0-9]+') AS numbers
    FROM (
        SELECT
            t.title_group, t.record_key, r.arxiv_id, r.content_hood, r.squeezed_length AS n,
            replace(r.abstract_key, ' ', '') AS squeezed
        FROM texts AS t
        SEMI JOIN titles_with_several USING (title_group)
        JOIN record_rows AS r USING (record_key)
    )
),
pair_keys AS (
    SELECT a.record_key AS a, b.record_key AS b
    FROM candidates AS a
    JOIN candidates AS b
      ON a.title_group = b.title_group AND a.content_hood = b.content_hood AND a.record_key < b.record_key
    WHERE abs(a.n - b.n) <= 3
    UNION
    SELECT a.record_key, b.record_key
    FROM candidates AS a
    JOIN candidates AS b
      ON a.title_group = b.title_group AND a.tail = b.tail AND a.record_key < b.record_key
    WHERE abs(a.n - b.n) <= 3
),
compared AS (
    SELECT
        p.a, p.b, x.title_group, x.content_hood AS hood_a, y.content_hood AS hood_b,
        greatest(x.n, y.n) AS long_len, x.squeezed AS squeezed_a, y.squeezed AS squeezed_b
    FROM pair_keys AS p
    JOIN candidates AS x ON x.record_key = p.a
    JOIN candidates AS y ON y.record_key = p.b
    WHERE x.numbers = y.numbers
      AND (x.arxiv_id IS NULL OR y.arxiv_id IS NULL OR x.arxiv_id = y.arxiv_id)
      AND (
          contains(y.squeezed, substr(x.squeezed, 1, x.n // 4))
          OR contains(y.squeezed, substr(x.squeezed, x.n // 4 + 1, x.n // 4))
          OR contains(y.squeezed, substr(x.squeezed, 2 * (x.n // 4) + 1, x.n // 4))
          OR contains(y.squeezed, substr(x.squeezed, 3 * (x.n // 4) + 1))
      )
)
SELECT a, b, title_group, hood_a, hood_b, distance, long_len
FROM (SELECT *, levenshtein(squeezed_a, squeezed_b) AS distance FROM compared)
WHERE distance <= least(3, greatest(2, long_len // 100));

-- Blocks joined by edited pairs, as connected components named by their smallest block: over all
-- pairs (the hoods), and over each title's own pairs (which decides the title's bare cards below).
-- Found by following the links; the pairs are few.
CREATE OR REPLACE TEMP TABLE joined_blocks AS
WITH RECURSIVE links AS (
    SELECT title_group, hood_a AS x, hood_b AS y FROM edited_pairs WHERE hood_a <> hood_b
    UNION
    SELECT title_group, hood_b, hood_a FROM edited_pairs WHERE hood_a <> hood_b
),
reach(hood, label) AS (
    SELECT DISTINCT x, x FROM links
    UNION
    SELECT r.hood, l.y FROM reach AS r JOIN links AS l ON l.x = r.label
),
title_reach(title_group, hood, label) AS (
    SELECT DISTINCT title_group, x, x FROM links
    UNION
    SELECT r.title_group, r.hood, l.y
    FROM title_reach AS r
    JOIN links AS l ON l.title_group = r.title_group AND l.x = r.label
)
SELECT NULL::VARCHAR AS title_group, hood, min(label) AS merged FROM reach GROUP BY hood
UNION ALL
SELECT title_group, hood, min(label) FROM title_reach GROUP BY title_group, hood;

UPDATE record_rows
SET hood = j.merged
FROM joined_blocks AS j
WHERE j.title_group IS NULL AND record_rows.content_hood = j.hood AND j.merged <> j.hood;

-- Where a title's abstract-less records go (pipeline/identity.py, title_anchors): to the one hood its
-- records with an abstract are in, with the smallest of those keys as the merge's anchor; or, when
-- no record of the title has an abstract, to the title's own hood. A title whose records with an
-- abstract are in several blocks (that its own edited pairs do not join: two of its texts sharing
-- a hood through another title's pair says nothing about this title) names several papers: its
-- abstract-less records stay apart.
-- An update of the table above, not a second reading of its input: the texts are held once (at
-- 20,000 pages a CTE read twice held them twice and spilled to disk; 15.4 -> 14.1 s).
UPDATE record_rows
SET hood = l.hood, title_anchor = l.title_anchor
FROM (
    SELECT
        r.title_group,
        CASE WHEN count(*) FILTER (WHERE NOT r.abstract_less) = 0 THEN 't:' || r.title_group
             ELSE min(r.hood) FILTER (WHERE NOT r.abstract_less) END AS hood,
        coalesce(min(r.record_key) FILTER (WHERE NOT r.abstract_less), min(r.record_key)) AS title_anchor
    FROM record_rows AS r
    LEFT JOIN joined_blocks AS j ON j.title_group = r.title_group AND j.hood = r.content_hood
    WHERE r.title_key <> ''
    GROUP BY r.title_group
    -- the title's texts are in one block, or in blocks its own edited pairs join
    HAVING count(DISTINCT coalesce(j.merged, r.content_hood)) FILTER (WHERE NOT r.abstract_less) <= 1
       AND count(*) FILTER (WHERE r.abstract_less) > 0
) AS l
WHERE record_rows.abstract_less AND record_rows.title_group = l.title_group;
