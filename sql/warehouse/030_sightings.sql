-- One row per sighting of a paper on a page (stage_sightings is created by build/stage_sightings.sql).
-- No ORDER BY: rows of a table have no order an analyst can rely on (an incremental build appends
-- the changed ones), and sorting these wide rows cost about a quarter of this statement.
CREATE TABLE sightings AS
SELECT
    s.source_file,
    s.line_number,
    s.position,
    a.paper_id,
    s.raw_title,
    s.title,
    s.raw_abstract,
    s.abstract_line,
    s.layout,
    s.listing_date,
    s.date_source,
    s.captured_at,
    year(s.listing_date) AS listing_year,
    month(s.listing_date) AS listing_month,
    date_trunc('month', s.listing_date)::DATE AS listing_month_start,
    isoyear(s.listing_date) AS listing_iso_year,
    weekofyear(s.listing_date) AS listing_iso_week,
    date_trunc('week', s.listing_date)::DATE AS listing_week_start,
    s.arxiv_id,
    s.n_authors,
    s.published_date,
    s.published_date_text,
    s.upvotes,
    s.n_comments,
    s.submitted_by,
    s.code_links,
    s.header_glued,
    s.record_key
FROM stage_sightings AS s
JOIN paper_aliases AS a USING (record_key);
