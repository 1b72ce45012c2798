-- Failing rows: raw files listed more than once, or without a name or status.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT source_file, count(*) AS n
FROM source_files
WHERE checked_file(source_file)
GROUP BY source_file
HAVING count(*) > 1 OR source_file IS NULL OR bool_or(status IS NULL);
