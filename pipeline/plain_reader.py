"""The two plain layouts: a page of paragraphs, title then abstract, with no links or Markdown.

* **spaced** - header block, a yearless page date (``Mar 14``), then title / blank / abstract blocks.
  Abstracts may be wrapped over several lines; a block of consecutive lines is one paragraph (a
  hard-wrapped page has few blank lines, but its lines start lower-case mid-sentence: still spaced).
  A Markdown heading, bullet or number before a title (``### ``, ``- ``, ``12. ``) is not part of it,
  nor is an ``Abstract:`` label part of the abstract. A title line directly followed by its abstract
  (no blank line) is split; a paper's metadata line (``Published on Mar 3, 2024 · 5 authors``) is
  the paper's, not a reject (unless it follows a rejected paragraph or belongs to a rejected
  title: then it is a reject too, never given to a neighbour). A compact page whose lines are
  hard-wrapped cannot be paired reliably: its lines become rejects with that reason.
* **compact** - no date, no blank lines, the header glued to the first title
  (``SubscribeSimple and Controllable...``); title line / abstract line alternate.

``pipeline.parse`` decides the layout and hands such a page to :func:`parse_plain`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from pipeline.card_vocabulary import (
    MAX_TITLE_CHARS,
    PAGE_CHROME,
    TRUNCATION_NOTICE,
    joins_at_hyphen,
    looks_like_abstract,
)
from pipeline.dates import parse_page_date
from pipeline.normalize import clean_display, normalize_arxiv_id
from pipeline.paper_meta import paper_meta, set_meta
from pipeline.parsed_page import (
    TRUNCATED_WARNING,
    ParsedPage,
    Record,
    Reject,
    display_abstract,
    display_title,
    reject_text,
)

# Page chrome. Compared after stripping; ``PAGE_CHROME`` (pipeline.card_vocabulary) case-insensitively.
_CHROME_EXACT = {"new", "Subscribe", "·", "-", "|"}
_CHROME_PHRASE_LONGEST = max(map(len, PAGE_CHROME))
# MarkDownload's note template quotes the page's description under "## Excerpt".
_EXCERPT = re.compile(r"^>\s*#{1,6}\s*Excerpt\s*$", re.IGNORECASE)
_RULE = re.compile(r"^(?:-[ \t]*){3,}$|^(?:\*[ \t]*){3,}$|^(?:_[ \t]*){3,}$")  # Markdown's thematic break
_IMAGE_ONLY = re.compile(r"^!\[[^\]]*\]\(\S*\)?$")  # a Markdown image (wrapped: its first line)
# The period switcher of a weekly or monthly page, where a daily page shows its day.
_MONTH_NAMES = "|".join(calendar.month_name[1:])
_PERIOD_HEADER = re.compile(rf"^(?:Week \d{{1,2}}(?:,? \d{{4}})?|(?:{_MONTH_NAMES}) \d{{4}})$")
_PERIOD_STARTS = frozenset("WJFMASOND")
# Header text that may be glued to the first title when a page is flattened.
GLUE_PREFIXES = (
    "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!",
    "byAK and the research community",
    "Subscribe",
)
_PAPER_ID_URL = re.compile(r"(?:arxiv\.org/(?:abs|pdf)|huggingface\.co/papers)/([^\s?#>]+?)(?:\.pdf)?/?$")
_URL_LINE = re.compile(r"^<?https?://\S+>?$")
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]?$")
# How a complete abstract ends: a sentence, a closing bracket/quote, or a link/path/domain.
_COMPLETE_END = re.compile(r"(?:[.!?…:;)\]}\"'”’»]|\S*[/.]\S*)$")

WRAPPED_SHARE = 0.3  # lines continuing a sentence in lower case: at least this share = hard-wrapped
# Abstract-like share of every other unit for a page to pair strictly (``_strictly_alternating``):
# half of them, or a quarter where that is at least ALTERNATION_MIN_ABSTRACTS. On real days most
# summaries may be a submitter's line ("good work", "A benchmark for context learning"): with half
# alone, 29 of 262 real days in the spaced layout failed the test and lost 84 of their 5,357 cards
# as "title without abstract" rejects (with a quarter: 10 on 3 days). A page cut short after five
# cards rarely holds four full abstracts: with a quarter only from four on, the cut real days kept
# 1,147 of 1,178 cards; from two on, 1,162. The count keeps a page of a few lines from pairing on
# one abstract (a day of one card under its site's header lines).
ALTERNATION_SHARE = 0.5
ALTERNATION_SHARE_MANY = 0.25
ALTERNATION_MIN_ABSTRACTS = 2
# A paragraph longer than this is junk, not an abstract. Real summaries reach 42,052 characters (an
# essay pasted as a submitter's summary, 2026-06-20): at 20,000 that one was rejected with its title
# and broke its page's alternation (8 cards lost on two days in each plain layout).
MAX_ABSTRACT_CHARS = 100_000


@dataclass
class _Unit:
    """A paragraph: consecutive non-blank lines joined with spaces."""

    line: int
    raw: str  # as read, lines joined with "\n"
    text: str  # whitespace-tidied, header glue removed
    glued: bool = False


def is_plain_chrome(stripped: str) -> bool:
    """Chrome between a plain page's paragraphs: a few exact tokens (``new``, ``·``) and
    ``PAGE_CHROME`` (a card page's chrome is ``card_vocabulary.is_chrome``). Lower-casing never
    shortens a text: a line longer than every phrase is not lower-cased (most lines are titles and
    abstracts)."""
    return stripped in _CHROME_EXACT or (
        len(stripped) <= _CHROME_PHRASE_LONGEST and stripped.lower() in PAGE_CHROME
    )


def unglue(stripped: str) -> tuple[str, bool]:
    """``"SubscribeSimple and ..."`` -> ``("Simple and ...", True)``; also a title that opens in
    lower case with a capital in its first word or a letter that is not English (``SubscribemHC:
    …``, ``SubscribedLLM``, ``Subscribeδ-mem``), not a word the prefix begins (``Subscribers``)."""
    for prefix in GLUE_PREFIXES:
        if stripped.startswith(prefix) and len(stripped) > len(prefix):
            rest = stripped[len(prefix) :]
            letters = _LEADING_LETTERS.match(rest)[0]
            if not (letters and letters.isascii() and letters.islower()):
                inner, _ = unglue(rest.lstrip())
                return inner, True
    return stripped, False


_LEADING_LETTERS = re.compile(r"[^\W\d_]*")


def join_wrapped(lines: Iterable[str]) -> str:
    """One paragraph from its lines: joined with spaces, except after a line ending in a hyphen
    between letters (``over-`` + ``relying``), where a wrapping tool broke a hyphenated word (not
    before ``and`` / ``or``: ``Compute-`` + ``and Data-Optimal`` keeps its space)."""
    text = ""
    for line in (s.strip() for s in lines):
        if not text:
            text = line
        elif joins_at_hyphen(text, line):
            text += line
        else:
            text += " " + line
    return text


def hard_wrapped(body: list[str]) -> bool:
    """Lines broken by a wrapping tool: many continue a sentence in lower case, and hardly any holds a
    whole abstract (in a compact page every abstract is one long line; titles may start lower-case).
    A URL alone on its line continues no sentence (a summary that is a link: a one-card day was
    rejected whole as hard-wrapped)."""
    following = [line for before, line in pairwise(body) if before and line]
    continuing = sum(1 for line in following if line[0].islower() and not _URL_LINE.match(line))
    if not following or continuing < WRAPPED_SHARE * len(following):
        return False  # the common case, decided without looking at every line's length
    text = [line for line in body if line]
    return sum(1 for line in text if looks_like_abstract(line)) < 0.1 * len(text)


def _units(lines: list[str], start: int, layout: str, page: ParsedPage) -> Iterator[_Unit]:
    """Paragraph units after chrome is removed. In ``compact`` every line is its own unit.

    The header can only be glued to the page's first unit or to one right after header chrome (two
    pages saved into one file): a title such as ``SubscribeGPT`` after an abstract is its own title.
    """
    block: list[tuple[int, str]] = []
    seen_content = False
    glue_possible = True  # nothing but header/chrome lines since the start or the last unit
    block_glue = False
    image_open = False  # a picture's line whose URL goes on on the next line
    excerpt = False  # inside a quoted "## Excerpt" of the page

    def flush() -> Iterator[_Unit]:
        if block:
            raw = "\n".join(s for _, s in block)
            text, glued = join_wrapped(s for _, s in block), False
            if block_glue:
                text, glued = unglue(text)
            yield _Unit(line=block[0][0], raw=raw, text=clean_display(text), glued=glued)
            block.clear()

    for index in range(start, len(lines)):
        raw = lines[index]
        stripped = raw.strip().strip("\u00a0\ufeff")
        if not stripped:
            yield from flush()
            continue
        if is_plain_chrome(stripped) or (
            stripped[:1] in "*-•#" and is_plain_chrome(stripped.lstrip("*-•#").strip())
        ):
            yield from flush()
            glue_possible = True
            continue
        if stripped[:1] == ">" and (excerpt or _EXCERPT.match(stripped)):
            yield from flush()  # a clipper's quoted excerpt of the page (MarkDownload's template)
            excerpt = True
            continue
        excerpt = False
        if stripped[:1] in "-*_" and _RULE.match(stripped):
            yield from flush()  # a rule between parts of a note (a clipper's template), no text
            glue_possible = True
            continue
        if stripped[:2] == "![" and _IMAGE_ONLY.match(stripped):
            yield from flush()  # a picture (a thumbnail), no text of a card
            image_open = not stripped.endswith(")")  # its URL wrapped onto the next line
            continue
        if image_open and " " not in stripped and stripped.endswith(")"):
            image_open = False  # the rest of a wrapped picture's URL
            continue
        image_open = False
        if "runcated" in stripped and TRUNCATION_NOTICE.match(stripped):
            yield from flush()  # "[Content truncated]": the capture's note, not a title
            if TRUNCATED_WARNING not in page.warnings:
                page.warnings.append(TRUNCATED_WARNING)
            continue
        if stripped[:1] in _PERIOD_STARTS and _PERIOD_HEADER.match(stripped):
            yield from flush()  # a weekly or monthly page's header ("Week 6", "February 2026")
            glue_possible = True
            continue
        page_date = parse_page_date(stripped)
        if page_date:
            yield from flush()
            if page.page_date is None and not seen_content:
                page.page_date, page.page_date_text = page_date, stripped
            elif page_date != page.page_date:
                page.warnings.append(f"line {index + 1}: second page date {stripped!r} ignored")
            continue
        seen_content = True
        if layout == "compact":
            yield from flush()
        if not block:
            block_glue, glue_possible = glue_possible, False
        block.append((index + 1, raw))
    yield from flush()


def _plausible_short_abstract(text: str) -> bool:
    """A short unit where an abstract is expected: prose-like (ends a sentence, several words) and
    not written in Title Case (a question-titled paper after a title is the next title)."""
    return bool(_SENTENCE_END.search(text)) and text.count(" ") >= 7 and not _title_case(text)


def _note_or_copy(text: str, title: str) -> bool:
    """A short unit under a title that no title is: a submitter's note holding a link (``Code:
    https://…``, a project page's URL; a title never holds one), or the title again (a listing
    shows the title where a paper has no abstract). 132 and 31 of the cards the plain layouts lost
    on the 262 real days."""
    return "://" in text or text == title


def _title_case(text: str) -> bool:
    """Most longer words capitalised, as in a title (``What Makes Good Supervision for Hard ...``);
    prose capitalises a few names."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def parse_plain(lines: list[str], start: int, page: ParsedPage) -> None:
    units = list(_units(lines, start, page.layout, page))
    if page.layout == "compact" and hard_wrapped([s.strip() for s in lines[start:]]):
        reason = "hard-wrapped lines and no blank line between papers: cannot tell titles from abstracts"
        for unit in units:  # kept as rejects: nothing is lost, nothing is invented
            _reject(page, unit, reason)
        return
    if _strictly_alternating(units):
        for title, abstract in zip(units[::2], units[1::2], strict=True):
            _add_record(page, title, abstract)
        _warn_if_cut(page, page.records[-1])
        return
    pending: _Unit | None = None
    pending_meta: list[tuple[_Unit, dict[str, int | date]]] = []  # pending's metadata lines, parsed
    last_made_record = False  # the previous unit (metadata aside) completed page.records[-1]

    def reject_pending(reason: str) -> None:
        nonlocal pending, pending_meta
        assert pending is not None
        _reject(page, pending, reason)
        for meta_unit, _ in pending_meta:  # kept: a rejected title's metadata is not dropped
            _reject(page, meta_unit, "paper metadata of a title without abstract")
        pending, pending_meta = None, []

    def add_record(title: _Unit, abstract: _Unit) -> None:
        nonlocal pending, pending_meta, last_made_record
        record = _add_record(page, title, abstract)
        for _, meta in pending_meta:
            set_meta(record, meta)
        pending, pending_meta, last_made_record = None, [], True

    for i, unit in enumerate(units):
        is_last = i == len(units) - 1
        meta = paper_meta(unit.text, in_text=True)
        if meta is not None:  # "Published on Mar 3, 2024 · 5 authors · ▲ 12": belongs to a paper
            if pending is not None:
                pending_meta.append((unit, meta))
            elif last_made_record:
                set_meta(page.records[-1], meta)
            elif page.records:  # after a rejected paragraph: whose it is cannot be told
                _reject(page, unit, "paper metadata after text that is not a record")
            else:
                _reject(page, unit, "paper metadata before any paper")
            continue
        last_made_record = False
        if len(unit.text) > MAX_ABSTRACT_CHARS:
            if pending:
                reject_pending("title without abstract (next paragraph is not an abstract)")
            _reject(page, unit, f"paragraph of {len(unit.text):,} characters is too long to be an abstract")
            continue
        if looks_like_abstract(unit.text):
            if pending is None:
                split = _split_title_line(unit)
                if split is None:
                    _reject(page, unit, "abstract without a title")
                    continue
                pending, unit = split
            add_record(pending, unit)
            continue
        # Title-like unit.
        never_a_title = pending is not None and _note_or_copy(unit.text, pending.text)
        if pending is not None and (
            never_a_title or _plausible_short_abstract(unit.text) or (is_last and not _title_case(unit.text))
        ):
            if not never_a_title and not is_last and looks_like_abstract(units[i + 1].text):
                # Title, short, abstract: the short one is the abstract's title, not pending's
                # abstract (pending is a note such as "Code: https://..." after the last abstract).
                reject_pending("title without abstract (followed by another title)")
                pending = unit
                continue
            add_record(pending, unit)
            continue
        if pending is not None:
            reject_pending("title without abstract (followed by another title)")
        pending = unit
    if pending is not None:
        reject_pending("title without abstract at end of page (page cut off?)")
    elif units and page.records and page.records[-1].abstract_line == units[-1].line:
        _warn_if_cut(page, page.records[-1])


