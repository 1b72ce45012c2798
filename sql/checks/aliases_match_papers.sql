-- Failing rows: record keys mapped to a paper that is not in papers, or mapped twice.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT 'unknown paper' AS problem, a.record_key, a.paper_id
FROM (SELECT record_key, paper_id FROM paper_aliases WHERE checked_paper(paper_id)) AS a
ANTI JOIN papers AS p USING (paper_id)
UNION ALL
SELECT 'key mapped twice', record_key, min(paper_id)
FROM paper_aliases
WHERE checked_paper(paper_id)
GROUP BY record_key
HAVING count(*) > 1;
