-- Failing rows: paper ids that occur more than once in papers.
SELECT paper_id, count(*) AS n FROM papers WHERE checked_paper(paper_id) GROUP BY paper_id HAVING count(*) > 1;
