"""The words of a Hugging Face listing card, shared by every reader: what the site's links look like
(a paper, its upvote and comment links, a submitter), the metadata a card shows (``5 authors``,
``▲ 12``, ``3 comments``, ``Submitted by``), the page's chrome (navigation, footers, menus), words a
wrapping tool broke at a hyphen, and what reads like an abstract rather than a title."""

from __future__ import annotations

import functools
import re

from pipeline.dates import parse_full_date, parse_page_date
from pipeline.normalize import normalize_arxiv_id
from pipeline.page_items import MISSING_REF

_PAPER_HREF = re.compile(
    r"^https?://(?:www\.)?(?:huggingface\.co/papers|arxiv\.org/(?:abs|pdf))/([^\s?#/]+?)(?:\.pdf)?/?(#.*)?$"
)
LOGIN_HREF = re.compile(r"^https?://(?:www\.)?huggingface\.co/login\?next=/papers/([^\s?#/&]+)")
LOGIN_ANY = re.compile(r"^https?://(?:www\.)?huggingface\.co/login\b")
_USER_HREF = re.compile(r"^https?://(?:www\.)?huggingface\.co/([A-Za-z0-9][\w.-]*)/?$")
CODE_HREF = re.compile(r"^https?://(?:www\.)?(?:github\.com|gitlab\.com|codeberg\.org)/[^/\s]+/[^/\s#?]+")
_NOT_USERS = frozenset(
    (
        "models",
        "datasets",
        "spaces",
        "docs",
        "pricing",
        "login",
        "join",
        "papers",
        "blog",
        "posts",
        "enterprise",
        "storage",
        "learn",
        "collections",
        "settings",
        "organizations",
        "search",
        "chat",
        "terms-of-service",
        "privacy",
        "huggingface",
        "tasks",
        "changelog",
        "inference-endpoints",
    )
)
_AUTHORS = re.compile(r"(?:^|[\s(·-])(\d{1,5})\s+authors?\)?$", re.IGNORECASE)  # "·5 authors": glued
# (a chat bot's "👍 7 upvotes", Slack's and Mattermost's ":+1: 7")
UPVOTE = re.compile(
    r"^(?:\[-\]|▲|△|⬆|↑|👍\ufe0f?|:\+1:|[Uu]pvote)?\s*(\d+(?:\.\d+)?[kK]|\d{1,7}|-)(?:\s+(?:up)?votes?|\s*赞)?$"
)
# A vote count a script wrote after the title on its line: "Title — 12 upvotes", "Title (12 votes)",
# a chat bot's "Title (👍 12)" (the thumb says what the count is, so the word may go)
TRAILING_VOTES = re.compile(
    r"^(?P<title>.*\S)\s+(?:[—–-]\s*|\(\s*|\[\s*)(?:▲|⬆\ufe0f?|↑|(?P<thumb>👍\ufe0f?))?\s*(?P<votes>\d{1,7})"
    r"(?(thumb)(?:\s+(?:up)?votes?)?|\s+(?:up)?votes?)\s*[)\]]?$",
    re.IGNORECASE,
)
COMMENTS = re.compile(r"^(\d{1,6})(?:\s+comments?)?$", re.IGNORECASE)
# A count alone as the site's cards of 2026 write it: "12", "1.09k" (a pattern to build others with)
COUNT_TEXT = r"\d{1,7}|\d{1,4}(?:\.\d{1,2})?[kK]"
SEPARATORS = re.compile(r"^[·•|\-–—\s]*$")
# "Jenny Zhang, Bingchen Zhao et al. (8 authors)": the first names, then the count
NAMED_AUTHORS = re.compile(r"(?:\bet al\.?\s*|,[^(),]{1,80}\s)\(\d{1,5}\s+authors?\)$", re.IGNORECASE)
COMMENT_ICON = re.compile(r"^💬\s*(\d{1,6})$")
IGNORED_META = re.compile(r"^(?:⭐\s*[\d.,]+[kKmM]?|\d{1,3}\s*(?:mo|[smhdwy])\s+ago)$")
META_SPLIT = re.compile(r"\s*[·•|]\s*")
SENTENCE_ENDS = (".", "!", "?", "…")
SUBMITTED_BY = re.compile(r"^submitted by\s+(.{0,80})$", re.IGNORECASE)
PUBLISHED_ON = re.compile(r"^(?:published|submitted)\s+on\s+", re.IGNORECASE)
TRUNCATION_NOTICE = re.compile(r"^\[?\s*(?:content\s+)?truncated\b.{0,40}$", re.IGNORECASE)
# The notice ``fetch_tool_answers`` writes where a fetch tool cut the page at a character count:
# the card before it may be cut inside its title (a capture's own notice follows a whole card).
CUT_MID_TEXT_NOTICE = "[Content truncated mid-text]"


def authors_match(text: str) -> re.Match[str] | None:
    """``12 authors`` at the end of a text (regex search only where the text ends so: most texts
    tested are long abstracts)."""
    return _AUTHORS.search(text) if "author" in text[-9:].lower() else None


