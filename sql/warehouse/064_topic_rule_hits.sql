-- The phrase rules of 060_topics.sql matched against topic_docs (062) by equality joins on words,
-- so the cost grows with the number of words, not with papers x terms. Runs once per batch of
-- papers (055_topic_batches.sql), like 062 and 070.
--   1. A term is split into words like the text ('text-to-image' -> text, to, image); a trailing
--      '*' makes its last word a prefix.
--   2. Candidate positions: a word equal to the term's first word and, for a multi-word term, the
--      next word equal to its second word. A prefix ('agent*') is first matched against the
--      distinct words of the corpus on an equal prefix (left(word, 5) = 'agent'), a small table.
--   3. A term of three or more words is confirmed by comparing the words that follow (kept with
--      its candidate, so topic_docs is read once).
-- The trainer (pipeline/topic_train.py) runs this file too: the model learns how far to trust the
-- rules from exactly these scores.
CREATE OR REPLACE TEMP TABLE topic_rule_terms AS
SELECT
    row_number() OVER (ORDER BY topic, term) AS term_id,
    topic,
    term,
    weight,
    topic_words(rtrim(term, '*')) AS term_words,
    array_to_string(topic_words(rtrim(term, '*')), ' ') AS term_text,
    len(topic_words(rtrim(term, '*'))) AS n_words,
    suffix(term, '*') AS is_prefix,
    dense_rank() OVER (ORDER BY term)::INTEGER AS term_rank
FROM topic_terms
WHERE len(topic_words(rtrim(term, '*'))) > 0;

-- Corpus words that a prefix ('agent*', or the 'model*' of 'language model*') matches, found by
-- equality on the word's first characters.
CREATE OR REPLACE TEMP TABLE topic_prefix_words AS
WITH stems AS (
    SELECT DISTINCT term_words[n_words] AS stem FROM topic_rule_terms WHERE is_prefix AND n_words <= 2
)
SELECT s.stem, w.word
FROM (SELECT DISTINCT length(stem) AS n FROM stems) AS l
JOIN topic_corpus_words AS w ON length(w.word) >= l.n
JOIN stems AS s ON length(s.stem) = l.n AND s.stem = left(w.word, l.n);

-- What a word occurrence (and the word after it) must equal to start a match of a term.
CREATE OR REPLACE TEMP TABLE topic_rule_keys AS
SELECT term_id, term_words[1] AS word, NULL::VARCHAR AS next_word FROM topic_rule_terms
WHERE n_words = 1 AND NOT is_prefix
UNION ALL
SELECT r.term_id, p.word, NULL FROM topic_rule_terms AS r JOIN topic_prefix_words AS p ON p.stem = r.term_words[1]
WHERE r.n_words = 1 AND r.is_prefix
UNION ALL
SELECT term_id, term_words[1], term_words[2] FROM topic_rule_terms
WHERE n_words > 2 OR (n_words = 2 AND NOT is_prefix)
UNION ALL
SELECT r.term_id, r.term_words[1], p.word FROM topic_rule_terms AS r JOIN topic_prefix_words AS p ON p.stem = r.term_words[2]
WHERE r.n_words = 2 AND r.is_prefix;

