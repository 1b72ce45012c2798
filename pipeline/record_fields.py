"""A paper's fields in a structured export (a JSON object, a CSV row), found by their names.

Names are compared without case, underscores and dashes (``numComments``, ``num_comments``), in the
record or in one nested under ``paper`` or ``details`` (the daily papers API nests the paper's own
fields under ``paper``):

* title; abstract (``summary``, ``abstract``, a JSON Feed's ``content_text`` or the text of its
  ``content_html``, a read-later export's ``excerpt`` or ``Selection``; never ``ai_summary``);
  arXiv id (``id``, ``arxiv_id``, ``paper_id``, or a huggingface.co/papers or arxiv.org URL, also
  root-relative as a page's ``href`` has it: ``/papers/2511.21631``);
* upvotes (``upvotes``, a scraper's ``stars``, as a number or digits, ``1.2k``), comments
  (``numComments``), authors (a list of names or of ``{"name": …}``, or names in one text: the
  author count), the organisation (as a card names it; the submitting user it does not), code links
  (``githubRepo``, ``github_links``), the paper's date (``publishedAt``, ``date_published``);
* the listing day (``submittedOnDailyAt``, ``listed_date``, ``scraped_date``), kept on each record,
  the page's when all its papers share one; the capture date (``scraped_at``, ``fetched_at``,
  ``retrieved_at``), the latest any paper gives.

A record is a paper when it has a title, and an arXiv id or an abstract (a list of models has names
and descriptions)."""

from __future__ import annotations

import ast
import functools
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import median
from typing import Any

from pipeline.generic_columns import generic_roles, is_generic
from pipeline.html_pages import HTML_ELEMENT_TAG
from pipeline.normalize import clean_display, normalize_arxiv_id
from pipeline.page_facts import url_listing_day

REJECT_CHARS = 300
MAX_COUNT = 2**31 - 1  # the sightings' count columns are 32-bit


@dataclass
class StructuredListing:
    """What a structured export holds. ``papers``: Record fields and ``line_number`` (the line the
    record starts on); ``facts``: ``listed`` and ``captured`` dates and the keys that gave them;
    ``others``: (line, text) of what is no paper (a record that is not one, or the whole file when
    it holds no papers); ``reasons``: why, for a line of ``others`` a reader set aside for a reason
    of its own."""

    papers: list[dict[str, Any]]
    facts: dict[str, Any]
    warnings: list[str]
    others: list[tuple[int, str]]
    reasons: dict[int, str] = field(default_factory=dict)


_TITLE = ("title", "papertitle")
# JSON Feed's content_text; a read-later export's page description (Raindrop's ``excerpt``,
# Instapaper's ``Selection``), which for a paper's page is its abstract; schema.org's
# ``articleBody`` (Zyte's ``articleList``: a card's text).
_ABSTRACT = (
    "abstract",
    "summary",
    "papersummary",
    "description",
    "contenttext",
    "excerpt",
    "selection",
    "articlebody",
)
_ABSTRACT_HTML = ("contenthtml",)  # JSON Feed's content_html: its text
_ID = ("arxivid", "paperid", "arxiv", "id")
_URL = ("paperurl", "url", "link", "hfurl", "pageurl", "arxivpageurl", "arxivurl", "pdfurl", "absurl")
_UPVOTES = ("upvotes", "votes", "stars", "likes")
_COMMENTS = ("numcomments", "comments", "commentcount", "ncomments")
_AUTHORS = ("authors", "authornames")
_ORG = ("organization", "organisation", "org")  # what a card names (the submitter it does not)
_CODE = ("githubrepo", "githublinks", "github", "code", "codeurl", "repo")
_PUBLISHED = ("publishedat", "published", "publisheddate", "publicationdate", "datepublished")
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

