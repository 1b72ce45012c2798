-- Not a check: what the checks look at in a patched build (pipeline/warehouse.py, incremental),
-- run inside the patched copy after the merge. The copy's other rows are the previous build's, which
-- passed every check, and a patch writes rows of the scope's keys only (delta/merge_table.sql), so
-- a check need only look at:
--   files: touched, dated anew (delta/010_scope.sql) or with a changed row (changed_source_files);
--   papers: changed, new or gone (scope_paper_id), given a record key (changed_paper_aliases, which
--   delta/090_fix_up.sql also moved sightings by), seen in a checked file now or before the merge
--   (replaced_sighting_papers, delta/050_replaced_sightings.sql).
-- Each check keeps the rows of these keys and tests them against the whole tables they refer to.
-- A NULL key is always looked at: it is what a broken row would carry.
CREATE OR REPLACE TEMP TABLE checked_files AS
SELECT source_file FROM temp.scope_source_file
UNION
SELECT source_file FROM temp.scope_file_times
UNION
SELECT source_file FROM temp.changed_source_files;

CREATE OR REPLACE TEMP TABLE checked_papers AS
SELECT paper_id FROM temp.scope_paper_id
UNION
SELECT paper_id FROM temp.changed_paper_aliases
UNION
SELECT paper_id FROM temp.replaced_sighting_papers
UNION
SELECT paper_id FROM sightings SEMI JOIN temp.checked_files USING (source_file);

-- (A parameter named like the column would replace the column inside the subquery too.)
CREATE OR REPLACE TEMP MACRO checked_file(file_name) AS
    file_name IS NULL OR file_name IN (SELECT source_file FROM temp.checked_files);
CREATE OR REPLACE TEMP MACRO checked_paper(id) AS
    id IS NULL OR id IN (SELECT paper_id FROM temp.checked_papers);
