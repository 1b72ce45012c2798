-- record_key -> paper_id for every key in record_rows (temp table paper_key_rows). Keys in no
-- candidate merge are papers of their own: their anchor is the key itself, so their id is computed
-- here (same formula as pipeline/identity.py's paper_id_for); clustered keys come from Python
-- (temp table clustered_keys). hood: see build/distinct_records.sql.
CREATE OR REPLACE TEMP TABLE paper_key_rows AS
SELECT r.record_key, coalesce(c.paper_id, 'p' || left(sha1(r.record_key), 15)) AS paper_id,
       coalesce(c.rule, 'anchor') AS rule, coalesce(c.evidence, '') AS evidence, r.hood,
       r.title_group
FROM record_rows AS r
LEFT JOIN clustered_keys AS c USING (record_key);
