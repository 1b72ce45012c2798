-- The papers table: papers_base (the papers step's output) with the topics that 070_paper_topics.sql
-- chose, batch by batch, in paper_topic_summary. Papers with nothing to score are 'other'.
CREATE TABLE papers AS
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
LEFT JOIN paper_topic_summary AS s USING (paper_id)
ORDER BY b.paper_id;
