-- A full papers build resolves identity over every current sighting.
CREATE OR REPLACE TEMP VIEW identity_sightings AS SELECT * FROM stage_sightings;
