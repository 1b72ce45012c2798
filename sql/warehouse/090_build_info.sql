-- When and from what this warehouse was built (values set by pipeline/warehouse.py).
CREATE TABLE build_info AS
SELECT
    getvariable('built_at')::TIMESTAMPTZ AS built_at,
    getvariable('input_fingerprint')::VARCHAR AS input_fingerprint,
    getvariable('paperlake_version')::VARCHAR AS paperlake_version,
    (SELECT count(*) FROM source_files) AS n_source_files,
    (SELECT count(*) FROM sightings) AS n_sightings,
    (SELECT count(*) FROM papers) AS n_papers,
    (SELECT count(*) FROM rejects) AS n_rejects;
