-- One row per distinct paper. The displayed title/abstract come from the most complete sighting
-- (longest abstract, then most recent listing, then first by file and position) so the choice is
-- deterministic whatever order pages arrived in.
SELECT
    k.paper_id,
    first(s.title ORDER BY length(s.abstract) DESC, s.listing_date DESC NULLS LAST,
          s.source_file, s.position) AS title,
    first(s.abstract ORDER BY length(s.abstract) DESC, s.listing_date DESC NULLS LAST,
          s.source_file, s.position) AS abstract,
    min(s.arxiv_id) AS arxiv_id,
    min(s.published_date) AS published_date,
    max(s.n_authors) AS n_authors,
    max(s.upvotes) AS max_upvotes,
    min(s.listing_date) AS first_listed,
    max(s.listing_date) AS last_listed,
    min(s.captured_at) AS first_captured,
    count(*) AS n_sightings,
    count(DISTINCT s.source_file) AS n_source_files,
    count(DISTINCT s.title_key) AS n_title_variants,
    first(s.source_file ORDER BY s.listing_date NULLS LAST, s.source_file, s.position)
        AS first_source_file
FROM stage_sightings AS s
JOIN read_parquet(getvariable('paper_keys_path')) AS k USING (record_key)
GROUP BY k.paper_id
ORDER BY k.paper_id;
