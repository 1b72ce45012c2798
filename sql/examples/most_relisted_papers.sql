-- Which papers were listed more than once, on which dates and in how many files?
-- A "re-listing" is any sighting after the first; exact duplicate files count once. Undated
-- sightings appear as NULL in listing_dates.
SELECT p.title, p.topic, p.n_sightings, p.n_source_files, p.first_listed, p.last_listed,
       list(DISTINCT s.listing_date ORDER BY s.listing_date) AS listing_dates
FROM papers AS p
JOIN sightings AS s USING (paper_id)
WHERE p.n_sightings > 1
GROUP BY ALL
ORDER BY p.n_sightings DESC, p.n_source_files DESC, p.title
LIMIT 25;
