-- The linear topic model, read from data files: weights are data, not SQL. `paperlake topics train`
-- writes them (pipeline/topic_model.py, method in docs/topics.md); 070_paper_topics.sql scores
-- papers with them. The folder is getvariable('topic_model_dir'), set by the build
-- (pipeline/warehouse.py: data/topic_model/, or $PAPERLAKE_TOPIC_MODEL_DIR), and its files are part
-- of the warehouse's fingerprint, so a retrained model rebuilds the warehouse like an edited rule.
--   settings.csv  one row: rule_weight, secondary_share, secondary_min_p (for topics without their
--                 own), temperature, trained_on
--   topics.csv    per topic: bias and the probability it needs as a secondary topic (empty: the
--                 settings' secondary_min_p)
--   features.csv  per feature (a stemmed word): idf, then one weight column per topic (empty: 0)
-- Everything is read as text and cast here, so a feature such as '000' stays a word and a number
-- is parsed exactly as written.
CREATE TABLE topic_model_settings AS
SELECT
    rule_weight::DOUBLE AS rule_weight,
    secondary_share::DOUBLE AS secondary_share,
    secondary_min_p::DOUBLE AS secondary_min_p,
    temperature::DOUBLE AS temperature,
    trained_on
FROM read_csv(getvariable('topic_model_dir') || '/settings.csv', header = true, all_varchar = true);

CREATE TABLE topic_model_bias AS
SELECT topic, bias::DOUBLE AS bias, secondary_min_p::DOUBLE AS secondary_min_p
FROM read_csv(getvariable('topic_model_dir') || '/topics.csv', header = true, all_varchar = true);

CREATE TEMP TABLE topic_model_features AS
FROM read_csv(getvariable('topic_model_dir') || '/features.csv', header = true, all_varchar = true);

CREATE TABLE topic_model_vocab AS
SELECT feature, idf::DOUBLE AS idf FROM topic_model_features;

CREATE TABLE topic_model_weights AS
SELECT topic, feature, weight::DOUBLE AS weight
FROM (UNPIVOT topic_model_features ON COLUMNS(* EXCLUDE (feature, idf)) INTO NAME topic VALUE weight)
WHERE weight IS NOT NULL AND weight <> '';

DROP TABLE topic_model_features;

COMMENT ON TABLE topic_model_settings IS 'Decision settings of the topic model, chosen by cross-validation (data/topic_model/settings.csv).';
COMMENT ON COLUMN topic_model_settings.rule_weight IS 'Logit per unit of rule score (temperature folded in).';
COMMENT ON COLUMN topic_model_settings.secondary_share IS 'A secondary topic needs p >= this x p(primary).';
COMMENT ON COLUMN topic_model_settings.secondary_min_p IS 'A secondary topic needs p >= this, unless topic_model_bias sets its own.';
COMMENT ON COLUMN topic_model_settings.temperature IS 'Softmax temperature (folded into the weights).';
COMMENT ON COLUMN topic_model_settings.trained_on IS 'Labels the model was fitted on (e.g. train: every label but the held-out part).';
COMMENT ON TABLE topic_model_bias IS 'Per-topic intercept and secondary-topic threshold of the topic model (data/topic_model/topics.csv).';
COMMENT ON COLUMN topic_model_bias.topic IS 'Topic.';
COMMENT ON COLUMN topic_model_bias.bias IS 'Intercept added to the topic''s logit (temperature folded in).';
COMMENT ON COLUMN topic_model_bias.secondary_min_p IS 'As a secondary topic, this topic needs p >= this (chosen per topic by cross-validation).';
COMMENT ON TABLE topic_model_vocab IS 'Features of the linear topic model (stemmed words, data/topic_model/features.csv).';
COMMENT ON COLUMN topic_model_vocab.feature IS 'A stemmed word (topic_stem() in 062_topic_tokens.sql).';
COMMENT ON COLUMN topic_model_vocab.idf IS 'Inverse document frequency in the training papers.';
COMMENT ON TABLE topic_model_weights IS 'Weight per feature and topic (small weights pruned by the trainer).';
COMMENT ON COLUMN topic_model_weights.topic IS 'Topic.';
COMMENT ON COLUMN topic_model_weights.feature IS 'Feature (see topic_model_vocab).';
COMMENT ON COLUMN topic_model_weights.weight IS 'Logit per unit of normalised tf-idf (temperature folded in).';
