-- One row per raw file seen, including files that held nothing usable (status says why).
CREATE TABLE source_files AS
SELECT
    source_file, sha256, size_bytes, mtime, layout, encoding, status, n_records, n_rejects,
    error, warnings, duplicate_of, captured_at, capture_source, page_date_text, listing_date,
    date_source, exported, parser_version, change
FROM read_parquet(getvariable('source_files_path'))
ORDER BY source_file;
