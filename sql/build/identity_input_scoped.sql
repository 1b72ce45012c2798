-- An incremental papers build resolves identity over the sightings of the keys in scope_keys only
-- (stage_sightings then reads just the shards those keys appear in).
CREATE OR REPLACE TEMP VIEW identity_sightings AS
SELECT * FROM stage_sightings SEMI JOIN scope_keys USING (record_key);
