-- One row per raw file seen, including files that held nothing usable (status says why).
CREATE TABLE source_files AS
SELECT
    source_file, sha256, size_bytes, mtime, layout, encoding,
    -- a file whose new content looks broken is suspect, even while its previous content is published
    CASE WHEN quarantined_sha256 IS NOT NULL THEN 'suspect' ELSE status END AS status,
    n_records, n_rejects, error, warnings, quarantined_sha256, duplicate_of, captured_at, capture_source, page_date_text, listing_date,
    date_source, exported, page_kind, search_query, page_url, parser_version, change
FROM read_parquet(getvariable('source_files_path'))
ORDER BY source_file;
