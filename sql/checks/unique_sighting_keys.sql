-- Failing rows: sightings whose key (source_file, position) is missing or occurs more than once.
SELECT source_file, position, count(*) AS n
FROM sightings
WHERE checked_file(source_file)
GROUP BY source_file, position
HAVING count(*) > 1 OR source_file IS NULL OR position IS NULL;
