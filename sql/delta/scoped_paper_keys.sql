-- The alias rows the scoped warehouse SQL runs on: those of the keys whose alias changed
-- (scope_record_key, delta/010_scope.sql) and of the touched files' sightings (030_sightings maps
-- those to their papers).
SELECT k.*
FROM read_parquet(getvariable('paper_keys_path')) AS k
WHERE k.record_key IN (SELECT record_key FROM scope_record_key)
   OR k.record_key IN (SELECT record_key FROM stage_sightings)
ORDER BY k.record_key;
