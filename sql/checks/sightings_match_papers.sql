-- Failing rows: sightings without a paper, papers without sightings, or n_sightings that disagree.
SELECT 'sighting without paper' AS problem, s.paper_id FROM sightings AS s ANTI JOIN papers AS p USING (paper_id)
UNION ALL
SELECT 'paper without sighting', p.paper_id FROM papers AS p ANTI JOIN sightings AS s USING (paper_id)
UNION ALL
SELECT 'n_sightings mismatch', p.paper_id
FROM papers AS p JOIN (SELECT paper_id, count(*) AS n FROM sightings GROUP BY paper_id) AS c USING (paper_id)
WHERE p.n_sightings <> c.n;
