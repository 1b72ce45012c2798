-- Tokenisation for the topic classifier, written once: the warehouse build runs this file on each
-- batch of papers_base (055_topic_batches.sql), and the trainer (pipeline/topic_train.py) runs the
-- very same file on the labelled papers, so the model is trained on exactly the features it is
-- scored on.
--
-- topic_words(text): lower-cased, accents stripped, every run of non [a-z0-9] is a word break,
--                    i.e. the words are the runs of [a-z0-9]. Extracting the runs is ~10% cheaper
--                    than replacing the breaks by spaces, splitting and dropping the empty strings
--                    (same words, checked on every title and abstract of a 2,000-page corpus).
--                    strip_accents returns pure-ASCII text as it is, so it costs nothing there.
-- topic_stem(word):  a deliberately tiny stemmer (plural 's' / 'ies' only), so 'agents' and
--                    'agent', 'studies' and 'study' share a feature; nothing language-specific
--                    beyond that (no stopword list here: the trainer keeps stopwords out of the
--                    vocabulary, and a word that is not in the vocabulary simply never joins).
-- Model features are the stemmed words. Word pairs ('language model') were tried: they did not
-- help in cross-validation and doubled the cost of scoring. A title occurrence counts 3 times an
-- abstract one: the title says what the paper is about, the abstract also says what it uses.
CREATE OR REPLACE TEMP MACRO topic_words(txt) AS
    regexp_extract_all(lower(strip_accents(coalesce(txt, ''))), '[a-z0-9]+');

CREATE OR REPLACE TEMP MACRO topic_stem(w) AS
    CASE
        WHEN length(w) > 4 AND suffix(w, 'ies') THEN left(w, length(w) - 3) || 'y'
        WHEN length(w) > 3 AND suffix(w, 's') AND NOT (suffix(w, 'ss') OR suffix(w, 'us') OR suffix(w, 'is'))
            THEN left(w, length(w) - 1)
        ELSE w
    END;

-- The papers of the current batch (055_topic_batches.sql; every paper when no batch is set, as
-- for the trainer), numbered: joins and groups below key on the number, not on the 16-character
-- paper_id (an integer key halves the cost of the big aggregates). This file, 064 and 070 run
-- once per batch, so their tables are replaced.
CREATE OR REPLACE TEMP TABLE topic_batch_ids AS
SELECT rowid AS paper_no, paper_id
FROM papers_base
WHERE getvariable('topic_batch_first') IS NULL
   OR paper_id BETWEEN getvariable('topic_batch_first') AND getvariable('topic_batch_last');

-- One row per paper and field ('title' / 'abstract') with its words: the only table of words.
-- Tokenising (the regular expression) is the expensive step, so it runs once; the word
-- occurrences are unnested from these lists where they are consumed, never stored one per row.
-- The batch is read once into the CTE (materialised: it is used twice), and the two arms tokenise
-- from it in parallel. One scan of papers_base unnesting [title, abstract] costs the same CPU but
-- runs on one thread: DuckDB scans a table in parallel by row groups of 122,880 rows, and a batch
-- of 50,000 papers lies in one or two.
-- For the same reason the words are kept as two tables, the batch's even and odd paper_no, and
-- topic_docs is their union: a table of one batch is one row group, which every statement that
-- unnests it (the corpus words below, 064's rule candidates, 070's feature occurrences) read on
-- one thread; two tables are scanned by two (the warehouse of 2,000 variant pages: ~5-8% less
-- time). Tokenising reads the batch from papers_base once per half.
CREATE OR REPLACE TEMP MACRO topic_docs_of(half) AS TABLE
WITH batch AS (
    SELECT b.rowid AS paper_no, b.title, b.abstract
    FROM papers_base AS b
    WHERE (getvariable('topic_batch_first') IS NULL
           OR b.paper_id BETWEEN getvariable('topic_batch_first') AND getvariable('topic_batch_last'))
      AND b.rowid % 2 = half
)
SELECT paper_no, 'title' AS field, topic_words(title) AS words FROM batch
UNION ALL
SELECT paper_no, 'abstract' AS field, topic_words(abstract) AS words FROM batch;

CREATE OR REPLACE TEMP TABLE topic_docs_even AS FROM topic_docs_of(0);
CREATE OR REPLACE TEMP TABLE topic_docs_odd AS FROM topic_docs_of(1);
CREATE OR REPLACE TEMP VIEW topic_docs AS
FROM topic_docs_even
UNION ALL
FROM topic_docs_odd;

-- One row per word occurrence with its position and the word after it: a view, so nothing is
-- stored per occurrence (for analysis; 064 unnests topic_docs itself, so
-- that it drops the words that start no rule before it looks at the next word).
CREATE OR REPLACE TEMP VIEW topic_tokens AS
SELECT
    paper_no,
    field,
    unnest(words) AS word,
    unnest(list_concat(words[2:], [NULL::VARCHAR])) AS next_word,
    generate_subscripts(words, 1) AS pos
FROM topic_docs;

-- Stemming and the vocabulary filter are applied once per distinct word, not once per occurrence.
CREATE OR REPLACE TEMP TABLE topic_corpus_words AS
SELECT word, topic_stem(word) AS feature
FROM (SELECT DISTINCT word FROM (SELECT unnest(words) AS word FROM topic_docs));

-- topic_feature_counts(): tf per (paper, feature), a title occurrence counting 3 times an abstract
-- one. Only features of topic_model_vocab are counted (the others carry no weight); the trainer
-- first fills topic_model_vocab with every feature it sees, after running this file, so these are
-- macros, evaluated when queried. The counts are grouped on integers: topic_word_features()
-- numbers the features of the batch's words in name order (feature_no), and
-- topic_feature_counts_by_number() keyed by (paper_no, feature_no) groups a third faster than by
-- the feature string. 070 reads those two; topic_feature_counts_by_no() has the names joined back.
CREATE OR REPLACE TEMP MACRO topic_word_features() AS TABLE
SELECT w.word, w.feature, dense_rank() OVER (ORDER BY w.feature)::INTEGER AS feature_no
FROM topic_corpus_words AS w
SEMI JOIN topic_model_vocab USING (feature);

-- topic_feature_occurrences(): one row per occurrence of a model feature, with what it counts
-- (3 in a title, 1 in an abstract); tf is their sum per (paper, feature).
CREATE OR REPLACE TEMP MACRO topic_feature_occurrences() AS TABLE
SELECT t.paper_no, w.feature_no, CASE t.field WHEN 'title' THEN 3 ELSE 1 END AS weight
FROM (SELECT paper_no, field, unnest(words) AS word FROM topic_docs) AS t
JOIN topic_word_features() AS w USING (word);

CREATE OR REPLACE TEMP MACRO topic_feature_counts_by_number() AS TABLE
SELECT paper_no, feature_no, sum(weight) AS tf
FROM topic_feature_occurrences()
GROUP BY paper_no, feature_no;

CREATE OR REPLACE TEMP MACRO topic_feature_counts_by_no() AS TABLE
SELECT c.paper_no, f.feature, c.tf
FROM topic_feature_counts_by_number() AS c
JOIN (SELECT DISTINCT feature_no, feature FROM topic_word_features()) AS f USING (feature_no);

CREATE OR REPLACE TEMP MACRO topic_feature_counts() AS TABLE
SELECT i.paper_id, c.feature, c.tf
FROM topic_feature_counts_by_no() AS c
JOIN topic_batch_ids AS i USING (paper_no);
