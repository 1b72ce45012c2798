-- Merge one table of the scoped build (in memory) into the copy of the published warehouse (`wh`).
-- {table} and {key} come from pipeline/warehouse.py's DELTA_KEYS, never from data: rows of the
-- scope's keys are replaced; rows of other keys are kept as they were.
DELETE FROM wh."{table}" WHERE "{key}" IN (SELECT "{key}" FROM scope_{key});
INSERT INTO wh."{table}" BY NAME SELECT * FROM "{table}" WHERE "{key}" IN (SELECT "{key}" FROM scope_{key});
