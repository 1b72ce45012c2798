-- One row per sighting of a paper on a page (stage_sightings is created by build/stage_sightings.sql).
-- No ORDER BY: rows of a table have no order an analyst can rely on (an incremental build appends
-- the changed ones), and sorting these wide rows cost about a quarter of this statement.
--
-- The table is declared before it is filled so that its three long texts (every sighting's title
-- and abstract, ~2 KB a row) are stored with ZSTD. DuckDB's default for them (DICT_FSST, chosen
-- after trying each method on every segment) took twice as long to write and four times the space
-- (2,000 variant pages: 2.9 vs 1.5 s, 141 vs 30 MiB; the whole warehouse at 20,000 pages: 94.6 vs
-- 81.5 s, 2.4 vs 1.4 GB). Reading them costs more: an ILIKE over every raw_abstract 1.9 instead
-- of 1.55 s at 20,000 pages. The short columns keep DuckDB's choice (dictionaries filter and group
-- faster), and so does papers, the table analysts read texts from.
CREATE TABLE sightings (
    source_file VARCHAR,
    line_number INTEGER,
    position INTEGER,
    paper_id VARCHAR,
    raw_title VARCHAR USING COMPRESSION zstd,
    title VARCHAR USING COMPRESSION zstd,
    raw_abstract VARCHAR USING COMPRESSION zstd,
    abstract_line INTEGER,
    layout VARCHAR,
    listing_date DATE,
    date_source VARCHAR,
    captured_at DATE,
    listing_year BIGINT,
    listing_month BIGINT,
    listing_month_start DATE,
    listing_iso_year BIGINT,
    listing_iso_week BIGINT,
    listing_week_start DATE,
    arxiv_id VARCHAR,
    n_authors INTEGER,
    published_date DATE,
    published_date_text VARCHAR,
    upvotes INTEGER,
    n_comments INTEGER,
    submitted_by VARCHAR,
    code_links VARCHAR[],
    header_glued BOOLEAN,
    record_key VARCHAR
);

INSERT INTO sightings BY NAME
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
