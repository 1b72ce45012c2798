"""Feeds of the daily listing as the services that publish them write them, from real rows.

Hugging Face serves no feed of its papers pages; scrapers do. RSSHub's ``/huggingface/daily-papers``
route (``lib/routes/huggingface/daily-papers.ts``: the title, an arxiv.org link, the summary with its
line breaks as spaces, ``publishedAt`` as the date, the authors' names joined with ``, ``) in its RSS
2.0 and Atom templates, and takara.ai's papers feed (Go's ``encoding/xml``, indented: the paper's
Hugging Face URL as link and permalink, the abstract in CDATA, dates in RFC 1123 with a numeric
zone). ``pipeline/feed_listing.py`` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from xml.sax.saxutils import escape

from tests.support.exporters import paper_date
from tests.support.real_rows import Row


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _rfc822(day: date, *, gmt: bool = True) -> str:
    moment = datetime.combine(day, time(18, 59, 59), UTC)
    return format_datetime(moment, usegmt=gmt) if gmt else moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _summary(row: Row) -> str:
    return (row.abstract or "").replace("\n", " ")


def rsshub_rss(built: date, rows: Sequence[Row]) -> str:
    """RSSHub's RSS 2.0 output of the daily papers route."""
    items = "".join(
        f"""
    <item>
      <title>{_cdata(row.title)}</title>
      <description>{_cdata(_summary(row))}</description>
      <pubDate>{_rfc822(paper_date(row))}</pubDate>
      <guid isPermaLink="false">https://arxiv.org/abs/{row.arxiv_id}</guid>
      <link>https://arxiv.org/abs/{row.arxiv_id}</link>
      <author>{_cdata(", ".join(row.authors))}</author>
    </item>"""
        for row in rows
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title><![CDATA[Huggingface Daily Papers]]></title>
    <link>https://huggingface.co/papers</link>
    <atom:link href="https://rsshub.app/huggingface/daily-papers" rel="self" type="application/rss+xml" />
    <description><![CDATA[Huggingface Daily Papers - Powered by RSSHub]]></description>
    <generator>RSSHub</generator>
    <webMaster>contact@rsshub.app (RSSHub)</webMaster>
    <language>en</language>
    <lastBuildDate>{_rfc822(built)}</lastBuildDate>
    <ttl>5</ttl>{items}
  </channel>
</rss>
"""


def rsshub_atom(built: date, rows: Sequence[Row]) -> str:
    """RSSHub's Atom output of the same route (``?format=atom``)."""
    stamp = datetime.combine(built, time(18, 59, 59)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    entries = "".join(
        f"""
<entry>
    <id>https://arxiv.org/abs/{row.arxiv_id}</id>
    <title>{_cdata(row.title)}</title>
    <updated>{paper_date(row).isoformat()}T18:59:59.000Z</updated>
    <author><name>{_cdata(", ".join(row.authors))}</name></author>
    <content type="html" src="https://arxiv.org/abs/{row.arxiv_id}">{_cdata(_summary(row))}</content>
    <link href="https://arxiv.org/abs/{row.arxiv_id}"/>
</entry>"""
        for row in rows
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">
<id>https://huggingface.co/papers</id>
<title><![CDATA[Huggingface Daily Papers]]></title>
<subtitle><![CDATA[Huggingface Daily Papers - Powered by RSSHub]]></subtitle>
<updated>{stamp}</updated>
<generator>RSSHub</generator>
<link href="https://huggingface.co/papers"/>{entries}
</feed>
"""


def _go_escape(text: str) -> str:
    """Character data as Go's encoding/xml escapes it (quotes and line breaks as references)."""
    return escape(text, {'"': "&#34;", "'": "&#39;", "\n": "&#xA;", "\r": "&#xD;", "\t": "&#x9;"})


TAKARA_SELF = "https://papers.takara.ai/api/feed"


def takara_rss(built: date, rows: Sequence[Row]) -> str:
    """takara.ai's papers feed: ``xml.MarshalIndent(rss, "", "  ")`` after ``xml.Header``."""
    items = "".join(
        f"""
      <item>
        <title>{_go_escape(row.title)}</title>
        <link>https://huggingface.co/papers/{row.arxiv_id}</link>
        <description>{_cdata(row.abstract or "")}</description>
        <pubDate>{_rfc822(row.listed_date, gmt=False)}</pubDate>
        <guid isPermaLink="true">https://huggingface.co/papers/{row.arxiv_id}</guid>
      </item>"""
        for row in rows
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>宝の知識: Hugging Face 論文フィード</title>
    <link>https://huggingface.co/papers</link>
    <description>最先端のAI論文をお届けする、Takara.aiの厳選フィード</description>
    <lastBuildDate>{_rfc822(built, gmt=False)}</lastBuildDate>
    <atom:link href="{TAKARA_SELF}" rel="self" type="application/rss+xml"></atom:link>{items}
  </channel>
</rss>"""


def json_feed(built: date, rows: Sequence[Row]) -> str:
    """A JSON Feed 1.1 (jsonfeed.org) of the day, as feed generators write one: the abstract as
    ``content_html`` paragraphs, ``date_published`` the paper's date, ``authors`` as objects."""
    import json

    items = [
        {
            "id": f"https://huggingface.co/papers/{row.arxiv_id}",
            "url": f"https://huggingface.co/papers/{row.arxiv_id}",
            "title": row.title,
            "content_html": "".join(f"<p>{escape(part)}</p>" for part in (row.abstract or "").split("\n\n")),
            "date_published": f"{paper_date(row).isoformat()}T18:59:59Z",
            "authors": [{"name": name} for name in row.authors],
        }
        for row in rows
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Hugging Face Papers",
        "home_page_url": "https://huggingface.co/papers",
        "feed_url": f"https://example.org/feed-{built.isoformat()}.json",
        "items": items,
    }
    return json.dumps(feed, indent=2, ensure_ascii=False)
