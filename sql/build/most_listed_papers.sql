-- The papers seen most often (ties by id), for the papers asset's preview in the UI. A top-N over
-- papers.parquet reads its narrow columns and ten titles, not every title.
SELECT paper_id, title, n_sightings, first_listed
FROM read_parquet(getvariable('papers_path'))
ORDER BY n_sightings DESC, paper_id
LIMIT 10;
