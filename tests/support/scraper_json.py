"""Scraping services' JSON answers around a page, written the way each service documents them.

A user who calls a scraping API and saves the response keeps the page inside JSON: Firecrawl's
``/v1/scrape`` and ``/v1/crawl``, Jina Reader with ``Accept: application/json``, crawl4ai's
``CrawlResult.model_dump()``, an Apify dataset of the Website Content Crawler, and a scraper's own
JSON Lines of ``{url, status, fetched_at, html}``. ``pipeline/json_envelope.py`` reads them. The page
inside is rendered from real rows by the tests' exporters; only the envelope is written here.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from tests.support.exporters import CardFacts

TITLE = "Daily Papers - Hugging Face"


@dataclass
class SavedPage:
    """One page as a service fetched it: its Markdown, HTML and text forms, where and when."""

    url: str
    markdown: str
    html: str
    fetched: datetime


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _firecrawl_document(page: SavedPage) -> dict:
    return {
        "markdown": page.markdown,
        "html": page.html,
        "metadata": {
            "title": TITLE,
            "description": "Your daily dose of AI research from AK",
            "language": "en",
            "ogTitle": TITLE,
            "sourceURL": page.url,
            "url": page.url,
            "statusCode": 200,
            "contentType": "text/html; charset=utf-8",
            "scrapeId": "7f3c8a52-2a4e-4c61-9f0e-5b1d2c3e4f50",
            "proxyUsed": "basic",
            "creditsUsed": 1,
        },
    }


def firecrawl_scrape(page: SavedPage) -> bytes:
    """``POST /v1/scrape`` with ``formats: ["markdown", "html"]``, as the response body."""
    return json.dumps({"success": True, "data": _firecrawl_document(page)}, indent=2).encode()


def firecrawl_crawl(pages: Sequence[SavedPage]) -> bytes:
    """``GET /v1/crawl/<id>`` of a finished crawl: the status and one document per page."""
    body = {
        "success": True,
        "status": "completed",
        "completed": len(pages),
        "total": len(pages),
        "creditsUsed": len(pages),
        "expiresAt": "2026-12-31T00:00:00.000Z",
        "data": [_firecrawl_document(page) for page in pages],
    }
    return json.dumps(body).encode()


def jina_reader(page: SavedPage) -> bytes:
    """``r.jina.ai/<url>`` with ``Accept: application/json``."""
    tokens = len(page.markdown) // 4
    body = {
        "code": 200,
        "status": 20000,
        "data": {
            "title": TITLE,
            "description": "Your daily dose of AI research from AK",
            "url": page.url,
            "content": page.markdown,
            "usage": {"tokens": tokens},
        },
        "meta": {"usage": {"tokens": tokens}},
    }
    return json.dumps(body, ensure_ascii=False).encode()


def tavily_extract(page: SavedPage, text: str) -> bytes:
    """Tavily's ``/extract`` answer (``format="text"``: the page's text as ``raw_content``)."""
    result = {"url": page.url, "raw_content": text, "images": []}
    body = {"results": [result], "failed_results": [], "response_time": 0.82, "request_id": "0" * 32}
    return json.dumps(body, ensure_ascii=False).encode()


def zyte_answer(page: SavedPage, mode: str) -> bytes:
    """Zyte API's answer: the page rendered (``browserHtml``) or as the server sent it, base64
    (``httpResponseBody``, its HTTP mode's default)."""
    body = (
        {"browserHtml": page.html}
        if mode == "browserHtml"
        else {"httpResponseBody": base64.b64encode(page.html.encode()).decode()}
    )
    return json.dumps({"url": page.url, "statusCode": 200, **body}).encode()


def olostep_answer(page: SavedPage) -> bytes:
    """Olostep's ``/v1/scrapes`` answer: the page's HTML and Markdown under ``result``."""
    result = {"html_content": page.html, "markdown_content": page.markdown, "links_on_page": []}
    return json.dumps(
        {"id": "scrape_0", "object": "scrape", "url_to_scrape": page.url, "result": result}
    ).encode()


def scrapingbee_answer(page: SavedPage) -> bytes:
    """ScrapingBee's answer with ``json_response=True``: the HTML as ``body``, the address reached
    as ``resolved-url``."""
    return json.dumps(
        {"body": page.html, "resolved-url": page.url, "type": "html", "initial-status-code": 200}
    ).encode()


def karakeep_bookmark(page: SavedPage, html: str) -> bytes:
    """A bookmark as Karakeep's (formerly Hoarder's) API answers it: the page as its reader view
    kept it (Readability's HTML) in ``content.htmlContent``."""
    content = {"type": "link", "url": page.url, "title": TITLE, "htmlContent": html}
    body = {"id": "k0", "createdAt": _stamp(page.fetched), "title": None, "tags": [], "content": content}
    return json.dumps(body, ensure_ascii=False).encode()


def crawl4ai_result(page: SavedPage) -> bytes:
    """``CrawlResult.model_dump()`` of ``AsyncWebCrawler.arun`` as a script writes it to a file."""
    body = {
        "url": page.url,
        "html": page.html,
        "fit_html": None,
        "success": True,
        "cleaned_html": page.html,
        "media": {"images": [], "videos": [], "audios": []},
        "links": {
            "internal": [
                {"href": page.url, "text": "Daily Papers", "title": "", "base_domain": "huggingface.co"}
            ],
            "external": [],
        },
        "downloaded_files": None,
        "screenshot": None,
        "pdf": None,
        "markdown": {
            "raw_markdown": page.markdown,
            "markdown_with_citations": "",
            "references_markdown": "",
            "fit_markdown": "",
            "fit_html": "",
        },
        "extracted_content": None,
        "metadata": {"title": TITLE, "description": "Your daily dose of AI research from AK"},
        "error_message": "",
        "session_id": None,
        "response_headers": {"content-type": "text/html; charset=utf-8"},
        "status_code": 200,
        "redirected_url": page.url,
    }
    return json.dumps(body, indent=4, ensure_ascii=False).encode()


def apify_dataset(pages: Sequence[SavedPage]) -> bytes:
    """An Apify Website Content Crawler dataset exported as JSON: one item per page."""
    items = [
        {
            "url": page.url,
            "crawl": {
                "loadedUrl": page.url,
                "loadedTime": _stamp(page.fetched),
                "referrerUrl": page.url,
                "depth": 0,
                "httpStatusCode": 200,
            },
            "metadata": {
                "canonicalUrl": page.url,
                "title": TITLE,
                "description": "Your daily dose of AI research from AK",
                "languageCode": "en",
            },
            "screenshotUrl": None,
            "text": "Daily Papers",
            "markdown": page.markdown,
        }
        for page in pages
    ]
    return json.dumps(items, indent=2, ensure_ascii=False).encode()


def json_lines(pages: Sequence[SavedPage]) -> bytes:
    """A scraper's own log of responses: one ``{url, status, fetched_at, html}`` object a line."""
    lines = [
        json.dumps({"url": p.url, "status": 200, "fetched_at": _stamp(p.fetched), "html": p.html})
        for p in pages
    ]
    return ("\n".join(lines) + "\n").encode()


def apify_dataset_csv(pages: Sequence[SavedPage]) -> bytes:
    """The same dataset exported as CSV, as Apify's console offers it: nested fields flattened into
    columns named by their path (``crawl/loadedTime``, ``metadata/title``)."""
    items = json.loads(apify_dataset(pages))
    rows = [_flattened(item) for item in items]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _flattened(item: dict, prefix: str = "") -> dict:
    """Apify's flattening: nested objects and lists into columns named by their path
    (``crawl/loadedTime``, ``papers/0/title``, ``papers/0/authors/1``)."""
    flat: dict = {}
    for key, value in item.items():
        if isinstance(value, dict):
            flat.update(_flattened(value, f"{prefix}{key}/"))
        elif isinstance(value, list):
            flat.update(_flattened({str(n): element for n, element in enumerate(value)}, f"{prefix}{key}/"))
        else:
            flat[f"{prefix}{key}"] = "" if value is None else value
    return flat


def listing_scraper_items(pages: Sequence[tuple[SavedPage, Sequence[CardFacts]]]) -> list[dict]:
    """A listing scraper's dataset on Apify (its Web Scraper or Cheerio Scraper actor, a page
    function returning the page's cards): one item per page, ``{url, crawl, papers: [...]}``;
    ``pages``: each page with its ``CardFacts``."""
    return [
        {
            "url": page.url,
            "crawl": {"loadedUrl": page.url, "loadedTime": _stamp(page.fetched)},
            "papers": [
                {
                    "title": card.title,
                    "url": f"https://huggingface.co/papers/{card.arxiv_id}",
                    "abstract": card.abstract,
                    "upvotes": card.upvotes,
                    "authors": list(card.row.authors),
                }
                for card in cards
            ],
        }
        for page, cards in pages
    ]


def flattened_rows(items: Sequence[dict]) -> tuple[list[str], list[dict]]:
    """Apify's CSV and Excel columns for ``items`` (every path any item has, in first-seen order)
    and each item's cells; an item with fewer cards leaves the others' columns empty."""
    rows = [_flattened(item) for item in items]
    return list(dict.fromkeys(name for row in rows for name in row)), rows


def listing_scraper_csv(items: Sequence[dict]) -> bytes:
    names, rows = flattened_rows(items)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def split_text(text: str, size: int = 1000, overlap: int = 200) -> list[str]:
    """``text`` cut into chunks as LangChain's ``RecursiveCharacterTextSplitter(chunk_size=size,
    chunk_overlap=overlap)`` cuts it (its algorithm, without the library): at paragraphs, then
    lines, then words, each chunk opening with the end of the one before where that fits."""
    return _split(text, ["\n\n", "\n", " ", ""], size, overlap)


def _split(text: str, separators: list[str], size: int, overlap: int) -> list[str]:
    separator = next(s for s in separators if s == "" or s in text)
    finer = separators[separators.index(separator) + 1 :]
    pieces = text.split(separator) if separator else list(text)
    chunks: list[str] = []
    fitting: list[str] = []
    for piece in pieces:
        if len(piece) < size:
            fitting.append(piece)
            continue
        if fitting:
            chunks += _merged(fitting, separator, size, overlap)
            fitting = []
        chunks += _split(piece, finer, size, overlap) if finer else [piece]
    return chunks + (_merged(fitting, separator, size, overlap) if fitting else [])


def _merged(pieces: list[str], separator: str, size: int, overlap: int) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    total = 0
    for piece in pieces:
        joined = len(piece) + (len(separator) if current else 0)
        if current and total + joined > size:
            if chunk := separator.join(current).strip():
                chunks.append(chunk)
            while total > overlap or (total > 0 and total + joined > size):
                total -= len(current[0]) + (len(separator) if len(current) > 1 else 0)
                current.pop(0)
                joined = len(piece) + (len(separator) if current else 0)
        current.append(piece)
        total += len(piece) + (len(separator) if len(current) > 1 else 0)
    if chunk := separator.join(current).strip():
        chunks.append(chunk)
    return chunks


def langchain_chunks(page: SavedPage, text: str) -> bytes:
    """A retrieval pipeline's store of ``text`` (the page as its loader read it), as LangChain's
    ``Document``s saved to JSON: one ``{"page_content", "metadata": {"source": url}}`` per chunk."""
    documents = [
        {
            "id": None,
            "metadata": {"source": page.url, "title": TITLE, "language": "en"},
            "page_content": chunk,
            "type": "Document",
        }
        for chunk in split_text(text)
    ]
    return json.dumps(documents, indent=2, ensure_ascii=False).encode()


def llamaindex_docstore(page: SavedPage, text: str) -> bytes:
    """The same chunks as LlamaIndex persists them (``storage_context.persist()``'s
    ``docstore.json``): nodes keyed by their ids, each with its text and its source document."""
    nodes = {}
    for n, chunk in enumerate(split_text(text)):
        node_id = f"00000000-0000-4000-8000-{n:012d}"
        start = text.find(chunk)
        nodes[node_id] = {
            "__data__": {
                "id_": node_id,
                "embedding": None,
                "metadata": {},
                "relationships": {"1": {"node_id": page.url, "node_type": "4", "metadata": {}}},
                "text": chunk,
                "mimetype": "text/plain",
                "start_char_idx": start,
                "end_char_idx": start + len(chunk),
                "class_name": "TextNode",
            },
            "__type__": "1",
        }
    store = {
        "docstore/ref_doc_info": {page.url: {"node_ids": list(nodes), "metadata": {}}},
        "docstore/data": nodes,
        "docstore/metadata": {node_id: {"doc_hash": "0" * 64, "ref_doc_id": page.url} for node_id in nodes},
    }
    return json.dumps(store, indent=2, ensure_ascii=False).encode()
