"""Paper cards from a page's items (``pipeline.page_items``): what a card shows, whoever saved it.

A Hugging Face listing shows each paper as a card: an upvote count, the title, the abstract, the
author count or the submitting organisation, ``·``, a date, a comment count. Exporters differ in
syntax and order, not in that structure, so cards are found by what their items *are*:

* a link to ``huggingface.co/papers/<id>`` (or ``arxiv.org/abs/<id>``) ties an item to the paper
  ``<id>``; its text is the title, then the abstract, or ``N authors``;
* a link to ``…/login?next=/papers/<id>`` is that paper's upvote count, ``…/papers/<id>#community``
  its comment count, ``huggingface.co/<name>`` its submitter;
* a heading starts a card (minimal Markdown and text dumps whose link list was lost have no ids);
* clip exports write a link as its text on one line and the URL on the next: the pair is a link.

An item with another paper's id starts that paper's card. Upvotes with no id stand before their
card on some pages and after it on others: the page's first card decides. Anything else is either
chrome (navigation, day switchers, footers: short text outside cards, or known phrases) or, when it
could have been part of a paper and was not used, a reject with its line and the reason.

The words of a card (the site's links, metadata, chrome) are :mod:`pipeline.card_vocabulary`'s; the
items are made ready first (wrapped headings and paragraphs joined, a clip export's link text paired
with its bare URL) by :mod:`pipeline.card_items`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from pipeline.card_items import (
    fields_stand_alone,
    heading_continued,
    markdown_links_lead,
    merge_wrapped,
    pair_bare_urls,
    paragraphs_rejoined,
    plain_prose,
)
from pipeline.card_vocabulary import (
    CODE_HREF,
    COMMENT_ICON,
    COMMENTS,
    COUNT_TEXT,
    CUT_MID_TEXT_NOTICE,
    IGNORED_META,
    LOGIN_ANY,
    LOGIN_HREF,
    MAX_TITLE_CHARS,
    META_SPLIT,
    NAMED_AUTHORS,
    PUBLISHED_ON,
    SENTENCE_ENDS,
    SEPARATORS,
    SUBMITTED_BY,
    TRAILING_VOTES,
    TRUNCATION_NOTICE,
    UPVOTE,
    authors_match,
    bracketed_avatar_name,
    has_meta_separator,
    is_author_count,
    is_card_meta_line,
    is_chrome,
    is_menu_line,
    is_site_label,
    looks_like_abstract,
    looks_like_prose,
    paper_id,
    user_of_href,
)
from pipeline.dates import infer_listing_date, parse_full_date, parse_page_date, year_near
from pipeline.normalize import clean_display
from pipeline.page_items import MISSING_REF, Item, Link, unquote_href


@dataclass
class Card:
    """One paper card as read, before it becomes a record."""

    line: int
    arxiv_id: str | None = None
    title: Item | None = None
    title_text: str = ""
    abstract: Item | None = None
    abstract_text: str = ""
    n_authors: int | None = None
    submitted_by: str | None = None
    published: date | tuple[int, int] | None = None  # a full date, or a yearless (month, day)
    published_text: str | None = None
    upvotes: int | None = None
    n_comments: int | None = None
    code_links: list[str] = field(default_factory=list)
    extra: list[tuple[Item, str]] = field(default_factory=list)  # card text that is none of its fields
    meta_items: list[Item] = field(default_factory=list)
    cites: str | None = None  # a newsletter item's source line: "paper" or "elsewhere" (see _citation)


def _nothing_after_title(card: Card) -> bool:
    shown_after = card.abstract is not None or card.meta_items or card.published is not None or card.extra
    return card.title is not None and not shown_after


@dataclass
class CardPage:
    cards: list[Card] = field(default_factory=list)
    unused: list[tuple[Item, str]] = field(default_factory=list)  # (item, reason): rejects
    page_date: tuple[int, int] | None = None
    page_date_text: str | None = None
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)


def read_cards(items: list[Item], *, markdown: bool = True) -> CardPage:
    """Cards in page order (a card shown twice is one card), page date and unused text.

    ``markdown``: the items are Markdown's blocks (paragraphs), not a page's text read line by line."""
    page = CardPage()
    items = heading_continued(items)
    bare_counts = _counts_without_links(items)
    if not bare_counts:  # no link of the site: no clip export's written-out links to pair either
        # where links are written as Markdown, a URL alone on a line inside a paragraph is wrapped
        # text (pandoc wraps "📄 Paper:" / "https://arxiv.org/abs/…"); a clip writes every link so
        marked_up = functools.cache(lambda: markdown_links_lead(items))
        whole = fields_stand_alone(items)
        if whole:
            items = paragraphs_rejoined(items)
        items = pair_bare_urls(merge_wrapped(items, paper_urls_are_text=marked_up, whole_paragraphs=whole))
    elif not _unwrapped(items, markdown):  # else each line is a field: title, abstract, date
        # no link anywhere: a URL alone on a line of a wrapped paragraph is the wrap's, not a
        # written-out link (``… 📃 https://arxiv.org/abs/… 💾`` / ``https://github.com/…``)
        items = merge_wrapped(items, paper_urls_are_text=lambda: True)
    upvotes_first = _upvotes_lead(items, bare_counts)
    # where links are lost, whether this page's cards show abstracts: a lone handle ("ellamind")
    # after a title is then more likely a junk abstract than the organisation
    handles_are_names = bare_counts and not _shows_abstracts(items)
    title_level = _title_heading_level(items)
    current: Card | None = None
    started = False
    previous: Item | None = None

    def finish() -> None:
        nonlocal current
        if current is not None:
            page.cards.append(current)
        current = None

    def start(item: Item, arxiv: str | None) -> Card:
        nonlocal current, started
        finish()
        current, started = Card(line=item.line, arxiv_id=arxiv), True
        return current

    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        roles = _link_roles(item)
        ids = [arxiv for _, arxiv in roles if arxiv]
        arxiv = ids[0] if ids else None
        kind = _leading_role(item, roles)
        if TRUNCATION_NOTICE.match(item.text):
            page.truncated = True
            if item.text == CUT_MID_TEXT_NOTICE and current is not None and _nothing_after_title(current):
                # cut at or inside its title: no paper's title for sure, kept as a reject
                page.unused.append((current.title, "a card the capture cut off after: its title may be cut"))
                current = None
            continue
        lost_link = kind == "unknown" or (bare_counts and kind is None and _count_follows(following))
        if lost_link and current is not None and _comment_after_date(item, current, previous):
            current.n_comments = _count(item.text)  # "Mar 11" then "[ 10][18]": its comment count
            previous = item
            continue
        if kind == "unknown" and current is not None and _date_then_count(item):
            _read_meta(item.plain, current, item)  # "Mar 8, 2024 [ 6][39]": the date, its comments
            current.n_comments = _count(item.links[0].text)
            previous = item
            continue
        upvote = _upvote_value(item, kind, bare_counts)
        previous = item
        if upvote is not None and not item.heading:
            if kind == "paper" and current is not None and current.arxiv_id in (None, arxiv):
                current.arxiv_id = arxiv
                current.upvotes, current.n_comments = upvote, _count(_link_text(item, "comments"))
            elif arxiv and current is not None and current.arxiv_id == arxiv:
                current.upvotes = upvote  # after its card, tied by the id
            elif arxiv or (upvotes_first and (current is None or current.title is not None)):
                start(item, arxiv).upvotes = upvote
            elif current is not None and current.upvotes is None:
                current.upvotes = upvote
            elif started:
                page.unused.append((item, "upvote count that belongs to no paper card"))
            continue
        if item.heading and kind in (None, "paper", "unknown"):
            text = _link_text(item, "paper") or item.text
            if not _is_card_heading(item, text, kind, title_level):
                if current is None:
                    _before_cards(item, page)
                elif title_level is None and not arxiv:
                    finish()  # a digest's next section: what follows is not this paper's
                continue
            opened_by_upvote = current is not None and current.title is None and current.abstract is None
            same_paper = current is not None and (arxiv is None or current.arxiv_id in (None, arxiv))
            card = current if opened_by_upvote and same_paper else start(item, arxiv)
            assert card is not None
            card.arxiv_id = card.arxiv_id or arxiv
            card.title, card.title_text = item, text
            if item.plain and _link_text(item, "paper") is not None:  # "### [Title](…) · ▲ 153"
                _read_meta(item.plain, card, item)
            continue
        if kind == "comments" and current is not None and current.arxiv_id in (None, arxiv):
            current.arxiv_id = arxiv  # a card whose only link to its paper is the comment count's
            current.n_comments = _count(_link_text(item, "comments"))
            _read_meta(item.plain, current, item)
            continue
        if current is not None and current.title is not None and (cited := _citation(item, arxiv)):
            kind, named = cited
            if kind == "paper" and current.arxiv_id in (None, arxiv):
                if current.arxiv_id is None and _names_a_paper(named):  # not "Hugging Face", "arXiv"
                    current.title_text = named  # the headline over it was the newsletter's
                current.arxiv_id, current.cites = arxiv, "paper"
                continue
            if kind == "elsewhere" and current.arxiv_id is None:
                current.cites = "elsewhere"
                continue
        other_paper = current is None or current.arxiv_id not in (None, arxiv)
        if arxiv and (other_paper or _shown_again(current, item)):
            start(item, arxiv)
        elif arxiv and current is not None and current.arxiv_id is None:
            text = _link_text(item, "paper")
            complete = current.title is not None and current.abstract is not None
            if complete and text and _card_text_role(current, text) is None:
                start(item, arxiv)  # a new paper's title after an id-less card
            assert current is not None
            current.arxiv_id = arxiv
        if (submitter := _next_cards_submitter(item, current, following)) is not None:
            start(item, None).submitted_by = submitter
            continue
        if current is None:
            _before_cards(item, page, started=started)
            continue
        if bare_counts and _avatar_alt_line(
            item, following, items[index + 2] if index + 2 < len(items) else None
        ):
            continue  # "antgroup" over "Ant Group" over "·": the avatar's alt text, not an abstract
        if bare_counts and _bare_submitter(item, current, following, handles_are_names):
            current.submitted_by = without_avatar_slug(clean_display(item.text))
            continue
        if bare_counts and _abstract_by_place(item, current):
            _card_text(item, item.text, current, linked=True)
            continue
        _card_item(item, current, page, following)
    finish()
    return page


def _next_cards_submitter(item: Item, card: Card | None, following: Item | None) -> str | None:
    """The name in ``Submitted by jdoe`` over a title heading, before the first card or after a card
    that has its title and no abstract: the site's cards of 2026 name the submitter above the title
    (below the thumbnail, which a converter may drop or write as no link) and show no abstract.
    None elsewhere: under a card with an abstract the line is that card's (a digest ending each
    paper so)."""
    if not (
        (card is None or (card.title is not None and card.abstract is None))  # no abstract on those cards
        and following is not None
        and following.heading > 0
        and not item.links
        and not has_meta_separator(item.text)  # "Submitted by Google · Dec 4 · 0 upvotes": its card's
    ):
        return None
    match = SUBMITTED_BY.match(item.text)
    name = match[1].strip() if match else ""
    return clean_display(name) if name else None


def _written_out_url(item: Item) -> bool:
    return len(item.links) == 1 and not item.text and item.raw.strip().strip("<>") == item.links[0].href


def _unknown_submitter(item: Item, text: str, card: Card, following: Item | None) -> bool:
    """A short link after the abstract, or right before the ``·``, whose target the capture lost:
    the organisation's link (the only other linked text a card shows there besides ``N authors``)."""
    before_separator = (
        following is not None
        and bool(following.text)
        and SEPARATORS.match(following.text)
        and re.match(r"\s*\[\s", item.raw) is not None  # "[ Org][17]": the avatar left a space
    )
    return bool(
        card.title is not None
        and (card.abstract is not None or before_separator)
        and card.submitted_by is None
        and not card.meta_items
        and all(link.href.startswith(MISSING_REF) for link in item.links)
        and len(text) <= 80
        and not authors_match(text)
        and not looks_like_abstract(text)
        and not text.endswith(SENTENCE_ENDS)
    )


