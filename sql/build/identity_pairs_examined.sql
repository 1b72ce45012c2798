-- How many candidate pairs the last identity resolution compared (build/identity_edges.sql).
SELECT count(*) AS pairs FROM identity_candidates;
