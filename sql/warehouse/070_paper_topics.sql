-- Topic classifier: the linear model of 061_topic_model.sql plus the phrase rules of 060_topics.sql,
-- over the tokens of 062_topic_tokens.sql and the rule matches of 064_topic_rule_hits.sql.
--   x(f)     = (1 + ln tf(f)) * idf(f), L2-normalised per paper (features in the model vocabulary)
--   s(topic) = bias + sum_f x(f) * weight(f, topic) + rule_weight * rule_score(topic)
--   p(topic) = softmax of s over the taxonomy
-- Primary topic = highest p (ties: lower topics.priority). topics = primary plus up to two more
-- with p >= secondary_share * p(primary) and p >= secondary_min_p. A paper with neither a model
-- feature nor a rule match is 'other'. Every step is an equality join: no papers x terms scan.
CREATE TEMP TABLE topic_x_raw AS
SELECT c.paper_id, c.feature, (1 + ln(c.tf)) * v.idf AS x
FROM topic_feature_counts() AS c
JOIN topic_model_vocab AS v USING (feature);

CREATE TEMP TABLE topic_x AS
SELECT paper_id, feature, x / sqrt(sum(x * x) OVER (PARTITION BY paper_id)) AS x
FROM topic_x_raw;

CREATE TEMP TABLE topic_model_scores AS
SELECT x.paper_id, w.topic, sum(x.x * w.weight) AS model_score
FROM topic_x AS x
JOIN topic_model_weights AS w USING (feature)
GROUP BY x.paper_id, w.topic;

CREATE TEMP TABLE topic_scored_papers AS
SELECT paper_id FROM topic_x_raw
UNION
SELECT paper_id FROM topic_rule_scores;

CREATE TEMP TABLE topic_logits AS
SELECT
    p.paper_id,
    t.topic,
    t.priority,
    coalesce(m.model_score, 0) AS model_score,
    greatest(coalesce(r.rule_score, 0), 0) AS rule_score,
    r.matched_terms,
    coalesce(b.bias, 0) + coalesce(m.model_score, 0)
        + cfg.rule_weight * greatest(coalesce(r.rule_score, 0), 0) AS logit
FROM topic_scored_papers AS p
CROSS JOIN topics AS t
CROSS JOIN topic_model_settings AS cfg
LEFT JOIN topic_model_bias AS b ON b.topic = t.topic
LEFT JOIN topic_model_scores AS m ON m.paper_id = p.paper_id AND m.topic = t.topic
LEFT JOIN topic_rule_scores AS r ON r.paper_id = p.paper_id AND r.topic = t.topic;

CREATE TEMP TABLE topic_probabilities AS
WITH e AS (
    SELECT *, exp(logit - max(logit) OVER (PARTITION BY paper_id)) AS e FROM topic_logits
)
SELECT
    *,
    e / sum(e) OVER (PARTITION BY paper_id) AS p,
    row_number() OVER (PARTITION BY paper_id ORDER BY logit DESC, priority, topic) AS rank
FROM e;

CREATE TABLE paper_topic_scores AS
SELECT
    paper_id,
    topic,
    round(p, 4) AS score,
    rank,
    round(model_score, 4) AS model_score,
    round(rule_score, 3) AS rule_score,
    coalesce(matched_terms, []) AS matched_terms
FROM topic_probabilities
ORDER BY paper_id, rank;

CREATE TEMP TABLE paper_topic_choice AS
SELECT
    paper_id,
    topic,
    rank,
    p,
    matched_terms
FROM (
    SELECT q.*, max(p) OVER (PARTITION BY paper_id) AS top_p
    FROM topic_probabilities AS q
) AS q, topic_model_settings AS cfg
WHERE rank = 1 OR (rank <= 3 AND p >= cfg.secondary_share * top_p AND p >= cfg.secondary_min_p);

-- Evidence: per chosen topic, the model features that pushed it most and the rule terms matched.
CREATE TEMP TABLE paper_topic_features AS
SELECT c.paper_id, c.topic, list(x.feature ORDER BY x.x * w.weight DESC, x.feature)[1:5] AS features
FROM paper_topic_choice AS c
JOIN topic_x AS x ON x.paper_id = c.paper_id
JOIN topic_model_weights AS w ON w.feature = x.feature AND w.topic = c.topic
WHERE x.x * w.weight > 0
GROUP BY c.paper_id, c.topic;

CREATE TEMP TABLE paper_topic_summary AS
SELECT
    c.paper_id,
    list(c.topic ORDER BY c.rank) AS topics,
    string_agg(
        c.topic || ' ' || printf('%.2f', c.p)
            || CASE WHEN len(coalesce(f.features, [])) > 0
                    THEN ' model: ' || array_to_string(f.features, ', ') ELSE '' END
            || CASE WHEN len(coalesce(c.matched_terms, [])) > 0
                    THEN '; rules: ' || array_to_string(c.matched_terms, ', ') ELSE '' END,
        ' | ' ORDER BY c.rank
    ) AS topic_evidence
FROM paper_topic_choice AS c
LEFT JOIN paper_topic_features AS f USING (paper_id, topic)
GROUP BY c.paper_id;

CREATE TABLE papers AS
SELECT
    b.*,
    coalesce(s.topics[1], 'other') AS topic,
    coalesce(s.topics, ['other']) AS topics,
    coalesce(round(c.p, 4), 0) AS topic_score,
    coalesce(s.topic_evidence, 'no topic evidence: no model feature or rule term in the text') AS topic_evidence,
    year(b.first_listed) AS first_listed_year,
    date_trunc('month', b.first_listed)::DATE AS first_listed_month,
    date_trunc('week', b.first_listed)::DATE AS first_listed_week
FROM papers_base AS b
LEFT JOIN paper_topic_summary AS s USING (paper_id)
LEFT JOIN paper_topic_choice AS c ON c.paper_id = b.paper_id AND c.rank = 1
ORDER BY b.paper_id;

COMMENT ON COLUMN paper_topic_scores.rank IS 'Rank of the topic for this paper (1 = primary topic).';
COMMENT ON COLUMN paper_topic_scores.model_score IS 'Linear-model part of the logit: sum of tf-idf x weight (061_topic_model.sql).';
COMMENT ON COLUMN paper_topic_scores.rule_score IS 'Phrase-rule score: sum of weight x (3 if in title + 1 if in abstract) over matched topic_terms.';
