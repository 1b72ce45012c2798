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
-- Big blocks (boilerplate openings) make candidate pairs grow with the square of the block, so
-- the pairs are kept narrow: integer ids (rid, in record_key order), the block's first key as an id
-- (a block is named by the md5 of its 120 characters), lengths and title words; the squeezed
-- abstracts are joined back only for the pairs that pass the length and title tests. The same
-- conditions as before, in a cheaper order: the same edges.
squeezed AS (
    SELECT record_key, replace(abstract_key, ' ', '') AS sq, title_key FROM record_rows
),
blocked AS (
    SELECT record_key, md5_number(left(sq, 120)) AS block, length(sq) AS sq_len, title_key
    FROM squeezed
    WHERE length(sq) >= 120
),
blocks AS (
    SELECT block FROM blocked GROUP BY block HAVING count(*) > 1
),
members AS (  -- the records of blocks with more than one record; rid order is record_key order
    SELECT
        b.record_key,
        b.block,
        b.sq_len,
        list_distinct(string_split(nullif(b.title_key, ''), ' ')) AS words,
        row_number() OVER (ORDER BY b.record_key) AS rid
    FROM blocked AS b
    SEMI JOIN blocks USING (block)
),
block_first AS (
    SELECT block, min(rid) AS first_rid FROM members GROUP BY block
),
-- Prefix filtering (Chaudhuri et al., 2006), so a block of many distinct papers sharing boilerplate
-- is not compared pair by pair: order each title's words from rarest to most common; two word sets
-- with Jaccard >= 0.5 must share a word among the first n - ceil(0.5 n) + 1 words of each. Only
-- pairs sharing such a word are candidates - exactly the pairs that can pass the title test.
member_words AS (
    SELECT m.rid, f.first_rid, unnest(m.words) AS word, len(m.words) AS n_words
    FROM members AS m
    JOIN block_first AS f USING (block)
    WHERE m.words IS NOT NULL
),
word_frequency AS (
    SELECT word, count(*) AS df FROM member_words GROUP BY word
),
title_prefixes AS (
    SELECT rid, first_rid, word
    FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m.rid ORDER BY f.df, m.word) AS word_rank
        FROM member_words AS m
        JOIN word_frequency AS f USING (word)
    )
    WHERE word_rank <= n_words - ceil(0.5 * n_words) + 1
),
candidate_pairs AS (
    SELECT DISTINCT a.first_rid, a.rid AS a, b.rid AS b
    FROM title_prefixes AS a
    JOIN title_prefixes AS b ON a.first_rid = b.first_rid AND a.word = b.word AND a.rid < b.rid
),
length_pairs AS (  -- cheap conditions first: lengths, then the titles' word sets
    SELECT
        c.first_rid,
        c.a,
        c.b,
        a.words AS a_words,
        b.words AS b_words,
        least(a.sq_len, b.sq_len) AS short_len,
        greatest(a.sq_len, b.sq_len) AS long_len
    FROM candidate_pairs AS c
    JOIN members AS a ON a.rid = c.a
    JOIN members AS b ON b.rid = c.b
    WHERE least(a.sq_len, b.sq_len) >= 0.25 * greatest(a.sq_len, b.sq_len)
),
scored AS (
    SELECT
        *,
        CASE
            WHEN a_words IS NULL OR b_words IS NULL THEN 0.0
            ELSE len(list_intersect(a_words, b_words)) / len(list_distinct(list_concat(a_words, b_words)))
        END AS title_similarity
    FROM length_pairs
),
similar_pairs AS (
    SELECT first_rid, a, b, short_len, long_len, title_similarity FROM scored WHERE title_similarity >= 0.5
),
similar_keys AS (
    SELECT f.record_key AS first_key, ka.record_key AS a, kb.record_key AS b, s.short_len, s.long_len,
           s.title_similarity
    FROM similar_pairs AS s
    JOIN members AS f ON f.rid = s.first_rid
    JOIN members AS ka ON ka.rid = s.a
    JOIN members AS kb ON kb.rid = s.b
),
near AS (  -- last, on the few pairs left: one squeezed abstract is a prefix of the other
    SELECT
        2 AS phase, s.first_key AS group_order, s.a, s.b, 'near_duplicate' AS rule,
        printf('title_similarity=%.2f; abstract_prefix=%d/%d', s.title_similarity, s.short_len, s.long_len)
            AS evidence
    FROM similar_keys AS s
    JOIN squeezed AS qa ON qa.record_key = s.a
    JOIN squeezed AS qb ON qb.record_key = s.b
    WHERE starts_with(qa.sq, qb.sq) OR starts_with(qb.sq, qa.sq)
)
SELECT e.a, e.b, ra.arxiv_id AS a_arxiv, rb.arxiv_id AS b_arxiv, e.rule, e.evidence
FROM (SELECT * FROM exact UNION ALL SELECT * FROM near) AS e
JOIN record_rows AS ra ON ra.record_key = e.a
JOIN record_rows AS rb ON rb.record_key = e.b
ORDER BY e.phase, e.group_order, e.a, e.b;
