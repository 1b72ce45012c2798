-- Topic classifier: the linear model of 061_topic_model.sql (read from data/topic_model/) plus the
-- phrase rules of 060_topics.sql, over the tokens of 062_topic_tokens.sql and the rule matches of
-- 064_topic_rule_hits.sql.
--   x(f)     = (1 + ln tf(f)) * idf(f), L2-normalised per paper (features in the model vocabulary)
--   s(topic) = bias + sum_f x(f) * weight(f, topic) + rule_weight * rule_score(topic)
--   p(topic) = softmax of s over the taxonomy
-- Primary topic = highest p (ties: lower topics.priority). topics = primary plus up to two more
-- with p >= secondary_share * p(primary) and p >= the topic's own secondary_min_p (topic_model_bias;
-- the settings' one for a topic the model does not know). A paper with neither a model
-- feature nor a rule match is 'other'. Every step is an equality join: no papers x terms scan.
-- Runs once per batch of papers (055_topic_batches.sql): the window functions and the
-- papers x topics cross join below only ever see one batch, and the batch's rows are appended to
-- paper_topic_scores and papers.

-- Keys are paper_no, topic_no and feature_no (062, 064): integers group and join about twice as
-- fast as the paper_id, topic and feature strings, which are joined back for the output only.
-- topic_features: the model features of the batch's words (topic_word_features(), numbered in
-- name order) with their idf and, for the evidence, their names in feature_no order.
CREATE OR REPLACE TEMP TABLE topic_features AS
SELECT DISTINCT w.feature_no, w.feature, v.idf
FROM topic_word_features() AS w
JOIN topic_model_vocab AS v USING (feature);

CREATE OR REPLACE TEMP TABLE topic_feature_names AS
SELECT list(feature ORDER BY feature_no) AS names FROM topic_features;

CREATE OR REPLACE TEMP TABLE topic_weights AS
SELECT f.feature_no, n.topic_no, w.weight
FROM topic_model_weights AS w
JOIN topic_features AS f USING (feature)
JOIN topic_numbers AS n USING (topic);

-- x per (paper, feature), before the L2 normalisation. The norm is one positive number per paper,
-- so it divides the grouped (paper, topic) sums instead of every (paper, feature) row:
-- sum_f (x(f) / norm) * w(f) = (sum_f x(f) * w(f)) / norm, and within a paper the features rank
-- the same by x * w as by (x / norm) * w (the evidence below). In floating point the unrounded
-- scores may differ in the last bits, as they already do from run to run (DuckDB's threads add the
-- sums in no fixed order); what is stored is rounded (score, model_score: 4 decimals) and came out
-- identical on every corpus checked.
-- The occurrences are stored first (~6M rows of three integers per batch, ~75 MB) and then summed:
-- topic_docs is a batch's words in two tables of one row group each (062), which DuckDB scans on
-- at most two threads, so an aggregate fed straight from its unnested words would run on at most
-- two (it ran on one when topic_docs was one table). From the stored rows it runs on every thread:
-- 1.07-1.56 -> 0.64-0.70 s per batch of 50,000 papers (with one table), the same rows. The sum is
-- topic_feature_counts_by_number()'s (062), which the trainer uses.
CREATE OR REPLACE TEMP TABLE topic_occurrences AS FROM topic_feature_occurrences();

CREATE OR REPLACE TEMP TABLE topic_x AS
SELECT c.paper_no, c.feature_no, (1 + ln(c.tf)) * f.idf AS x
FROM (SELECT paper_no, feature_no, sum(weight) AS tf FROM topic_occurrences GROUP BY paper_no, feature_no) AS c
JOIN topic_features AS f USING (feature_no);

DROP TABLE topic_occurrences;

