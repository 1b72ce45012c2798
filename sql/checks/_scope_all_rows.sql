-- Not a check: what the checks look at in a full build, every row. Each check filters its rows with
-- checked_file(source_file) / checked_paper(paper_id); sql/checks/_scope_patched_rows.sql narrows
-- them to what a patch wrote.
CREATE OR REPLACE TEMP MACRO checked_file(file_name) AS true;
CREATE OR REPLACE TEMP MACRO checked_paper(id) AS true;
