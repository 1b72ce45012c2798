-- What identity resolution held and the papers do not need: the distinct records (their texts are
-- ~1.2 GB at 20,000 pages) and the candidate pairs, dropped before the papers are built, so that
-- built_papers has the memory to itself (at 20,000 pages it spilled to disk beside them: the papers
-- write took 18.9 s with them, 16.7 s without).
DROP TABLE IF EXISTS record_rows;
DROP TABLE IF EXISTS identity_candidates;
DROP TABLE IF EXISTS edited_pairs;
DROP TABLE IF EXISTS joined_blocks;
