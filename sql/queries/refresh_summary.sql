-- What `paperlake refresh` prints after a run: files by status and the size of the main tables.
SELECT
    (SELECT list({'status': status, 'files': n} ORDER BY n DESC, status)
     FROM (SELECT status, count(*) AS n FROM source_files GROUP BY status)) AS files,
    (SELECT count(*) FROM sightings) AS sightings,
    (SELECT count(*) FROM papers) AS papers,
    (SELECT count(*) FROM rejects) AS rejects;
