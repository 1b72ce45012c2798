-- record_key -> paper_id for every current record key. Keys in no candidate merge are papers of
-- their own: their anchor is the key itself, so their id is computed here (same formula as
-- pipeline/identity.py's paper_id_for); clustered keys come from Python (temp table clustered_keys).
SELECT record_key, 'p' || left(sha1(record_key), 15) AS paper_id, 'anchor' AS rule, '' AS evidence
FROM record_rows
ANTI JOIN clustered_keys USING (record_key)
UNION ALL
SELECT record_key, paper_id, rule, evidence FROM clustered_keys
ORDER BY record_key;