def _date_then_count(item: Item) -> bool:
    """A card's date with its comment count linked after it on one line, the link's target lost
    (a text dump without its link list: ``Mar 8, 2024 [ 6][39]``)."""
    return (
        len(item.links) == 1
        and COMMENTS.match(item.links[0].text.strip()) is not None
        and _is_date(item.plain.strip())
    )


def _comment_after_date(item: Item, card: Card, previous: Item | None) -> bool:
    """A one-line number link right after the card's date is its comment count; the upvote block of
    a text dump spans lines (``[`` / ``65`` / ``][35]``). Used only where links lost their targets."""
    return bool(
        previous is not None
        and previous in card.meta_items
        and card.published is not None
        and card.n_comments is None
        and not item.joined
        and COMMENTS.match(item.text)
    )


def _shown_again(card: Card, item: Item) -> bool:
    """The card's title link again after its metadata: the same paper's card shown a second time."""
    text = _link_text(item, "paper")
    return bool(card.meta_items and card.title is not None and text and text == card.title_text)


# After a list item's leading paper link, a note on it: ``- [Title](…) (2025-09, 665 upvotes): …``
_LINK_THEN_NOTE = re.compile(r"^\s*(?:\(|[:\-–—]\s)")
_META_WITHIN = 6  # a card's "·" and date follow its title within this many items (authors, avatars)


