-- Merge the scoped build's aliases into the copy of the published warehouse (`wh`) by record key:
-- the rows of changed, new and gone keys (scope_record_key, delta/010_scope.sql) are
-- replaced; the scoped table's other rows (keys of the touched files' sightings) are the copy's
-- already. The new and changed rows stay in changed_paper_aliases: delta/090_fix_up.sql moves
-- sightings by them and the patched build's checks look at their papers.
CREATE OR REPLACE TEMP TABLE changed_paper_aliases AS
SELECT * FROM paper_aliases SEMI JOIN scope_record_key USING (record_key);

DELETE FROM wh.paper_aliases WHERE record_key IN (SELECT record_key FROM scope_record_key);

INSERT INTO wh.paper_aliases BY NAME SELECT * FROM changed_paper_aliases;
