-- The tables and views of a warehouse build (main schema) with their COMMENT ON text: what the
-- Dagster catalog shows for each table asset.
SELECT table_name AS name, 'table' AS kind, comment
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
UNION ALL
SELECT view_name, 'view', comment
FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND NOT internal
ORDER BY name;
