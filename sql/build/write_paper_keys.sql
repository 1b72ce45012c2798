-- paper_keys.parquet: what a build kept (kept_paper_keys) plus what it resolved (paper_key_rows).
SELECT record_key, paper_id, rule, evidence, hood, content_hood, title_group FROM kept_paper_keys
UNION ALL
SELECT record_key, paper_id, rule, evidence, hood, content_hood, title_group FROM paper_key_rows
ORDER BY record_key;