def _title_heading_level(items: list[Item]) -> int | None:
    """The heading level of card titles: the commonest level used more than once (a page title
    ``# Daily Papers`` or ``## by AK …`` is used once), else the level of a heading that is a link.
    None when the titles are paper links outside headings and no heading links a paper: the
    headings then name sections of a digest (``## HuggingFace Papers``, ``## GitHub Repositories``)."""
    counts: dict[int, int] = {}
    linked: dict[int, int] = {}  # headings that are a link: titles even when a page shows one card
    papers_linked: dict[int, int] = {}
    linked_titles = 0  # paper links that are a whole item outside headings: "**[Title](…/papers/…)**"
    # Headings right under a paper's vote count (``[7](…/login?next=/papers/<id>)``): card titles even
    # where each card's paper link is its abstract (defuddle's Markdown: ``### Title`` unlinked, the
    # abstract, cut short, linked), which would otherwise read as a digest's linked titles.
    voted: dict[int, int] = {}
    for before, item in pairwise([None, *items]):
        if item.heading and not is_chrome(item.text) and not parse_page_date(item.text):
            counts[item.heading] = counts.get(item.heading, 0) + 1
            if before is not None and any(LOGIN_HREF.match(link.href) for link in before.links):
                voted[item.heading] = voted.get(item.heading, 0) + 1
            if item.links and item.text == item.links[0].text:
                linked[item.heading] = linked.get(item.heading, 0) + 1
            if _link_text(item, "paper"):
                papers_linked[item.heading] = papers_linked.get(item.heading, 0) + 1
        elif len(item.links) == 1 and 0 < len(text := item.links[0].text) <= MAX_TITLE_CHARS:
            whole = item.text.strip("*_ ") == text  # the item is the link, bold or not
            noted = item.list_item and _LINK_THEN_NOTE.match(item.text[len(text) :]) is not None
            found = paper_id(item.links[0].href)  # a paper's link, not its comment count's
            titled = not authors_match(text) and not is_site_label(
                text
            )  # not "[Hugging Face](…): 20 upvotes"
            linked_titles += (whole or noted) and found is not None and found[0] == "paper" and titled
    if papers_linked:  # headings that link papers are the titles, whatever else the page heads
        return max(papers_linked, key=lambda lvl: (papers_linked[lvl], -lvl))
    level, count = max(counts.items(), key=lambda kv: (kv[1], -kv[0]), default=(None, 0))
    if voted.get(level or 0, 0) >= 2:  # titles under their vote counts: cards, whatever they link
        return level
    if level is not None and linked_titles >= max(2, count):
        return None
    if count >= 2:
        return level
    if linked:
        return max(linked, key=lambda lvl: (linked[lvl], lvl))
    return _heading_over_card_meta(items)


