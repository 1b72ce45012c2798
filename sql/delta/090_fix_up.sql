-- After the merge, inside the warehouse copy: sightings of untouched files may belong to a paper
-- whose id changed (a new page bridged two papers), and build_info counts the whole warehouse.
UPDATE sightings AS s
SET paper_id = a.paper_id
FROM paper_aliases AS a
WHERE s.record_key = a.record_key AND s.paper_id <> a.paper_id;

DROP TABLE build_info;
