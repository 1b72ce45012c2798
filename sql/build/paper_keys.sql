-- record_key -> paper_id for every key in record_rows (temp table paper_key_rows). A paper's id is a
-- hash of its anchor (same formula as pipeline/identity.py's paper_id_for): the anchors of keys in
-- candidate merges come from Python's union-find (temp table clustered_keys); a key in no merge is a
-- paper of its own, its own anchor. hood: see build/distinct_records.sql; content_hood, the key's own
-- block, only where that is not its hood (a block edited pairs joined to another, a bare card's).
CREATE OR REPLACE TEMP TABLE paper_key_rows AS
SELECT r.record_key, 'p' || left(sha1(coalesce(c.anchor, r.record_key)), 15) AS paper_id,
       coalesce(c.rule, 'anchor') AS rule, coalesce(c.evidence, '') AS evidence, r.hood,
       nullif(r.content_hood, r.hood) AS content_hood, r.title_group
FROM record_rows AS r
LEFT JOIN clustered_keys AS c USING (record_key);
