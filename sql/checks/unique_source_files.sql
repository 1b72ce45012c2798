-- Failing rows: raw files listed more than once, or without a name or status.
SELECT source_file, count(*) AS n
FROM source_files
WHERE checked_file(source_file)
GROUP BY source_file
HAVING count(*) > 1 OR source_file IS NULL OR bool_or(status IS NULL);
