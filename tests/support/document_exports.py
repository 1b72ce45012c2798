"""A day's page as it comes out of documents and mail: Google Docs' downloads of a pasted page,
Outlook's Safe Links, and a paper's own page saved one at a time (bookmarks, Zotero).

* Google Docs' Markdown download writes every image as a reference, ``![][image4]``, with its
  data URI in a definition at the end (``[image4]: <data:image/png;base64,…>``), a link around it
  kept (``[![][image3]](https://huggingface.co/papers/…)``, the card's thumbnail).
* Its "Web page" download, and any page a reader got through Outlook, sends every link through a
  redirector: ``https://www.google.com/url?q=<url>&sa=D&source=editors&ust=…&usg=…``,
  ``https://nam12.safelinks.protection.outlook.com/?url=<quoted url>&data=…&reserved=0``.
* WorkFlowy and Dynalist export a pasted page as OPML: each of its lines an ``<outline text="…">``
  under one for the page (its address in ``_note``).
* Roam Research exports a page as JSON: its blocks' Markdown in ``"string"``, nested under
  ``"children"``, each with a ``"uid"`` and its times.
* A paper's own page is titled ``Paper page - <title>`` and described as ``Join the discussion on
  this paper page``: what a bookmark or Zotero's web-page item keeps.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from urllib.parse import quote

from tests.support.real_rows import Row

_INLINE_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)\)")
_PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg+M/A8B8ABQACAeL03JsAAAAASUVORK5CYII="
)
_HREF = re.compile(r'href="(/[^"]*|https?://[^"]*)"')


def google_docs_markdown(markdown: str) -> str:
    """``markdown`` with its images written as Google Docs writes them: references to data URIs."""
    count = 0

    def reference(_: re.Match) -> str:
        nonlocal count
        count += 1
        return f"![][image{count}]"

    body = _INLINE_IMAGE.sub(reference, markdown)
    return body + "".join(f"\n[image{n}]: <{_PIXEL}>\n" for n in range(1, count + 1))


def redirected_html(html: str, through: str) -> str:
    """``html`` with every link sent through Google's redirector (``"google"``, Docs' web page) or
    Outlook's Safe Links (``"outlook"``), as those write them (``&`` as ``&amp;`` in HTML)."""

    def wrapped(match: re.Match) -> str:
        url = match[1] if match[1].startswith("http") else "https://huggingface.co" + match[1]
        if through == "google":
            return (
                f'href="https://www.google.com/url?q={url}&amp;sa=D&amp;source=editors'
                f'&amp;ust=1764926040000000&amp;usg=AOvVaw0x"'
            )
        return (
            f'href="https://nam12.safelinks.protection.outlook.com/?url={quote(url, safe="")}'
            f'&amp;data=05%7C02%7Creader%40example.com%7CUnknown&amp;sdata=Qm9v%3D&amp;reserved=0"'
        )

    return _HREF.sub(wrapped, html)


def paper_page_bookmarks(rows: Sequence[Row]) -> str:
    """A browser's bookmarks file (Netscape format) of the papers' own pages."""
    marks = "".join(
        f'    <DT><A HREF="https://huggingface.co/papers/{row.arxiv_id}" ADD_DATE="1764900000">'
        f"Paper page - {row.title}</A>\n    <DD>Join the discussion on this paper page\n"
        for row in rows
    )
    return (
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">\n'
        f"<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n{marks}</DL><p>\n"
    )


def zotero_csl_json(rows: Sequence[Row]) -> str:
    """Zotero's CSL JSON export of the papers' pages saved as web-page items."""
    items = [
        {
            "id": f"http://zotero.org/users/local/Xq3vB9rT/items/{n:08X}",
            "type": "webpage",
            "abstract": "Join the discussion on this paper page",
            "container-title": "huggingface.co",
            "title": f"Paper page - {row.title}",
            "URL": f"https://huggingface.co/papers/{row.arxiv_id}",
            "accessed": {"date-parts": [["2025", 12, 5]]},
        }
        for n, row in enumerate(rows)
    ]
    return json.dumps(items, indent="\t", ensure_ascii=False)


def outline_opml(text: str, title: str, url: str) -> str:
    """``text`` (a page's text, a line each) as WorkFlowy exports a pasted outline to OPML."""
    items = "".join(
        f'      <outline text="{html.escape(line.strip(), quote=True)}" />\n'
        for line in text.splitlines()
        if line.strip()
    )
    return (
        '<?xml version="1.0"?>\n<opml version="2.0">\n  <head>\n    <ownerEmail>\n      reader@example.com\n'
        f'    </ownerEmail>\n  </head>\n  <body>\n    <outline text="{html.escape(title)}" _note="{url}">\n'
        f"{items}    </outline>\n  </body>\n</opml>\n"
    )


def roam_json(markdown: str, title: str) -> str:
    """``markdown`` pasted into a Roam page (a block per paragraph), exported as Roam's JSON."""
    blocks = [
        {
            "string": paragraph.strip(),
            "uid": f"b{n:08x}",
            "create-time": 1764926040000,
            "edit-time": 1764926040000,
        }
        for n, paragraph in enumerate(markdown.split("\n\n"))
        if paragraph.strip()
    ]
    return json.dumps(
        [{"title": title, "children": blocks, "create-time": 1764926040000}], ensure_ascii=False
    )
