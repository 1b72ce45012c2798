-- Failing rows: papers or sightings whose title is empty or only whitespace. (An empty abstract is
-- no failure: real listings show papers without one, 419 of 3,868 in ../shared/real-papers/.)
-- regexp_matches stops at the first non-space character: trim() would copy every title.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT 'papers' AS tbl, paper_id AS id
FROM papers
WHERE checked_paper(paper_id) AND NOT regexp_matches(coalesce(title, ''), '\S')
UNION ALL
SELECT 'sightings', source_file || ':' || line_number
FROM sightings
WHERE checked_file(source_file) AND NOT regexp_matches(coalesce(title, ''), '\S');
