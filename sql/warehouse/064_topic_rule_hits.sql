-- The phrase rules of 060_topics.sql matched against topic_docs (062) by equality joins on words,
-- so the cost grows with the number of words, not with papers x terms. Runs once per batch of
-- papers (055_topic_batches.sql), like 062 and 070.
--   1. A term is split into words like the text ('text-to-image' -> text, to, image); a trailing
--      '*' makes its last word a prefix.
--   2. Candidate positions: a word equal to the term's first word and, for a multi-word term, the
--      next word equal to its second word. A prefix ('agent*') is first matched against the
--      distinct words of the corpus on an equal prefix (left(word, 5) = 'agent'), a small table.
--   3. A term of three or more words is confirmed by comparing the words that follow.
-- The trainer (bench/train_topics.py) runs this file too: the model learns how far to trust the
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
    suffix(term, '*') AS is_prefix
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

-- One pass over the word occurrences: a hash join on the word, the next word checked only for the
-- keys that have one.
CREATE OR REPLACE TEMP TABLE topic_rule_candidates AS
SELECT t.paper_no, t.field, t.pos, k.term_id
FROM topic_tokens AS t
JOIN topic_rule_keys AS k ON k.word = t.word AND (k.next_word IS NULL OR k.next_word = t.next_word);

-- One row per (paper, field, term) that matched; terms of three or more words are confirmed by
-- comparing the words that follow (few candidates are left by then).
CREATE OR REPLACE TEMP TABLE topic_rule_hits AS
SELECT c.paper_no, c.field, c.term_id
FROM topic_rule_candidates AS c
JOIN topic_rule_terms AS r USING (term_id)
WHERE r.n_words <= 2
UNION
SELECT c.paper_no, c.field, c.term_id
FROM topic_rule_candidates AS c
JOIN topic_rule_terms AS r USING (term_id)
JOIN topic_docs AS d ON d.paper_no = c.paper_no AND d.field = c.field
WHERE r.n_words > 2
  AND CASE
          WHEN r.is_prefix THEN starts_with(array_to_string(d.words[c.pos:c.pos + r.n_words - 1], ' '), r.term_text)
          ELSE array_to_string(d.words[c.pos:c.pos + r.n_words - 1], ' ') = r.term_text
      END;

-- Topics numbered, so that 070 joins and groups on an integer.
CREATE OR REPLACE TEMP TABLE topic_numbers AS
SELECT topic, row_number() OVER (ORDER BY topic)::INTEGER AS topic_no FROM topics;

-- rule_score(paper, topic) = sum over matched terms of weight x (3 if in the title + 1 if in the
-- abstract), as documented in 060_topics.sql. Grouped on integers; names are joined afterwards.
CREATE OR REPLACE TEMP TABLE topic_rule_scores AS
WITH per_topic AS (
    SELECT
        h.paper_no,
        n.topic_no,
        sum(r.weight * (CASE WHEN h.in_title THEN 3 ELSE 0 END + CASE WHEN h.in_abstract THEN 1 ELSE 0 END))
            AS rule_score,
        list(DISTINCT r.term ORDER BY r.term) FILTER (WHERE r.weight > 0) AS matched_terms
    FROM (
        SELECT paper_no, term_id, bool_or(field = 'title') AS in_title, bool_or(field = 'abstract') AS in_abstract
        FROM topic_rule_hits
        GROUP BY paper_no, term_id
    ) AS h
    JOIN topic_rule_terms AS r USING (term_id)
    JOIN topic_numbers AS n USING (topic)
    GROUP BY h.paper_no, n.topic_no
)
SELECT i.paper_id, s.paper_no, n.topic, s.topic_no, s.rule_score, s.matched_terms
FROM per_topic AS s
JOIN topic_numbers AS n USING (topic_no)
JOIN topic_batch_ids AS i USING (paper_no);
