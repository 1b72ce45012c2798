-- Replace a whole small table (taxonomy, aliases, manifest) of the published warehouse's copy with
-- the scoped build's version. {table} comes from pipeline/warehouse.py, never from data.
DELETE FROM wh."{table}";
INSERT INTO wh."{table}" BY NAME SELECT * FROM "{table}";
