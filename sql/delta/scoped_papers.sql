-- The papers that changed: the warehouse SQL (topics, links...) runs on these rows only.
SELECT p.*
FROM read_parquet(getvariable('papers_path')) AS p
SEMI JOIN scope_paper_id USING (paper_id)
ORDER BY p.paper_id;
