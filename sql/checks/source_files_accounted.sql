-- Failing rows: files whose n_records disagrees with their sightings (nothing silently dropped).
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT f.source_file, f.n_records, count(s.position) AS n_sightings
FROM source_files AS f
LEFT JOIN (SELECT source_file, position FROM sightings WHERE checked_file(source_file)) AS s USING (source_file)
WHERE checked_file(f.source_file)
GROUP BY f.source_file, f.n_records
HAVING f.n_records <> count(s.position);
