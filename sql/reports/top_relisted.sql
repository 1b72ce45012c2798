-- The papers listed most often (more than once), for the re-listed papers chart; $1 = how many.
SELECT title, topic, n_sightings, n_source_files, first_listed, last_listed
FROM papers
WHERE n_sightings > 1
ORDER BY n_sightings DESC, n_source_files DESC, title
LIMIT $1;
