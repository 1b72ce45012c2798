-- parquet/_identity/key_shards.parquet: which shards carry each record key (delta_keys.sql).
SELECT record_key, sha256 FROM key_shards ORDER BY sha256, record_key;
