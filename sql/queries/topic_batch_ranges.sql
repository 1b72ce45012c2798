-- The paper-id ranges topic scoring runs on, one per batch (warehouse/055_topic_batches.sql).
SELECT first_paper_id, last_paper_id FROM topic_batches ORDER BY batch;
