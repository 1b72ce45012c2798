-- Distinct papers as built by the papers step; topics are added by 070_paper_topics.sql.
CREATE TEMP TABLE papers_base AS
SELECT * EXCLUDE (row_hash) FROM read_parquet(getvariable('papers_path'));
