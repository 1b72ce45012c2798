"""A listing written as labelled fields, paper after paper: what a user's own scraper often writes.

    Title: FORGE: Fine-grained Evaluation     ## [FORGE: Fine-grained …](…)     1. **FORGE: Fine-grained …**
    Authors: Alice Smith, Bob Jones           **Authors:** Alice Smith, …       - Authors: Alice Smith, …
    URL: https://huggingface.co/papers/…      **Upvotes:** 42                   - Link: https://arxiv.org/abs/…
    Abstract: We present …                   We present … (no label)           - Summary: We present …

A label is a field name of a JSON or CSV export (``pipeline.record_fields``: title, authors,
abstract / summary, url / link, arXiv id, upvotes, comments, published, date, …), in any case, with
or without Markdown emphasis or a list bullet. A paper starts at a ``Title:`` line, or at a heading,
a bold line or a line without a label that its labelled fields follow; a line without a label
under a paper's labels is its abstract when it has none, and a line right under a label (no blank
between) goes on with that label's value. The fields are then read like a JSON record's, so a
labelled page and a JSON export of the same papers give the same sightings.

Nothing here guesses: a page is read this way only when its papers carry labelled fields besides
their titles (the card pages of the site never write ``Authors: …`` lines), at least
``MIN_LABELS`` in all, and from the first of them on they are most of the page's blocks of text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pipeline.card_vocabulary import (
    SITE_LABEL_CHARS,
    TRAILING_VOTES,
    TRUNCATION_NOTICE,
    is_site_label,
    joins_at_hyphen,
)
from pipeline.page_facts import front_matter
from pipeline.parsed_page import OTHER_NEWS_REASON
from pipeline.record_fields import (
    ABSTRACT_NAMES,
    FIELD_NAMES,
    ID_OR_URL_NAMES,
    PAPER_URL,
    REJECT_CHARS,
    TITLE_NAMES,
    StructuredListing,
    field_name,
    listing_of,
    papers_listing,
)

MIN_MARKED_TITLES = 2  # titles marked so (label, heading, bold line) for a page to start papers only there
MIN_BOLD_ITEMS = 3  # papers with a bold title and an abstract, for a page without labels
MIN_SUBHEAD_REPEATS = 3  # a bold line or heading repeated this often is a section inside each paper
MIN_STYLED_LABELS = 6  # field labels a page needs before the way it writes them counts
STYLE_SHARE = 0.75  # ... and the share of them written that way
MIN_LABELS = 2  # labelled fields besides titles, in all: one paper's page has its authors and URL
_WRAPPING = TITLE_NAMES | ABSTRACT_NAMES  # values long enough to be wrapped over lines
# Labels a submitter's summary writes itself ("Github: https://…", "Code: …"): alone, they make no
# page of labelled fields (a card page quoting such summaries read so lost every other card).
_NOTE_FIELDS = TITLE_NAMES | ABSTRACT_NAMES | {"github", "code", "repo", "pdfurl"}
_ALIASES = {
    "author": "authors",
    "upvote": "upvotes",
    "comment": "comments",
    "pdf": "pdfurl",
    # Chinese digests' labels
    **dict.fromkeys(("论文标题", "论文题目", "标题", "题目"), "title"),
    **dict.fromkeys(("论文摘要", "摘要", "简介"), "abstract"),
    "作者": "authors",
    **dict.fromkeys(("论文链接", "链接"), "url"),
    **dict.fromkeys(("热度", "点赞", "点赞数"), "upvotes"),
    "机构": "organization",
}
_SITE_NAMES = ("huggingface", "hf")  # a label naming the site before the field, or the site's link
_EMPHASIS = r"(?:\*\*|__|\*|_)?"
_ITEM = r"^\s{0,8}(?:[-*+•]\s+|\d{1,3}[.)]\s+)?"  # a line's indent and its list marker, if any
_AFTER_ITEM_TITLE = r"(?P<rest>(?:\s|[:\-–—(\[]).*)?$"  # what may follow a title on its line
# An icon before a label ("🔗 **链接**: …", "⬆️ **热度**: 126"), and the letters of Chinese labels.
_ICON = "(?:[\u2190-\u2bff\u2600-\u27bf\U0001f000-\U0001faff]\ufe0f?\\s*)?"
_CJK = "\u4e00-\u9fff"
# "Label: value", or in Chinese "标签：value" (a full-width colon, no space after it); in a quote too.
_LABEL = re.compile(
    rf"{_ITEM}(?:>\s*)?{_ICON}{_EMPHASIS}(?P<label>[A-Za-z{_CJK}][A-Za-z0-9{_CJK} .'-]{{0,30}}?)\s*"
    rf"{_EMPHASIS}\s*[:：]{_EMPHASIS}(?:(?:\s+|(?<=：)|(?<=：\*\*)|(?<=：__))(?P<value>.*?))?\s*$"
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(rf"{_ITEM}(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*$")
# A line that opens with a bold span (a list item's or not): the title, and the rest of the line.
_BOLD_START = re.compile(rf"{_ITEM}(?:\*\*|__)(?P<text>[^*_\s][^*]*?)(?:\*\*|__){_AFTER_ITEM_TITLE}")
# ... or with a link: ``1. [Title](https://huggingface.co/papers/…) - abstract``.
_LINK_START = re.compile(rf"{_ITEM}(?P<text>\[[^\]]+\]\([^)\s]+\)){_AFTER_ITEM_TITLE}")
_VOTE_PART = re.compile(r"^(\d{1,7})\s*(?:赞|upvotes?|votes?)$", re.IGNORECASE)
_AFTER_TITLE = re.compile(r"^[\s()\[\]]*[:\-–—|]\s*(?P<text>.*)$")
MARKDOWN_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
# The next label on a labelled line: "**Upvotes:** 75 | **Comments:** 3"
_MORE_LABELS = re.compile(rf"\s+[|·]\s+(?={_EMPHASIS}[A-Za-z{_CJK}][^:：]{{0,30}}[:：])")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$")
_RANK = re.compile(r"^(?:#\s?)?\d{1,3}[.)]\s+(?=\S)")  # a digest's rank before a title: "1. ", "#3 "
_BOLD_BRACKETS_LINK = re.compile(r"\*\*\[([^\]]+)\]\*\*\(([^)\s]+)\)")
_BOLD_BRACKETS = re.compile(r"\*\*\[([^\]]+)\]\*\*")
# A line of links or images only (``[Open in Hugging Face](…) | [Open PDF](…)``, ``![image](…)``):
# the paper's links, never its abstract.
_LINKS_ONLY = re.compile(r"^\s*(?:[-*+]\s+)?(?:!?\[[^\]]*\]\([^)\s]*\)[\s|·•,/-]*)+$")
_SITE_PAPER_TARGET = "](https://huggingface.co/papers/"
# A label with no value that is no field's (``简介：``, ``Highlights:``): it introduces what follows.
_BARE_LABEL = re.compile(r"^\s*(?:\*\*)?[^\s:：*]{1,16}(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*$")
_LIST_ITEM = re.compile(r"^\s{0,8}(?:[-*+•]|\d{1,3}[.)])\s+")
_URL_VALUE = re.compile(r"^<?https?://\S+?>?$")


def labelled_listing(text: str) -> StructuredListing | None:
    """The papers of a page of labelled fields, or None when the page is not one."""
    if not _has_labels(text):
        return None
    lines = text.split("\n")
    skip, _ = front_matter(lines)  # the exporter's own key: value lines, not a paper's
    records, starts = _records(lines, skip)
    labelled = [(line, fields) for line, fields, n_labels in records if n_labels > 0]
    if not labelled or sum(n_labels for _, _, n_labels in records) < MIN_LABELS:
        return None
    # Summaries' own "Github: <url>" lines on a page of cards are no paper's fields; a page whose
    # papers start at Title: labels (Title / PDF / Summary, as a script around the API writes) is.
    if all(set(fields) <= _NOTE_FIELDS for _, fields in labelled) and not _starts_at_labels(
        _title_marks(lines, skip), min(MIN_MARKED_TITLES, len(labelled))
    ):
        return None
    # From the first labelled paper on, most blocks of text are labelled papers: a card page whose
    # text holds a few "arXiv: …" lines has hundreds of blocks without a label.
    blocks = sum(1 for start in starts if start >= labelled[0][0])
    if len(labelled) < 0.6 * blocks:
        return None
    # Titles that open a link they do not close are the first lines of cards' heading links a
    # converter wrapped (html2text: "### [Visual Contrastive Self-" / "Distillation](…)"), whose
    # abstracts happen to hold label-like lines where the wrap broke them ("Target: …"); a
    # labelled page's titles are whole.
    if 2 * sum(_opens_a_link(fields.get("title")) for _, fields in labelled) > len(labelled):
        return None
    return papers_listing(labelled, text)


def _opens_a_link(title: object) -> bool:
    """A title that opens a Markdown link and never closes it on its line."""
    return isinstance(title, str) and title.startswith("[") and "]" not in title


def _title_marks(lines: list[str], skip: int) -> list[str]:
    """How each line from ``skip`` on that marks a title marks it (``_title_mark``)."""
    return [mark for line in lines[skip:] if (mark := _title_mark(line)) is not None]


def bold_item_listing(text: str) -> StructuredListing | None:
    """The papers of a page that lists them as bold (or linked) titles with their abstracts, without
    labels (``- **Title** ([arXiv](…))`` over an indented abstract, ``**Title**: abstract``,
    ``**Title**`` over a paragraph, ``1. [Title](…) - abstract``), or None when the page is not
    one. Such a page has no card of the site's (no metadata line), so ``pipeline.parse`` tries
    this only when its card and plain readers misread the page."""
    lines = text.split("\n")
    skip, _ = front_matter(lines)
    records, starts = _records(lines, skip, bold_items=True)
    summarised = [
        (line, fields) for line, fields, _ in records if fields.get("title") and _has_abstract(fields)
    ]
    if not summarised:
        return None
    blocks = sum(1 for start in starts if start >= summarised[0][0])
    if len(summarised) < 0.6 * blocks:
        return None
    counted = [
        (line, fields) for line, fields, _ in records if fields.get("title") and _linked_and_counted(fields)
    ]
    papers, elsewhere = _outside_the_papers(
        sorted(summarised + counted, key=lambda paper: paper[0]), lines, starts
    )
    # A README's or a post's bold headings over paragraphs are no papers: most items link a paper,
    # or have a title of a few words over an abstract of a sentence or more (a digest's other news
    # set aside: its items are not papers of either kind).
    shown = [fields for _, fields in papers if _has_abstract(fields)]
    if sum(1 for fields in shown if _paper_like(fields)) < max(MIN_BOLD_ITEMS, 0.6 * len(shown)):
        return None
    found = listing_of(papers, text)
    if len(found.papers) < MIN_BOLD_ITEMS:
        return None
    for line, _ in elsewhere:
        found.others.append((line, lines[line - 1].strip()[:REJECT_CHARS]))
        found.reasons[line] = OTHER_NEWS_REASON
    found.others.sort()
    return found


def _linked_and_counted(fields: dict[str, Any]) -> bool:
    """A bold item with no summary that links its paper and gives its votes (``- **Title** | 20赞 |
    [HF](…)``): a paper, though it does not count towards the page being a listing of bold items."""
    return "url" in fields and "upvotes" in fields and not _has_abstract(fields)


def _outside_the_papers(
    papers: list[tuple[int, dict[str, Any]]], lines: list[str], starts: list[int]
) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, dict[str, Any]]]]:
    """(papers, items of the digest's other news). A multi-source digest writes its GitHub, news and
    forum items as it writes its papers; where at least MIN_BOLD_ITEMS items link a paper, an item
    that links somewhere else (``[GitHub](…)``, ``[HN](…)``) and no paper is other news when it
    stands under a heading where most items link no paper. Under a heading where most do, it is a
    paper that lacks the link (its repository's, say); an item linking nothing stays a paper."""
    headings = [number for number, line in enumerate(lines, 1) if _HEADING.match(line)]
    bounds = sorted({*starts, *headings})

    def links(line: int, fields: dict[str, Any]) -> tuple[bool, bool]:  # (to a paper, to anything)
        end = next((bound for bound in bounds if bound > line), len(lines) + 1)
        block = "\n".join(lines[line - 1 : end - 1])
        to_paper = "url" in fields or _ANY_PAPER_LINK.search(block) is not None
        return to_paper, to_paper or MARKDOWN_LINK.search(block) is not None

    def heading_over(line: int) -> int:  # 0 above every heading
        return max((number for number in headings if number < line), default=0)

    marked = [(line, fields, *links(line, fields), heading_over(line)) for line, fields in papers]
    if sum(1 for _, _, to_paper, _, _ in marked if to_paper) < MIN_BOLD_ITEMS:
        return papers, []
    items: Counter = Counter(section for *_, section in marked)
    with_link: Counter = Counter(section for _, _, to_paper, _, section in marked if to_paper)
    kept, other = [], []
    for line, fields, to_paper, to_anything, section in marked:
        news = to_anything and not to_paper and 2 * with_link[section] <= items[section]
        (other if news else kept).append((line, fields))
    return kept, other


# A link to a paper wherever it points: the site's page, arXiv's abstract, PDF or HTML, alphaXiv.
_ANY_PAPER_LINK = re.compile(
    r"(?:(?:huggingface|hf)\.co/papers|arxiv\.org/(?:abs|pdf|html)|alphaxiv\.org/(?:abs|overview))/\d{4}\.\d{4,5}"
)


_MAX_LABEL_CHARS = 48  # a label's line up to its colon: indent, bullet, emphasis and the label
# One pass over the text for lines that open with a field's label (the common spellings): most pages
# have none, and reading every line as below costs more than parsing the page.
_FIELD_WORDS = (
    r"authors?|abstract|summary|description|url|link|arxiv(?:[ _-]?id)?|paper[ _-]?(?:url|id|link)"
    r"|upvotes?|votes|stars|likes|(?:num[ _-]?)?comments?|published(?:[ _-]?(?:at|date))?|date"
    r"|organi[sz]ation|github|code|repo|pdf"
)
# Chinese field names digests write (_ALIASES says which field each is)
_CJK_FIELD_WORDS = "论文标题|论文题目|标题|题目|论文摘要|摘要|简介|作者|论文链接|链接|热度|点赞数?|机构"
_LABEL_START = re.compile(
    rf"^[ \t]{{0,8}}(?:[-*+•][ \t]+|\d{{1,3}}[.)][ \t]+)?(?:>[ \t]*)?{_ICON}[*_]{{0,2}}"
    # a field's name, maybe after the site's ("Hugging Face Upvotes:"), or the site's alone ("HF:")
    rf"(?:(?:(?:hugging[ \t]?face|hf)[ \t]*)?(?:{_FIELD_WORDS})?(?<=[a-z])|(?:{_CJK_FIELD_WORDS}))"
    r"[ \t]*[*_]{0,2}[ \t]*[:：]",
    re.IGNORECASE | re.MULTILINE,
)


def _has_labels(text: str) -> bool:
    """Whether at least ``MIN_LABELS`` lines below the front matter open with a field's label.

    Looks only at the lines of the colons (a URL's ``://`` aside), not at every line: a regular
    expression tried at each line start cost 0.8 ms a page, this a tenth of it."""
    start = 0
    if text.lstrip()[:3] == "---":  # front matter: the exporter's own keys (title:, published: …)
        end = text.find("\n---", text.find("---") + 3)
        start = end + 4 if end != -1 else 0
    found = 0
    for mark in (":", "：") if "：" in text else (":",):  # a Chinese label's colon is full-width
        colon = text.find(mark, start)
        while colon != -1:
            if text[colon + 1 : colon + 3] != "//":
                line_start = text.rfind("\n", start, colon) + 1 or start
                if colon - line_start <= _MAX_LABEL_CHARS and _LABEL_START.match(text, line_start, colon + 1):
                    found += 1
                    if found >= MIN_LABELS:
                        return True
            colon = text.find(mark, colon + 1)
    # lines of a paper's links count too (a one-paper digest: "**Authors:** …" over "[Open in Hugging
    # Face](…/papers/…) | [Open PDF](…)"; a digest whose papers end in "[查看详情](…/papers/…)")
    # (found by the link's target, then its text: a regular expression tried at every line start
    # cost 0.6 ms a page)
    target = text.find(_SITE_PAPER_TARGET, start)
    while target != -1:
        opening = text.rfind("[", max(start, target - SITE_LABEL_CHARS - 1), target)
        if opening != -1 and is_site_label(text[opening + 1 : target]):
            line_end = text.find("\n", target)
            line = text[text.rfind("\n", 0, opening) + 1 : None if line_end == -1 else line_end]
            if _LINKS_ONLY.match(line):
                found += 1
                if found >= MIN_LABELS:
                    return True
        target = text.find(_SITE_PAPER_TARGET, target + 1)
    return False


def _records(
    lines: list[str], skip: int, *, bold_items: bool = False
) -> tuple[list[tuple[int, dict[str, Any], int]], list[int]]:
    """(first line, fields, labelled fields besides the title) of each paper-shaped block from line
    ``skip`` on, and the first line of every block of text (papers, headings, lines between).
    ``bold_items``: a line that opens with a bold span is a title, the rest of the line its links
    and, after a separator, its abstract (where labels are written, only a wholly bold line is)."""
    records: list[tuple[int, dict[str, Any], int]] = []
    current: dict[str, Any] | None = None
    start = n_labels = 0
    starts: list[int] = []
    last: str | None = None  # the label a line right below goes on with
    given: set[str] = set()  # the labels the current paper has had
    # Where papers start at a marked title (a Title: label, a heading, a bold line), a line without
    # a label under one is never the next title: it is the abstract, or its next paragraph.
    bold = _BOLD_START if bold_items else _BOLD_LINE
    title_marks = _title_marks(lines, skip)
    marked = bold_items or len(title_marks) >= MIN_MARKED_TITLES
    # A page whose papers start at Title: labels takes a heading or a bold line in an abstract as text.
    by_label = _starts_at_labels(title_marks)
    ruled = False  # a rule was the last line of text (see below)
    subheads = _subheads(lines, skip)
    style, labels_abstracts = _labels_written(lines, skip)
    paper_level = None if bold_items or by_label else _paper_heading_level(lines, skip)

    def begin(line: int, fields: dict[str, Any]) -> None:
        nonlocal current, start, n_labels, last
        if current is not None and (n_labels or set(current) - {"title", "url"}):
            records.append((start, current, n_labels))
        current, start, n_labels, last = fields, line, 0, None
        given.clear()
        starts.append(line)

    for number, line in enumerate(lines[skip:], start=skip + 1):
        if TRUNCATION_NOTICE.match(line.strip()):  # the capture ends here ("[Content truncated]")
            break
        if not line.strip() or _RULE.match(line):
            last = None
            # Where papers start at Title: labels, a rule ends a paper: text between it and the next
            # label (``📄 PAPER 2`` under a line of ``=``) is the page's own, not the abstract's.
            ruled = ruled or (by_label and bool(line.strip()))
            continue
        label = _LABEL.match(line)
        name = _field(label["label"]) if label else None
        if (
            name is not None
            and style is not None
            and current
            and current.get("title")
            and _style(line) != style
            and not (name in ABSTRACT_NAMES and not _has_abstract(current))  # "> **摘要**: …" under "- …"
        ):
            label = name = None  # "Github: https://…" as an abstract, on a page labelling "- Votes: …"
        if ruled and name is None:
            continue
        ruled = False
        if current is not None and current.get("title") and name is None and line.strip() in subheads:
            last = None if last not in ABSTRACT_NAMES else last  # "**Key points**": what follows is the text
            continue
        if (
            current is not None
            and current.get("title")
            and name is None
            and (
                _outside_text(line, label, last)
                or _unknown_field(line, label, last, style, labels_abstracts)
                or _field_beside_abstract(line, label, style, current, lines, number)
            )
        ):
            if "](" in line and _LINKS_ONLY.match(line):  # the paper's links: its URL, never its text
                paper_urls = [m["url"] for m in MARKDOWN_LINK.finditer(line) if PAPER_URL.search(m["url"])]
                if paper_urls and "url" not in current:
                    current["url"] = paper_urls[0]
                    n_labels += 1  # the paper's link is one of its fields
            last = None if last not in ABSTRACT_NAMES else last
            continue
        if label is not None and name is not None:
            value, more = _more_labels(name, label["value"] or "")  # "75 | **Comments:** 3"
            if name in TITLE_NAMES or current is None or name in given:  # a label given twice: a new paper
                begin(number, {})
            assert current is not None
            _put(current, name, value)
            given.add(name)
            n_labels += name not in TITLE_NAMES
            for other, other_value in more:
                if other not in given:
                    _put(current, other, other_value)
                    given.add(other)
                    n_labels += 1
            last = name if name in _WRAPPING and name in current and not more else None
            continue
        if bold_items and _HEADING.match(line):  # a heading opens what is no item (a card, a section)
            begin(number, {})
            continue
        titled = None if by_label else _HEADING.match(line) or bold.match(line)
        if titled is not None and paper_level is not None and _heading_level(line) != paper_level:
            if current is not None and current.get("title"):  # a section of the paper: its text goes on
                last = None if last not in ABSTRACT_NAMES else last
                continue
            titled = None
        if titled is None and bold_items:
            titled = _LINK_START.match(line)
            if titled is None and not (current and current.get("title")):
                continue  # text outside any item: the page's own
        if titled is None and current is not None and marked and current.get("title") and last is None:
            last = next((name for name in ABSTRACT_NAMES if name in current), None)
            if last is None:
                current["abstract"] = ""
                last = "abstract"
        if titled is None and last is not None and current is not None:  # a long value wrapped on
            current[last] = _joined(current.get(last, ""), line.strip())
            continue
        if titled is None and current is not None and n_labels and not _has_abstract(current):
            current["abstract"] = line.strip()
            last = "abstract"
            continue
        begin(number, {})
        assert current is not None
        _put(current, "title", _title_text(titled["text"]) if titled else line.strip())
        rest = titled.groupdict().get("rest") if titled else None
        if rest:
            _put_rest_of_title_line(current, rest)
            last = "abstract" if current.get("abstract") else None
    begin(len(lines) + 1, {})
    return records, starts[:-1]  # the last begin() only closed the last block


def _style(line: str) -> tuple[bool, bool]:
    """How a labelled line is written: as a list item or not, its label emphasised or not."""
    item = _LIST_ITEM.match(line)
    rest = line[item.end() :] if item else line.lstrip()
    return item is not None, rest[:1] in "*_"


def _labels_written(lines: list[str], skip: int) -> tuple[tuple[bool, bool] | None, bool]:
    """How the page writes its field labels, and whether one of them labels an abstract.

    The way (``_style``) at least ``STYLE_SHARE`` of the labels are written, when the page has
    ``MIN_STYLED_LABELS`` of them (else None): a digest writes its labels one way (``- Votes: 135``,
    ``**Authors:** …``), and a line that opens with a field's name written otherwise is text (an
    abstract that is ``Github: https://…``, or a wrapped abstract's line that starts so). An abstract
    under a label (``**Summary:** …``) tells that a short unknown field is not one (``_unknown_field``)."""
    styles: Counter = Counter()
    labels_abstracts = False
    for line in lines[skip:]:
        label = _LABEL.match(line) if ":" in line or "：" in line else None
        name = _field(label["label"]) if label and label["value"] else None  # not "简介：" over a text
        if name is not None:
            styles[_style(line)] += 1
            labels_abstracts = labels_abstracts or name in ABSTRACT_NAMES
    if sum(styles.values()) < MIN_STYLED_LABELS:
        return None, labels_abstracts
    style, count = styles.most_common(1)[0]
    return (style if count >= STYLE_SHARE * sum(styles.values()) else None), labels_abstracts


def _heading_level(line: str) -> int:
    """A Markdown heading's level; 0 for any other line."""
    if not _HEADING.match(line):
        return 0
    text = line.lstrip(" ")
    return len(text) - len(text.lstrip("#"))


def _paper_heading_level(lines: list[str], skip: int) -> int | None:
    """The heading level that starts each paper on a page whose papers are headings, each over its
    own link (``## Title`` … ``[查看详情](…/papers/<id>)``): at least ``MIN_MARKED_TITLES`` headings of that
    level and about as many papers linked. Bold lines and other headings there are the papers'
    sections (``**本文的主要工作**``, ``### 1. 核心关键词``), not titles. None on other pages (a
    page of bold titles under section headings links many papers per heading). A heading the page
    repeats (``## 简要摘要`` in every paper) with no paper link under it is a section, not a title,
    so it does not count (a title repeated on days saved one after the other has its link)."""
    at = [i for i in range(skip, len(lines)) if lines[i][:4].lstrip()[:1] == "#" and _heading_level(lines[i])]
    written = Counter(lines[i].strip() for i in at)
    linked = {
        lines[i].strip()
        for i, end in zip(at, [*at[1:], len(lines)][: len(at)], strict=True)
        if _links_paper(lines[i:end])
    }
    repeated = {text for text, n in written.items() if n >= MIN_SUBHEAD_REPEATS and text not in linked}
    levels = Counter(_heading_level(lines[i]) for i in at if lines[i].strip() not in repeated)
    papers = {match[1] for line in lines[skip:] if "/papers/" in line for match in PAPER_URL.finditer(line)}
    fitting = [
        (abs(count - len(papers)), level)
        for level, count in levels.items()
        if count >= MIN_MARKED_TITLES and len(papers) / 1.5 <= count <= 1.5 * len(papers) + 1
    ]
    return min(fitting)[1] if fitting else None  # the level with as many headings as papers


def _links_paper(lines: list[str]) -> bool:
    """Whether a heading's block links a paper: ``lines`` are the heading and what follows it to the
    next heading; the block ends earlier at a rule or a bold line (the next paper's title)."""
    for i, line in enumerate(lines):
        if i and (_RULE.match(line) or _BOLD_LINE.match(line)):
            return False
        if ("/papers/" in line or "arxiv.org/" in line) and PAPER_URL.search(line):
            return True
    return False


def _subheads(lines: list[str], skip: int) -> set[str]:
    """Bold lines and headings (as written) that the page repeats at least ``MIN_SUBHEAD_REPEATS``
    times: a digest's sections inside each paper (``**Key points**``, ``**本文的主要工作**``), not
    titles (a listing shows a paper at most twice: the trending page's repeats)."""
    counts = Counter(
        line.strip()
        for line in lines[skip:]
        if line[:1] in "#*_ 0123456789" and (_HEADING.match(line) or _BOLD_LINE.match(line))
    )
    return {text for text, n in counts.items() if n >= MIN_SUBHEAD_REPEATS}


def _outside_text(line: str, label: re.Match[str] | None, last: str | None) -> bool:
    """Whether a line under a paper's title is none of its text: a line of links or images only,
    a list item labelled with no field's name (``- GitHub Stars: 426``, ``- Qualified By: …``)
    among the paper's labels, or a label with no value that no field has (``简介：``)."""
    if "](" in line and _LINKS_ONLY.match(line):
        return True
    if last in ABSTRACT_NAMES:  # inside the abstract, a line is the abstract's
        return False
    if _HEADING.match(line) or _BOLD_START.match(line) or _LINK_START.match(line):
        return False  # a title ("2. **WildDet3D: Scaling …**" reads like a label too)
    if label is not None and label["value"] and _LIST_ITEM.match(line):
        return True
    return _BARE_LABEL.match(line) is not None


def _unknown_field(
    line: str,
    label: re.Match[str] | None,
    last: str | None,
    style: tuple[bool, bool] | None,
    labels_abstracts: bool,
) -> bool:
    """A value under a label no field has, emphasised as the page emphasises its fields' labels: a
    field this reader does not keep, not the abstract. A link always (``**AlphaXiv**: https://…``
    beside ``**arXiv**:``); a short text where the page labels its abstracts (``**Category:**
    Multi-Modal`` beside ``**Summary:**``: elsewhere ``**TLDR:** …`` may be the only summary)."""
    if last in ABSTRACT_NAMES or not _labelled_as_fields(line, label, style):
        return False
    value = label["value"]
    return _URL_VALUE.match(value) is not None or (
        labels_abstracts and len(value) <= _MAX_UNKNOWN_FIELD_CHARS
    )


_MAX_UNKNOWN_FIELD_CHARS = 80


def _labelled_as_fields(line: str, label: re.Match[str] | None, style: tuple[bool, bool] | None) -> bool:
    """Whether ``line`` gives a value under a label emphasised as the page emphasises its fields'."""
    return (
        label is not None
        and bool(label["value"])
        and style is not None
        and style[1]
        and _style(line) == style
    )


def _more_labels(name: str, value: str) -> tuple[str, list[tuple[str, str]]]:
    """A field's value and the fields labelled after it on its line (``75 | **Comments:** 3``); a
    bold label no field has ends the value too (``127 | **Sources:** …``: a field not kept). A
    title's and an abstract's values are their own, whatever they hold; so is a value where a
    plain label follows that names no field (``… · Data & models: https://…``)."""
    if name in ABSTRACT_NAMES or name in TITLE_NAMES:
        return value, []
    first, *rest = _MORE_LABELS.split(value)
    more = []
    for part in rest:
        also = _LABEL.match(part)
        other = _field(also["label"]) if also else None
        if other is not None:
            more.append((other, also["value"] or ""))
        elif also is None or part.lstrip()[:1] not in "*_":
            return value, []
    return first, more


def _field_beside_abstract(
    line: str,
    label: re.Match[str] | None,
    style: tuple[bool, bool] | None,
    fields: dict[str, Any],
    lines: list[str],
    number: int,
) -> bool:
    """A label no field has, emphasised as the page's labels are, where the paper's abstract is
    another, unlabelled paragraph: after it (``**Why trending:** …`` under the abstract), or before
    it (``**Sources:** HuggingFace Daily Papers`` over it). A field this reader does not keep, not
    the abstract's first or last words. (A summary written in labelled parts, ``**Problem:** …``
    then ``**Method:** …``, is one abstract: its first part is labelled.)"""
    if not _labelled_as_fields(line, label, style):
        return False
    assert label is not None
    return _unlabelled_abstract(fields) or (
        len(label["value"]) <= _MAX_UNKNOWN_FIELD_CHARS and _prose_next(lines, number)
    )


def _unlabelled_abstract(fields: dict[str, Any]) -> bool:
    """Whether the paper has an abstract that is prose, not a labelled part (``**Problem:** …``)."""
    text = next((str(fields[name]) for name in ABSTRACT_NAMES if fields.get(name)), "")
    return bool(text) and _LABEL.match(text) is None


def _prose_next(lines: list[str], number: int) -> bool:
    """Whether the next line with text after line ``number`` (1-based) is unlabelled prose."""
    following = next((line for line in lines[number:] if line.strip()), "")
    return (
        len(following) > _MAX_UNKNOWN_FIELD_CHARS
        and not _LABEL.match(following)
        and not (_HEADING.match(following) or _BOLD_START.match(following) or _LINK_START.match(following))
    )


def _title_text(text: str) -> str:
    """A heading's or a bold line's title without the digest's rank (``## 1. Title``) and with a
    link written around its bold (``**[Title]**(url)``, ``**[Title]**``) as a link."""
    text = _RANK.sub("", text.strip(), count=1)
    text = _BOLD_BRACKETS_LINK.sub(r"[\1](\2)", text)
    bracketed = _BOLD_BRACKETS.fullmatch(text)
    return bracketed[1].strip() if bracketed else text


def _joined(value: str, more: str) -> str:
    """A value and its next line: a space between, none where a wrapping tool broke a hyphenated
    word (``fine-`` + ``tuning``), as the card reader joins them."""
    if not value:
        return more
    return value + more if joins_at_hyphen(value, more) else f"{value} {more}"


def _paper_like(fields: dict[str, Any]) -> bool:
    if "url" in fields:
        return True
    abstract = next((fields[name] for name in ABSTRACT_NAMES if fields.get(name)), "")
    return len(str(fields.get("title", "")).split()) >= 3 and len(abstract) >= 60


def _put_rest_of_title_line(fields: dict[str, Any], rest: str) -> None:
    """After a bold title: its links (``([arXiv](…))``, ``[PDF](…)``) give the paper's URL, and text
    after a separator (``: …``, `` - …``, `` — …``) is its abstract."""
    paper_urls = [m["url"] for m in MARKDOWN_LINK.finditer(rest) if PAPER_URL.search(m["url"])]
    if paper_urls and "url" not in fields:
        fields["url"] = paper_urls[0]
    text = MARKDOWN_LINK.sub("", rest).strip()
    separated = _AFTER_TITLE.match(text)
    after = separated["text"].strip() if separated else ""
    if (votes := TRAILING_VOTES.match(f"title {text}")) and "upvotes" not in fields:
        fields["upvotes"] = votes["votes"]  # " — 12 upvotes", " (12 votes)": its count, no abstract
        return
    parts = [part for part in re.split(r"\s+\|(?:\s+|$)", after) if part] if " |" in after else [after]
    counted = [part for part in parts if _VOTE_PART.match(part)]  # "— note | 71赞 | [HF](…)"
    if len(counted) == 1 and "upvotes" not in fields:
        fields["upvotes"] = _VOTE_PART.match(counted[0])[1]
        after = " | ".join(part for part in parts if part and part not in counted)
    if after:
        fields["abstract"] = after


def _starts_at_labels(marks: list[str], least: int = MIN_MARKED_TITLES) -> bool:
    """Whether the page's papers start at ``Title:`` labels: at least ``least`` of them, and no
    fewer than its headings and bold lines (a card page whose summaries twice open with ``Paper
    Title: …``, a trending page showing one twice, has dozens of headings)."""
    labels = marks.count("label")
    return labels >= least and labels >= len(marks) - labels


def _title_mark(line: str) -> str | None:
    """How the line marks a title: ``"label"`` (``Title: …``), ``"markup"`` (a heading, a wholly
    bold line), or None."""
    label = _LABEL.match(line)
    if label is not None:
        return "label" if _field(label["label"]) in TITLE_NAMES else None
    return "markup" if _HEADING.match(line) or _BOLD_LINE.match(line) else None


def _field(label: str) -> str | None:
    name = field_name(label)
    for site in _SITE_NAMES:  # "Hugging Face Upvotes: 135", "HF: https://…/papers/…"
        if name.startswith(site) and name not in FIELD_NAMES:
            name = name[len(site) :] or "url"
            break
    name = _ALIASES.get(name, name)
    return name if name in FIELD_NAMES else None


def _put(fields: dict[str, Any], name: str, raw: str) -> None:
    """A field's text; a paper link in it (a title's or an id's) also gives the record's url. An
    abstract is kept as written: its brackets and asterisks are its own."""
    raw = _unquoted(raw.strip())
    if name in ABSTRACT_NAMES:
        fields[name] = raw
        return
    text, urls = _value(raw)
    paper_urls = [u for u in urls if PAPER_URL.search(u)]
    if name in ID_OR_URL_NAMES and urls:
        text = (paper_urls or urls)[0]
    fields[name] = text
    if paper_urls and "url" not in fields and name != "url":
        fields["url"] = paper_urls[0]


def _unquoted(value: str) -> str:
    """A value a YAML or TOML writer quoted (``"FORGE: …"``), without its quotes and escapes."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner.replace("''", "'")
    return value


def _value(raw: str) -> tuple[str, list[str]]:
    """A value's text (links as their text, emphasis dropped) and the links' targets."""
    urls = [m["url"] for m in MARKDOWN_LINK.finditer(raw)]
    return _plain(MARKDOWN_LINK.sub(lambda m: m["text"], raw)), urls


def _plain(text: str) -> str:
    return re.sub(r"^(?:\*\*|__|\*|_)+|(?:\*\*|__|\*|_)+$", "", text).strip()


def _has_abstract(fields: dict[str, Any]) -> bool:
    return any(fields.get(name) for name in ABSTRACT_NAMES)