def _strictly_alternating(units: list[_Unit]) -> bool:
    """A page that is title, abstract, title, abstract ... throughout: every other unit reads like an
    abstract (enough of them: ALTERNATION_SHARE) and none in between does, and no metadata lines.
    There the alternation itself says which is which, so a short abstract (a submitter's one-line
    summary, a copy of the title) is paired with its title instead of being taken for the next one."""
    if len(units) < 4 or len(units) % 2 or any(paper_meta(u.text, in_text=True) is not None for u in units):
        return False
    titles, abstracts = units[::2], units[1::2]
    if any(looks_like_abstract(t.text) or len(t.text) > MAX_TITLE_CHARS for t in titles):
        return False
    if any(len(a.text) > MAX_ABSTRACT_CHARS for a in abstracts):
        return False
    found = sum(looks_like_abstract(a.text) for a in abstracts)
    if found >= ALTERNATION_MIN_ABSTRACTS:
        return found >= ALTERNATION_SHARE_MANY * len(abstracts)
    return found >= ALTERNATION_SHARE * len(abstracts)


def _split_title_line(unit: _Unit) -> tuple[_Unit, _Unit] | None:
    """A paragraph that is a title line followed by its abstract, with no blank line between them
    (``Title`` / ``We study ...``). Not when the first line is prose broken off by wrapping: it
    would then end a sentence, or the next line would continue it in lower case."""
    raw_lines = unit.raw.split("\n")
    if len(raw_lines) < 2:
        return None
    first, second = raw_lines[0].strip(), raw_lines[1].strip()
    if looks_like_abstract(first) or (_SENTENCE_END.search(first) and not first.endswith("?")):
        return None
    if not (_title_case(first) or second[:1].isupper()):
        return None
    abstract = _paragraph(list(enumerate(raw_lines[1:], start=unit.line + 1)))
    if not looks_like_abstract(abstract.text):
        return None
    title_text, glued = unglue(first) if unit.glued else (first, False)
    return _Unit(unit.line, raw_lines[0], clean_display(title_text), glued), abstract


