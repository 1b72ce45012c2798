-- Failing rows: sightings listed after their page was captured (one day of slack for time zones) or
-- more than a year before it: a yearless page date ("Mar 14") always resolves inside that window,
-- so a date outside it means the date inference is broken. A page dated only by its file's mtime
-- may lie further back when its cards' arXiv ids say so (date_source 'page_date+arxiv_ids'), and a
-- record of an export that names its own full listing day (date_source 'record': a JSON Lines file
-- of a year of days, dated by its mtime) or a page whose URL names it (date_source 'page_url':
-- /papers/date/2025-12-04 fetched a year later, as a backfill does) has no year to infer.
-- Rows are those checked_file() / checked_paper() keep: all in a full build, a patch's own in a patched one.
SELECT source_file, position, listing_date, captured_at
FROM sightings
WHERE checked_file(source_file)
  AND (listing_date > captured_at + INTERVAL 1 DAY
       OR (listing_date <= captured_at - INTERVAL 366 DAY
           AND coalesce(date_source, '') NOT IN ('page_date+arxiv_ids', 'record', 'page_url')));
