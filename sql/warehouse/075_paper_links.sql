-- Links written in abstracts (code repositories, project pages, datasets, models), one row per
-- distinct link per paper. Abstracts are prose, so a URL is cut at whitespace, brackets, braces and
-- quotes (LaTeX leftovers like `repo{https://...}`), then trailing sentence punctuation and a
-- trailing '/' are dropped, the scheme and host are lower-cased and a bare `www.` or
-- `github.com/...` gets `https://`. The kind is decided by host and path only (no network access):
-- edit the CASE below to teach it a new host.
CREATE TEMP TABLE link_matches AS
SELECT DISTINCT
    paper_id,
    unnest(regexp_extract_all(
        abstract,
        '(?i)(?:https?://|\bwww\.|\b(?:github\.com|gitlab\.com|huggingface\.co)/)[^\s<>"''`{}\[\]()|\\]+'
    )) AS raw_url
FROM papers
WHERE abstract IS NOT NULL;

CREATE TEMP TABLE link_parts AS
SELECT
    paper_id,
    raw_url,
    regexp_extract(
        -- Drop the punctuation that ends the sentence, then a trailing slash; add a missing scheme.
        CASE WHEN raw_url ~ '(?i)^https?://' THEN '' ELSE 'https://' END
            || rtrim(regexp_replace(raw_url, '[.,;:!?''"*]+$', ''), '/'),
        '^([A-Za-z]+)://([^/?#]+)(.*)$',
        ['scheme', 'authority', 'rest']
    ) AS part
FROM link_matches;

CREATE TABLE paper_links AS
WITH parsed AS (
    SELECT
        paper_id,
        raw_url,
        lower(part.scheme) || '://' || lower(part.authority) || part.rest AS url,
        regexp_replace(lower(split_part(part.authority, ':', 1)), '^www\.', '') AS host,
        -- First two path segments, lower-cased: enough to tell a Hugging Face dataset from a model.
        lower(split_part(ltrim(part.rest, '/'), '/', 1)) AS seg1,
        lower(split_part(ltrim(part.rest, '/'), '/', 2)) AS seg2
    FROM link_parts
    WHERE part.authority LIKE '%.%'
)
SELECT
    paper_id,
    min(url) AS url,
    CASE
        WHEN host IN ('github.com', 'gitlab.com', 'gitee.com', 'bitbucket.org', 'codeberg.org',
                      'sourceforge.net', 'pypi.org', 'colab.research.google.com') THEN 'code'
        WHEN host IN ('huggingface.co', 'hf.co') THEN CASE
            WHEN seg1 = 'datasets' THEN 'dataset'
            WHEN seg1 = 'spaces' THEN 'project'
            WHEN seg1 IN ('', 'papers', 'docs', 'blog', 'models', 'collections', 'organizations', 'login',
                          'posts', 'learn', 'pricing') THEN 'other'
            WHEN seg2 <> '' THEN 'model'
            ELSE 'other'  -- a user or organisation page
        END
        WHEN host IN ('zenodo.org', 'figshare.com', 'data.mendeley.com', 'physionet.org')
            OR (host = 'kaggle.com' AND seg1 = 'datasets') THEN 'dataset'
        WHEN host LIKE '%.github.io' OR host LIKE '%.gitlab.io' OR host LIKE '%.pages.dev'
            OR host LIKE '%.netlify.app' OR host LIKE '%.vercel.app' OR host = 'sites.google.com' THEN 'project'
        ELSE 'other'
    END AS kind,
    host,
    min(raw_url) AS raw_url
FROM parsed
GROUP BY paper_id, lower(url), host, seg1, seg2
ORDER BY paper_id, url;
