-- Failing rows: topic scores of an unknown paper or of a topic outside the taxonomy.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT 'unknown topic' AS problem, s.paper_id, s.topic
FROM (SELECT paper_id, topic FROM paper_topic_scores WHERE checked_paper(paper_id)) AS s
ANTI JOIN topics AS t USING (topic)
UNION ALL
SELECT 'unknown paper', s.paper_id, s.topic
FROM (SELECT paper_id, topic FROM paper_topic_scores WHERE checked_paper(paper_id)) AS s
ANTI JOIN papers AS p USING (paper_id);