def has_meta_separator(text: str) -> bool:
    return ("·" in text or "•" in text or "|" in text) and META_SPLIT.search(text) is not None


# The site's own lines that no paper's title or abstract is, alone on a line (compared lower-cased):
# its header, period switcher, pager and footer. The title/abstract reader (pipeline.plain_reader) skips
# these; a card never holds them either.
PAGE_CHROME = frozenset(
    {
        "subscribe",
        "daily papers",
        "daily papers - hugging face",  # the page's own title, as clippers head a note with it
        "trending papers",
        "daily",
        "weekly",
        "monthly",
        "load more",
        "previous",
        "next",
        "get trending papers in your email inbox once a day!",
        "get trending papers in your email inbox!",
        # both lines glued (BeautifulSoup's get_text() with no separator, html2markdown) or on one
        "get trending papers in your email inbox once a day!get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day! get trending papers in your email inbox!",
        # with the "new" badge before it (Readability's textContent joins the header's blocks)
        "newget trending papers in your email inbox once a day!get trending papers in your email inbox!",
        "by ak and the research community",
        "byak and the research community",
        "tos",  # the site's footer, as a converter without links writes it
        "privacy",
        "about",
        "careers",
    }
)
# Page chrome a card never holds (compared lower-cased): the above and the rest of the site's header.
CHROME = PAGE_CHROME | {
    "new",
    "system theme",
    "hugging face",
    "and the research community",
    "trending papers ranked by github stars activity",
    "search",
    "search any paper with ai",
    "submit paper",
    "latest ai research papers from huggingface papers, updated daily",  # a digest's subtitle
}
_CHROME_LONGEST = max(map(len, CHROME))
# The words of the site's menus (header and footer), for a line that is the whole menu in one
# ("Hugging Face Models Datasets … Sign Up", "* TOS, * Privacy, * About, * Careers,")
_MENU_WORDS = frozenset(
    {"hugging", "face", "models", "datasets", "spaces", "docs", "pricing", "log", "in", "sign", "up"}
    | {"tos", "privacy", "about", "careers"}
)
# The header's logo as an extractor writes its alt text (Debian's html2text: ``[Hugging Face's logo]``)
_SITE_LOGO = re.compile(r"\[?hugging face['’]s logo\]?")
_MENU_SEPARATORS = re.compile(r"[\s,*|•·]+")
MAX_TITLE_CHARS = 400
CHROME_MAX_CHARS = 60  # short text outside a card's fields is chrome, longer text a reject
_WRAPPED_HYPHEN = re.compile(r"[^\W\d_]-$")


def ends_in_broken_word(text: str) -> bool:
    """Whether text ends in a hyphen after a letter (``over-``), where a wrapping tool broke a
    hyphenated word. Only the last three characters can match (a letter, the hyphen, and the newline
    ``$`` allows before the end), so only they are searched: joining a paragraph line by line then
    costs its length, not its length squared."""
    return _WRAPPED_HYPHEN.search(text[-3:]) is not None


# After a line that ends in a hyphen, a conjunction: the hyphen is suspended ("Compute- and
# Data-Optimal", "token- and concept-width"), and the space after it the text's own.
_SUSPENDED_HYPHEN = re.compile(r"(?:and|or|nor|to|vs\.?)(?:\s|$)")


def joins_at_hyphen(text: str, following: str) -> bool:
    """Whether ``following`` goes on ``text`` without a space: ``text`` ends in a word a wrapping
    tool broke at its hyphen (``over-`` + ``fitting``), unless the hyphen is suspended."""
    return (
        ends_in_broken_word(text) and following[:1].isalpha() and _SUSPENDED_HYPHEN.match(following) is None
    )


def is_chrome(text: str) -> bool:
    """Page chrome, compared lower-cased. Lower-casing never makes a text shorter, so a text longer
    than every chrome phrase (every abstract) is not lower-cased at all."""
    return len(text) <= _CHROME_LONGEST and text.lower() in CHROME


def is_menu_line(text: str) -> bool:
    """A line of three or more of the site's menu entries and nothing else: an extractor that wrote
    the header's or the footer's links on one line. Checked only for text about to be rejected."""
    words = [word for word in _MENU_SEPARATORS.split(_SITE_LOGO.sub(" ", text.lower())) if word]
    return len(words) >= 3 and all(word in _MENU_WORDS for word in words)


@functools.lru_cache(maxsize=4096)
def paper_id(href: str) -> tuple[str, str] | None:
    """(role, arXiv id) an href gives: ("paper" | "comments" | "upvote", id)."""
    if href.startswith(MISSING_REF):
        return None
    match = _PAPER_HREF.match(href)
    if match:
        arxiv = normalize_arxiv_id(match[1])
        if arxiv is None:
            return None
        fragment = match[2] or ""
        return ("comments" if fragment.startswith(("#community", "#comment")) else "paper"), arxiv
    match = LOGIN_HREF.match(href)
    if match and (arxiv := normalize_arxiv_id(match[1])):
        return "upvote", arxiv
    return None


