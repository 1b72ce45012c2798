-- Distinct papers listed per listing week (Monday) and primary topic: the topic-trends chart.
-- Sightings on pages without a date have no week and are counted by report_facts.sql instead.
SELECT s.listing_week_start AS week, p.topic, count(DISTINCT s.paper_id) AS n_papers
FROM sightings AS s
JOIN papers AS p USING (paper_id)
WHERE s.listing_week_start IS NOT NULL
GROUP BY ALL
ORDER BY week, topic;
