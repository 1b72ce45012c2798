-- Rows of one table or view of the build, named with its {name} (from catalog_objects.sql, never
-- from data); pipeline/catalog.py joins one such SELECT per object with UNION ALL, so the whole
-- catalog is counted in one query.
SELECT '{name}' AS name, count(*) AS n FROM "{name}"
