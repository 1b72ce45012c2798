-- A full papers build keeps nothing from the previous one: the outputs are exactly what it builds.
CREATE OR REPLACE TEMP VIEW kept_paper_keys AS SELECT * FROM paper_key_rows WHERE false;
CREATE OR REPLACE TEMP VIEW kept_papers AS SELECT * FROM built_papers WHERE false;
CREATE OR REPLACE TEMP VIEW key_shards AS SELECT record_key, sha256 FROM record_shard_rows;
