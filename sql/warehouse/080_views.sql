-- Analysts' views. Every view reads the tables above; none is materialised.
CREATE VIEW paper_listings AS
SELECT s.listing_date, s.listing_week_start, s.source_file, s.position, p.paper_id, p.title, p.topic,
       p.arxiv_id, p.n_sightings
FROM sightings AS s
JOIN papers AS p USING (paper_id);

CREATE VIEW papers_per_topic_month AS
SELECT topic, first_listed_month AS month, count(*) AS n_papers
FROM papers
WHERE first_listed_month IS NOT NULL  -- papers seen only on undated pages have no month
GROUP BY ALL
ORDER BY month, n_papers DESC, topic;

CREATE VIEW topic_summary AS
SELECT t.topic, t.description,
       count(p.paper_id) AS n_papers_primary,
       (SELECT count(*) FROM papers AS q WHERE list_contains(q.topics, t.topic)) AS n_papers_any
FROM topics AS t
LEFT JOIN papers AS p ON p.topic = t.topic
GROUP BY t.topic, t.description, t.priority
ORDER BY n_papers_primary DESC, t.priority;

CREATE VIEW most_relisted_papers AS
SELECT paper_id, title, topic, n_sightings, n_source_files, first_listed, last_listed
FROM papers
WHERE n_sightings > 1
ORDER BY n_sightings DESC, n_source_files DESC, paper_id;

CREATE VIEW file_health AS
SELECT status, count(*) AS n_files, sum(n_records)::BIGINT AS n_records, sum(n_rejects)::BIGINT AS n_rejects,
       sum(size_bytes)::BIGINT AS size_bytes
FROM source_files
GROUP BY status
ORDER BY n_files DESC;

CREATE VIEW papers_with_code AS
SELECT p.paper_id, p.title, p.topic, p.first_listed, p.n_sightings,
       count(*) FILTER (WHERE l.kind = 'code') AS n_code_links,
       list(l.url ORDER BY l.url) FILTER (WHERE l.kind = 'code') AS code_urls,
       list(l.url ORDER BY l.url) FILTER (WHERE l.kind <> 'code') AS other_urls
FROM papers AS p
JOIN paper_links AS l USING (paper_id)
GROUP BY ALL
HAVING count(*) FILTER (WHERE l.kind = 'code') > 0
ORDER BY p.n_sightings DESC, p.first_listed DESC NULLS LAST, p.paper_id;
