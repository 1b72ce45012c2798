-- The tables the scoped build created in memory, with the columns that decide how each is merged.
SELECT
    t.table_name,
    list(c.column_name ORDER BY c.column_index) AS columns
FROM duckdb_tables() AS t
JOIN duckdb_columns() AS c USING (database_name, schema_name, table_name)
WHERE t.database_name = 'memory' AND NOT t.temporary
GROUP BY t.table_name
ORDER BY t.table_name;
