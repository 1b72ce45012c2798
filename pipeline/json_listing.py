"""A listing saved as JSON: the Hugging Face API's ``/api/daily_papers`` response, or a scraper's own
records (a list of papers per day, as the repository ``../shared/real-papers/`` comes from writes
them), or JSON Lines of such records.

The papers are the longest list of objects that look like papers (a title, and an arXiv id, a paper
URL or an abstract), wherever it sits in the document (the top level, ``{"papers": [...]}``,
``{"data": {"items": [...]}}``). Each object's fields are found by their names, compared without
case and underscores, in the object or in one nested under ``paper`` or ``details`` (the API nests
the paper's own fields under ``paper``):

* title; abstract (``summary``, ``abstract``; never ``ai_summary``); arXiv id (``id``, ``arxiv_id``,
  ``paper_id``, or a huggingface.co/papers or arxiv.org URL);
* upvotes (``upvotes``, a scraper's ``stars``, as a number or digits), comments (``numComments``),
  authors (a list of names or of ``{"name": …}``: the author count), the organisation (as a card
  names it; the submitting user it does not), code links (``githubRepo``, ``github_links``), the
  paper's date (``publishedAt``);
* the listing day (``submittedOnDailyAt``, ``listed_date``, ``scraped_date``), kept on each record;
  the page's when all its papers share one; and the capture date (``scraped_at``, ``fetched_at``,
  ``retrieved_at``), the latest any paper gives.

Each paper's line is the line its object starts on. JSON with no such list gives no records and
one reject saying so; text that is not JSON is left to the other readers (``None``)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.normalize import clean_display, normalize_arxiv_id

MIN_PAPER_SHARE = 0.5  # of a list's objects that look like papers, for it to be the listing
REJECT_CHARS = 300


@dataclass
class JsonListing:
    """What a JSON listing holds. ``papers``: Record fields and ``line_number`` (the line the
    object starts on); ``facts``: ``listed`` and ``captured`` dates and the keys that gave them;
    ``others``: (line, text) of what is no paper (an object in the list that is not one, or the
    whole document when it holds no list of papers)."""

    papers: list[dict[str, Any]]
    facts: dict[str, Any]
    warnings: list[str]
    others: list[tuple[int, str]]


_TITLE = ("title", "papertitle")
_ABSTRACT = ("abstract", "summary", "papersummary", "description")
_ID = ("arxivid", "paperid", "arxiv", "id")
_URL = ("paperurl", "url", "link", "hfurl", "pageurl", "arxivpageurl", "arxivurl", "pdfurl", "absurl")
_UPVOTES = ("upvotes", "votes", "stars", "likes")
_COMMENTS = ("numcomments", "comments", "commentcount", "ncomments")
_AUTHORS = ("authors", "authornames")
_ORG = ("organization", "organisation", "org")  # what a card names (the submitter it does not)
_CODE = ("githubrepo", "githublinks", "github", "code", "codeurl", "repo")
_PUBLISHED = ("publishedat", "published", "publisheddate", "publicationdate")
# As the page's date source is named (``source_files.capture_source``); looked up normalised.
_LISTED = ("submittedOnDailyAt", "listed_date", "listing_date", "daily_date", "scraped_date", "date")
_CAPTURED = (
    "scraped_at",
    "fetched_at",
    "retrieved_at",
    "exported_at",
    "captured_at",
    "saved_at",
    "scraped_date",
)
_NESTED = ("paper", "details")

_PAPER_URL = re.compile(r"(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf))/(\d{4}\.\d{4,5}(?:v\d+)?)")
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kK])?\s*$")


def parse_json_listing(text: str) -> JsonListing | None:
    """The papers of a JSON listing; None when ``text`` is not JSON. Never raises."""
    head = text.lstrip()[:1]
    if head not in ("[", "{"):
        return None
    elements = _json_elements(text)
    if elements is None:
        return None
    papers, listed, captured, others = [], Counter(), Counter(), []
    for line, value in elements:
        found = _paper(value)
        if found is None:
            others.append((line, json.dumps(value, ensure_ascii=False)[:REJECT_CHARS]))
            continue
        found["line_number"] = line
        papers.append(found)
        listed.update(found.pop("_listed"))
        captured.update(found.pop("_captured"))
    facts: dict[str, Any] = {}
    warnings = []
    days = {day for _, day in listed}
    if len(days) == 1:
        (day,) = days
        facts["listed"], facts["listed_text"] = day, day.isoformat()
    elif days:  # no one listing day for the file: each sighting keeps its own
        warnings.append(
            f"papers of {len(days)} listing days ({min(days)} to {max(days)}) in one file: "
            "each is listed on its own day"
        )
    if captured:
        (key, day), _ = max(captured.items(), key=lambda item: (item[0][1], item[1]))
        facts["captured"], facts["captured_key"] = day, key
    if not papers:  # no listing: the document is one reject, not one per object
        others = [(1, text.strip()[:REJECT_CHARS])]
    return JsonListing(papers, facts, warnings, others)


def _json_elements(text: str) -> list[tuple[int, Any]] | None:
    """(line, value) of each element of the document's paper list, or of each line of JSON Lines;
    None when the text is no JSON."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return _json_lines(text)
    path = _listing_path(document)
    if path is None:
        return []
    listing = document
    for key in path:
        listing = listing[key]
    try:
        elements = _elements_at(text, path)
    except (ValueError, IndexError):
        elements = []
    if [value for _, value in elements] != listing:  # the walk went astray (a key given twice)
        return [(1, value) for value in listing]
    return elements


def _json_lines(text: str) -> list[tuple[int, Any]] | None:
    """JSON Lines: every non-blank line one JSON object (None if any is not)."""
    elements = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(value, dict):
            return None
        elements.append((number, value))
    return elements or None