def _heading_over_card_meta(items: list[Item]) -> int | None:
    """On a page of one card with no link (a day listing a single paper, saved without links), the
    level of a heading a card's ``·`` and date follow within a few items, or its metadata line
    (``5 authors · Mar 6 · 0 upvotes``): its title (the level of a title used once, not linked, was
    no title: the day's only card was lost, or its metadata read as its abstract)."""
    for i, item in enumerate(items):
        if not item.heading or is_chrome(item.text) or parse_page_date(item.text):
            continue
        following = items[i + 1 : i + 1 + _META_WITHIN]
        if any(_date_after_separator(before, after) for before, after in pairwise(following)) or any(
            is_card_meta_line(after.text) for after in following
        ):
            return item.heading
    return None


def _date_after_separator(before: Item, item: Item) -> bool:
    """A card's ``·`` and, next, its date."""
    return bool(before.text.strip()) and SEPARATORS.match(before.text) is not None and _is_date(item.text)


def _is_card_heading(item: Item, text: str, kind: str | None, title_level: int | None) -> bool:
    if not text or is_chrome(text) or parse_page_date(text) or parse_full_date(text):
        return False
    return kind == "paper" or item.heading == title_level


def _counts_without_links(items: list[Item]) -> bool:
    """A page whose text kept the cards but lost their links (a browser's innerText, BeautifulSoup's
    ``get_text``): a card's ``·`` followed by a date (a day may list a single card; ``· Aug 5`` on
    one line counts too), no link of the site, and fewer links whose target the capture lost than
    cards (a text dump without its link list has several per card; a citation ``[1][2]`` in an
    abstract is one). There a line holding only a number is a card's count: its upvotes, or its
    comments right after its date (the places the linked counts of every other export stand)."""
    for item in items:  # the site's paper or vote links (an arXiv link in an abstract is the abstract's)
        hrefs = (item.bare_url, *(link.href for link in item.links)) if item.links or item.bare_url else ()
        if any(href and "huggingface.co/" in href and paper_id(unquote_href(href)) for href in hrefs):
            return False
    runs = sum(1 for before, item in pairwise(items) if _date_after_separator(before, item)) + sum(
        1 for item in items if _separator_then_date(item.text)
    )
    if not runs and any(len(text := item.text.strip()) == 1 and text.isdigit() for item in items):
        runs = sum(
            1 for before, item in pairwise(items) if is_author_count(before.text) and _is_date(item.text)
        )
    lost = sum(1 for item in items if any(link.href.startswith(MISSING_REF) for link in item.links))
    return runs >= 1 and lost < runs


def without_avatar_slug(name: str) -> str:
    """An organisation's name without its avatar's alt text glued before it, where links are lost
    and an extractor writes an image's alt text against the text after it: ``cis-lmuCIS, LMU
    Munich``, ``notredameUniversity of Notre Dame``, ``CarnegieMellonUCarnegie Mellon University``.

    The slug is a space-free head that ends where a capital starts the name, and it abbreviates the
    name (its letters in order among the name's) or extends it (``occ-ai`` for ``OCC``), and what
    follows reads as a name (capitalised words); of such heads the longest is taken. A name alone
    (``DeepSeek``, ``NousResearch``, ``OpenGVLab``) has no head that abbreviates the rest, and stays
    as it is. A slug that is the name (``ellamind``) glues into the name twice."""
    if (bracketed := bracketed_avatar_name(name)) is not None:
        return bracketed
    half = len(name) // 2
    if len(name) >= 6 and " " not in name and name[:half].lower() == name[half:].lower():
        return name[half:]
    best = None
    for i in range(3, len(name) - 1):
        if name[i - 1] == " ":
            break  # the slug has no space
        if not name[i].isupper() or not name[i - 1].isalnum():
            continue  # a slug ends in a letter or digit ("Meta-Cognitive …" is one name)
        slug, rest = _letters(name[:i]), _letters(name[i:])
        if (
            len(rest) >= 2
            and (_in_order(slug, rest) or slug.startswith(rest))
            and _name_like(name[i:], False)
        ):
            best = i
    return name[best:] if best is not None else name


def _linked_name(text: str, slug: str) -> str:
    """An organisation's linked name without its avatar's alt text where a converter wrote the
    image as its alt inside the link (html2text's ``images_to_alt``: ``[cis-lmuCIS, LMU
    Munich](/cis-lmu)``): the glued head is dropped when it is the slug the link goes to."""
    name = without_avatar_slug(text)
    return name if text[: len(text) - len(name)].strip("[]").lower() == slug.lower() else text


