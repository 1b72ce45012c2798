-- Incremental papers build, step 4: what the previous build's outputs keep. Every key of an affected
-- hood was re-resolved (paper_key_rows); a paper is rebuilt when any of its keys, before or after,
-- is in an affected hood - its other keys are then in that hood too (a paper never spans two).
CREATE OR REPLACE TEMP TABLE affected_papers AS
SELECT paper_id FROM previous_keys SEMI JOIN affected_hoods USING (hood)
UNION
SELECT paper_id FROM paper_key_rows;

CREATE OR REPLACE TEMP VIEW kept_paper_keys AS
SELECT * FROM previous_keys ANTI JOIN affected_hoods USING (hood);

CREATE OR REPLACE TEMP VIEW kept_papers AS
SELECT * FROM read_parquet(getvariable('previous_papers_path')) ANTI JOIN affected_papers USING (paper_id);