def user_of_href(href: str) -> str | None:
    match = _USER_HREF.match(href)
    return match[1] if match and match[1].lower() not in _NOT_USERS else None


# An organisation's avatar written as its alt text in brackets, its name glued after it (Debian's
# html2text writes an image as ``[alt]``): ``[uwnlp]University of Washington NLP``.
_BRACKETED_AVATAR = re.compile(r"^\[(?P<slug>[^\[\]\s]{2,40})\](?P<name>[^\s(\[].{0,79})$")


def bracketed_avatar_name(text: str) -> str | None:
    """The organisation's name of a line that is its avatar's ``[slug]`` then the name, or None.
    The slug is the name (any case), extends it (``[PhalaCloud]Phala``), or abbreviates a name that
    reads as one (capitalised, no sentence's end): its letters in order among the name's (``uwnlp`` /
    ``University of Washington NLP``, ``notredame``). An abstract's bracket (``[CLS]tokens``,
    ``[1]Attention``) does not."""
    match = _BRACKETED_AVATAR.match(text.strip())
    if match is None:
        return None
    slug, name = match["slug"].lower(), match["name"]
    letters = "".join(c for c in name.lower() if c.isalnum())
    chars = iter(letters)
    if slug == name.lower() or (len(letters) >= 2 and slug.startswith(letters)):
        return name
    if (
        name[:1].isupper()
        and not name.endswith((".", "!", "?"))
        and all(c in chars for c in slug if c.isalnum())
    ):
        return name
    return None


_AUTHOR_COUNT_LINE = re.compile(r"^\s*\d{1,5}\s+authors?\s*$", re.IGNORECASE)


def is_card_meta_line(text: str) -> bool:
    """``5 authors · Mar 6 · 0 upvotes``, ``Jul 4 · 0 upvotes``: a card's metadata written on one
    line, as a Markdown export that kept the card's text but not its links writes it. Every
    ``·``-separated part is a field (an author count, a date, a vote or comment count), one is a
    date, and one is an author count or a count that names itself (``0 upvotes``, ``4 comments``;
    a bare number could be anything): a day of one card saved that way has nothing else to show it
    is a card."""
    if "·" not in text:
        return False
    parts = [part for part in META_SPLIT.split(text.strip()) if part]
    if not 2 <= len(parts) <= 5:
        return False
    dated = named = False
    for part in parts:
        if parse_page_date(part) or parse_full_date(part):
            dated = True
        elif _AUTHOR_COUNT_LINE.match(part) or (
            (UPVOTE.match(part) or COMMENTS.match(part)) and not part.strip().isdigit()
        ):
            named = True
        else:
            return False
    return dated and named


def is_author_count(text: str) -> bool:
    """``5 authors`` alone: what stands right before a card's date when an extractor dropped the
    one-character ``·`` but kept the vote counts ``0``-``9`` (boilerpy3's ``KeepEverything``). An
    extractor that drops every one-character element (unstructured) loses those counts too, and its
    text is read as title/abstract pairs instead: there a card cannot be told from the next by its
    vote count."""
    return text[-7:].lower() in (" author", "authors") and _AUTHOR_COUNT_LINE.match(text) is not None


# A link's text that names where it goes, not the paper: "[🤗 HuggingFace](…/papers/…)", "[📄 arXiv](…)",
# "[Open in Hugging Face](…)", "[View on arXiv](…)", "[Read more](…)", "[到 Huggingface 论文主页查看详情](…)"
# (letters of other scripts are not looked at: what is left must name the site, or nothing).
# A thumbnail a converter wrote as its element's name ("[video](…/papers/…)": html-to-markdown) names none.
_SITE_LABELS = frozenset(
    (
        "huggingface",
        "hugging face",
        "hf",
        "arxiv",
        "pdf",
        "abs",
        "paper",
        "page",
        "",
        "video",
        "image",
        "thumbnail",
    )
)
_NAVIGATION = re.compile(
    r"\b(?:open|opens|in|on|at|view|see|read|go|to|the|full|more|details|link|here|this|its|via)\b"
)
_NOT_LETTERS = re.compile(r"[^a-z ]+")
SITE_LABEL_CHARS = 40


def is_site_label(text: str) -> bool:
    """Whether a link's text names where it goes (the site, arXiv, an action), not a paper."""
    if len(text) > SITE_LABEL_CHARS:
        return False
    letters = _NOT_LETTERS.sub("", text.lower())
    if not letters.strip() and text.strip():  # a label in another script alone names nothing here
        return False
    return " ".join(_NAVIGATION.sub(" ", letters).split()) in _SITE_LABELS


def looks_like_abstract(text: str) -> bool:
    """Abstracts are long prose; titles are short. Ambiguous cases are settled by position."""
    if len(text) > MAX_TITLE_CHARS:
        return True
    words = text.count(" ") + 1
    sentences = len(re.findall(r"[.!?]\s+[A-Z]", text))
    return len(text) >= 250 or words > 45 or (sentences >= 1 and words >= 25)


def looks_like_prose(text: str) -> bool:
    return len(text) > CHROME_MAX_CHARS and text.count(" ") >= 7
