-- Text from a page that did not form a record, with the line to look at and the reason.
CREATE TABLE rejects AS
SELECT f.source_file, r.line_number, r.reason, r.text
FROM read_parquet(getvariable('reject_files'), filename = true) AS r
JOIN source_files AS f
  ON f.status IN ('ok', 'no_records', 'document', 'suspect')
 AND f.sha256 = regexp_extract(r.filename, '([0-9a-f]{64})\.parquet$', 1)
ORDER BY f.source_file, r.line_number;
