-- Inside the warehouse copy, after the merge: files whose manifest row changed in its
-- modification time only (delta/010_scope.sql, scope_file_times) get their new time; nothing else
-- of theirs changed, so their sightings were not staged again.
UPDATE source_files AS f
SET mtime = n.mtime, change = n.change
FROM read_parquet(getvariable('source_files_path')) AS n
WHERE f.source_file = n.source_file
  AND f.source_file IN (SELECT source_file FROM temp.scope_file_times);
