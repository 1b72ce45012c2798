-- Which papers link to their code, and where is it hosted?
-- Links come from abstracts (table paper_links, kind = 'code': GitHub, GitLab, Gitee, ...); a
-- paper without a link in its abstract may still have code somewhere.
SELECT p.title, p.topic, p.first_listed, l.host, l.url
FROM paper_links AS l
JOIN papers AS p USING (paper_id)
WHERE l.kind = 'code'
ORDER BY p.first_listed DESC NULLS LAST, p.title, l.url;
