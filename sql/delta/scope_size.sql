-- How many record keys' aliases an incremental build replaces (delta/scoped_paper_keys.sql).
SELECT count(*) AS aliases FROM scope_record_key;
