-- Rule-based topic classifier over topic_terms (060_topics.sql).
-- score(topic) = sum over matched terms of weight * (3 if in title) + weight * (1 if in abstract).
-- Primary topic = highest score (ties: lower topics.priority). topics = primary plus up to two more
-- that score at least secondary_share of the primary's score and at least secondary_min (topic_rule
-- below). No matched term, or a best score below other_below, = 'other' (too little evidence).
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

-- The topic-set rule, in one place: a secondary topic must score at least SECONDARY_SHARE of the
-- primary's score and at least SECONDARY_MIN; a paper whose best score is below OTHER_BELOW has too
-- little evidence for any topic and goes to 'other'.
CREATE TEMP TABLE topic_rule AS
SELECT 0.4 AS secondary_share, 3.0 AS secondary_min, 2.0 AS other_below;

CREATE TEMP TABLE paper_topic_choice AS
SELECT
    paper_id,
    any_value(top_score) >= any_value(r.other_below) AS confident,
    first(topic ORDER BY rank) AS topic,
    list(topic ORDER BY rank) FILTER (
        WHERE rank = 1 OR (rank <= 3 AND score >= r.secondary_share * top_score AND score >= r.secondary_min)
    ) AS topics,
    first(score ORDER BY rank) AS topic_score,
    coalesce(first(score) FILTER (WHERE topic = 'other'), 0) AS other_score,
    string_agg(topic || ': ' || array_to_string(matched_terms, ', '), '; ' ORDER BY rank)
        FILTER (WHERE rank <= 3) AS topic_evidence
FROM paper_topic_ranked, topic_rule AS r
GROUP BY paper_id;

CREATE TABLE papers AS
SELECT
    b.*,
    CASE WHEN c.confident THEN c.topic ELSE 'other' END AS topic,
    CASE WHEN c.confident THEN c.topics ELSE ['other'] END AS topics,
    CASE WHEN c.confident THEN c.topic_score ELSE coalesce(c.other_score, 0) END AS topic_score,
    CASE
        WHEN c.paper_id IS NULL THEN 'no topic term matched'
        WHEN c.confident THEN c.topic_evidence
        ELSE 'weak evidence, so other; ' || c.topic_evidence
    END AS topic_evidence,
    year(b.first_listed) AS first_listed_year,
    date_trunc('month', b.first_listed)::DATE AS first_listed_month,
    date_trunc('week', b.first_listed)::DATE AS first_listed_week
FROM papers_base AS b
LEFT JOIN paper_topic_choice AS c USING (paper_id)
ORDER BY b.paper_id;
