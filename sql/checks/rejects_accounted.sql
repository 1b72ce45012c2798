-- Failing rows: files whose n_rejects disagrees with their rows in rejects, and rejects of no file.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT f.source_file, f.n_rejects, count(r.line_number) AS n_rows
FROM source_files AS f
LEFT JOIN (SELECT source_file, line_number FROM rejects WHERE checked_file(source_file)) AS r USING (source_file)
WHERE checked_file(f.source_file)
GROUP BY f.source_file, f.n_rejects
HAVING f.n_rejects <> count(r.line_number)
UNION ALL
SELECT r.source_file, NULL, count(*)
FROM (SELECT source_file FROM rejects WHERE checked_file(source_file)) AS r
ANTI JOIN source_files AS f USING (source_file)
GROUP BY r.source_file;