-- ~60M (paper, feature, topic) products per batch summed into ~750,000 (paper, topic) groups. The
-- keys can span small ranges: topic_no counts 15, and paper_no is the papers_base rowid, which
-- roughly follows paper_id (papers.parquet is in paper_id order, but build connections run with
-- preserve_insertion_order = false, so chunks may land out of order), so a batch's 50,000 papers
-- often lie within 2^16 rowids. Then a perfect hash
-- table (an array indexed by the keys) replaces the hash table: DuckDB uses one up to
-- perfect_ht_threshold bits of key ranges, 12 by default; this aggregate needs 21 (16 + 4 + 1 for
-- NULL), a 2M-entry array (~+20-40 MB peak RSS). 1.4 -> 0.8 CPU s per batch; every batch at 2,000
-- pages, 7 of 26 in a run at 20,000. A batch spread over more rowids (renumbering the papers
-- densely cost as much as it saved), a larger batch or more topics fall back to the hash table:
-- same result, the old speed. Only this statement: for the evidence's arg_min the array is slower.
SET perfect_ht_threshold = 21;

CREATE OR REPLACE TEMP TABLE topic_model_scores AS
SELECT s.paper_no, s.topic_no, s.dot / n.norm AS model_score
FROM (
    SELECT x.paper_no, w.topic_no, sum(x.x * w.weight) AS dot
    FROM topic_x AS x
    JOIN topic_weights AS w USING (feature_no)
    GROUP BY x.paper_no, w.topic_no
) AS s
JOIN (SELECT paper_no, sqrt(sum(x * x)) AS norm FROM topic_x GROUP BY paper_no) AS n USING (paper_no);

RESET perfect_ht_threshold;

-- Every topic of every paper with a model feature or a rule match: logit, softmax and rank. Only
-- the integer keys and numbers go through the window functions (each one sorts its rows and carries
-- every column along): paper_id, the topic name and matched_terms are joined to the rows written.
-- topic_no follows the topic names' order (064), so it breaks ties exactly as the name would.
CREATE OR REPLACE TEMP TABLE topic_probabilities AS
WITH scored_papers AS (
    SELECT i.paper_no
    FROM topic_batch_ids AS i
    SEMI JOIN (SELECT paper_no FROM topic_x UNION ALL SELECT paper_no FROM topic_rule_scores) USING (paper_no)
),
taxonomy AS (
    SELECT n.topic_no, t.priority, coalesce(b.bias, 0) AS bias, cfg.rule_weight
    FROM topics AS t
    JOIN topic_numbers AS n USING (topic)
    CROSS JOIN topic_model_settings AS cfg
    LEFT JOIN topic_model_bias AS b ON b.topic = t.topic
),
logits AS (
    SELECT
        p.paper_no,
        t.topic_no,
        t.priority,
        coalesce(m.model_score, 0) AS model_score,
        greatest(coalesce(r.rule_score, 0), 0) AS rule_score,
        t.bias + coalesce(m.model_score, 0) + t.rule_weight * greatest(coalesce(r.rule_score, 0), 0) AS logit
    FROM scored_papers AS p
    CROSS JOIN taxonomy AS t
    LEFT JOIN topic_model_scores AS m ON m.paper_no = p.paper_no AND m.topic_no = t.topic_no
    LEFT JOIN topic_rule_scores AS r ON r.paper_no = p.paper_no AND r.topic_no = t.topic_no
),
e AS (
    SELECT *, exp(logit - max(logit) OVER (PARTITION BY paper_no)) AS e FROM logits
)
SELECT
    *,
    e / sum(e) OVER (PARTITION BY paper_no) AS p,
    row_number() OVER (PARTITION BY paper_no ORDER BY logit DESC, priority, topic_no) AS rank
FROM e;

