-- Every column of the build's tables and views, in order, with its type, COMMENT ON text and keys
-- (the Dagster column schema of each table asset comes from here, never from a hand-kept list).
SELECT c.table_name AS name, c.column_name AS column, c.data_type AS type, c.comment,
       c.is_nullable AS nullable,
       coalesce(k.is_key, false) AS is_key
FROM duckdb_columns() AS c
LEFT JOIN (
    SELECT table_name, unnest(constraint_column_names) AS column_name, true AS is_key
    FROM duckdb_constraints()
    WHERE database_name = current_database() AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')
) AS k USING (table_name, column_name)
WHERE c.database_name = current_database() AND c.schema_name = 'main' AND NOT c.internal
ORDER BY c.table_name, c.column_index;