def _listing_path(document: Any, depth: int = 0) -> list[str] | None:
    """Keys down to the longest list whose objects mostly look like papers ([] for the document)."""
    best: tuple[int, list[str]] | None = None
    if isinstance(document, list):
        objects = [item for item in document if isinstance(item, dict)]
        papers = sum(1 for item in objects if _looks_like_paper(item))
        if papers and papers >= MIN_PAPER_SHARE * len(document):
            best = (papers, [])
    elif isinstance(document, dict) and depth < 4:
        for key, value in document.items():
            if isinstance(value, (list, dict)):
                below = _listing_path(value, depth + 1)
                if below is not None:
                    size = _list_at(value, below)
                    if best is None or size > best[0]:
                        best = (size, [key, *below])
    return None if best is None else best[1]


def _list_at(document: Any, path: list[str]) -> int:
    for key in path:
        document = document[key]
    return len(document)


def _elements_at(text: str, path: list[str]) -> list[tuple[int, Any]]:
    """The elements of the list at ``path`` with the line each starts on, decoding the text once
    more element by element (``json`` keeps no positions)."""
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0)
    for key in path:  # walk into the object that holds the list
        index = _skip_space(text, index + 1)  # past "{"
        while True:
            name, index = decoder.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past ":"
            if name == key:
                break
            _, index = decoder.raw_decode(text, index)
            index = _skip_space(text, _skip_space(text, index) + 1)  # past ","
    elements = []
    index = _skip_space(text, index + 1)  # past "["
    line, counted = 1, 0
    while index < len(text) and text[index] != "]":
        line += text.count("\n", counted, index)
        counted = index
        value, index = decoder.raw_decode(text, index)
        elements.append((line, value))
        index = _skip_space(text, index)
        if index < len(text) and text[index] == ",":
            index = _skip_space(text, index + 1)
    return elements


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _fields(value: dict) -> dict[str, Any]:
    """The object's fields by normalised name, those of a nested ``paper`` / ``details`` object
    over them (the API's ``paper`` holds the paper's own: its id, its ``publishedAt``)."""
    fields = {_name(key): item for key, item in value.items()}
    for nested in _NESTED:
        inner = fields.get(nested)
        if isinstance(inner, dict):
            fields.update({_name(key): item for key, item in inner.items() if item not in (None, "", [], {})})
    return fields


def _name(key: str) -> str:
    """``numComments``, ``num_comments`` -> ``numcomments``; ``_id`` (a database id) stays apart."""
    return key if key.startswith("_") else key.replace("_", "").replace("-", "").lower()


def _looks_like_paper(value: dict) -> bool:
    """A title, and an arXiv id or an abstract (a list of models has names and descriptions)."""
    fields = _fields(value)
    return bool(_first_text(fields, _TITLE)) and (
        _arxiv_id(fields) is not None or bool(_first_text(fields, ("abstract", "summary")))
    )


def _paper(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not _looks_like_paper(value):
        return None
    fields = _fields(value)
    raw_title = _first_text(fields, _TITLE) or ""
    raw_abstract = _first_text(fields, _ABSTRACT) or ""
    published = _first(fields, _PUBLISHED)
    return {
        "raw_title": raw_title,
        "raw_abstract": raw_abstract,
        "title": _shown(raw_title),
        "abstract": _shown(raw_abstract),
        "arxiv_id": _arxiv_id(fields),
        "upvotes": _count(_first(fields, _UPVOTES)),
        "n_comments": _count(_first(fields, _COMMENTS)),
        "n_authors": _authors(_first(fields, _AUTHORS)),
        "submitted_by": _who(_first(fields, _ORG)),
        "code_links": _links(_first(fields, _CODE)),
        "published_date": _day(published),
        "published_date_text": published if isinstance(published, str) else None,
        "listed_date": next((day for key in _LISTED if (day := _day(fields.get(_name(key))))), None),
        "_listed": [(key, day) for key in _LISTED if (day := _day(fields.get(_name(key))))][:1],
        "_captured": [(key, day) for key in _CAPTURED if (day := _day(fields.get(_name(key))))][:1],
    }


def _shown(text: str) -> str:
    """A text as a page would show it: JSON strings may hold control characters (``reveal\x02ing``,
    a PDF's soft hyphen) that no page shows."""
    return clean_display(_CONTROL.sub("", text) if not text.isprintable() else text)


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = fields.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _first_text(fields: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _arxiv_id(fields: dict[str, Any]) -> str | None:
    for name in _ID:
        value = fields.get(name)
        if isinstance(value, str) and (found := normalize_arxiv_id(value)):
            return found
    for name in _URL:
        value = fields.get(name)
        if isinstance(value, str) and (match := _PAPER_URL.search(value)):
            return normalize_arxiv_id(match[1])
    return None


def _count(value: Any) -> int | None:
    """A count as a number, or as text (``"7"``, ``"1.2k"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value >= 0 else None
    if isinstance(value, str) and (match := _COUNT.match(value)):
        return int(float(match[1]) * (1000 if match[2] else 1))
    return None


def _authors(value: Any) -> int | None:
    if isinstance(value, list) and value:
        return len(value)
    if isinstance(value, int):
        return value
    return None


def _who(value: Any) -> str | None:
    """An organisation or submitter: a name, or an object with ``fullname`` / ``name``."""
    if isinstance(value, dict):
        value = value.get("fullname") or value.get("name")
    return clean_display(value) if isinstance(value, str) and value.strip() else None


def _links(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item.strip() for item in items if isinstance(item, str) and item.strip().startswith("http")]


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not (match := _ISO_DAY.match(value.strip())):
        return None
    try:
        return date.fromisoformat(match[1])
    except ValueError:
        return None
