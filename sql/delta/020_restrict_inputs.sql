-- Narrow the staged sightings to the touched files, so the warehouse SQL runs on changed rows only.
DELETE FROM stage_sightings WHERE source_file NOT IN (SELECT source_file FROM scope_source_file);
