-- Candidate merges for identity resolution, in the order pipeline/identity.py applies them.
-- Input: temp table record_rows (build/distinct_records.sql). Rules as in pipeline/identity.py:
--   exact_content: the same normalised title and abstract (edge from the group's smallest key);
--   near_duplicate: within a block of records sharing the first 80 characters of the squeezed
--   abstract and the numbers of their titles (record_rows.title_numbers: Qwen2 and Qwen3, or
--   variant 3 and variant 7, never share a block), one squeezed abstract is a prefix of the other
--   (so they share at least the block's 80 characters), and the titles' word sets have a Jaccard
--   similarity of at least 0.5 (in a block of more than 10 records, candidate pairs are found by prefix
--   filtering on title words, below: the same edges, without comparing all of a block's pairs).
--   Records without an abstract take no part: nothing to compare;
--   edited_abstract: the same title and abstracts a typo apart (temp table edited_pairs,
--   build/distinct_records.sql);
--   same_title: a record without an abstract (none, or a copy of its title) joins the record its title
--   links it to (record_rows.title_anchor: the title's one paper with an abstract, or the title's
--   first record when none of them has one).
-- The union-find in Python then refuses any merge that would join two different arXiv ids.
--
-- Two macros, then two statements: the near-duplicate candidate pairs, each compared on its titles (temp
-- table identity_candidates: a build reports how many pairs it examined), then the edges.
-- A title's distinct words; NULL for an empty title (it takes no part in near-duplicate merges).
CREATE OR REPLACE TEMP MACRO title_words(title_key) AS list_distinct(string_split(nullif(title_key, ''), ' '));
-- Whether two members of a block can still merge as near duplicates (the two filters explained at
-- small_block_pairs below): different contents, and squeezed abstracts that agree on their first
-- 240 characters when both have that many.
CREATE OR REPLACE TEMP MACRO may_be_near_duplicates(content_a, content_b, head_a, head_b) AS
    content_a <> content_b AND (head_a IS NULL OR head_b IS NULL OR head_a = head_b);

CREATE OR REPLACE TEMP TABLE identity_candidates AS
-- Big blocks (boilerplate openings) make candidate pairs grow with the square of the block, so
-- the pairs are kept narrow: integer ids (rid, in record_key order), the block's first key as an id
-- (a block is a content_hood of build/distinct_records.sql: the md5 of 80 characters and the
-- title's numbers) and the squeezed abstracts' lengths. The title words are joined only to the pairs that
-- prefix filtering finds, and the abstracts only to those that pass the title test: the same
-- conditions as in pipeline/identity.py, in the cheapest order, so the same edges.
WITH all_blocked AS (  -- a near-duplicate block is the content hood of a record with a long enough abstract
    SELECT
        record_key, content_hood AS block, squeezed_length AS sq_len, squeezed_hash AS abstract_hash, title_key,
        content_hash, squeezed_head_hash AS head_hash
    FROM record_rows
    WHERE NOT abstract_less AND squeezed_length >= 80
),
-- Boilerplate: an abstract that at least 5 different titles of one block carry (a bot's message, a
-- publisher's notice) says nothing about which paper a record is, so its records take no part in
-- near-duplicate merges (pipeline/identity.py, BOILERPLATE_TITLES); the same title and the same
-- boilerplate are still one paper (exact_content, above).
boilerplate AS (
    SELECT block, abstract_hash
    FROM all_blocked
    GROUP BY block, abstract_hash
    HAVING count(DISTINCT title_key) >= 5
),
blocked AS (
    SELECT * FROM all_blocked ANTI JOIN boilerplate USING (block, abstract_hash)
),
blocks AS (
    SELECT block, count(*) AS block_size FROM blocked GROUP BY block HAVING count(*) > 1
),
members AS (  -- the records of blocks with more than one record; rid order is record_key order
    SELECT
        b.record_key,
        b.block,
        k.block_size,
        b.sq_len,
        b.content_hash,
        b.head_hash,
        b.title_key,  -- split into words only where needed: big blocks, and the pairs found
        row_number() OVER (ORDER BY b.record_key) AS rid
    FROM blocked AS b
    JOIN blocks AS k USING (block)
),
block_first AS (
    SELECT block, min(rid) AS first_rid FROM members GROUP BY block
),
ranked_members AS (
    SELECT m.*, f.first_rid FROM members AS m JOIN block_first AS f USING (block)
),
-- Two keys with the same title and abstract (an arXiv key and a plain page's content key, or two
-- arXiv ids) are not a candidate pair: exact_content has already joined them, or refused to because
-- their arXiv ids differ, and a near-duplicate edge between them would change nothing (keys are
-- told apart by their 64-bit content hashes: two different contents of one block sharing a hash is
-- a chance of about 10^-13 per build, and would only leave them apart). At 20,000 variant pages this
-- drops 334,000 of 823,000 pairs.
-- Nor are two keys whose squeezed abstracts both reach 240 characters and differ in their first 240
-- (head_hash): neither can be a prefix of the other (different papers whose abstracts open with
-- the same sentence; at 20,000 variant pages 487,000 of the 488,000 pairs left failed the title
-- test, most of them such pairs).
-- A small block's pairs (but those two kinds) are all compared: ranking every title word costs more
-- than the pairs prefix filtering saves there (at 20,000 variant pages, before the two filters
-- above, it kept 776,600 of the 782,000 pairs of blocks of up to 10 records).
small_block_pairs AS (
    SELECT
        a.first_rid,
        a.rid AS a,
        b.rid AS b,
        least(a.sq_len, b.sq_len) AS short_len,
        greatest(a.sq_len, b.sq_len) AS long_len
    FROM ranked_members AS a
    JOIN ranked_members AS b
      ON a.first_rid = b.first_rid AND a.rid < b.rid
     AND may_be_near_duplicates(a.content_hash, b.content_hash, a.head_hash, b.head_hash)
    WHERE a.block_size <= 10 AND a.title_key <> '' AND b.title_key <> ''
),
-- Prefix filtering (Chaudhuri et al., 2006), so a big block of many distinct papers sharing boilerplate
-- is not compared pair by pair: order each title's words from rarest to most common; two word sets
-- with Jaccard >= 0.5 must share a word among the first n - ceil(0.5 n) + 1 words of each. Only
-- pairs sharing such a word are candidates - exactly the pairs that can pass the title test.
-- Materialised: the word counts and the prefixes both read it, and splitting the titles twice cost
-- ~0.25 s at 20,000 variant pages.
member_words AS MATERIALIZED (
    SELECT rid, first_rid, sq_len, content_hash, head_hash, unnest(words) AS word, len(words) AS n_words
    -- an empty title has no words (title_words is NULL); filtered here, the words are split once
    FROM (
        SELECT *, title_words(title_key) AS words FROM ranked_members WHERE block_size > 10 AND title_key <> ''
    )
),
word_frequency AS (
    SELECT word, count(*) AS df FROM member_words GROUP BY word
),
title_prefixes AS (
    SELECT rid, first_rid, sq_len, content_hash, head_hash, word, word_rank, n_words
    FROM (
        SELECT m.*, row_number() OVER (PARTITION BY m.rid ORDER BY f.df, m.word) AS word_rank
        FROM member_words AS m
        JOIN word_frequency AS f USING (word)
    )
    WHERE word_rank <= n_words - ceil(0.5 * n_words) + 1
),
-- A filter that only drops pairs that cannot pass (the tests below stay the exact ones): positional
-- filtering (Xiao et al., 2008): the words two titles share are the shared prefix
--   words (shared_prefix) plus at most min(n - rank) of the words after the last of them (ranks in
--   the same rare-first order), and Jaccard >= 0.5 needs 3 * shared >= n_a + n_b.
candidate_pairs AS (
    SELECT
        any_value(a.first_rid) AS first_rid,
        a.rid AS a,
        b.rid AS b,
        least(any_value(a.sq_len), any_value(b.sq_len)) AS short_len,
        greatest(any_value(a.sq_len), any_value(b.sq_len)) AS long_len
    FROM title_prefixes AS a
    JOIN title_prefixes AS b
      ON a.first_rid = b.first_rid AND a.word = b.word AND a.rid < b.rid
     AND may_be_near_duplicates(a.content_hash, b.content_hash, a.head_hash, b.head_hash)
    GROUP BY a.rid, b.rid
    HAVING 3 * (count(*) + least(any_value(a.n_words) - max(a.word_rank), any_value(b.n_words) - max(b.word_rank)))
        >= any_value(a.n_words) + any_value(b.n_words)
    UNION ALL
    SELECT * FROM small_block_pairs
),
shared_words AS (
    SELECT * EXCLUDE (words_a, words_b), len(words_a) AS n_a, len(words_b) AS n_b,
           len(list_intersect(words_a, words_b)) AS shared
    FROM (
        SELECT c.*, title_words(a.title_key) AS words_a, title_words(b.title_key) AS words_b
        FROM candidate_pairs AS c
        JOIN members AS a ON a.rid = c.a
        JOIN members AS b ON b.rid = c.b
    )
),
examined AS (
    SELECT
        first_rid, a, b, short_len, long_len,
        -- title Jaccard >= 0.5, i.e. shared / (n_a + n_b - shared) >= 0.5: 3 * shared >= n_a + n_b
        -- (words are distinct in each title, so the union has n_a + n_b - shared words)
        3 * shared >= n_a + n_b AS titles_similar,
        shared / (n_a + n_b - shared) AS title_similarity
    FROM shared_words
)
SELECT f.record_key AS first_key, ka.record_key AS a, kb.record_key AS b, s.short_len, s.long_len,
       s.titles_similar, s.title_similarity
FROM examined AS s
JOIN members AS f ON f.rid = s.first_rid
JOIN members AS ka ON ka.rid = s.a
JOIN members AS kb ON kb.rid = s.b;

-- Exact content groups are found by a hash of the two texts, then each member's texts are compared
-- with its group's first key's: two different contents that share a hash (about one chance in 10^8
-- at a million keys) can leave copies apart, never merge different texts.
WITH content_groups AS (
    SELECT content_hash, min(record_key) AS first_key
    FROM record_rows
    GROUP BY content_hash
    HAVING count(*) > 1
),
exact AS (
    SELECT
        1 AS phase, g.first_key AS group_order, g.first_key AS a, r.record_key AS b,
        'exact_content' AS rule, 'same normalised title and abstract' AS evidence
    FROM record_rows AS r
    JOIN content_groups AS g USING (content_hash)
    JOIN record_rows AS f ON f.record_key = g.first_key
    WHERE r.record_key <> g.first_key AND r.title_key = f.title_key AND r.abstract_key = f.abstract_key
),
near AS (  -- last, on the few pairs left: one squeezed abstract is a prefix of the other
    SELECT
        2 AS phase, s.first_key AS group_order, s.a, s.b, 'near_duplicate' AS rule,
        printf('title_similarity=%.2f; abstract_prefix=%d/%d', s.title_similarity, s.short_len, s.long_len)
            AS evidence
    FROM identity_candidates AS s
    JOIN record_rows AS ra ON ra.record_key = s.a
    JOIN record_rows AS rb ON rb.record_key = s.b
    WHERE s.titles_similar AND (starts_with(replace(ra.abstract_key, ' ', ''), replace(rb.abstract_key, ' ', ''))
       OR starts_with(replace(rb.abstract_key, ' ', ''), replace(ra.abstract_key, ' ', '')))
),
edited AS (
    SELECT
        3 AS phase, a AS group_order, a, b, 'edited_abstract' AS rule,
        printf('same normalised title; abstract_edit_distance=%d/%d', distance, long_len) AS evidence
    FROM edited_pairs
),
same_title AS (
    SELECT
        4 AS phase, title_anchor AS group_order, title_anchor AS a, record_key AS b, 'same_title' AS rule,
        'same normalised title; no abstract on one side' AS evidence
    FROM record_rows
    WHERE title_anchor <> record_key
)
SELECT e.a, e.b, ra.arxiv_id AS a_arxiv, rb.arxiv_id AS b_arxiv, e.rule, e.evidence
FROM (
    SELECT * FROM exact UNION ALL SELECT * FROM near UNION ALL SELECT * FROM edited UNION ALL SELECT * FROM same_title
) AS e
JOIN record_rows AS ra ON ra.record_key = e.a
JOIN record_rows AS rb ON rb.record_key = e.b
ORDER BY e.phase, e.group_order, e.a, e.b;