# A paper's page on the site or on arXiv; the group is its id (also read by the text listings).
PAPER_URL = re.compile(r"(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf))/(\d{4}\.\d{4,5}(?:v\d+)?)")
# The same path as a scraper keeps it from the page's ``href``: root-relative (``/papers/2511.21631``).
_RELATIVE_PAPER_URL = re.compile(r"^\s*/?papers/(\d{4}\.\d{4,5}(?:v\d+)?)(?:[/?#]|\s*$)")
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINK_SEPARATORS = re.compile(r"[\s,;]+")
# A count as text, maybe with an icon after it ("126 ⬆️")
_COUNT = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*([kK])?(?:\s*[^\w\s]{1,3})?"
    r"(?:\s*(?:upvotes?|votes?|likes?|stars?|comments?|赞))?\s*$",  # a scraper's "12 upvotes", "12赞"
    re.IGNORECASE,
)
# An author count written out: "5 authors", "5位作者" (Chinese: "5 authors")
# "61 authors", "61位作者"; a note in brackets may follow ("61位作者 (taesiri提交)": submitted by taesiri)
_AUTHOR_COUNT = re.compile(
    r"^\s*(\d{1,4})\s*(?:authors?|位作者|名作者)\s*(?:[(（][^()（）]{0,60}[)）]\s*)?$", re.IGNORECASE
)


def leading_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines of ``text`` (fewer if it has fewer), without copying the rest: the
    structured readers' first test runs on every page, and ``split``/``partition`` copied it whole."""
    lines, start = [], 0
    while len(lines) < n:
        end = text.find("\n", start)
        if end < 0:
            lines.append(text[start:])
            break
        lines.append(text[start:end])
        start = end + 1
    return lines


def listing_of(
    records: Iterable[tuple[int, Any]], text: str, *, title_suffices: bool = False
) -> StructuredListing:
    """The papers among ``records`` ((line, record) pairs) of the export ``text`` (``title_suffices``:
    a reader that found each card by its layout takes a title with a count or a date as a paper)."""
    papers: list[dict[str, Any]] = []
    listed: Counter = Counter()
    captured: Counter = Counter()
    others = []
    records = _generic_columns_named(list(records))
    read = [(line, value, paper_fields(value, title_suffices=title_suffices)) for line, value in records]
    # A row shaped like the papers' rows (the same columns) is a paper with its title and a count or
    # a date alone: a card the site shows without a summary, saved to a sheet that has no id column.
    shapes = {frozenset(value) for _, value, found in read if found is not None}
    for line, value, found in read:
        if found is None and isinstance(value, dict) and frozenset(value) in shapes:
            found = paper_fields(value, title_suffices=True)
        if found is None:
            others.append((line, json.dumps(value, ensure_ascii=False, default=str)[:REJECT_CHARS]))
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
    if not papers:  # no listing: the file is one reject, not one per record
        others = [(1, text.strip()[:REJECT_CHARS])]
    return StructuredListing(papers, facts, warnings, others)


