-- Failing rows: sightings without a paper, papers without sightings, or n_sightings that disagree.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT 'sighting without paper' AS problem, s.paper_id
FROM (SELECT paper_id FROM sightings WHERE checked_file(source_file) OR checked_paper(paper_id)) AS s
ANTI JOIN papers AS p USING (paper_id)
UNION ALL
SELECT 'paper without sighting', p.paper_id
FROM (SELECT paper_id FROM papers WHERE checked_paper(paper_id)) AS p
ANTI JOIN (SELECT paper_id FROM sightings WHERE checked_paper(paper_id)) AS s USING (paper_id)
UNION ALL
SELECT 'n_sightings mismatch', p.paper_id
FROM papers AS p
JOIN (SELECT paper_id, count(*) AS n FROM sightings WHERE checked_paper(paper_id) GROUP BY paper_id) AS c
  USING (paper_id)
WHERE checked_paper(p.paper_id) AND p.n_sightings <> c.n;
