-- One row per distinct paper: temp view built_papers over identity_sightings and paper_key_rows.
-- The displayed title/abstract come from the most complete sighting (longest abstract, then a title
-- in its own case over one in capitals, then most recent listing, then first by file and position), so the choice is deterministic whatever order
-- pages arrived in, and a paper's row depends on its own sightings only (an incremental build
-- recomputes just the papers a change touched).
-- Publication date: the day a rich page states (published_date_source 'page'); else the month an
-- arXiv id encodes ('2410.05258' -> 2024-10, 'hep-th/9901001' -> 1999-01; 'arxiv_id'); else none.
CREATE OR REPLACE TEMP VIEW built_papers AS
WITH per_paper AS (
SELECT
    k.paper_id,
    -- The sighting whose title and abstract are shown: the first in the order above, as arg_min over
    -- a rank key (struct fields compare in turn). Only its file and position are kept here; with_text
    -- joins its texts back. Carrying both texts through the aggregate (arg_min of the texts) held
    -- ~500,000 of them in the hash table at 20,000 pages and spilled: 24.9 s for this view there,
    -- 13-14 s with the join back (a second, streaming scan of the sightings), the same at 2,000.
    arg_min(
        {'source_file': s.source_file, 'position': s.position},
        {
            'longest_abstract': coalesce(-s.abstract_length, 1),
            -- html-to-text writes headings, so titles, in capitals: another page's case is better
            'title_in_capitals': s.title_in_capitals,
            'latest_listing': coalesce(-epoch(s.listing_date), 1e18),
            'source_file': s.source_file,
            'position': s.position
        }
    ) AS shown,
    min(s.arxiv_id) AS arxiv_id,
    min(s.published_date) AS published_date,
    max(s.n_authors) AS n_authors,
    max(s.upvotes) AS max_upvotes,
    max(s.n_comments) AS n_comments,
    arg_min(
        s.submitted_by,
        {'latest_listing': coalesce(-epoch(s.listing_date), 1e18), 'source_file': s.source_file, 'position': s.position}
    ) FILTER (WHERE s.submitted_by IS NOT NULL) AS submitted_by,
    min(s.listing_date) AS first_listed,
    max(s.listing_date) AS last_listed,
    min(s.captured_at) AS first_captured,
    count(*) AS n_sightings,
    count(DISTINCT s.source_file) AS n_source_files,
    count(DISTINCT s.title_key) AS n_title_variants,
    arg_min(
        s.source_file,
        {'first_listing': coalesce(epoch(s.listing_date), 1e18), 'source_file': s.source_file, 'position': s.position}
    ) AS first_source_file
FROM (
    -- The abstract's length (stored by the ingest), not the abstract: the two distinct counts make
    -- DuckDB materialise this input once for three aggregates, and only its narrow columns need to
    -- be in it (with the abstracts in it, 776 MB spilled at 20,000 pages; now 11 MB). Reading the
    -- abstracts only to measure them was a scan of every abstract (~1.1 GB at 20,000 pages).
    SELECT
        * EXCLUDE (title, abstract),
        title = upper(title) AND title <> lower(title) AS title_in_capitals
    FROM identity_sightings
) AS s
JOIN paper_key_rows AS k USING (record_key)
GROUP BY k.paper_id
),
with_text AS (
    SELECT p.paper_id, s.title, s.abstract, p.* EXCLUDE (paper_id, shown)
    FROM per_paper AS p
    JOIN identity_sightings AS s
      ON s.source_file = p.shown.source_file AND s.position = p.shown.position
),
with_month AS (
    SELECT
        *,
        CASE
            WHEN regexp_full_match(arxiv_id, '\d{4}\.\d{4,5}') THEN 2000 + substr(arxiv_id, 1, 2)::INTEGER
            WHEN regexp_matches(arxiv_id, '/\d{7}$') THEN
                CASE WHEN substr(arxiv_id, -7, 2)::INTEGER >= 91 THEN 1900 ELSE 2000 END
                + substr(arxiv_id, -7, 2)::INTEGER
        END AS arxiv_year,
        CASE
            WHEN regexp_full_match(arxiv_id, '\d{4}\.\d{4,5}') THEN substr(arxiv_id, 3, 2)::INTEGER
            WHEN regexp_matches(arxiv_id, '/\d{7}$') THEN substr(arxiv_id, -5, 2)::INTEGER
        END AS arxiv_month
    FROM with_text
)
SELECT *, hash(*COLUMNS(*)) AS row_hash  -- change detection for the incremental warehouse (delta/010)
FROM (
SELECT
    * EXCLUDE (arxiv_year, arxiv_month),
    CASE
        WHEN published_date IS NOT NULL THEN date_trunc('month', published_date)::DATE
        WHEN arxiv_month BETWEEN 1 AND 12 THEN make_date(arxiv_year, arxiv_month, 1)
    END AS published_month,
    CASE
        WHEN published_date IS NOT NULL THEN 'page'
        WHEN arxiv_month BETWEEN 1 AND 12 THEN 'arxiv_id'
    END AS published_date_source
FROM with_month
);
