-- Candidate merges for identity resolution, in the order pipeline/identity.py applies them.
-- Input: temp table record_rows (build/distinct_records.sql). Rules as in pipeline/identity.py:
--   exact_content: the same normalised title and abstract (edge from the group's smallest key);
--   near_duplicate: within a block of records sharing the first 120 characters of the squeezed
--   abstract, one squeezed abstract is a prefix of the other and keeps at least a quarter of it,
--   and the titles' word sets have a Jaccard similarity of at least 0.5 (candidate pairs found by
--   prefix filtering on title words, below: the same pairs, without comparing all of a block's).
-- The union-find in Python then refuses any merge that would join two different arXiv ids.
WITH content_groups AS (
    SELECT title_key, abstract_key, min(record_key) AS first_key
    FROM record_rows
    GROUP BY title_key, abstract_key
    HAVING count(*) > 1
),
exact AS (
    SELECT
        1 AS phase, g.first_key AS group_order, g.first_key AS a, r.record_key AS b,
        'exact_content' AS rule, 'same normalised title and abstract' AS evidence
    FROM record_rows AS r
    JOIN content_groups AS g USING (title_key, abstract_key)
    WHERE r.record_key <> g.first_key
),
squeezed AS (
    SELECT
        record_key,
        list_distinct(string_split(nullif(title_key, ''), ' ')) AS words,
        replace(abstract_key, ' ', '') AS sq
    FROM record_rows
),
blocked AS (
    SELECT *, left(sq, 120) AS block FROM squeezed WHERE length(sq) >= 120
),
blocks AS (
    SELECT block, min(record_key) AS first_key FROM blocked GROUP BY block HAVING count(*) > 1
),
-- Prefix filtering (Chaudhuri et al., 2006), so a block of many distinct papers sharing boilerplate
-- is not compared pair by pair: order each title's words from rarest to most common; two word sets
-- with Jaccard >= 0.5 must share a word among the first n - ceil(0.5 n) + 1 words of each. Only
-- pairs sharing such a word are candidates - exactly the pairs that can pass the title test.
member_words AS (
    SELECT b.record_key, b.block, unnest(b.words) AS word, len(b.words) AS n_words
    FROM blocked AS b
    SEMI JOIN blocks AS k USING (block)
    WHERE b.words IS NOT NULL
),
word_frequency AS (
    SELECT word, count(*) AS df FROM member_words GROUP BY word
),
title_prefixes AS (
    SELECT record_key, block, word
    FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m.record_key ORDER BY f.df, m.word) AS word_rank
        FROM member_words AS m
        JOIN word_frequency AS f USING (word)
    )
    WHERE word_rank <= n_words - ceil(0.5 * n_words) + 1
),
candidate_pairs AS (
    SELECT DISTINCT a.record_key AS a, b.record_key AS b
    FROM title_prefixes AS a
    JOIN title_prefixes AS b ON a.block = b.block AND a.word = b.word AND a.record_key < b.record_key
),
prefix_pairs AS (  -- cheap conditions first: one squeezed abstract is a long enough prefix of the other
    SELECT
        k.first_key,
        a.record_key AS a,
        b.record_key AS b,
        a.words AS a_words,
        b.words AS b_words,
        least(length(a.sq), length(b.sq)) AS short_len,
        greatest(length(a.sq), length(b.sq)) AS long_len
    FROM candidate_pairs AS c
    JOIN blocked AS a ON a.record_key = c.a
    JOIN blocked AS b ON b.record_key = c.b
    JOIN blocks AS k ON k.block = a.block
    WHERE (starts_with(a.sq, b.sq) OR starts_with(b.sq, a.sq))
      AND least(length(a.sq), length(b.sq)) >= 0.25 * greatest(length(a.sq), length(b.sq))
),
scored AS (
    SELECT
        *,
        CASE
            WHEN a_words IS NULL OR b_words IS NULL THEN 0.0
            ELSE len(list_intersect(a_words, b_words)) / len(list_distinct(list_concat(a_words, b_words)))
        END AS title_similarity
    FROM prefix_pairs
),
near AS (
    SELECT
        2 AS phase, first_key AS group_order, a, b, 'near_duplicate' AS rule,
        printf('title_similarity=%.2f; abstract_prefix=%d/%d', title_similarity, short_len, long_len)
            AS evidence
    FROM scored
    WHERE title_similarity >= 0.5
)
SELECT e.a, e.b, ra.arxiv_id AS a_arxiv, rb.arxiv_id AS b_arxiv, e.rule, e.evidence
FROM (SELECT * FROM exact UNION ALL SELECT * FROM near) AS e
JOIN record_rows AS ra ON ra.record_key = e.a
JOIN record_rows AS rb ON rb.record_key = e.b
ORDER BY e.phase, e.group_order, e.a, e.b;
