"""A page's items made ready for reading cards (``pipeline.cards``): a heading's title wrapped onto
the next item joined to it, paragraphs a converter broke into lines joined again, and the bare URL
a clip export writes under a link's text paired with that text as one link."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from pipeline.card_vocabulary import (
    COMMENT_ICON,
    COMMENTS,
    LOGIN_ANY,
    META_SPLIT,
    SENTENCE_ENDS,
    SEPARATORS,
    UPVOTE,
    authors_match,
    bracketed_avatar_name,
    has_meta_separator,
    is_chrome,
    joins_at_hyphen,
    paper_id,
    user_of_href,
)
from pipeline.dates import parse_full_date, parse_page_date
from pipeline.normalize import clean_display
from pipeline.page_items import Item, Link, unquote_href


def heading_continued(items: list[Item]) -> list[Item]:
    """A heading whose title went on, indented, on the next line (an arXiv title's own line break,
    ``### SmolDocling: … end-to-end`` / ``  multi-modal document conversion``): one heading."""
    out: list[Item] = []
    for item in items:
        before = out[-1] if out else None
        if (
            before is not None
            and before.heading
            and not before.links
            and item.line == before.line + 1
            and item.raw[:1] in (" ", "\t")
            and not item.heading
            and not item.links
            and len(item.text) <= 200
            and not before.text.endswith(SENTENCE_ENDS)
            and item.text[:1].isalpha()
            and plain_prose(item)  # not an indented metadata line ("  5 authors · May 3")
        ):
            joined = f"{before.text} {item.text}"
            out[-1] = replace(before, text=joined, plain=joined, raw=before.raw + "\n" + item.raw)
            continue
        out.append(item)
    return out


def fields_stand_alone(items: list[Item]) -> bool:
    """Whether the page gives each card field a paragraph of its own (a clip export: a blank line
    around every element): at least FIELDS_ALONE_SHARE of its ``·`` lines (three at least), the
    separator every card shows between its authors and its date, share their paragraph with
    nothing. A page's text (innerText, ``get_text``) writes the fields on consecutive lines, and
    those lines are fields, not wrapped prose."""
    per_block = Counter(item.block for item in items)
    separators = alone = 0
    for item in items:
        text = item.text
        if text in _CARD_SEPARATORS and not item.links:
            separators += 1
            alone += item.block >= 0 and per_block[item.block] == 1
    return separators >= 3 and alone >= FIELDS_ALONE_SHARE * separators


FIELDS_ALONE_SHARE = 0.9
_CARD_SEPARATORS = frozenset("·•")  # not "-": a summary's formula or list may hold one alone


def paragraphs_rejoined(items: list[Item]) -> list[Item]:
    """On a page whose fields stand alone (``fields_stand_alone``), the lines of one source
    paragraph are one text, whatever Markdown made of them: an abstract's line that opens with
    ``# `` (a code comment in a summary) is not a heading, nor a lone ``-`` or ``=`` between its
    formula's lines a field. Items without links that follow a text line with no blank line
    between take its paragraph (``block``), a heading among them becomes its line's text, and
    ``merge_wrapped(whole_paragraphs=True)`` joins each paragraph. Taken for a heading, such a line
    would end the card, and the card's date, authors and organisation after it would be lost. A
    heading is still one when text follows it directly (``# Daily Papers`` over ``Daily Papers``)."""
    out: list[Item] = []
    for item in items:
        before = out[-1] if out else None
        if (
            before is not None
            and not before.links
            and not before.heading
            and not item.links
            and item.line == before.line + before.raw.count("\n") + 1
        ):
            if item.heading:
                text = clean_display(item.raw.strip())
                item = replace(item, text=text, plain=text, heading=0, block=before.block)
            else:
                item = replace(item, block=before.block)
        out.append(item)
    return out


def markdown_links_lead(items: list[Item]) -> bool:
    """Whether more items hold Markdown links than are a URL written out (a clip writes every link
    so). Counted on the items' first characters: a bare URL starts with http."""
    lead = 0
    for item in items:
        if item.links:
            lead += 1
        elif item.text[:4] == "http":
            lead -= 1
    return lead > 0


def merge_wrapped(
    items: list[Item],
    *,
    paper_urls_are_text: Callable[[], bool] = lambda: False,
    whole_paragraphs: bool = False,
) -> list[Item]:
    """Hard-wrapped prose: consecutive plain lines of one paragraph are one item, unless either is a
    field of its own (a date, ``3 authors``, an upvote count, ``·``) or a URL. With
    ``whole_paragraphs`` (a page whose fields stand alone), every line of a paragraph of text is
    part of it, whatever it looks like.

    A paragraph's lines are collected and joined once: joining them one by one cost the square of
    its length (15 s for a 20,000-line paragraph)."""
    out: list[Item] = []
    run: list[tuple[str, Item]] = []  # (joiner, item) joined onto out[-1], not yet written into it
    length = 0  # of out[-1]'s text with the run joined
    before_prose: bool | None = None  # plain_prose(out[-1] with the run) once known
    for item in items:
        before = out[-1] if out else None
        item_prose = None
        if before is not None and before.block == item.block >= 0 and not item.heading:
            if before_prose is None:
                before_prose = plain_prose(_joined(before, run) if run else before)
            item_prose = plain_prose(item) if before_prose else None
            tail = run[-1][1] if run else before
            linked = before.links or item.links or before.bare_url or item.bare_url
            text_only = whole_paragraphs and not linked
            if (
                text_only
                or item_prose
                or (
                    before_prose
                    and (
                        _url_in_prose(tail.text, length, item, paper_urls_are_text)
                        or _bullets_in_prose(length, item)
                    )
                )
            ):
                joiner = "" if joins_at_hyphen(tail.text, item.text) else " "
                run.append((joiner, item))
                length += len(joiner) + len(item.text)
                # Prose joined to prose stays prose once it is longer than a date, an author count
                # or a chrome phrase (neither can then be a metadata line: see _meta_line).
                before_prose = None if length <= _SHORT_JOIN else True
                continue
        if run:
            out[-1] = _joined(out[-1], run)
            run = []
        out.append(item)
        length = len(item.text)
        before_prose = item_prose
    if run:
        out[-1] = _joined(out[-1], run)
    return out


_SHORT_JOIN = 200  # see merge_wrapped


def _joined(first: Item, run: list[tuple[str, Item]]) -> Item:
    """``first`` with the items of ``run`` joined on, each after its joiner."""
    return replace(
        first,
        text=first.text + "".join(joiner + item.text for joiner, item in run),
        plain=first.plain + "".join(joiner + item.plain for joiner, item in run),
        raw="\n".join([first.raw, *(item.raw for _, item in run)]),
    )


def _url_in_prose(tail: str, length: int, item: Item, paper_urls_are_text: Callable[[], bool]) -> bool:
    """A URL line that goes on with the wrapped prose before it (``Project page:`` / ``https://…``):
    on a page of Markdown links, always (a wrapping tool put it there: ``Check out`` /
    ``https://github.com/…``); else after a colon, or in a long text that has not ended its
    sentence, and not the site's own link to a paper (a clip export's title / URL pair; an arXiv
    URL is the submitter's text: ``📝 Technical report:`` / ``https://arxiv.org/abs/…``). ``tail``:
    the prose's last line, ``length``: the prose's."""
    url = None if item.links else item.bare_url
    if url is None:
        return False
    if paper_urls_are_text():
        return True
    text = tail.rstrip()
    length -= len(tail) - len(text)
    if not (text.endswith(":") or (length > 100 and not text.endswith(SENTENCE_ENDS))):
        return False
    return paper_id(unquote_href(url)) is None or "arxiv.org/" in url


def _bullets_in_prose(length: int, item: Item) -> bool:
    """A line of long wrapped prose cut between its ``•`` items (``Laboratory/visionary • 🌍 Project
    page： https://visionary-``): its parts are short, so it reads as a metadata line, but none of
    them is a field, and it goes on with the prose (``length``: the prose's) before it."""
    text = item.text
    if item.links or item.bare_url or length <= 100 or "•" not in text or "·" in text:
        return False
    return not SEPARATORS.match(text) and not any(_is_field(part) for part in META_SPLIT.split(text))


def plain_prose(item: Item) -> bool:
    text = item.text
    return (
        not item.links
        and item.bare_url is None
        and not is_chrome(text)
        and not SEPARATORS.match(text)
        and not parse_page_date(text)
        and not parse_full_date(text)
        and not authors_match(text)
        and not UPVOTE.match(text)
        and not _meta_line(text)
        and bracketed_avatar_name(text) is None
    )


def _meta_line(text: str) -> bool:
    """A card's metadata line (``▲ 65 · 3 authors · May 30``): separators between short fields. A
    wrapped abstract's line may hold a ``•`` bullet or a ``|`` between long runs of words, or
    between short ones (a results table flattened into the text, ``… Models: A-4B-SFT | A-4B-RL``):
    a line whose only separator is ``|`` inside it is metadata when one of its parts is a field. A
    Markdown table's row (``| … | … |``) is never prose."""
    if not has_meta_separator(text):
        return False
    parts = META_SPLIT.split(text)
    if any(len(part) > 40 for part in parts):
        return False
    if "·" in text or "•" in text or text.lstrip()[:1] == "|":
        return True
    return any(_is_field(part) for part in parts)


def _is_field(text: str) -> bool:
    """A card's field on its own: a date, an author count, a vote or comment count."""
    return bool(
        parse_page_date(text)
        or parse_full_date(text)
        or authors_match(text)
        or UPVOTE.match(text)
        or COMMENTS.match(text)
        or COMMENT_ICON.match(text)
    )


def pair_bare_urls(items: list[Item]) -> list[Item]:
    """Clip exports: ``Title`` then ``https://…/papers/<id>`` on the next line is one link."""
    out: list[Item] = []
    for item in items:
        url = item.bare_url
        if url is None or item.raw.lstrip().startswith(">"):  # a quoted URL is text (an abstract)
            out.append(item)
            continue
        url = unquote_href(url)  # as page_items gives the hrefs of Markdown links
        before = out[-1] if out else None
        if before is not None and _url_as_text(before, url):  # an abstract that is only a URL
            text = before.links[0].href
            out[-1] = replace(before, text=text, links=[Link(text, url)], plain="", heading=0)
            continue
        pairs = not before.heading and not before.links and before.bare_url is None if before else False
        if before is not None and pairs and _pairable(before, url):
            out[-1] = replace(before, links=[Link(before.text, url)], plain="")
        else:
            out.append(replace(item, text="", links=[Link("", url)], plain=""))
    return out


def _url_as_text(before: Item, url: str) -> bool:
    """A written-out URL that is not the paper's, right before a paper link: the link's text (a
    card whose abstract is nothing but a repository URL)."""
    found = paper_id(url)
    return bool(
        found
        and found[0] == "paper"
        and len(before.links) == 1
        and not before.links[0].text
        and not before.text
        and (paper_id(before.links[0].href) is None or "arxiv.org/" in before.links[0].href)
        and not LOGIN_ANY.match(before.links[0].href)
        and user_of_href(before.links[0].href) is None
    )


def _pairable(item: Item, url: str) -> bool:
    """Text that is a link's text, not a field of its own standing before a link. The line before a
    paper link is its title whatever it says (a paper may be called ``12``)."""
    text = item.text
    found = paper_id(url)
    if found and found[0] == "paper":
        return not SEPARATORS.match(text)
    return not (
        parse_page_date(text) or parse_full_date(text) or SEPARATORS.match(text) or authors_match(text)
    ) or bool(UPVOTE.match(text) and text.startswith("["))
