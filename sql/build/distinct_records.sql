-- One row per record_key with what identity resolution needs (build/identity_edges.sql reads it).
CREATE OR REPLACE TEMP TABLE record_rows AS
SELECT
    record_key,
    any_value(arxiv_id) AS arxiv_id,
    min(title_key) AS title_key,
    min(abstract_key) AS abstract_key
FROM stage_sightings
GROUP BY record_key;