def _generic_columns_named(records: list[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """The records with a no-code scraper's generic columns (``Field1``, ``Text``, ``selection2``)
    renamed to the field their values show, where the named columns lack it (``generic_columns``)."""
    values = [value for _, value in records if isinstance(value, dict)]
    if not values or not any(is_generic(str(key)) for value in values[:50] for key in value):
        return records
    named: set[str] = set()
    titles = []
    for value in values:
        fields = _fields(value)
        named.update(name for name, item in fields.items() if item not in (None, ""))
        if title := _first_text(fields, _TITLE):
            titles.append(len(title))
    wanted = {"abstract": set(_ABSTRACT), "upvotes": set(_UPVOTES), "numcomments": set(_COMMENTS)}
    wanted["authors"] = set(_AUTHORS)
    roles = generic_roles(values, lambda field: bool(named & wanted[field]), median(titles) if titles else 0)
    if not roles:
        return records
    return [
        (line, {roles.get(k, k): v for k, v in value.items()} if isinstance(value, dict) else value)
        for line, value in records
    ]


def papers_listing(
    records: Iterable[tuple[int, Any]], text: str, *, title_suffices: bool = False
) -> StructuredListing | None:
    """``listing_of`` for a reader that claims a text only when it gives papers: None when none of
    ``records`` is one (the text is left to the other readers)."""
    found = listing_of(records, text, title_suffices=title_suffices)
    return found if found.papers else None


def _fields(value: dict) -> dict[str, Any]:
    """The object's fields by normalised name, those of a nested ``paper`` / ``details`` object
    over them (the API's ``paper`` holds the paper's own: its id, its ``publishedAt``). A table's
    ``Name`` column is the title of a row that names its paper's id (a list of models has names)."""
    fields = {_name(key): item for key, item in value.items()}
    if loose := _loose_keys(tuple(key for key, item in value.items() if not isinstance(item, dict | list))):
        fields.update({loose[key]: value[key] for key in loose if loose[key] not in fields})
    for nested in _NESTED:
        inner = fields.get(nested)
        if isinstance(inner, dict):
            fields.update({_name(key): item for key, item in inner.items() if item not in (None, "", [], {})})
    if _NAME_IF_IDENTIFIED in fields and "title" not in fields and _arxiv_id(fields) is not None:
        fields["title"] = fields[_NAME_IF_IDENTIFIED]
    return fields


@functools.lru_cache(maxsize=1024)
def _loose_keys(keys: tuple[str, ...]) -> dict[str, str]:
    """A record's keys named in a person's or a scraper's words (``title_url``, ``Title Link``,
    ``paper-href``, ``votes``, ParseHub's ``name``) -> the field each names, as a table's columns
    are read (``header_names``); only scalar values: a nested object keeps its own name (the API's
    ``paper``)."""
    names = header_names(keys)
    return {
        key: name
        for key, name in zip(keys, names, strict=True)
        if name in _LOOSE_FIELDS and name != _name(key)
    }


def _name(key: str) -> str:
    """``numComments``, ``num_comments`` -> ``numcomments``; ``_id`` (a database id) stays apart."""
    return key if key.startswith("_") else key.replace("_", "").replace("-", "").lower()


# Every name a paper's field goes by (normalised): a page of ``Label: value`` lines uses them too
# (``pipeline.labelled_listing``).
_ALL_NAMES = (_TITLE, _ABSTRACT, _ID, _URL, _UPVOTES, _COMMENTS, _AUTHORS, _ORG, _CODE, _PUBLISHED, _LISTED)
FIELD_NAMES = frozenset(_name(n) for names in _ALL_NAMES for n in names)
TITLE_NAMES = frozenset(_TITLE)
# The listing and capture days' names (normalised): a day's object passes them to its papers.
DATE_NAMES = frozenset(_name(n) for n in (*_LISTED, *_CAPTURED))
ABSTRACT_NAMES = frozenset(_ABSTRACT)
ID_OR_URL_NAMES = frozenset((*_ID, *_URL))


# What people name a column in a sheet of their own (``Paper``, ``TL;DR / Abstract``, ``👍``, ``💬``,
# ``# Authors``, ``arXiv link``): read by its words when no column carries the field's own name.
_UPVOTE_SIGNS = ("👍", "▲", "⬆", "🔼", "⭐", "★", "❤", "♥")
_COMMENT_SIGNS = ("💬", "🗨")
_LABEL_WORDS = 3
_OTHER_LINKS = frozenset(
    {"comment", "comments", "project", "demo", "video", "blog", "thumbnail", "image", "author"}
)
_NAME_IF_IDENTIFIED = "name (title with an id)"
_NOT_THE_TEXT = frozenset({"ai", "key", "length", "len", "count", "chars", "words", "id", "url", "link"})


# The same words in the languages a spreadsheet's user may write its header in (German, French,
# Spanish, Portuguese, Italian, Dutch, Chinese, Japanese, Korean).
_WORDS = {
    "numcomments": {"comment", "comments", "kommentare", "commentaires", "comentarios", "commenti", "评论"}
    | {"コメント", "댓글"},
    "upvotes": {"upvote", "upvotes", "votes", "likes", "stimmen", "votos", "voti", "点赞", "票数"},
    "url": {"url", "link", "href", "lien", "enlace", "链接", "链接地址", "リンク", "링크"},
    "authors": {"authors", "autoren", "auteurs", "autores", "autori", "作者", "著者", "저자"},
    "abstract": {"abstract", "summary", "tldr", "zusammenfassung", "kurzfassung", "résumé", "resume"}
    | {"resumen", "resumo", "riassunto", "samenvatting", "摘要", "概要", "要約", "초록", "요약"},
    "title": {"title", "titel", "titre", "título", "titulo", "titolo", "标题", "題名", "タイトル", "제목"},
    "date": {"datum", "fecha", "日期", "日付", "날짜"},
}


# Chinese and Japanese write a label as one word (论文标题: "paper title"), its last part naming
# what it is: 作者单位 (the authors' institution) is no author list. A count's 数 may close it (点赞数).
# A subtitle or a translation (副标题, サブタイトル, 中文标题, 中文摘要) is not the field itself.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_CJK_TERMS = frozenset(term for terms in _WORDS.values() for term in terms if _CJK.search(term))
_CJK_COUNT = re.compile(r"(?:数|数量|件数)$")
_CJK_NOT_THE_FIELD = ("副", "サブ", "中文", "中国語", "翻译", "翻訳", "译")


def _cjk_terms(word: str) -> set[str]:
    """The terms of _WORDS that end a Chinese or Japanese label's word (``论文标题`` -> 标题)."""
    stem = _CJK_COUNT.sub("", word) or word
    if any(mark in stem for mark in _CJK_NOT_THE_FIELD):
        return set()
    return {term for term in _CJK_TERMS if stem.endswith(term)}


# What ``_loose_name`` can name a column or a key (``_fields`` reads each under these names).
_LOOSE_FIELDS = frozenset(
    {"arxivurl", "arxivid", "url", "code", "numcomments", "upvotes", "authors", "abstract", "title", "date"}
    | {_NAME_IF_IDENTIFIED}
)


def _loose_name(label: str, *, compounds: bool = True) -> str | None:
    """The field a column named in a person's words holds, or None. ``compounds``: a Chinese or
    Japanese word names the field its last term names (``header_names`` first tries without)."""
    words = re.findall(r"[^\W_]+", label.lower())
    if len(words) > _LABEL_WORDS:  # a sentence (``Title, abstract and a note``), not a column's name
        return None
    named = set(words)
    if compounds:
        named |= {term for word in words if _CJK.search(word) for term in _cjk_terms(word)}
    if "arxiv" in named:
        return "arxivurl" if named & {"url", "link", "page", "abs", "pdf"} else "arxivid"
    if named & _WORDS["url"]:  # a link: the paper's, its code's, or something else's
        if named & {"code", "github", "repo", "repository"}:
            return "code"
        return None if named & _OTHER_LINKS else "url"
    if any(sign in label for sign in _COMMENT_SIGNS) or named & _WORDS["numcomments"]:
        return "numcomments"
    if any(sign in label for sign in _UPVOTE_SIGNS) or named & _WORDS["upvotes"]:
        return "upvotes"
    if named & _WORDS["authors"] or ("author" in named and named & {"s", "count", "number", "n"}):
        return "authors"
    if named & _NOT_THE_TEXT:
        return None
    if named & _WORDS["abstract"] or {"tl", "dr"} <= named:
        return "abstract"
    if named & _WORDS["title"] or words in (["paper"], ["paper", "name"], ["headline"]):
        return "title"
    if words == ["name"]:  # a database's first column (Notion, Airtable): a paper's title only with its id
        return _NAME_IF_IDENTIFIED
    if words and words[0] in _WORDS["date"]:
        return "date"
    return None


def header_names(labels: Iterable[str]) -> list[str]:
    """A table's column labels as field names: a label that names a field (``field_name``) is that
    field; one in a person's words (``Paper``, ``TL;DR / Abstract``, ``👍``) is the field those words
    name when no other column holds it already; any other label stays as it is (``My notes``)."""
    labels = [str(label).strip() for label in labels]
    names = [field_name(label) for label in labels]
    taken = {name for name in names if name in FIELD_NAMES}
    for compounds in (False, True):  # "标题" names the title before "论文标题" may
        for i, label in enumerate(labels):
            loose = _loose_name(label, compounds=compounds) if names[i] not in FIELD_NAMES else None
            if loose and loose not in taken:
                taken.add(loose)
                names[i] = loose
    return names


def field_name(label: str) -> str:
    """A label as written (``Paper URL``, ``arXiv ID``, ``num_comments``) as a field's name."""
    return _name(label.replace(" ", "").replace(".", ""))


_LISTED_NAMES = frozenset(_name(n) for n in _LISTED)


def listed_day_of_page(value: dict, around: dict) -> dict[str, str]:
    """``{"listing_date": day}`` for an object around a list of papers whose URL is a daily
    listing's (a crawler's item per page: Apify's ``url``, ``loadedUrl``), where neither it nor the
    objects around it name the day; else {}. Before, the papers of a dataset of many days' pages
    had no listing day."""
    if any(field_name(str(key)) in _LISTED_NAMES for key in (*around, *value)):
        return {}
    for key, item in value.items():
        if isinstance(item, str) and field_name(str(key)).endswith("url") and (day := url_listing_day(item)):
            return {"listing_date": day.isoformat()}
    return {}


def names_a_paper(columns: Iterable[str]) -> bool:
    """Whether a table's column names can give a paper: a title, and an id, a URL or an abstract."""
    names = set(header_names(columns))
    identified = bool(names & {*_ID, *_URL})
    titled = bool(names & set(_TITLE)) or (identified and _NAME_IF_IDENTIFIED in names)
    return titled and (identified or bool(names & {"abstract", "summary"}))


def looks_like_paper(value: dict) -> bool:
    """A title, and an arXiv id or an abstract (a list of models has names and descriptions)."""
    return _paper_like(_fields(value))


def looks_identified(value: dict) -> bool:
    """Whether a record names its arXiv id (an id field, or a paper's URL)."""
    return _arxiv_id(_fields(value)) is not None


def _paper_like(fields: dict[str, Any]) -> bool:
    return bool(_first_text(fields, _TITLE)) and (
        _arxiv_id(fields) is not None or bool(_first_text(fields, ("abstract", "summary")))
    )


def paper_fields(value: Any, *, title_suffices: bool = False) -> dict[str, Any] | None:
    """Record fields of a paper, or None when ``value`` is no paper (``title_suffices``: a title with
    a count or a date of its card makes one, without an id or an abstract)."""
    if not isinstance(value, dict):
        return None
    fields = _fields(value)
    if not (_paper_like(fields) or (title_suffices and _titled_card(fields))):
        return None
    listed = _first_day(fields, _LISTED)
    raw_title = _first_text(fields, _TITLE) or ""
    raw_abstract = _first_text(fields, _ABSTRACT) or text_of_html(_first_text(fields, _ABSTRACT_HTML)) or ""
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
        "listed_date": listed[0][1] if listed else None,
        "_listed": listed,
        "_captured": _first_day(fields, _CAPTURED),
    }


def _titled_card(fields: dict[str, Any]) -> bool:
    """Whether a record is a card by its title alone: a title in words and a count or a date of its
    card (a table's other rows, such as a summary under the papers, give neither, or numbers)."""
    title = _first_text(fields, _TITLE) or ""
    return any(c.isalpha() for c in title) and _card_fact(fields)


def _card_fact(fields: dict[str, Any]) -> bool:
    """Whether a record gives more of a card than its title: a count or a date."""
    counts = (
        _count(_first(fields, _UPVOTES)),
        _count(_first(fields, _COMMENTS)),
        _authors(_first(fields, _AUTHORS)),
    )
    return any(n is not None for n in counts) or bool(
        _first_day(fields, _LISTED) or _day(_first(fields, _PUBLISHED))
    )


def text_of_html(value: str | None) -> str | None:
    """The text of an HTML field: the tags of HTML's own elements dropped (an abstract's own
    ``<think>`` stays), entities read."""
    return html.unescape(HTML_ELEMENT_TAG.sub(" ", value)) if value else None


def _first_day(fields: dict[str, Any], keys: tuple[str, ...]) -> list[tuple[str, date]]:
    """[(key, day)] of the first of ``keys`` holding an ISO date, or []."""
    for key in keys:
        if day := _day(fields.get(_name(key))):
            return [(key, day)]
    return []


def _shown(text: str) -> str:
    """A text as a page would show it: JSON strings may hold control characters (``reveal\x02ing``,
    a PDF's soft hyphen) that no page shows."""
    return clean_display(_CONTROL.sub("", text) if not text.isprintable() else text)


# What a scraper or a language model writes where a card shows nothing (ScrapeGraphAI's prompts
# ask for "NA"): no value, so the next field of the name or none is read; before, "NA" and
# "Not available" were published as abstracts.
_PLACEHOLDERS = frozenset(
    {"na", "n/a", "n.a", "none", "null", "nil", "nan", "undefined", "-", "—", "–", "?", "tbd"}
    | {"not available", "not provided", "not found", "not specified", "not applicable", "unknown"}
    | {"no abstract", "no abstract available", "no summary", "no summary available", "no description"}
)


def _placeholder(value: str) -> bool:
    return len(value) < 24 and value.strip().strip(".").lower() in _PLACEHOLDERS


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = fields.get(name)
        if value not in (None, "", [], {}) and not (isinstance(value, str) and _placeholder(value)):
            return value
    return None


def _first_text(fields: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = fields.get(name)
        if isinstance(value, str) and value.strip() and not _placeholder(value):
            return value
    return None


# An id a spreadsheet stored as a number lost its trailing zeros (2512.10430 -> 2512.1043); ids
# have had five digits after the point since 2015 (1501), so a shorter one there was cut.
_NUMERIC_ID = re.compile(r"^(\d{2})(\d{2})\.(\d{3,4})$")
_FIVE_DIGIT_IDS_FROM = 1501


def _arxiv_id(fields: dict[str, Any]) -> str | None:
    """The record's arXiv id: from an id field, else a paper's URL, else an id a number cell cut
    short (last: a table printed with rounded numbers, ``2512.1``, is no id to restore)."""
    ids = [repr(v) if isinstance(v, float) else v for v in map(fields.get, _ID)]
    for value in ids:
        if (
            isinstance(value, str)
            and _zeros_restored(value) == value
            and (found := normalize_arxiv_id(value))
        ):
            return found
    for name in _URL:
        value = fields.get(name)
        if isinstance(value, str) and (match := PAPER_URL.search(value) or _RELATIVE_PAPER_URL.match(value)):
            return normalize_arxiv_id(match[1])
    for name, value in fields.items():  # a link under another name: "arxiv", "id", "pdf", "source"
        if _linkish(name) and isinstance(value, str) and (match := _WHOLE_PAPER_URL.match(value.strip())):
            return normalize_arxiv_id(match[1])
    for value in ids:
        if isinstance(value, str) and (found := normalize_arxiv_id(_zeros_restored(value))):
            return found
    return None


# A value that is a paper's address and nothing else, or an id written as arXiv cites it.
_WHOLE_PAPER_URL = re.compile(
    r"^(?:https?://(?:www\.)?(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf|html))/|arxiv:\s*)"
    r"(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?(?:[?#]\S*)?$",
    re.IGNORECASE,
)
_LINK_NAMES = frozenset({"arxiv", "id", "paper", "page", "source", "pdf", "abs", "web", "website"})


def _linkish(name: str) -> bool:
    """A field's name that may hold the paper's address (``arxiv_link``, ``paper``, ``pdf``)."""
    return name in _LINK_NAMES or name.endswith(("url", "link", "href", "pdf", "page"))


def _zeros_restored(value: str) -> str:
    """An id with the trailing zeros a number cell dropped put back (``2512.1043`` -> ``2512.10430``)."""
    match = _NUMERIC_ID.match(value.strip())
    if match is None or int(match[1] + match[2]) < _FIVE_DIGIT_IDS_FROM:
        return value
    return f"{match[1]}{match[2]}.{match[3]:0<5}"


def _count(value: Any) -> int | None:
    """A count as a number, or as text (``"7"``, ``"1.2k"``); None for anything a count cannot be
    (negative, not finite, beyond a 32-bit column)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and (match := _COUNT.match(value.strip().strip("*_`"))):  # **167** in a table
        value = float(match[1]) * (1000 if match[2] else 1)
    if isinstance(value, int | float) and math.isfinite(value) and 0 <= value <= MAX_COUNT:
        return int(value)
    return None


_ET_AL = re.compile(r"\bet al\.?\s*(?:\([^()]*\)\s*)?$", re.IGNORECASE)  # "… et al. (NVIDIA)"
_MORE_AUTHORS = re.compile(
    r"\s*(?:,\s*)?(?:\band\b|&|\+)\s*(\d{1,4})\s+(?:more|others?)\s*\.?\s*$", re.IGNORECASE
)

# What a script writes where it has no authors: no name, so no count.
_NO_AUTHORS = frozenset(
    {"unknown", "n/a", "na", "none", "null", "-", "—", "not available", "anonymous", "未知"}  # 未知: unknown
)


def _authors(value: Any) -> int | None:
    """The author count: of a list, of names in one text (``A, B; C``, a list as text), or a count;
    None for a placeholder (``Unknown``, ``N/A``)."""
    if isinstance(value, str):
        if value.strip().strip(".").lower() in _NO_AUTHORS:
            return None
        if counted := _AUTHOR_COUNT.match(value):
            return int(counted[1])
        if _ET_AL.search(value):  # "A. Smith et al.": more than the names shown, how many not said
            return None
        if more := _MORE_AUTHORS.search(value):  # "Alice Smith, Bob Li and 3 others"
            named = _authors(value[: more.start()])
            return min((named or 0) + int(more[1]), MAX_COUNT)
        value = _listed_in_text(value)
    if isinstance(value, list) and value:
        return min(len(value), MAX_COUNT)
    return _count(value) if isinstance(value, int) else None


def _listed_in_text(text: str) -> list | int | str:
    """What a CSV cell holds: a list written as JSON or Python (``['A', 'B']``) or YAML (``[A, B]``),
    a count, or names separated by ``;`` or ``,``."""
    text = text.strip()
    if text.startswith("["):
        try:
            found = json.loads(text)
        except (ValueError, RecursionError):
            try:
                found = ast.literal_eval(text)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                found = None
        if isinstance(found, list):
            return found
        if not text.endswith("]"):
            return text
        text = text[1:-1]  # a YAML flow list, names unquoted: [A, B]
    if text.isdigit():
        return int(text)
    separator = ";" if ";" in text else ","
    return [name for name in text.split(separator) if name.strip()]


def _who(value: Any) -> str | None:
    """An organisation: a name, or an object with ``fullname`` / ``name``."""
    if isinstance(value, dict):
        value = value.get("fullname") or value.get("name")
    return clean_display(value) if isinstance(value, str) and value.strip() else None


def _links(value: Any) -> list[str]:
    if isinstance(value, str) and value.strip().startswith("["):
        value = _listed_in_text(value)
    if isinstance(value, str):
        value = _LINK_SEPARATORS.split(value)
    items = value if isinstance(value, list) else []
    return [item.strip() for item in items if isinstance(item, str) and item.strip().startswith("http")]


# Days as spreadsheets write them besides ISO: a European locale's ``15.12.2025`` (day first, the
# only order with dots), and a date cell exported in General format as Excel's serial number.
_DOTTED_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIALS = range(36526, 73051)  # 2000-01-01 to 2099-12-31


def _day(value: Any) -> date | None:
    """An ISO day (or the day of an ISO time), a dotted European one, or an Excel serial number."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if match := _ISO_DAY.match(text):
            return date.fromisoformat(match[1])
        if match := _DOTTED_DAY.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if text.isdigit() and int(text) in _EXCEL_SERIALS:
            return _EXCEL_EPOCH + timedelta(days=int(text))
    except ValueError:
        return None
    return None