-- In (paper_id, rank) order, batch after batch, as the table has always been laid out (the sort is
-- ~0.1 of this statement's ~0.55 CPU s per batch; most of the rest is writing to the file).
INSERT INTO paper_topic_scores
SELECT
    i.paper_id,
    n.topic,
    round(q.p, 4) AS score,
    q.rank,
    round(q.model_score, 4) AS model_score,
    round(q.rule_score, 3) AS rule_score,
    coalesce(r.matched_terms, []) AS matched_terms
FROM topic_probabilities AS q
JOIN topic_batch_ids AS i USING (paper_no)
JOIN topic_numbers AS n USING (topic_no)
LEFT JOIN topic_rule_scores AS r USING (paper_no, topic_no)
ORDER BY i.paper_id, q.rank;

CREATE OR REPLACE TEMP TABLE paper_topic_choice AS
SELECT
    q.paper_no,
    i.paper_id,
    n.topic,
    q.topic_no,
    q.rank,
    q.p,
    r.matched_terms
FROM (
    SELECT q.paper_no, q.topic_no, q.rank, q.p, max(q.p) OVER (PARTITION BY q.paper_no) AS top_p
    FROM topic_probabilities AS q
) AS q
JOIN topic_batch_ids AS i USING (paper_no)
JOIN topic_numbers AS n USING (topic_no)
LEFT JOIN topic_rule_scores AS r USING (paper_no, topic_no)
LEFT JOIN topic_model_bias AS b ON b.topic = n.topic
CROSS JOIN topic_model_settings AS cfg
WHERE q.rank = 1
   OR (q.rank <= 3 AND q.p >= cfg.secondary_share * q.top_p
       AND q.p >= coalesce(b.secondary_min_p, cfg.secondary_min_p));

-- Evidence: per chosen topic, the model features that pushed it most and the rule terms matched.
-- The top five by x * w (ties: by feature, i.e. by feature_no) are the five smallest
-- (-(x * w), feature_no): arg_min with n keeps five per group instead of sorting every feature of
-- the group; its list comes in ascending key order, i.e. x * w descending. The five numbers are
-- then named. 1.65 -> 0.45 CPU s per batch (0.75 of it arg_min, the rest integer keys).
CREATE OR REPLACE TEMP TABLE paper_topic_features AS
SELECT f.paper_no, f.topic_no, list_transform(f.feature_nos, lambda k: n.names[k]) AS features
FROM (
    SELECT c.paper_no, c.topic_no, arg_min(x.feature_no, {v: -(x.x * w.weight), f: x.feature_no}, 5) AS feature_nos
    FROM paper_topic_choice AS c
    JOIN topic_x AS x ON x.paper_no = c.paper_no
    JOIN topic_weights AS w ON w.feature_no = x.feature_no AND w.topic_no = c.topic_no
    WHERE x.x * w.weight > 0
    GROUP BY c.paper_no, c.topic_no
) AS f
CROSS JOIN topic_feature_names AS n;

CREATE OR REPLACE TEMP TABLE paper_topic_summary AS
SELECT
    any_value(c.paper_id) AS paper_id,
    list(c.topic ORDER BY c.rank) AS topics,
    round(any_value(c.p) FILTER (WHERE c.rank = 1), 4) AS topic_score,
    string_agg(
        c.topic || ' ' || printf('%.2f', c.p)
            || CASE WHEN len(coalesce(f.features, [])) > 0
                    THEN ' model: ' || array_to_string(f.features, ', ') ELSE '' END
            || CASE WHEN len(coalesce(c.matched_terms, [])) > 0
                    THEN '; rules: ' || array_to_string(c.matched_terms, ', ') ELSE '' END,
        ' | ' ORDER BY c.rank
    ) AS topic_evidence
FROM paper_topic_choice AS c
LEFT JOIN paper_topic_features AS f USING (paper_no, topic_no)
GROUP BY c.paper_no;

INSERT INTO papers
FROM papers_with_topics()
WHERE getvariable('topic_batch_first') IS NULL
   OR paper_id BETWEEN getvariable('topic_batch_first') AND getvariable('topic_batch_last')
ORDER BY paper_id;

-- The batch's scratch tables go before the next batch tokenises (062 and 064 replace the rest).
DROP VIEW topic_docs;
DROP TABLE topic_docs_even;
DROP TABLE topic_docs_odd;
DROP TABLE topic_rule_candidates;
DROP TABLE topic_rule_hits;
DROP TABLE topic_x;
DROP TABLE topic_features;
DROP TABLE topic_feature_names;
DROP TABLE topic_weights;
DROP TABLE topic_model_scores;
DROP TABLE topic_probabilities;
DROP TABLE paper_topic_choice;
DROP TABLE paper_topic_features;
DROP TABLE paper_topic_summary;
