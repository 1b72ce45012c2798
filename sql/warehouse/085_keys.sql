-- Keys the analysts can rely on, declared so that DuckDB enforces them: a build that breaks one fails
-- here and is never published (the previous warehouse stays). Declared after the data is in: one
-- index build per table instead of index upkeep on every batch insert. sightings and rejects carry
-- NOT NULL only: an index over every sighting would cost memory for a key that
-- sql/checks/unique_sighting_keys.sql checks in one scan.
ALTER TABLE source_files ADD PRIMARY KEY (source_file);
ALTER TABLE source_files ALTER COLUMN status SET NOT NULL;
ALTER TABLE papers ADD PRIMARY KEY (paper_id);
ALTER TABLE papers ALTER COLUMN topic SET NOT NULL;
ALTER TABLE paper_aliases ADD PRIMARY KEY (record_key);
ALTER TABLE paper_aliases ALTER COLUMN paper_id SET NOT NULL;
ALTER TABLE paper_topic_scores ADD PRIMARY KEY (paper_id, topic);
ALTER TABLE paper_links ADD PRIMARY KEY (paper_id, url);
ALTER TABLE sightings ALTER COLUMN source_file SET NOT NULL;
ALTER TABLE sightings ALTER COLUMN position SET NOT NULL;
ALTER TABLE sightings ALTER COLUMN paper_id SET NOT NULL;
ALTER TABLE rejects ALTER COLUMN source_file SET NOT NULL;
ALTER TABLE rejects ALTER COLUMN line_number SET NOT NULL;
