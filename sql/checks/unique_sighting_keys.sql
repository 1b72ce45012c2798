-- Failing rows: sightings whose key (source_file, position) is missing or occurs more than once.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT source_file, position, count(*) AS n
FROM sightings
WHERE checked_file(source_file)
GROUP BY source_file, position
HAVING count(*) > 1 OR source_file IS NULL OR position IS NULL;
