-- Every current sighting: the records of each canonical ('ok') raw file, with the file's dates (a
-- record's own listing day, from a JSON export of several days, over the file's).
-- Inputs (DuckDB variables set by pipeline/sql.py): sighting_files (list of shard paths, always
-- including an empty schema file), source_files_path, and optionally scope_files (only these
-- source files: an incremental warehouse build).
-- A view, not a table: each query reads only the Parquet columns it needs (identity reads the keys,
-- papers the display columns), which is faster than materialising every column once.
-- A yearless card date ("May 29") the parser could not place (no arXiv id, no capture date in the
-- page) takes its year from the file's capture date, as the listing day does: the latest such day
-- on or before the day after capture. Macros, not a correlated subquery: DuckDB plans such a
-- subquery as a grouped join over every sighting (9 s of a 60 s statement at 20,000 pages).
CREATE OR REPLACE TEMP MACRO card_day_in_year(day_text, yr) AS
    try_strptime(replace(day_text, '.', '') || ' ' || yr::VARCHAR, ['%b %d %Y', '%B %d %Y'])::DATE;

CREATE OR REPLACE TEMP MACRO card_day_by_capture(day_text, captured) AS
    CASE
        WHEN card_day_in_year(day_text, year(captured)) > captured + 1
            THEN (card_day_in_year(day_text, year(captured)) - INTERVAL 1 YEAR)::DATE
        ELSE card_day_in_year(day_text, year(captured))
    END;

-- A record's own listing day (an export of several days), unless it lies after its file's capture
-- (one day of slack): a day that had not come yet is a scraper's error, and the file's day is used.
CREATE OR REPLACE TEMP MACRO own_listing_date(listed, captured) AS
    CASE WHEN listed <= captured + INTERVAL 1 DAY THEN listed END;

CREATE OR REPLACE TEMP VIEW stage_sightings AS
SELECT
    f.source_file,
    s.position,
    s.line_number,
    s.abstract_line,
    -- a shard keeps the text as read only where it differs from the display text
    coalesce(s.raw_title, s.title) AS raw_title,
    coalesce(s.raw_abstract, s.abstract) AS raw_abstract,
    s.title,
    s.abstract,
    s.abstract_length,
    s.title_key,
    s.abstract_key,
    s.record_key,
    s.arxiv_id,
    s.n_authors,
    coalesce(s.published_date, card_day_by_capture(s.published_date_text, f.captured_at)) AS published_date,
    s.published_date_text,
    s.upvotes,
    s.n_comments,
    s.submitted_by,
    s.code_links,
    s.header_glued,
    f.sha256,
    f.layout,
    coalesce(own_listing_date(s.listed_date, f.captured_at), f.listing_date) AS listing_date,
    f.captured_at,
    CASE WHEN own_listing_date(s.listed_date, f.captured_at) IS NOT NULL THEN 'record' ELSE f.date_source END
        AS date_source
FROM read_parquet(getvariable('sighting_files'), filename = true) AS s
JOIN read_parquet(getvariable('source_files_path')) AS f
  ON f.status = 'ok'
 AND f.sha256 = regexp_extract(s.filename, '([0-9a-f]{64})\.parquet$', 1)
WHERE getvariable('scope_files') IS NULL OR list_contains(getvariable('scope_files'), f.source_file);
