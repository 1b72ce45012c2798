-- Bring a table that the scoped build recomputes whole (the manifest) up to date
-- in the published warehouse's copy (`wh`) by its primary key: rows that are gone or whose values
-- changed are deleted, new and changed rows inserted. After a one-page change nearly every row is
-- the same, and rewriting them all (with their key index) cost seconds per refresh at scale.
-- {table} and {key} come from pipeline/warehouse.py's REPLACED_BY_KEY, never from data.
-- The new and changed rows stay in temp table changed_{table}: the patched build's checks look at
-- those files (sql/checks/_scope_patched_rows.sql).
CREATE OR REPLACE TEMP TABLE "changed_{table}" AS
SELECT * FROM "{table}"
EXCEPT
SELECT * FROM wh."{table}";

DELETE FROM wh."{table}" AS old
WHERE "{key}" IN (SELECT "{key}" FROM "changed_{table}")
    OR NOT EXISTS (SELECT 1 FROM "{table}" AS new WHERE new."{key}" = old."{key}");

INSERT INTO wh."{table}" BY NAME SELECT * FROM "changed_{table}";
