-- Which topics are assigned together to the same paper, and how often?
-- Uses papers.topics (one to three topics per paper, primary first). Each unordered pair appears
-- once, alphabetically (topic_a < topic_b); share_of_a = the share of topic_a's papers that also
-- carry topic_b.
WITH paper_topic AS (
    SELECT DISTINCT paper_id, unnest(topics) AS topic FROM papers
),
pairs AS (
    SELECT a.topic AS topic_a, b.topic AS topic_b, count(*) AS n_papers
    FROM paper_topic AS a
    JOIN paper_topic AS b ON a.paper_id = b.paper_id AND a.topic < b.topic
    GROUP BY ALL
),
per_topic AS (
    SELECT topic, count(*) AS n_papers FROM paper_topic GROUP BY topic
)
SELECT pairs.topic_a, pairs.topic_b, pairs.n_papers,
       round(100.0 * pairs.n_papers / per_topic.n_papers, 1) AS share_of_a
FROM pairs
JOIN per_topic ON per_topic.topic = pairs.topic_a
ORDER BY pairs.n_papers DESC, pairs.topic_a, pairs.topic_b;