def _warn_if_cut(page: ParsedPage, last: Record) -> None:
    """A page saved before it finished loading ends mid-abstract. The record is kept (a listing may
    truncate abstracts too), but the file's warnings say where to look."""
    if not _COMPLETE_END.search(last.abstract):
        tail = last.abstract[-30:]
        page.warnings.append(
            f"line {last.abstract_line}: last abstract ends mid-sentence ({tail!r}; page cut off?)"
        )


def _add_record(page: ParsedPage, title: _Unit, abstract: _Unit) -> Record:
    title_text, linked_id = _title_without_links(title)
    record = Record(
        position=0,
        line_number=title.line,
        raw_title=title.raw,
        raw_abstract=abstract.raw,
        title=display_title(title_text),
        arxiv_id=normalize_arxiv_id(linked_id),
        abstract=display_abstract(abstract.text),
        abstract_line=abstract.line,
        header_glued=title.glued,
    )
    page.records.append(record)
    return record


def _title_without_links(title: _Unit) -> tuple[str, str | None]:
    """A title paragraph with a link line under the title (``https://arxiv.org/abs/2410.05258``):
    the link is not part of the title; an arXiv or Hugging Face papers link gives the arXiv id."""
    lines = title.raw.split("\n")
    links = [s.strip().strip("<>") for s in lines if _URL_LINE.match(s.strip())]
    if not links or len(links) == len(lines):
        return title.text, None
    text = join_wrapped(s for s in lines if not _URL_LINE.match(s.strip()))
    if title.glued:
        text, _ = unglue(text)
    ids = [m[1] for m in map(_PAPER_ID_URL.search, links) if m]
    return clean_display(text), ids[0] if ids else None


def _reject(page: ParsedPage, unit: _Unit, reason: str) -> None:
    page.rejects.append(Reject(line_number=unit.line, reason=reason, text=reject_text(unit.raw)))


def _paragraph(lines: list[tuple[int, str]]) -> _Unit:
    """A unit of (line number, raw line) pairs: starts at the first line, text joined like a paragraph."""
    raw = "\n".join(s for _, s in lines)
    return _Unit(lines[0][0], raw, clean_display(join_wrapped(s for _, s in lines)))
