-- Failing rows: links of a paper that is not in papers, or the same link twice for one paper.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT 'unknown paper' AS problem, l.paper_id, l.url
FROM (SELECT paper_id, url FROM paper_links WHERE checked_paper(paper_id)) AS l
ANTI JOIN papers AS p USING (paper_id)
UNION ALL
SELECT 'duplicate link', paper_id, url
FROM paper_links
WHERE checked_paper(paper_id)
GROUP BY paper_id, url
HAVING count(*) > 1;
