-- An incremental papers build resolves identity over the sightings of the keys in scope_keys only
-- (stage_sightings then reads just the shards those keys appear in). Materialised, with just the
-- columns build/distinct_records.sql and build/papers.sql use: both read these few sightings, and
-- a view would read every shard twice.
CREATE OR REPLACE TEMP TABLE identity_sightings AS
SELECT
    record_key, sha256, arxiv_id, title_key, abstract_key, title, abstract, abstract_length, source_file,
    position, listing_date, captured_at, published_date, n_authors, upvotes, n_comments, submitted_by
FROM stage_sightings
SEMI JOIN scope_keys USING (record_key);
