-- Failing rows: papers whose primary topic or any of whose topics is not in the taxonomy (topics).
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT p.paper_id, p.topic, p.topics
FROM papers AS p
WHERE checked_paper(p.paper_id)
  AND (p.topic IS NULL
       OR p.topic NOT IN (SELECT topic FROM topics)
       OR NOT list_has_all((SELECT list(topic) FROM topics), p.topics)
       OR p.topics[1] <> p.topic);
