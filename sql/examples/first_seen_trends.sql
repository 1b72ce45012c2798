-- Per listing week: how many papers were new (seen for the first time) and how many had been
-- listed before, and how many distinct papers have been seen so far?
-- Weeks start on Monday. Pages without a date are left out, so papers seen only on undated pages
-- never count as seen.
WITH weekly AS (
    SELECT s.listing_week_start AS week,
           count(DISTINCT s.paper_id) AS n_papers_listed,
           count(DISTINCT s.paper_id) FILTER (WHERE p.first_listed_week = s.listing_week_start) AS n_new,
           count(DISTINCT s.paper_id) FILTER (WHERE p.first_listed_week < s.listing_week_start) AS n_seen_before
    FROM sightings AS s
    JOIN papers AS p USING (paper_id)
    WHERE s.listing_week_start IS NOT NULL
    GROUP BY ALL
)
SELECT week, n_papers_listed, n_new, n_seen_before,
       sum(n_new) OVER (ORDER BY week)::BIGINT AS n_papers_seen_so_far
FROM weekly
ORDER BY week;
