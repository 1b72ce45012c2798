-- Rule-based topic classifier over topic_terms (060_topics.sql).
-- score(topic) = sum over matched terms of weight * (3 if in title) + weight * (1 if in abstract).
-- Primary topic = highest score (ties: lower topics.priority); topics = primary plus up to two more
-- scoring at least half the primary's score; no matched term at all = 'other'.
CREATE TEMP TABLE paper_text AS
SELECT
    paper_id,
    ' ' || trim(regexp_replace(lower(strip_accents(coalesce(title, ''))), '[^a-z0-9]+', ' ', 'g')) || ' ' AS t,
    ' ' || trim(regexp_replace(lower(strip_accents(coalesce(abstract, ''))), '[^a-z0-9]+', ' ', 'g')) || ' ' AS a
FROM papers_base;

CREATE TEMP TABLE term_patterns AS
SELECT
    topic,
    term,
    weight,
    ' ' || trim(regexp_replace(lower(rtrim(term, '*')), '[^a-z0-9]+', ' ', 'g'))
        || CASE WHEN term LIKE '%*' THEN '' ELSE ' ' END AS pattern
FROM topic_terms;

CREATE TABLE paper_topic_scores AS
SELECT
    p.paper_id,
    m.topic,
    round(sum(m.weight * (3 * contains(p.t, m.pattern)::INTEGER + contains(p.a, m.pattern)::INTEGER)), 3) AS score,
    list(DISTINCT m.term ORDER BY m.term) AS matched_terms
FROM paper_text AS p
JOIN term_patterns AS m ON contains(p.t, m.pattern) OR contains(p.a, m.pattern)
GROUP BY p.paper_id, m.topic;

CREATE TEMP TABLE paper_topic_ranked AS
SELECT
    s.*,
    row_number() OVER (PARTITION BY s.paper_id ORDER BY s.score DESC, t.priority, s.topic) AS rank,
    max(s.score) OVER (PARTITION BY s.paper_id) AS top_score
FROM paper_topic_scores AS s
JOIN topics AS t USING (topic);

CREATE TEMP TABLE paper_topic_choice AS
SELECT
    paper_id,
    first(topic ORDER BY rank) AS topic,
    list(topic ORDER BY rank) FILTER (WHERE rank <= 3 AND score >= 0.5 * top_score) AS topics,
    first(score ORDER BY rank) AS topic_score,
    string_agg(topic || ': ' || array_to_string(matched_terms, ', '), '; ' ORDER BY rank)
        FILTER (WHERE rank <= 3) AS topic_evidence
FROM paper_topic_ranked
GROUP BY paper_id;

CREATE TABLE papers AS
SELECT
    b.*,
    coalesce(c.topic, 'other') AS topic,
    coalesce(c.topics, ['other']) AS topics,
    coalesce(c.topic_score, 0) AS topic_score,
    coalesce(c.topic_evidence, 'no topic term matched') AS topic_evidence,
    year(b.first_listed) AS first_listed_year,
    date_trunc('month', b.first_listed)::DATE AS first_listed_month,
    date_trunc('week', b.first_listed)::DATE AS first_listed_week
FROM papers_base AS b
LEFT JOIN paper_topic_choice AS c USING (paper_id)
ORDER BY b.paper_id;
