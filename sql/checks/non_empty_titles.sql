-- Failing rows: papers or sightings whose title or abstract is empty or only whitespace.
-- (regexp_matches stops at the first non-space character: trim() copied every abstract.)
SELECT 'papers' AS tbl, paper_id AS id
FROM papers
WHERE NOT regexp_matches(coalesce(title, ''), '\S') OR NOT regexp_matches(coalesce(abstract, ''), '\S')
UNION ALL
SELECT 'sightings', source_file || ':' || line_number
FROM sightings
WHERE NOT regexp_matches(coalesce(title, ''), '\S');
