-- What the report was drawn from: the warehouse build and how much of it has a listing date.
SELECT
    (SELECT built_at FROM build_info) AS built_at,
    (SELECT input_fingerprint FROM build_info) AS input_fingerprint,
    (SELECT count(*) FROM papers) AS n_papers,
    (SELECT count(*) FROM sightings) AS n_sightings,
    (SELECT count(*) FROM sightings WHERE listing_week_start IS NULL) AS n_undated_sightings,
    (SELECT count(*) FROM papers WHERE n_sightings > 1) AS n_relisted_papers;
