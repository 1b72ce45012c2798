-- How many distinct papers were listed per primary topic each month, and what share of the month's
-- papers is that?
-- Counts listings (a paper listed in March and April counts in both months); pages without a date
-- (listing_date IS NULL) are left out. For "new papers per month" use the view papers_per_topic_month.
WITH per_topic AS (
    SELECT s.listing_month_start AS month, p.topic, count(DISTINCT s.paper_id) AS n_papers
    FROM sightings AS s
    JOIN papers AS p USING (paper_id)
    WHERE s.listing_month_start IS NOT NULL
    GROUP BY ALL
)
SELECT month, topic, n_papers,
       round(100.0 * n_papers / sum(n_papers) OVER (PARTITION BY month), 1) AS pct_of_month
FROM per_topic
ORDER BY month, n_papers DESC, topic;
