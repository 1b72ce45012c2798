-- The topics preview the warehouse asset shows in the Dagster UI.
SELECT topic, n_papers_primary, n_papers_any FROM topic_summary;
