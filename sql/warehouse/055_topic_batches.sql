-- Topic scoring (062_topic_tokens.sql, 064_topic_rule_hits.sql, 070_paper_topics.sql) runs once per
-- batch of papers, not over the whole corpus in one go: at 20,000 pages 1.3M papers tokenise into
-- ~230M words and ~120M (paper, feature) pairs, which do not fit a few GB, while a batch does. Every
-- score depends on one paper's own words only, so batching changes nothing in the result, and the
-- memory a build needs stays that of one batch however large the corpus grows
-- (pipeline/warehouse.py runs the loop; docs/scaling.md has the numbers).
--
-- Batches are consecutive ranges of paper_id of at most getvariable('topic_batch_papers') papers
-- (unset: a single batch). The files of the loop read the range from the variables
-- topic_batch_first / topic_batch_last.
CREATE TEMP TABLE topic_batches AS
SELECT batch, min(paper_id) AS first_paper_id, max(paper_id) AS last_paper_id, count(*) AS n_papers
FROM (
    SELECT paper_id, (row_number() OVER (ORDER BY paper_id) - 1) // getvariable('topic_batch_papers') AS batch
    FROM papers_base
)
GROUP BY batch
ORDER BY batch;

-- What each batch adds to (070_paper_topics.sql inserts its papers' rows). Created here, empty, so
-- they exist even when there is no paper to score (an incremental build that touched no paper).
CREATE TABLE paper_topic_scores (
    paper_id VARCHAR,
    topic VARCHAR,
    score DOUBLE,
    rank BIGINT,
    model_score DOUBLE,
    rule_score DOUBLE,
    matched_terms VARCHAR[]
);

-- Per scored paper of the current batch: its topics (primary first), the primary's probability and
-- the evidence string (070 replaces it batch by batch).
CREATE TEMP TABLE paper_topic_summary (
    paper_id VARCHAR,
    topics VARCHAR[],
    topic_score DOUBLE,
    topic_evidence VARCHAR
);

-- The papers table: papers_base (the papers step's output) with the topics that 070 chose. Papers
-- with nothing to score are 'other'. Created empty here with its final columns; 070 appends each
-- batch's papers (sorted: a sort of one batch, instead of one of every paper with its abstract).
CREATE TEMP MACRO papers_with_topics() AS TABLE
SELECT
    b.*,
    coalesce(s.topics[1], 'other') AS topic,
    coalesce(s.topics, ['other']) AS topics,
    coalesce(s.topic_score, 0) AS topic_score,
    coalesce(s.topic_evidence, 'no topic evidence: no model feature or rule term in the text') AS topic_evidence,
    year(b.first_listed) AS first_listed_year,
    date_trunc('month', b.first_listed)::DATE AS first_listed_month,
    date_trunc('week', b.first_listed)::DATE AS first_listed_week
FROM papers_base AS b
LEFT JOIN paper_topic_summary AS s USING (paper_id);

CREATE TABLE papers AS FROM papers_with_topics() LIMIT 0;

COMMENT ON COLUMN paper_topic_scores.rank IS 'Rank of the topic for this paper (1 = primary topic).';
COMMENT ON COLUMN paper_topic_scores.model_score IS 'Linear-model part of the logit: sum of tf-idf x weight (061_topic_model.sql).';
COMMENT ON COLUMN paper_topic_scores.rule_score IS 'Phrase-rule score: sum of weight x (3 if in title + 1 if in abstract) over matched topic_terms.';
