-- Audit trail of identity resolution: which record key joined which paper, by which rule.
CREATE TABLE paper_aliases AS
SELECT record_key, paper_id, rule, evidence
FROM read_parquet(getvariable('paper_keys_path'))
ORDER BY paper_id, record_key;