def _avatar_alt_line(item: Item, following: Item | None, after: Item | None) -> bool:
    """A line that is the slug of the organisation named on the next line, right before the card's
    ``·``: an extractor that writes images as their alt text put the avatar's on a line of its own
    (Docling's text export, unstructured)."""
    text = item.text.strip()
    return bool(
        following is not None
        and after is not None
        and text
        and " " not in text
        and after.text.strip()
        and SEPARATORS.match(after.text)
        and without_avatar_slug(text + following.text.strip()) == following.text.strip()
    )


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _in_order(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


def _separator_then_date(text: str) -> bool:
    """``· Aug 5``: a card's separator and its date on one line (an ARIA snapshot's metadata element
    without its links; innerText puts them on two)."""
    head = text.lstrip()
    return head[:1] in ("·", "•") and _is_date(head[1:].strip())


def _bare_submitter(item: Item, card: Card, following: Item | None, handles: bool) -> bool:
    """Where links are lost, the organisation's name is the short line right before the ``·``: after
    the abstract, or after the title of a card without one when it reads as a name (``Google``,
    ``University of Notre Dame``; a one-word abstract such as ``ICLR2026`` is taken for one too)."""
    text = item.text
    return bool(
        following is not None
        and following.text.strip()
        and (
            SEPARATORS.match(following.text)
            or _separator_then_date(following.text)
            or (_is_date(following.text) and not SEPARATORS.match(item.text))  # the "·" dropped (boilerpy3)
        )
        and card.title is not None
        and card.submitted_by is None
        and not card.meta_items
        and item.plain
        and len(text) <= 80
        and not authors_match(text)
        and not text.endswith(SENTENCE_ENDS)
        and not is_chrome(text)
        and (
            card.abstract is not None
            or (
                _name_like(without_avatar_slug(text), handles)
                and text.casefold() != (card.title_text or "").casefold()
            )
        )
    )


# Words an organisation's name may hold in lower case (University of X, Institute for Y).
_NAME_CONNECTORS = frozenset(("of", "for", "and", "the", "de", "at", "in", "&"))


_NAME_WORD = re.compile(r"^[A-Z][\w.,&'-]+$")


_HANDLE = re.compile(r"^[a-z][a-z0-9-]{2,38}$")


def _name_like(text: str, handles: bool) -> bool:
    """One to eight words, each capitalised or a connector, no URL or colon (``Google``, ``University
    of Notre Dame``), or (``handles``) one lower-case handle (``ellamind``); not ``Code released at:
    https://…`` or ``Up～``."""
    words = text.split()
    return (
        1 <= len(words) <= 8
        and ":" not in text
        and all(_NAME_WORD.match(w) or w in _NAME_CONNECTORS for w in words)
    ) or (handles and _HANDLE.match(text) is not None)


def _shows_abstracts(items: list[Item]) -> bool:
    """Whether most cards of a page without links show an abstract: texts that read like one,
    against the cards' ``·`` separators."""
    separators = sum(1 for item in items if item.text.strip() and SEPARATORS.match(item.text))
    return sum(1 for item in items if looks_like_abstract(item.text)) * 2 >= separators


def _abstract_by_place(item: Item, card: Card) -> bool:
    """Where links are lost, any text between a card's title and its metadata is its abstract, however
    short (``Up～``), as a linked one is."""
    text = item.text
    return bool(
        card.title is not None
        and card.abstract is None
        and not card.meta_items
        and text
        and not item.links
        and not SEPARATORS.match(text)
        and not authors_match(text)
        and not _is_date(text)
        and not is_chrome(text)
    )


def _count_follows(following: Item | None) -> bool:
    """Where counts lost their links, a number after a card's date is its comment count only when
    the next card's upvote count follows it (every card shows one) or the cards end there."""
    return following is None or bool(UPVOTE.match(following.text.strip())) or is_chrome(following.text)


def _unwrapped(items: list[Item], markdown: bool) -> bool:
    """Lines nobody wrapped: few continue a sentence in lower case (a wrapped abstract's lines mostly
    do; a title, an abstract, ``5 authors`` or a date each on its own line rarely).

    Where the page was read as Markdown, only the prose lines that follow prose in their paragraph
    are counted: counted with every line, the counts, dates and ``·`` of a page whose abstracts are
    short outnumbered the wrapped lines, and its abstracts were cut into lines read as stray text. In
    a page's text read line by line, a title and an abstract that repeats it share a block: there
    every line counts."""
    if markdown:
        texts = [
            item.text
            for before, item in pairwise(items)
            if item.text and before.block == item.block and plain_prose(before) and plain_prose(item)
        ]
        return sum(1 for text in texts if text[:1].islower()) < 0.3 * len(texts)
    texts = [item.text for item in items if item.text]
    return sum(1 for text in texts[1:] if text[:1].islower()) < 0.3 * len(texts)


def _is_date(text: str) -> bool:
    return parse_page_date(text) is not None or parse_full_date(text) is not None


def _upvotes_lead(items: list[Item], bare_counts: bool = False) -> bool:
    """Whether upvote counts stand before their card on this page: the first upvote-like item comes
    before the first title-like item (a heading or a paper link with text)."""
    for item in items:
        kind = _leading_role(item, _link_roles(item))
        if _upvote_value(item, kind, bare_counts) is not None and not item.heading:
            return True
        if item.heading and not is_chrome(item.text) and _link_text(item, "paper") is not None:
            return False
        if kind == "paper" and _link_text(item, "paper"):
            return False
    return True


def _link_roles(item: Item) -> list[tuple[str, str | None]]:
    roles: list[tuple[str, str | None]] = []
    for link in item.links:
        found = paper_id(link.href)
        if found:
            roles.append(found)
        elif LOGIN_ANY.match(link.href) and UPVOTE.match(link.text.strip()):
            roles.append(("upvote", None))  # a login link that names no paper: the vote button still
        elif user_of_href(link.href):
            roles.append(("user", None))
        elif CODE_HREF.match(link.href):
            roles.append(("code", None))
        elif link.href.startswith(MISSING_REF):
            roles.append(("unknown", None))
        else:
            roles.append(("nav", None))
    return roles


def _leading_role(item: Item, roles: list[tuple[str, str | None]]) -> str | None:
    """The role of the item's first link that shows text: a thumbnail (an image link, no text) glued
    before the vote count (``[![](thumb)](paper)[7](login…)``, defuddle's Markdown) does not make the
    count a link to the paper."""
    if len(roles) > 1 and not item.links[0].text.strip():
        for link, (role, _) in zip(item.links, roles, strict=True):
            if link.text.strip():
                return role
    return roles[0][0] if roles else None


def _link_text(item: Item, role: str) -> str | None:
    for link in item.links:
        found = paper_id(link.href)
        if found and found[0] == role:
            return "" if is_site_label(link.text) else link.text
        if role == "paper" and link.href.startswith(MISSING_REF):
            return link.text
    return None


def _upvote_value(item: Item, kind: str | None, bare_counts: bool = False) -> int | None:
    """The count of an upvote item: a login link's number, or a bare ``[-] 12`` / ``▲ 12`` (or
    ``12`` alone on a page of ``bare_counts``)."""
    if kind == "paper":
        return _linked_vote_count(item)
    bare = kind is None and bare_counts
    if kind == "upvote" or bare or (kind in (None, "unknown") and not item.plain.strip(" -[]")):
        text = item.text
    elif kind is None:
        text = item.text
        if not (
            text.startswith(("[-]", "▲", "△", "⬆", "↑", "👍", ":+1:"))
            or text.lower().endswith(("upvote", "upvotes"))
        ):
            return None
    else:
        return None
    match = UPVOTE.match(text.strip().strip("[]").strip() if kind == "unknown" else text.strip())
    if not match:
        return None
    return _count(match[1])


_COUNT_TEXT = re.compile(rf"^(?:{COUNT_TEXT})$")


def _linked_vote_count(item: Item) -> int | None:
    """``[1.09k](paper) [4](paper#community)``: the site's cards of 2026 link their vote count to
    the paper, beside the comment count's link. Only a count and that paper's comments link on the
    line make it the votes: an abstract linked to the paper (``[5](paper)`` under a title) stands
    alone or with a date."""
    if len(item.links) != 2 or item.plain.strip():
        return None
    votes, comments = (paper_id(link.href) for link in item.links)
    if not votes or not comments or (votes[0], comments[0], votes[1]) != ("paper", "comments", comments[1]):
        return None
    text = item.links[0].text.strip()
    return _count(text) if _COUNT_TEXT.match(text) else None


def _count(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    if text in ("-", ""):
        return 0
    if text[-1:] in "kK" and text[:-1].replace(".", "", 1).isdigit():
        return round(float(text[:-1]) * 1000)
    return int(text) if text.isdigit() else None


def _before_cards(item: Item, page: CardPage, *, started: bool = False) -> None:
    """Header text: the page's day (``Mar 25``) is read; the rest is chrome or, if prose, a reject
    (``started``: after a digest's section of papers ended, not before the first card)."""
    day = parse_page_date(item.text)
    text = item.text
    if day is None and item.links and item.plain.strip():  # "[Trending Papers](…)Dec 4": glued on
        day, text = parse_page_date(item.plain.strip()), item.plain.strip()
    if day is not None:
        if page.page_date is None:
            page.page_date, page.page_date_text = day, text
        return
    if looks_like_prose(item.text) and not is_chrome(item.text) and not is_menu_line(item.text):
        where = "outside the paper cards" if started else "before the first paper card"
        page.unused.append((item, f"text {where} that is not part of a record"))


def _card_item(item: Item, card: Card, page: CardPage, following: Item | None = None) -> None:
    """One item inside a card: a field, chrome, or text the card does not use."""
    if _written_out_url(item) and card.title is not None and card.abstract is None and not card.meta_items:
        url = item.links[0].href  # an abstract that is nothing but a URL, under a heading title
        if "huggingface.co/papers/" not in url and not LOGIN_ANY.match(url):
            card.abstract, card.abstract_text = item, url
            return
    for link in item.links:
        if CODE_HREF.match(link.href) and link.href not in card.code_links:
            card.code_links.append(link.href)
        if (slug := user_of_href(link.href)) and link.text and card.title is not None:
            card.submitted_by = card.submitted_by or _linked_name(clean_display(link.text), slug)
        if card.n_comments is None and _comments_link_of(link, card):
            card.n_comments = _count(link.text)  # "[abstract](…) · Dec 2 [12](…#community)"
    paper_text = _link_text(item, "paper")
    if paper_text is not None:
        if not paper_text:
            return  # an avatar or image link to the paper
        if _unknown_submitter(item, paper_text, card, following):
            card.submitted_by = paper_text
            return
        if (authors := authors_match(paper_text)) and len(paper_text) < 80 and card.title is not None:
            card.n_authors = int(authors[1])
            _read_meta(item.plain, card, item)  # "[5 authors](…) · Dec 12"
            return
        _card_text(item, paper_text, card, linked=True)
        if not _noted_list_item(item, card):
            _read_meta(item.plain, card, item)
        return
    if any(user_of_href(link.href) for link in item.links) or any(
        CODE_HREF.match(link.href) for link in item.links
    ):
        _read_meta(item.plain, card, item)
        return
    if item.links and all(r[0] == "nav" for r in _link_roles(item)) and not looks_like_abstract(item.text):
        return  # "Previous", day switchers, "Trending Papers": navigation (not prose that links out)
    text = item.text
    if not text or SEPARATORS.match(text) or is_chrome(text):
        return
    submitter = SUBMITTED_BY.match(text) if not has_meta_separator(text) else None
    if submitter and submitter[1].strip() and card.submitted_by is None:
        card.submitted_by = clean_display(submitter[1])
        return
    if _counts_closing_card(item, card):  # "7 0" under a title: the votes and the comments, links lost
        if card.abstract is not None:  # the organisation's name the card shows, not an abstract
            card.meta_items.append(card.abstract)
            card.abstract, card.abstract_text = None, ""
        counts = text.split()
        card.upvotes = _count(counts[0]) if len(counts) == 2 else None
        card.n_comments = _count(counts[-1])
        card.meta_items.append(item)
        return
    if card.title is None and card.upvotes is None and text.isdigit() and len(text) <= 7:
        # a count before the title is its votes, which a converter moved out of the vote button's
        # link (pandoc without raw HTML: the icon's link, then "12" on a line of its own)
        card.upvotes = int(text)
        return
    if _read_meta(text, card, item):
        return
    _card_text(item, text, card)


# A newsletter item's source line under its headline and summary, in the languages such digests are
# written in: "*[Fonte: FuseReg: Regularizing …](…/papers/2609.31620) · HF Daily Papers*".
_CITED = re.compile(
    r"^\W*(?:source|sources|fonte|fontes|fuente|fuentes|quelle|来源|來源|出典|출처)\s*[:：]\s*", re.IGNORECASE
)


def _citation(item: Item, arxiv: str | None) -> tuple[str, str] | None:
    """(kind, what it names) when ``item`` is a source line (its link's text opens with "Source:"):
    kind "paper" when it cites a paper, "elsewhere" when it names something else it cites (a forum
    post, a release); None for anything else. The cited paper's own title (the headline over it is
    the newsletter's) and id are the card's; an item citing something else is no paper
    (``pipeline.parse`` keeps it as a reject). A source line naming only a kind of page (``project
    page``, ``GitHub``) may be a paper's: it says nothing of the card."""
    if len(item.links) != 1 or not (cited := _CITED.match(item.links[0].text)):
        return None
    named = item.links[0].text[cited.end() :].strip()
    if arxiv and _link_text(item, "paper"):
        return "paper", named
    if named.lower() in _PAGE_KINDS or is_site_label(named.lower()):
        return None
    return "elsewhere", named


# What a source line may name instead of what it cites: the kind of page (a paper's, often).
_PAGE_KINDS = frozenset(
    {"project page", "project", "code", "github", "repository", "repo", "website", "homepage", "blog"}
)


def _names_a_paper(text: str) -> bool:
    """Whether a source line's link text is a paper's title, not where it points (``Hugging Face``,
    ``arXiv``, ``paper``, ``arXiv:2603.25040``)."""
    return (
        len(text.split()) >= 2
        and not is_site_label(text)
        and not re.search(r"\d{4}\.\d{4,5}", text)
        and not authors_match(text)
    )


# A list item's note on the paper it links: ``- [Title](…) (2025-09, 665 upvotes): summary``
_ITEM_NOTE = re.compile(r"^\s*\((?P<meta>[^()]{1,80})\)\s*(?:[:\-–—]\s+(?P<summary>.+))?$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _noted_list_item(item: Item, card: Card) -> bool:
    """A list item whose paper link is the card's title, then a note in brackets and a summary: the
    note's counts are the card's (its month is left out: a day it does not name), the summary its
    abstract. False, and nothing read, when the item is anything else."""
    note = _ITEM_NOTE.match(item.plain) if item.list_item and card.title is item else None
    if note is None:
        return False
    meta = " · ".join(part for part in note["meta"].split(", ") if not _YEAR_MONTH.match(part.strip()))
    if meta and not _read_meta(meta, card, item):
        return False
    summary = (note["summary"] or "").strip()
    if summary and card.abstract is None and looks_like_prose(summary):  # a sentence, by its place
        card.abstract, card.abstract_text = item, summary
    return True


_ORGANISATION_NAME = re.compile(r"^(?!.*[.!?:;]\s)[^.!?:;\n]{1,60}$")  # short, no sentence in it
_TWO_COUNTS = re.compile(rf"^(?:{COUNT_TEXT})(?: \d{{1,7}})?$")


def _counts_closing_card(item: Item, card: Card) -> bool:
    """One or two counts alone under a card that shows no abstract and no date, its links lost: the
    site's cards of 2026 end in the vote count (shown when there are votes) and the comment count
    (always shown), ``7 0`` or ``0`` once a converter dropped their links. The organisation's name
    over them (``University of Notre Dame``) had been read as the abstract."""
    return (
        not item.links
        and card.title is not None
        and card.submitted_by is not None  # "Submitted by" above the title: those cards' form
        and (card.abstract is None or _ORGANISATION_NAME.match(card.abstract_text) is not None)
        and card.published is None
        and card.upvotes is None
        and card.n_comments is None
        and _TWO_COUNTS.match(item.text) is not None
    )


def _comments_link_of(link: Link, card: Card) -> bool:
    """The card's comment-count link after other content on its line (a converter that kept the
    abstract's link and the metadata after it on one line: dom-to-semantic-markdown)."""
    found = paper_id(link.href)
    return (
        found is not None
        and found[0] == "comments"
        and card.arxiv_id in (None, found[1])
        and COMMENTS.match(link.text.strip()) is not None
    )


def _card_text(item: Item, text: str, card: Card, *, linked: bool = False) -> None:
    """Title, abstract or neither. Text linked to the paper is the abstract by its place, however
    short (real cards carry ``.`` or ``upload``); unlinked text must read like one."""
    role = _card_text_role(card, text, linked=linked, quoted=item.raw.lstrip().startswith(">"))
    if role == "title":
        tail = text[-16:]
        if (
            card.upvotes is None
            and ("vote" in tail.lower() or "👍" in tail)
            and (votes := TRAILING_VOTES.match(text))
        ):
            text, card.upvotes = votes["title"], int(votes["votes"])
        card.title, card.title_text = item, text
    elif role == "abstract":
        card.abstract, card.abstract_text = item, text
    elif role == "continued":  # a hard-wrapped abstract's next paragraph
        assert card.abstract is not None
        card.abstract_text = f"{card.abstract_text} {text}"
    elif role == "replaces":  # "Accepted at ICLR 2025" stood where the abstract follows
        assert card.abstract is not None
        card.extra.append((card.abstract, "paragraph in a paper's block that is not its abstract"))
        card.abstract, card.abstract_text = item, text
    elif role is None and _could_be_paper_text(text) and not is_menu_line(text):
        card.extra.append((item, "text between papers that is not part of a record"))


def _card_text_role(card: Card, text: str, *, linked: bool = False, quoted: bool = False) -> str | None:
    if card.title is None and len(text) <= MAX_TITLE_CHARS and not looks_like_abstract(text):
        return "title"
    if card.abstract is None:
        if looks_like_abstract(text):
            return "abstract"
        title = card.title
        by_place = (
            linked
            or bool(title and (title.heading or any(role == "paper" for role, _ in _link_roles(title))))
            or _could_be_paper_text(text)
        )
        # a digest may list the authors under the title, before the abstract, or quote the abstract
        # after the card's links and counts (any quoted text before the card's date is its abstract)
        sentence_after_authors = (
            _only_authors_so_far(card) and text.endswith(SENTENCE_ENDS) and text.count(" ") >= 7
        )
        quote_before_date = quoted and card.published is None and card.n_comments is None
        after_authors = sentence_after_authors or quote_before_date
        return (
            "abstract"
            if card.title is not None and (not card.meta_items or after_authors) and by_place
            else None
        )
    if text in (card.title_text, card.abstract_text):
        return "same"
    if not looks_like_abstract(card.abstract_text) and looks_like_abstract(text) and not card.meta_items:
        return "replaces"
    wrapped_on = card.abstract_text[-1:].isalnum() and text[:1].islower()
    if not card.meta_items and wrapped_on:
        return "continued"
    return None


def _only_authors_so_far(card: Card) -> bool:
    return bool(
        card.meta_items
        and card.n_authors is not None
        and card.published is None
        and card.upvotes is None
        and card.n_comments is None
    )


def _could_be_paper_text(text: str) -> bool:
    """Text a paper could have had (a title, a sentence); one or two words (``Company``, ``System
    theme``) are a footer's or a menu's."""
    return len(text) > 30 or text.count(" ") >= 2


def _read_meta(text: str, card: Card, item: Item) -> bool:
    """Metadata fields in ``text`` (``Oct 7, 2024``, ``May 29``, ``3 authors``, ``12 comments``,
    ``Published on … · 5 authors · ▲ 10``) onto the card. False when any part is something else.

    After text that became no field (a paper that lost its links), metadata cannot be told to be
    this card's: it is a reject, never given to the wrong paper."""
    parts = [p for p in META_SPLIT.split(text.strip()) if p]
    if not parts:
        return bool(text.strip())
    found: list[Callable[[], None]] = []
    for part in parts:
        part = PUBLISHED_ON.sub("", part.strip().lstrip("*-+—– ").rstrip("*").strip())
        if part[:1] in "([" and part:  # a task list's box, a count in parentheses
            if part in ("[ ]", "[x]", "[X]"):
                continue  # "- [ ] [Title](…) · ▲ 12"
            if part[-1:] in ")]" and ("vote" in part.lower() or "👍" in part):  # "[Title](…) (12 upvotes)"
                part = part[1:-1].strip()
        if "\ufe0f" in part:
            part = part.replace("\ufe0f", "")  # the emoji form of an arrow: "⬆️ 12"
        if submitter := SUBMITTED_BY.match(part + " "):  # "Submitted by [Org](…)": the link is the name
            name = submitter[1].strip()
            if name:
                found.append(lambda n=name: setattr(card, "submitted_by", card.submitted_by or n))
        elif full := parse_full_date(part):
            found.append(lambda d=full, p=part: _set_date(card, d, p))
        elif day := parse_page_date(part):
            found.append(lambda d=day, p=part: _set_date(card, d, p))
        elif (authors := authors_match(part)) and (len(part) < 40 or NAMED_AUTHORS.search(part)):
            found.append(lambda n=int(authors[1]): setattr(card, "n_authors", n))
        elif match := COMMENT_ICON.match(part):
            found.append(lambda n=int(match[1]): setattr(card, "n_comments", n))
        elif IGNORED_META.match(part):
            continue  # a repository's stars, "15mo ago": nothing a card field holds
        elif part.lower().endswith(("comment", "comments")) and (match := COMMENTS.match(part)):
            found.append(lambda n=int(match[1]): setattr(card, "n_comments", n))
        elif (match := UPVOTE.match(part)) and not part.isdigit() and part != "-":
            votes = _count(match[1])
            found.append(lambda n=votes: setattr(card, "upvotes", n))
        elif part.isdigit() and card.published is not None and card.n_comments is None:
            found.append(lambda n=int(part): setattr(card, "n_comments", n))  # clip: "1" after the date
        else:
            return False
    if card.extra:
        card.extra.append((item, "paper metadata after text that is not a record"))
        return True
    for apply in found:
        apply()
    card.meta_items.append(item)
    return True


def _set_date(card: Card, value: date | tuple[int, int], text: str) -> None:
    card.published, card.published_text = value, text


def resolve_published(card: Card, captured: date | None) -> date | None:
    """A card's date as a full date: a yearless ``May 29`` takes the year that puts it nearest the
    arXiv id's YYMM month, else the latest such day on or before the capture date."""
    value = card.published
    if value is None or isinstance(value, date):
        return value
    month, day = value
    if card.arxiv_id and re.match(r"^\d{4}\.", card.arxiv_id):
        yy, mm = int(card.arxiv_id[:2]), int(card.arxiv_id[2:4])
        return year_near(month, day, 2000 + yy, mm)
    if captured is not None:
        try:
            return infer_listing_date(month, day, captured)
        except ValueError:
            return None
    return None
