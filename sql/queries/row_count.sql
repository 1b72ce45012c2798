-- Rows of one table or view of the build; {name} comes from catalog_objects.sql, never from data.
SELECT count(*) AS n FROM "{name}";
