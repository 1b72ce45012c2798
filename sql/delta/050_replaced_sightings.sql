-- Before the merge: the papers of the sightings the patch replaces (those of the touched files).
-- The patched build's checks look at these papers too (sql/checks/_scope_patched_rows.sql): a paper
-- that lost sightings the merge should not have dropped is then seen without them.
CREATE OR REPLACE TEMP TABLE replaced_sighting_papers AS
SELECT DISTINCT paper_id FROM wh.sightings SEMI JOIN scope_source_file USING (source_file);
