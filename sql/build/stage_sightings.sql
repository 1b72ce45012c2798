-- Every current sighting: the records of each canonical ('ok') raw file, with the file's dates.
-- Inputs (DuckDB variables set by pipeline/sql.py): sighting_files (list of shard paths, always
-- including an empty schema file), source_files_path, and optionally scope_files (only these
-- source files: an incremental warehouse build).
-- A view, not a table: each query reads only the Parquet columns it needs (identity reads the keys,
-- papers the display columns), which is faster than materialising every column once.
CREATE OR REPLACE TEMP VIEW stage_sightings AS
SELECT
    f.source_file,
    s.position,
    s.line_number,
    s.abstract_line,
    s.raw_title,
    s.raw_abstract,
    s.title,
    s.abstract,
    s.title_key,
    s.abstract_key,
    s.record_key,
    s.arxiv_id,
    s.n_authors,
    -- A yearless card date ("May 29") the parser could not place (no arXiv id, no capture date in
    -- the page) takes its year from the file's capture date, as the listing day does: the latest
    -- such day on or before the day after capture.
    coalesce(s.published_date, (
        WITH d AS (SELECT try_strptime(
            replace(s.published_date_text, '.', '') || ' ' || year(f.captured_at)::VARCHAR,
            ['%b %d %Y', '%B %d %Y'])::DATE AS this_year)
        SELECT CASE WHEN this_year > f.captured_at + 1 THEN (this_year - INTERVAL 1 YEAR)::DATE
                    ELSE this_year END
        FROM d
    )) AS published_date,
    s.published_date_text,
    s.upvotes,
    s.n_comments,
    s.submitted_by,
    s.code_links,
    s.header_glued,
    f.sha256,
    f.layout,
    f.listing_date,
    f.captured_at,
    f.date_source
FROM read_parquet(getvariable('sighting_files'), filename = true) AS s
JOIN read_parquet(getvariable('source_files_path')) AS f
  ON f.status = 'ok'
 AND f.sha256 = regexp_extract(s.filename, '([0-9a-f]{64})\.parquet$', 1)
WHERE getvariable('scope_files') IS NULL OR list_contains(getvariable('scope_files'), f.source_file);
