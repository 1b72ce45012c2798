"""Whether what the text readers found is a listing of papers or some other text document.

The plain and Markdown readers pair a short line (or a heading) with the paragraph under it: that is
how a listing without links looks, and also how a README, a licence, a Makefile, a stylesheet or a
script looks to them. Such a file in the raw folder (a mirror's assets, notes kept beside the
pages) gave "papers" titled ``Definitions.``, ``Data flow`` or ``.container { max-width: … }``.

A page is judged only when nothing on it speaks for a listing: no day header, no page URL, no
paper link, and no card field beyond a title and an abstract (an arXiv id, upvotes, authors,
comments, a date, an organisation, code links), and not the site's own header (``Get trending
papers in your email inbox``, ``Daily Papers``). Such a page is a listing when enough of its pairs
look like a paper's title and abstract (``PAPER_SHAPED_SHARE``). Measured on the 262 real days
of the listing (titles and abstracts as shown, one page a day): at least 0.43 of every day's pairs
(the lowest: a day of seven one-line submitter notes), 0.999 of all real titles. Measured on 78
text files that are no listing (this repository's docs, SQL and code, and the licences, READMEs and
notices of installed packages): 73 below 0.4.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.quality import paper_link_ids

if TYPE_CHECKING:
    from pipeline.parsed_page import ParsedPage, Record

PAPER_SHAPED_SHARE = 0.4  # below this share of paper-shaped pairs, a page without evidence is no listing
MAX_TITLE_WORDS = 40
_LETTER = re.compile(r"[^\W\d_]")
_CODE_CHARS = frozenset("{}();=<>$\\|")
# An address or a clock time: a log's line ("--2024-03-01 10:00:01--  https://…"), never a title.
_NOT_IN_A_TITLE = re.compile(r"://|\b\d{1,2}:\d{2}:\d{2}\b")
# Words research abstracts use, real submitter notes too ("We release…", "a new benchmark").
_RESEARCH_WORDS = re.compile(
    r"\b(?:we|our|propos\w*|present\w*|introduc\w*|models?|methods?|approach\w*|results?|papers?|"
    r"performance|datasets?|benchmarks?|frameworks?|tasks?|learning|experiments?|outperform\w*|"
    r"achiev\w*|state-of-the-art|novel|demonstrat\w*|evaluat\w*|train\w*|llms?|agents?|generat\w*)\b",
    re.IGNORECASE,
)
# The listing's own header, as every exporter keeps it (glued to the first title on flattened pages).
_SITE_CHROME = re.compile(
    r"get trending papers in your email inbox|and the research community"
    r"|^\s*(?:#{1,6}\s+|\*\*)?(?:daily|trending) papers(?:\*\*)?\s*$",  # as a Markdown heading too
    re.IGNORECASE | re.MULTILINE,
)
# A submitter's note that is only a link to the code or the model ("github: https://github.com/…").
_PROJECT_LINK = re.compile(
    r"https?://(?:www\.)?(?:github\.com|gitlab\.com|arxiv\.org|huggingface\.co/(?:spaces|datasets|papers|[\w-]+/[\w.-]+))/?"
)
# Their readers need paper fields.
STRUCTURED_LAYOUTS = frozenset(
    {"json", "yaml", "xml", "table", "feed", "markdown_table"}
    | {"wiki_table", "text_table", "latex_table", "key_value", "fixed_width"}  # printed tables and records
)
_CARD_FIELDS = (
    "arxiv_id",
    "upvotes",
    "n_authors",
    "n_comments",
    "published_date",
    "submitted_by",
    "listed_date",
)
NOT_A_PAPER = "a heading or short line and the paragraph under it, in a text that is no listing of papers"


def has_listing_evidence(page: ParsedPage, text: str) -> bool:
    """Whether anything on the page besides title/paragraph pairs says it lists papers."""
    if page.layout in STRUCTURED_LAYOUTS or page.page_date or page.url or page.page_kind:
        return True
    if _SITE_CHROME.search(text, 0, 20_000):
        return True
    if any(getattr(r, name) is not None for r in page.records for name in _CARD_FIELDS):
        return True
    return any(r.code_links for r in page.records) or bool(paper_link_ids(text))


def title_shaped(title: str) -> bool:
    """A paper's title: 1-40 words, no sentence or clause end, capitalised (``dots.tts`` names
    a tool: a capital or digit in its first word), no code, no Markdown left in it."""
    words = [word for word in title.split() if _LETTER.search(word)]
    if not 1 <= len(words) <= MAX_TITLE_WORDS or title[-1] in ".;,":
        return False
    if title[0].islower() and not any(c.isupper() or c.isdigit() for c in title.split()[0]):
        return False
    if "`" in title or "|" in title or title.startswith(("![", "- ", "* ", "#")):
        return False
    if _NOT_IN_A_TITLE.search(title):
        return False
    return sum(c in _CODE_CHARS for c in title) <= 0.1 * len(title)


def abstract_shaped(abstract: str) -> bool:
    """A paper's abstract or a submitter's note on it: prose with a research word (or a link to the
    paper's code or model), no code span, no table row, little code punctuation."""
    if "`" in abstract or abstract.startswith(("|", "[", "$", "{", "<")):
        return False
    if sum(c in _CODE_CHARS for c in abstract) > 0.05 * len(abstract):
        return False
    return _RESEARCH_WORDS.search(abstract) is not None or _PROJECT_LINK.search(abstract) is not None


def paper_shaped(record: Record) -> bool:
    return title_shaped(record.title) and abstract_shaped(record.abstract)


def document_reason(page: ParsedPage, text: str) -> str | None:
    """Why the page is a text document rather than a listing, or None when it is a listing (or
    holds no pair to judge)."""
    if not page.records or has_listing_evidence(page, text):
        return None
    shaped = sum(paper_shaped(r) for r in page.records)
    # text that is neither a title nor an abstract (a table, a code block) speaks for a document too:
    # a README's one paper-shaped heading and paragraph above its table of files is no listing
    other = sum(not (title_shaped(r.text) or abstract_shaped(r.text)) for r in page.rejects)
    if shaped >= PAPER_SHAPED_SHARE * (len(page.records) + other):
        return None
    others = f" and {other} other block(s) that are neither" if other else ""
    return (
        f"no listing of papers: the text reads as a document ({shaped} of its {len(page.records)} "
        f"heading/paragraph pairs look like a paper's title and abstract{others}, and it has no day "
        "header, paper link or card field); its text is kept as rejects"
    )
