-- Failing rows: papers or sightings whose title or abstract is empty.
SELECT 'papers' AS tbl, paper_id AS id FROM papers WHERE coalesce(trim(title), '') = '' OR coalesce(trim(abstract), '') = ''
UNION ALL
SELECT 'sightings', source_file || ':' || line_number FROM sightings WHERE coalesce(trim(title), '') = '';