-- One pass over the word occurrences. Most words start no term: a semi join against the few
-- distinct first words drops them before anything else is looked at (the next word is then read
-- from the list, only for the words left), and those join the keys on the word, the next word
-- checked only for the keys that have one. A candidate of a term of three or more words keeps the
-- words it spans, to be confirmed below (few candidates are left by then), so that topic_docs is
-- not joined back. A 50,000-paper batch: candidates + hits 1.6 -> 1.0 CPU s. An occurrence of a
-- word that starts such a term carries the words after it (as many as the longest term has), the
-- others none: carrying every occurrence's whole list of words ran a build capped at 64 MB out of
-- memory once topic_docs was read on two threads (tests/test_warehouse_memory.py), and slicing
-- a span for every occurrence tripled this statement's time.
CREATE OR REPLACE TEMP TABLE topic_rule_candidates AS
WITH long_term_starts AS (
    SELECT DISTINCT term_words[1] AS word FROM topic_rule_terms WHERE n_words > 2
),
occurrences AS (
    SELECT
        paper_no,
        field,
        word,
        pos,
        words[pos + 1] AS next_word,
        CASE WHEN word IN (SELECT word FROM long_term_starts) THEN words[pos:pos + longest - 1] END AS span
    FROM (SELECT paper_no, field, unnest(words) AS word, generate_subscripts(words, 1) AS pos, words FROM topic_docs)
    CROSS JOIN (SELECT max(n_words) AS longest FROM topic_rule_terms)
    WHERE word IN (SELECT word FROM topic_rule_keys)
)
SELECT
    o.paper_no,
    o.field,
    o.pos,
    k.term_id,
    CASE WHEN r.n_words > 2 THEN array_to_string(o.span[1:r.n_words], ' ') END AS phrase
FROM occurrences AS o
JOIN topic_rule_keys AS k ON k.word = o.word AND (k.next_word IS NULL OR k.next_word = o.next_word)
JOIN topic_rule_terms AS r USING (term_id);

-- One row per (paper, field, term) that matched; terms of three or more words are confirmed on the
-- words their candidate spans.
CREATE OR REPLACE TEMP TABLE topic_rule_hits AS
SELECT DISTINCT c.paper_no, c.field, c.term_id
FROM topic_rule_candidates AS c
JOIN topic_rule_terms AS r USING (term_id)
WHERE r.n_words <= 2
   OR CASE WHEN r.is_prefix THEN starts_with(c.phrase, r.term_text) ELSE c.phrase = r.term_text END;

-- Topics numbered, so that 070 joins and groups on an integer.
CREATE OR REPLACE TEMP TABLE topic_numbers AS
SELECT topic, row_number() OVER (ORDER BY topic)::INTEGER AS topic_no FROM topics;

-- rule_score(paper, topic) = sum over matched terms of weight x (3 if in the title + 1 if in the
-- abstract), as documented in 060_topics.sql. Grouped on integers; names are joined afterwards.
-- matched_terms lists the distinct terms of positive weight in term order. It is aggregated as
-- term_rank (topic_rule_terms: the rank in term order, equal terms equal rank) and named from
-- topic_term_names afterwards: a list of strings per group cost twice as much (this statement:
-- 0.8 -> 0.4 CPU s for a 50,000-paper batch).
CREATE OR REPLACE TEMP TABLE topic_term_names AS
SELECT list(DISTINCT term ORDER BY term) AS names FROM topic_rule_terms;

CREATE OR REPLACE TEMP TABLE topic_rule_scores AS
WITH per_topic AS (
    SELECT
        h.paper_no,
        n.topic_no,
        sum(r.weight * (CASE WHEN h.in_title THEN 3 ELSE 0 END + CASE WHEN h.in_abstract THEN 1 ELSE 0 END))
            AS rule_score,
        list_sort(list_distinct(list(r.term_rank) FILTER (WHERE r.weight > 0))) AS matched_ranks
    FROM (
        SELECT paper_no, term_id, bool_or(field = 'title') AS in_title, bool_or(field = 'abstract') AS in_abstract
        FROM topic_rule_hits
        GROUP BY paper_no, term_id
    ) AS h
    JOIN topic_rule_terms AS r USING (term_id)
    JOIN topic_numbers AS n USING (topic)
    GROUP BY h.paper_no, n.topic_no
)
SELECT
    i.paper_id,
    s.paper_no,
    n.topic,
    s.topic_no,
    s.rule_score,
    list_transform(s.matched_ranks, lambda k: t.names[k]) AS matched_terms
FROM per_topic AS s
JOIN topic_numbers AS n USING (topic_no)
JOIN topic_batch_ids AS i USING (paper_no)
CROSS JOIN topic_term_names AS t;
