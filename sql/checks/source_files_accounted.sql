-- Failing rows: files whose n_records disagrees with their sightings (nothing silently dropped).
SELECT f.source_file, f.n_records, count(s.position) AS n_sightings
FROM source_files AS f
LEFT JOIN (SELECT source_file, position FROM sightings WHERE checked_file(source_file)) AS s USING (source_file)
WHERE checked_file(f.source_file)
GROUP BY f.source_file, f.n_records
HAVING f.n_records <> count(s.position);
