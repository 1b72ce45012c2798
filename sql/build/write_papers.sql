-- papers.parquet: the papers a build kept (kept_papers) plus those it built (built_papers).
SELECT * FROM kept_papers
UNION ALL BY NAME
SELECT * FROM built_papers
ORDER BY paper_id;
