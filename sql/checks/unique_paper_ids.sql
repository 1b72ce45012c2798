-- Failing rows: paper ids that occur more than once in papers.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT paper_id, count(*) AS n FROM papers WHERE checked_paper(paper_id) GROUP BY paper_id HAVING count(*) > 1;
