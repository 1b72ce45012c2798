-- Which papers were listed for the first time in the last 7 days of the data?
-- "This week" is the 7 days up to and including the newest listing date in the warehouse (not
-- today's date), so the question still answers on an old capture. Change the 7 to widen it.
WITH newest AS (SELECT max(listing_date) AS day FROM sightings)
SELECT p.first_listed, p.title, p.topic, p.n_sightings, p.arxiv_id
FROM papers AS p, newest
WHERE p.first_listed > newest.day - INTERVAL 7 DAY
  AND p.first_listed <= newest.day
ORDER BY p.first_listed DESC, p.title;
