"""Render real listing rows as Hugging Face "papers" pages the way real exporters save them.

Each renderer takes a :class:`PageSpec` and a list of :class:`~tests.support.real_rows.Row` and
returns a :class:`Rendered`: the page text and the :class:`ExpectedCard` list a correct parser must
read back from it (in page order, one per distinct paper), plus what the page shows about itself.
Supporting a new exporter is one more renderer registered in :data:`RENDERERS`.

What a card shows is decided per paper, deterministically (a hash of the arXiv id, so a paper looks
the same on every day it is listed, and the same in every style):

* **author count**: ``len(authors)`` when the row has authors (HF writes ``N authors``, also
  ``1 authors``); nothing when the list is empty;
* **submitting organisation**: about one paper in eight, from organisations seen on the real pages
  (``Google``, ``CIS, LMU Munich``…); an organisation card shows no author count (as on HF);
* **per-paper date**: 1-20 days before the listed day, kept in or after the arXiv id's YYMM month
  (an old id gets a day of its own month): shown ``May 29`` in the capture year, ``Oct 7, 2024``
  otherwise. A yearless date resolves to the year that puts it nearest the id's YYMM month, which
  :func:`resolve_yearless` checks for every card;
* **upvotes**: the row's ``stars`` (``-`` for 0 and for null, as HF shows zero): expected 0;
* **comment count**: for about 40% of cards, 1-12; absent (expected None) otherwise.

Expected title and abstract are :func:`~tests.support.real_rows.display` of the row's text: what a
browser shows (whitespace collapsed, control characters gone), without link syntax or escapes. A
null or empty abstract is expected as ``""`` (the card shows none). Fields a style does not show are
expected None (``Rendered.shows`` lists the ones it does).

Styles (see each renderer's docstring):

``clip`` (browser clip exporter), ``firecrawl``, ``text_dump`` (html2text, reference links, width
120; ``text_dump_norefs`` without the definitions, as a truncated capture; ``text_dump_fenced``
inside a code fence), ``structured`` (HTML to
Markdown with ``<a id="source-section-N"></a>`` anchors), ``minimal_md`` / ``minimal_md_nolink``
(``### Title``, abstract, metadata line), ``spaced`` and ``compact`` (the bundled sample layouts).
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import quote

from tests.support.real_rows import Row, display

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
PAGE_KINDS = ("daily", "weekly", "monthly", "trending", "search")
CARD_FIELDS = (
    "arxiv_id", "title", "abstract", "n_authors", "submitted_by", "published_date", "upvotes", "n_comments",
)  # fmt: skip
ALL_FIELDS = frozenset(CARD_FIELDS)
HF = "https://huggingface.co"

# (display name, profile slug) of submitting organisations seen on the real pages.
ORGS: tuple[tuple[str, str], ...] = (
    ("Google", "google"),
    ("CIS, LMU Munich", "cis-lmu"),
    ("JetBrains Research", "JetBrains-Research"),
    ("Kyutai", "kyutai"),
    ("NousResearch", "NousResearch"),
    ("Stanford University", "Stanford-University"),
    ("University of Washington NLP", "uwnlp"),
    ("University of Waterloo", "UWaterloo"),
    ("OCC", "occ-ai"),
    ("Carnegie Mellon University", "CarnegieMellonU"),
    ("University of Massachusetts Amherst", "umass"),
    ("ellamind", "ellamind"),
    ("Ant Group", "antgroup"),
    ("University of Notre Dame", "notredame"),
    ("AI4Research", "AI4Research"),
    ("Bloomberg", "bloomberg"),
    ("Phala", "PhalaCloud"),
    ("OpenDataLab", "opendatalab"),
)


# --------------------------------------------------------------------------------------------
# Specs, facts, expectations
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    """Which listing a page is and when it was saved."""

    listing_date: date
    captured: date
    kind: str = "daily"  # daily / weekly / monthly / trending / search
    query: str | None = None  # the search of a search page
    repeat: int = 0  # show the first ``repeat`` cards a second time at the end (trending pages do)
    truncate_after: int | None = None  # the capture stops after this many cards: ``[Content truncated]``

    def __post_init__(self) -> None:
        if self.kind not in PAGE_KINDS:
            raise ValueError(f"unknown page kind {self.kind!r}")
        if (self.kind == "search") != (self.query is not None):
            raise ValueError("a search page, and only a search page, has a query")


@dataclass(frozen=True)
class CardFacts:
    """Everything a card could show about one row; styles pick what they show."""

    row: Row
    arxiv_id: str
    title: str
    abstract: str  # "" when the row's abstract is null or empty
    abstract_lines: tuple[str, ...]  # the row's own non-blank lines, each as displayed
    n_authors: int | None
    org: tuple[str, str] | None  # (name, slug)
    published: date
    upvotes: int
    n_comments: int | None


@dataclass(frozen=True)
class ExpectedCard:
    """What a correct parser reads from one card. None: the style does not show it on this card."""

    arxiv_id: str | None
    title: str
    abstract: str
    n_authors: int | None
    submitted_by: str | None  # the organisation's display name
    submitted_by_slug: str | None  # ... and its profile slug (either is accepted where a link shows it)
    published_date: date | None
    upvotes: int | None
    n_comments: int | None
    first_line: int  # 1-based line span of the card's first showing on the page
    last_line: int
    truth_id: str  # the row's arXiv id, whether or not the page shows it
    # True when the card's date is yearless and the page shows neither the card's arXiv id nor a
    # capture date: parse_page(text) alone cannot know the year, so None is read as well as the date
    # (the pipeline resolves it later with the capture date from the file name or mtime).
    date_needs_capture: bool = False


@dataclass
class Rendered:
    style: str
    spec: PageSpec
    text: str
    cards: list[ExpectedCard]
    shows: frozenset[str]  # card fields this style shows (where a card has them)
    captured_at: date | None  # page facts the page shows; None: not shown
    page_date: tuple[int, int] | None
    page_kind: str | None
    query: str | None
    page_facts_shown: frozenset[str] = field(default_factory=frozenset)
    omitted: list[str] = field(default_factory=list)  # ids of rows the style cannot show (see spaced)


def _h(*parts: object) -> int:
    return int.from_bytes(hashlib.sha1("|".join(map(str, parts)).encode()).digest()[:8], "big")


def id_month(arxiv_id: str) -> date | None:
    m = re.match(r"^(\d{2})(\d{2})\.\d{4,5}$", arxiv_id)
    if not m or not 1 <= int(m[2]) <= 12:
        return None
    return date(2000 + int(m[1]), int(m[2]), 1)


def resolve_yearless(month: int, day: int, arxiv_id: str | None, captured: date) -> date:
    """The rule a parser applies to a yearless card date: the year that puts it nearest the arXiv
    id's YYMM month (the 15th), else the capture year."""
    ref = id_month(arxiv_id) if arxiv_id else None
    if ref is None:
        return date(captured.year, month, day)
    ref = ref.replace(day=15)
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        with contextlib.suppress(ValueError):
            candidates.append(date(year, month, day))
    return min(candidates, key=lambda d: abs((d - ref).days))


def paper_date(row: Row) -> date:
    """The card's per-paper date: 1-20 days before the listed day, not before the id's month."""
    listed, key = row.listed_date, row.arxiv_id
    start = id_month(key)
    back = listed - timedelta(days=1 + _h(key, "date") % 20)
    if start is None or start > listed:
        return back
    if (listed - start).days > 120:  # an old paper listed again: a day of its own month
        return start + timedelta(days=_h(key, "old") % 28)
    if back < start:
        return min(listed, start + timedelta(days=_h(key, "early") % 28))
    return back


def card_facts(row: Row) -> CardFacts:
    key = row.arxiv_id
    raw_lines = (row.abstract or "").replace("\r", "\n").split("\n")
    lines = tuple(x for x in (display(line) for line in raw_lines) if x)
    org = ORGS[_h(key, "org-name") % len(ORGS)] if _h(key, "org") % 8 == 0 else None
    n_authors = len(row.authors) if row.authors and org is None else None
    comments = (
        1 + _h(key, row.listed_date, "comments") % 12 if _h(key, row.listed_date, "c?") % 10 < 4 else None
    )
    return CardFacts(
        row=row,
        arxiv_id=key,
        title=display(row.title),
        abstract=display(row.abstract),
        abstract_lines=lines,
        n_authors=n_authors,
        org=org,
        published=paper_date(row),
        upvotes=row.stars or 0,
        n_comments=comments,
    )


def fmt_day(d: date) -> str:
    """Yearless day as HF writes it: ``Mar 25``."""
    return f"{MONTH_ABBR[d.month - 1]} {d.day}"


def fmt_paper_date(d: date, captured: date) -> str:
    """``May 29`` in the capture year, ``Oct 7, 2024`` otherwise (as HF shows a card's date)."""
    return fmt_day(d) if d.year == captured.year else f"{fmt_day(d)}, {d.year}"


def _check_date(facts: CardFacts, captured: date) -> None:
    d = facts.published
    if d.year == captured.year and resolve_yearless(d.month, d.day, facts.arxiv_id, captured) != d:
        raise AssertionError(f"{facts.arxiv_id}: yearless {fmt_day(d)} would not resolve to {d}")


def votes_text(n: int) -> str:
    return str(n) if n else "-"


def page_url(spec: PageSpec) -> str:
    d = spec.listing_date
    if spec.kind == "daily":
        return f"{HF}/papers/date/{d.isoformat()}"
    if spec.kind == "weekly":
        year, week, _ = d.isocalendar()
        return f"{HF}/papers/week/{year}-W{week:02d}"
    if spec.kind == "monthly":
        return f"{HF}/papers/month/{d.year}-{d.month:02d}"
    if spec.kind == "trending":
        return f"{HF}/papers/trending"
    return f"{HF}/papers?q={quote(spec.query or '')}"


def day_header(spec: PageSpec) -> str | None:
    """The day switcher's label: ``Mar 25`` (daily, search), ``Week 13`` / ``March 2026`` (weekly,
    monthly: not a day), none on trending pages."""
    d = spec.listing_date
    if spec.kind in ("daily", "search"):
        return fmt_day(d)
    if spec.kind == "weekly":
        return f"Week {d.isocalendar()[1]}"
    if spec.kind == "monthly":
        return f"{MONTH_NAMES[d.month - 1]} {d.year}"
    return None


def expected_page_date(spec: PageSpec) -> tuple[int, int] | None:
    d = spec.listing_date
    return (d.month, d.day) if spec.kind in ("daily", "search") else None


class _Page:
    """Lines of a page being written, with 1-based line numbers for card spans."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *texts: str) -> None:
        for text in texts:
            self.lines.extend(text.split("\n"))

    def spaced(self, *texts: str) -> None:
        """Each text followed by a blank line (clip and firecrawl separate every element so)."""
        for text in texts:
            self.add(text, "")

    @property
    def next_line(self) -> int:
        return len(self.lines) + 1

    @property
    def last_content_line(self) -> int:
        n = len(self.lines)
        while n > 0 and not self.lines[n - 1].strip():
            n -= 1
        return n

    def text(self, trailing_newline: bool = True) -> str:
        lines = list(self.lines)
        while lines and lines[-1] == "":
            lines.pop()
        return "\n".join(lines) + ("\n" if trailing_newline else "")


def _expected(
    facts: CardFacts, shows: frozenset[str], first: int, last: int, captured: date, capture_shown: bool
) -> ExpectedCard:
    yearless = facts.published.year == captured.year
    return ExpectedCard(
        arxiv_id=facts.arxiv_id if "arxiv_id" in shows else None,
        title=facts.title,
        abstract=facts.abstract,
        n_authors=facts.n_authors if "n_authors" in shows else None,
        submitted_by=facts.org[0] if facts.org and "submitted_by" in shows else None,
        submitted_by_slug=facts.org[1] if facts.org and "submitted_by" in shows else None,
        published_date=facts.published if "published_date" in shows else None,
        upvotes=facts.upvotes if "upvotes" in shows else None,
        n_comments=facts.n_comments if "n_comments" in shows else None,
        first_line=first,
        last_line=last,
        truth_id=facts.arxiv_id,
        date_needs_capture="published_date" in shows
        and yearless
        and "arxiv_id" not in shows
        and not capture_shown,
    )


CardWriter = Callable[[_Page, CardFacts, PageSpec], None]


def _write_cards(
    page: _Page,
    spec: PageSpec,
    rows: Sequence[Row],
    shows: frozenset[str],
    write: CardWriter,
    *,
    capture_shown: bool = False,
) -> list[ExpectedCard]:
    """Write every card (and the repeats of a trending page); one expectation per distinct paper."""
    expected: dict[str, ExpectedCard] = {}
    shown = list(rows) + list(rows[: spec.repeat])
    for row in shown:
        facts = card_facts(row)
        _check_date(facts, spec.captured)
        first = page.next_line
        write(page, facts, spec)
        if row.arxiv_id not in expected:
            expected[row.arxiv_id] = _expected(
                facts, shows, first, page.last_content_line, spec.captured, capture_shown
            )
    return list(expected.values())


def _rendered(
    style: str,
    spec: PageSpec,
    text: str,
    cards: list[ExpectedCard],
    shows: frozenset[str],
    facts: set[str],
    *,
    day: bool = True,
) -> Rendered:
    return Rendered(
        style=style,
        spec=spec,
        text=text,
        cards=cards,
        shows=shows,
        captured_at=spec.captured if "captured_at" in facts else None,
        page_date=expected_page_date(spec) if day else None,
        page_kind=spec.kind if "page_kind" in facts else None,
        query=spec.query if "page_kind" in facts else None,
        page_facts_shown=frozenset(facts | ({"page_date"} if day else set())),
    )


def _avatar(key: str, i: int) -> str:
    h = hashlib.sha1(f"{key}|avatar|{i}".encode()).hexdigest()
    if _h(key, i, "svg") % 3 == 0:
        return f"{HF}/avatars/{h[:32]}.svg"
    tail = hashlib.sha1(f"{key}|{i}".encode()).hexdigest()
    ext = ("png", "jpeg", "jpg")[_h(key, i, "ext") % 3]
    return f"https://cdn-avatars.huggingface.co/v1/production/uploads/{h[:24]}/{tail[:21]}.{ext}"


def _uuid(*parts: object) -> str:
    h = hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


# --------------------------------------------------------------------------------------------
# Escaping
# --------------------------------------------------------------------------------------------


def turndown_escape(line: str) -> str:
    """Markdown escapes as turndown-based exporters (firecrawl) write them, for one line of text:
    ``\\``, ``*``, ``_``, backtick, ``[``, ``]`` everywhere; ``-`` (each of a leading run), ``+ ``,
    ``=``, ``# ``, ``>``, ``1. `` at the line's start. ``<`` is left alone, as turndown does."""
    line = re.sub(r"([\\*_`\[\]])", r"\\\1", line)
    m = re.match(r"^-+", line)
    if m:
        line = "\\-" * len(m[0]) + line[len(m[0]) :]
    line = re.sub(r"^\+ ", r"\\+ ", line)
    line = re.sub(r"^(=+)", r"\\\1", line)
    line = re.sub(r"^(#{1,6}) ", r"\\\1 ", line)
    line = re.sub(r"^>", r"\\>", line)
    line = re.sub(r"^(\d+)\. ", r"\1\\. ", line)
    line = re.sub(r"^~~~", r"\\~~~", line)
    return line


def commonmark_escape(text: str) -> str:
    """Escapes that make a CommonMark parser give back exactly ``text`` in a paragraph, a heading or
    a link's text: ``\\`` ``*`` ``_`` backtick ``[`` ``]`` ``<`` everywhere, ``&`` before an entity-like
    name, block markers at the start."""
    text = re.sub(r"([\\*_`\[\]<])", r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", r"\\&", text)
    return _escape_line_start(text)


def _escape_line_start(line: str) -> str:
    line = re.sub(r"^(\s*)([-+=>#~|])", r"\1\\\2", line)
    return re.sub(r"^(\s*\d{1,9})([.)])", r"\1\\\2", line)


# --------------------------------------------------------------------------------------------
# 1. clip
# --------------------------------------------------------------------------------------------

_CLIP_NAV = (
    " Hugging Face", f"{HF}/", "Models", f"{HF}/models", "Datasets", f"{HF}/datasets",
    "Spaces", f"{HF}/spaces", "Buckets new", f"{HF}/storage", "Docs", f"{HF}/docs",
    "Enterprise", f"{HF}/enterprise", "Pricing", f"{HF}/pricing", "Log In", f"{HF}/login",
    "Sign Up", f"{HF}/join", "new", "Get trending papers in your email inbox once a day!",
    "Get trending papers in your email inbox!", "Subscribe", f"{HF}/login?next=%2Fpapers",
    "Daily Papers", "by ", "AK", f"{HF}/akhaliq", " and the research community",
)  # fmt: skip
_CLIP_FOOTER = (
    "System theme", "Company", "TOS", f"{HF}/terms-of-service", " ", "Privacy", f"{HF}/privacy",
    " ", "About", f"{HF}/huggingface", " ", "Careers", "https://apply.workable.com/huggingface/",
    " ", f"{HF}/", "Website", "Models", f"{HF}/models", " ", "Datasets", f"{HF}/datasets", " ",
    "Spaces", f"{HF}/spaces", " ", "Pricing", f"{HF}/pricing", " ", "Docs", f"{HF}/docs",
    "Trending Papers ranked by GitHub stars activity",
)  # fmt: skip


def _prev_next(spec: PageSpec) -> list[tuple[str, str]]:
    """The pager under a listing: Previous (and Next unless it is the day of capture)."""
    if spec.kind == "trending":
        return []
    d = spec.listing_date
    links = [("Previous", f"{HF}/papers/date/{(d - timedelta(days=1)).isoformat()}")]
    if spec.kind == "daily" and d < spec.captured:
        links.append(("Next", f"{HF}/papers/date/{(d + timedelta(days=1)).isoformat()}"))
    return links


def _clip_card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
    paper = f"{HF}/papers/{f.arxiv_id}"
    page.spaced(f" [-] {votes_text(f.upvotes)}", f"{HF}/login?next=%2Fpapers%2F{f.arxiv_id}", f.title, paper)
    if f.abstract_lines:
        page.spaced("\n".join(f.abstract_lines))  # a summary's own lines stay lines
    page.spaced(paper)
    if f.org:
        page.spaced(" ", paper, f" {f.org[0]}", f"{HF}/{f.org[1]}")
    elif f.n_authors:
        page.spaced("[", f"{f.n_authors} authors]({paper})")
    date_text = fmt_paper_date(f.published, spec.captured)
    if f.n_comments:
        page.spaced("·", date_text + " ", str(f.n_comments), f"{paper}#community")  # trailing space as HF
    else:
        page.spaced("·", date_text)


def render_clip(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """Browser "clip" exporter, as ``real-pages/2026-07-28_clip_intercode-bash.txt``: front matter
    (``exported:``), every element its own line with a blank line after it, a link as its text then
    its URL on the next line; navigation; the search text on search pages; the day switcher
    (``Monthly `` / trending link / `` `` / previous-day link / ``Mar 25``); per card `` [-] N``
    *before* the card, login link, title, paper link, abstract, paper link, then ``[`` / blank /
    ``N authors](paper)`` or the organisation (`` ``, paper link, `` Google``, its URL), ``·``, the
    date (a trailing space when a comment count follows), the count and ``…#community``; footer."""
    shows = ALL_FIELDS
    page = _Page()
    url = page_url(spec)
    page.add(
        "---",
        f'source_id: "{_uuid(url, spec.captured, "source")}"',
        'title: "Daily Papers - Hugging Face"',
        f"notebook_id: {_uuid(url, spec.captured, 'notebook')}",
        f"url: {url}",
        "type: web_page",
        f"exported: {spec.captured.isoformat()}",
        "---",
        "",
        "# Daily Papers - Hugging Face",
        "Daily Papers - Hugging Face",
        "",
    )
    page.spaced(*_CLIP_NAV)
    if spec.query is not None:
        page.spaced(spec.query)
    page.spaced("Daily", "Weekly", "Monthly ", f"{HF}/papers/trending")
    header = day_header(spec)
    if header:
        page.spaced(" ", f"{HF}/papers/date/{(spec.listing_date - timedelta(days=1)).isoformat()}", header)
    cards = _write_cards(page, spec, rows, shows, _clip_card, capture_shown=True)
    for label, link in _prev_next(spec):
        page.spaced(label, link)
    page.spaced(*_CLIP_FOOTER)
    return _rendered("clip", spec, page.text(), cards, shows, {"captured_at", "page_kind"})


# --------------------------------------------------------------------------------------------
# 2. firecrawl
# --------------------------------------------------------------------------------------------


def _firecrawl_abstract(f: CardFacts) -> str:
    """The abstract as firecrawl links it: one line, or (old arXiv-style abstracts, and a summary's
    own lines) lines ending in ``\\\\`` hard breaks, each line escaped on its own."""
    paper = f"{HF}/papers/{f.arxiv_id}"
    if not f.abstract_lines:
        return f"[]({paper})"
    wrapped = _h(f.arxiv_id, "wrap") % 4 == 0 and len(f.abstract) > 200
    lines: list[str] = []
    for line in f.abstract_lines:
        if wrapped:
            lines.extend(textwrap.wrap(line, 80, break_long_words=False, break_on_hyphens=False))
        else:
            lines.append(line)
    body = "\\\\\n".join(turndown_escape(x) for x in lines)
    return f"[{body}]({paper})"


def _firecrawl_title(f: CardFacts) -> str:
    title = turndown_escape(f.title)
    wrapped = _h(f.arxiv_id, "wrap") % 4 == 0 and len(f.abstract) > 200
    if wrapped and len(f.title) > 60:  # arXiv's own line break in the title: "Engage\  with"
        cut = f.title.rfind(" ", 0, 70)
        if cut > 0:
            title = turndown_escape(f.title[:cut]) + "\\  " + turndown_escape(f.title[cut + 1 :])
    return title


def _firecrawl_card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
    paper = f"{HF}/papers/{f.arxiv_id}"
    page.spaced(
        f"[{votes_text(f.upvotes)}]({HF}/login?next=%2Fpapers%2F{f.arxiv_id})",
        f"### [{_firecrawl_title(f)}]({paper})",
        _firecrawl_abstract(f),
    )
    if f.org:
        name, slug = f.org
        page.spaced(f"[![{slug}]({_avatar(slug, 0)}){turndown_escape(name)}]({HF}/{slug})")
    elif f.n_authors:
        n_avatars = _h(f.arxiv_id, "avatars") % (min(f.n_authors, 5) + 1)
        items = [f"![]({_avatar(f.arxiv_id, i)})" for i in range(n_avatars)] + [
            f"{f.n_authors} authors]({paper})"
        ]
        page.spaced("[- " + "\\\\\n- ".join(items))
    date_text = fmt_paper_date(f.published, spec.captured)
    if f.n_comments:
        glue = " " if _h(f.arxiv_id, "glue") % 3 == 0 else ""
        date_text += f"{glue}[{f.n_comments}]({paper}#community)"
    page.spaced("·", date_text)


def render_firecrawl(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """firecrawl ``scrape --only-main-content``, as ``real-pages/2026-10-02_firecrawl_source-citations.md``:
    front matter (``retrieved:``), ``new`` / subscribe chrome, ``# Daily Papers``, the AK line,
    ``- Daily`` / ``- Weekly`` / ``- Monthly``, ``[Trending Papers](…)``, the day; per card
    ``[101](login link)`` *before* it, ``### [Title](paper)`` (turndown escapes; ``\\  `` where
    arXiv broke the title), the abstract inside a link (sometimes hard-wrapped at 80 columns with
    ``\\\\`` breaks; ``[](paper)`` when empty), ``[- ![](avatar)\\\\`` … ``- N authors](paper)`` or
    ``[![slug](avatar)Org](org)``, ``·``, ``May 29[6](…#community)`` (sometimes ``May 29 [6](…)``);
    ``[Previous](…)``, ``Trending Papers ranked by GitHub stars activity``."""
    shows = ALL_FIELDS
    page = _Page()
    url = page_url(spec)
    page.add(
        "---",
        f"url: {url}",
        f"retrieved: {spec.captured.isoformat()}",
        f"command: firecrawl scrape {url} --only-main-content --json",
        "statusCode: 200",
        "transport: firecrawl-cli",
        "completeness: full",
        "title: Daily Papers - Hugging Face",
        "---",
    )
    page.spaced(
        "new",
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        f"[Subscribe]({HF}/login?next=%2Fpapers)",
        "# Daily Papers",
        f"## by [![]({HF}/front/assets/papers-by.png)AK]({HF}/akhaliq) and the research community",
        "- Daily\n- Weekly\n- Monthly",
        f"[Trending Papers]({HF}/papers/trending)",
    )
    header = day_header(spec)
    if header:
        page.spaced(header)
    cards = _write_cards(page, spec, rows, shows, _firecrawl_card, capture_shown=True)
    for label, link in _prev_next(spec):
        page.spaced(f"[{label}]({link})")
    page.spaced("Trending Papers ranked by GitHub stars activity")
    return _rendered("firecrawl", spec, page.text(), cards, shows, {"captured_at", "page_kind"})


# --------------------------------------------------------------------------------------------
# 3. text_dump (html2text, reference links, body width 120)
# --------------------------------------------------------------------------------------------


class _Refs:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, url: str) -> int:
        self.urls.append(url)
        return len(self.urls)

    def definitions(self) -> str:
        return "\n".join(f"   [{i}]: {u}" for i, u in enumerate(self.urls, 1))


def _wrap120(text: str) -> str:
    lines = textwrap.wrap(text, 120, break_long_words=False, break_on_hyphens=False)
    # a wrapped line must not start a Markdown block: escaped as html2text escapes a section start
    return "\n".join([lines[0], *(_escape_line_start(x) for x in lines[1:])]) if lines else ""


def _dump_escape(text: str) -> str:
    """html2text's escapes with ``escape_snob``: backslash and every Markdown character that could
    otherwise change the text (``* _ ` [ ] <``), block markers at the start."""
    return commonmark_escape(text)


def render_text_dump(spec: PageSpec, rows: Sequence[Row], *, references: bool = True) -> Rendered:
    """Plain-text dump by Python html2text (``inline_links=False``, ``body_width=120``): a header
    ``URL: …`` / ``Captured (UTC): 2026-06-29T16:31:22Z``, list chrome (``  * [ Models][2]``), per card
    ``### [Title][32]``, the abstract inside ``[`` … ``][33]`` hard-wrapped at 120 columns,
    ``  * 3 authors`` or ``[ Google][34]``, ``·``, ``May 30`` (``[ 3][35]`` comment link on its own
    line), then the upvotes *after* the card in a ``[`` / ``65`` / ``][36]`` block; reference
    definitions ``   [32]: https://huggingface.co/papers/<id>`` at the end, or (``references=False``)
    none at all, as a capture cut before them: then no arXiv id is shown."""
    shows = ALL_FIELDS if references else ALL_FIELDS - {"arxiv_id"}
    page = _Page()
    ref = _Refs()
    url = page_url(spec)
    stamp = f"{_h(url, spec.captured) % 24:02d}:{_h(url, 'm') % 60:02d}:{_h(url, 's') % 60:02d}"
    page.spaced(f"URL: {url}\nCaptured (UTC): {spec.captured.isoformat()}T{stamp}Z")
    page.spaced(
        f"[ Hugging Face][{ref(HF + '/')}]",
        "\n".join(
            f"  * [{label}][{ref(HF + path)}]"
            for label, path in (
                (" Models", "/models"),
                (" Datasets", "/datasets"),
                (" Spaces", "/spaces"),
                (" Docs", "/docs"),
                (" Pricing", "/pricing"),
                ("Log In", "/login"),
                ("Sign Up", "/join"),
            )
        ),
        "new",
        "Get trending papers in your email inbox once a day!",
        "Get trending papers in your email inbox!",
        f"[Subscribe][{ref(HF + '/login?next=%2Fpapers')}]",
        "# Daily Papers",
        f"## by [ AK][{ref(HF + '/akhaliq')}] and the research community",
    )
    if spec.query is not None:
        page.spaced(_dump_escape(spec.query))
    page.spaced("  * Daily\n  * Weekly\n  * Monthly", f"[ Trending Papers][{ref(HF + '/papers/trending')}]")
    header = day_header(spec)
    if header:
        page.spaced(
            f"[][{ref(HF + '/papers/date/' + (spec.listing_date - timedelta(days=1)).isoformat())}]", header
        )

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        paper = f"{HF}/papers/{f.arxiv_id}"
        page.spaced(f"### [{_dump_escape(f.title)}][{ref(paper)}]")
        if f.abstract:
            page.spaced(_wrap120(f"[{_dump_escape(f.abstract)}][{ref(paper)}]"))
        if f.org:
            page.spaced(f"[ {_dump_escape(f.org[0])}][{ref(HF + '/' + f.org[1])}]")
        elif f.n_authors:
            page.spaced(f"  * {f.n_authors} authors")
        page.spaced("·", fmt_paper_date(f.published, spec.captured))
        if f.n_comments:
            page.spaced(f"[ {f.n_comments}][{ref(paper + '#community')}]")
        page.spaced(f"[\n{votes_text(f.upvotes)}\n][{ref(HF + '/login?next=%2Fpapers%2F' + f.arxiv_id)}]")

    cards = _write_cards(page, spec, rows, shows, card, capture_shown=True)
    for label, link in _prev_next(spec):
        page.spaced(f"[{label}][{ref(link)}]")
    page.spaced("Trending Papers ranked by GitHub stars activity")
    if references:
        page.add(ref.definitions())
    style = "text_dump" if references else "text_dump_norefs"
    return _rendered(style, spec, page.text(), cards, shows, {"captured_at", "page_kind"})


# --------------------------------------------------------------------------------------------
# 4. structured (HTML to Markdown with section anchors)
# --------------------------------------------------------------------------------------------


def _meta_line(f: CardFacts, spec: PageSpec, *, votes: str, org_link: bool) -> str:
    parts = [votes]
    if f.org:
        name, slug = f.org
        parts.append(
            f"Submitted by [{commonmark_escape(name)}]({HF}/{slug})" if org_link else f"Submitted by {name}"
        )
    elif f.n_authors:
        parts.append(f"{f.n_authors} authors")
    parts.append(fmt_paper_date(f.published, spec.captured))
    if f.n_comments:
        parts.append(f"{f.n_comments} comments")
    return " · ".join(p for p in parts if p)


def render_structured(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """An HTML-to-Markdown "structured" extraction. Assumed (no real sample is kept here; the issue
    names its anchors): a reader-style header ``Title:`` / ``URL Source:`` / ``Markdown Content:``
    (no capture date); the page cut into sections, each opened by ``<a id="source-section-N"></a>``
    on a line of its own with blank lines around; section 0 is the page head (``# Daily Papers``,
    the AK line, ``Daily · Weekly · Monthly · [Trending Papers](…)``, the day); one section per
    card: ``## [Title](paper link)``, the abstract as one paragraph (CommonMark escapes), one
    metadata line ``▲ 65 · 3 authors · May 30 · 3 comments`` (``▲ -`` for no votes; an organisation
    as ``Submitted by [Google](https://huggingface.co/google)``); a last section with the pager."""
    shows = ALL_FIELDS
    page = _Page()
    page.spaced("Title: Daily Papers - Hugging Face", f"URL Source: {page_url(spec)}", "Markdown Content:")
    page.spaced(
        '<a id="source-section-0"></a>',
        "# Daily Papers",
        f"by [AK]({HF}/akhaliq) and the research community",
    )
    if spec.query is not None:
        page.spaced(f"Search: {commonmark_escape(spec.query)}")
    page.spaced(f"Daily · Weekly · Monthly · [Trending Papers]({HF}/papers/trending)")
    header = day_header(spec)
    if header:
        page.spaced(header)
    counter = iter(range(1, 10_000))

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        page.spaced(f'<a id="source-section-{next(counter)}"></a>')
        page.spaced(f"## [{commonmark_escape(f.title)}]({HF}/papers/{f.arxiv_id})")
        if f.abstract:
            page.spaced(commonmark_escape(f.abstract))
        page.spaced(_meta_line(f, spec, votes=f"▲ {votes_text(f.upvotes)}", org_link=True))

    # the anchor line belongs to the section it opens, so the card's span starts at it
    cards = _write_cards(page, spec, rows, shows, card)
    pager = " · ".join(f"[{label}]({link})" for label, link in _prev_next(spec))
    page.spaced(f'<a id="source-section-{next(counter)}"></a>')
    if pager:
        page.spaced(pager)
    page.spaced("Trending Papers ranked by GitHub stars activity")
    return _rendered("structured", spec, page.text(), cards, shows, {"page_kind"})


# --------------------------------------------------------------------------------------------
# 5. minimal_md
# --------------------------------------------------------------------------------------------


def render_minimal_md(spec: PageSpec, rows: Sequence[Row], *, linked: bool = True) -> Rendered:
    """Minimal Markdown capture: ``# Daily Papers``, the day, then per card ``### Title`` (or
    ``### [Title](https://huggingface.co/papers/<id>)`` when ``linked``), the abstract paragraph below
    (none when empty) and a metadata line ``3 authors · May 30 · 65 upvotes · 3 comments``
    (``Submitted by Google`` for an organisation, ``0 upvotes`` for none). No front matter, no URL,
    no capture date; without links no arXiv id."""
    shows = ALL_FIELDS if linked else ALL_FIELDS - {"arxiv_id"}
    page = _Page()
    page.spaced("# Daily Papers")
    header = day_header(spec)
    if header:
        page.spaced(header)

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        title = commonmark_escape(f.title)
        page.spaced(f"### [{title}]({HF}/papers/{f.arxiv_id})" if linked else f"### {title}")
        if f.abstract:
            page.spaced(commonmark_escape(f.abstract))
        parts = _meta_line(f, spec, votes="", org_link=False)
        page.spaced(f"{parts} · {f.upvotes} upvotes")

    cards = _write_cards(page, spec, rows, shows, card)
    return _rendered("minimal_md" if linked else "minimal_md_nolink", spec, page.text(), cards, shows, set())


# --------------------------------------------------------------------------------------------
# 6-7. the bundled sample layouts
# --------------------------------------------------------------------------------------------

SPACED_HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n"
)
COMPACT_HEADER = (
    "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"
)


def _with_abstract(rows: Sequence[Row]) -> tuple[list[Row], list[str]]:
    """The title/abstract layouts have nothing but the alternation of title and abstract to tell
    one from the other (an abstract may be shorter than its title, or equal to it): a card without
    an abstract would be indistinguishable from a title whose abstract is the next title. Pages of
    these layouts never show one (the bundled samples have none), so such rows are left out and
    reported in ``Rendered.omitted``."""
    kept = [r for r in rows if display(r.abstract)]
    return kept, [r.arxiv_id for r in rows if not display(r.abstract)]


def render_spaced(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """``data/raw/000-003``: ``new`` / ``Subscribe`` / ``byAK and the research community``, the day
    (``Mar 14``), then title / blank / abstract (one line) / blank …; no trailing newline. Shows
    titles and abstracts only; rows without an abstract are left out (see :func:`_with_abstract`)."""
    shows = frozenset({"title", "abstract"})
    rows, omitted = _with_abstract(rows)
    page = _Page()
    page.add(*SPACED_HEADER.split("\n")[:-1])
    header = day_header(spec)
    if header:
        page.spaced(header)

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        page.spaced(f.title)
        if f.abstract:
            page.spaced(f.abstract)

    cards = _write_cards(page, spec, rows, shows, card)
    rendered = _rendered("spaced", spec, page.text(trailing_newline=False), cards, shows, set())
    rendered.omitted = omitted
    return rendered


def render_compact(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """``data/raw/004``: two "Get trending papers" lines, ``Subscribe`` glued to the first title,
    then title line / abstract line with no blank lines, no day, no trailing newline; rows without
    an abstract are left out (see :func:`_with_abstract`)."""
    shows = frozenset({"title", "abstract"})
    rows, omitted = _with_abstract(rows)
    page = _Page()
    page.add(*COMPACT_HEADER.split("\n")[:-1])
    page.lines.append("Subscribe")  # the first title is glued to it

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        if page.lines[-1] == "Subscribe" and len(page.lines) == 3:
            page.lines[-1] += f.title
        else:
            page.add(f.title)
        if f.abstract:
            page.add(f.abstract)

    cards = _write_cards(page, spec, rows, shows, card)
    if cards:  # the first card starts on the "Subscribe" line it is glued to
        cards[0] = replace(cards[0], first_line=3)
    rendered = _rendered("compact", spec, page.text(trailing_newline=False), cards, shows, set(), day=False)
    rendered.omitted = omitted
    return rendered


def render_fenced(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """A ``text_dump`` handed back inside a code fence (as tools that wrap a dump for an LLM or a chat
    window do): ```` ```text ```` first, ```` ``` ```` last; everything else one line lower."""
    inner = render_text_dump(spec, rows)
    cards = [replace(c, first_line=c.first_line + 1, last_line=c.last_line + 1) for c in inner.cards]
    return replace(inner, style="text_dump_fenced", text=f"```text\n{inner.text}```\n", cards=cards)


def truncate(rendered: Rendered, n: int) -> Rendered:
    """The capture cut after its ``n``-th card: ``[Content truncated]`` and nothing after it (no
    footer; a text dump loses its reference definitions and with them its arXiv ids)."""
    if n >= len(rendered.cards):
        return rendered
    lines = rendered.text.split("\n")
    text = "\n".join(lines[: rendered.cards[n - 1].last_line]) + "\n\n[Content truncated]\n"
    cards, shows = rendered.cards[:n], rendered.shows
    if rendered.style.startswith("text_dump"):
        cards, shows = [replace(c, arxiv_id=None) for c in cards], shows - {"arxiv_id"}
    if rendered.style == "text_dump_fenced":
        text += "```\n"
    return replace(rendered, text=text, cards=cards, shows=shows)


# --------------------------------------------------------------------------------------------
# 9. collapsible digest (the real-papers source repository's daily README)
# --------------------------------------------------------------------------------------------

COLLAPSED_ABSTRACT_CHARS = 250  # the digest quotes an abstract's first characters, then "..."


def render_collapsible(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """The daily README of AtharvaDomale/Daily-HuggingFace-AI-Papers (the repository the real rows
    come from), as its generator writes it: ``**Last Updated:** April 21, 2026``, ``## 🔥 Today's
    Trending Papers``, then per paper a ``<details>`` block: ``<summary><b>1. Title</b> ⭐ 0</summary>``,
    ``<br/>``, ``**👥 Authors:** names`` (when the row has authors), ``**🔗 Links:** [🤗 HuggingFace](…)
    • [📄 arXiv](…) • [📥 PDF](…)``, ``**💻 Code:** [⭐ Code](…)`` per GitHub link, and ``> `` the abstract's
    first 250 characters and ``...``; its archive tables after. Shows the id, the title, the count,
    the author count (every name the row has), the code links and the quoted abstract; no dates."""
    shows = frozenset({"arxiv_id", "upvotes", "n_authors"})
    page = _Page()
    captured = spec.captured
    page.spaced(f"**Last Updated:** {MONTH_NAMES[captured.month - 1]} {captured.day}, {captured.year}", "---")
    page.spaced(
        "## 🔥 Today's Trending Papers", "> Latest AI research papers from HuggingFace Papers, updated daily"
    )
    expected: dict[str, ExpectedCard] = {}
    for rank, row in enumerate(rows, start=1):
        facts = card_facts(row)
        shown = facts.abstract
        if len(shown) > COLLAPSED_ABSTRACT_CHARS:
            shown = shown[:COLLAPSED_ABSTRACT_CHARS] + "..."
        first = page.next_line
        page.add("<details>", f"<summary><b>{rank}. {facts.title}</b> ⭐ {facts.upvotes}</summary>", "")
        page.spaced("<br/>")
        if row.authors:
            page.spaced(f"**👥 Authors:** {', '.join(row.authors)}")
        paper = f"{HF}/papers/{row.arxiv_id}"
        arxiv = f"https://arxiv.org/abs/{row.arxiv_id}"
        pdf = f"https://arxiv.org/pdf/{row.arxiv_id}"
        page.spaced(f"**🔗 Links:** [🤗 HuggingFace]({paper}) • [📄 arXiv]({arxiv}) • [📥 PDF]({pdf})")
        for link in row.github_links:
            page.spaced(f"**💻 Code:** [⭐ Code]({link})")
        if shown:
            page.spaced(f"> {shown}")
        last = page.last_content_line
        page.spaced("</details>")
        if row.arxiv_id not in expected:
            facts = replace(facts, abstract=shown, n_authors=len(row.authors) or None, org=None)
            expected[row.arxiv_id] = _expected(facts, shows, first, last, captured, capture_shown=False)
    page.spaced("---", "## 📅 Historical Archives", "### 📊 Quick Access")
    page.add("| Type | Link | Papers |", "|------|------|--------|")
    page.add(f"| 🕐 Latest | [`latest.json`](data/latest.json) | {len(rows)} |")
    return _rendered("collapsible", spec, page.text(), list(expected.values()), shows, set(), day=False)


# --------------------------------------------------------------------------------------------
# A user's own scraper: labelled fields
# --------------------------------------------------------------------------------------------


def _labelled_header(page: _Page, spec: PageSpec, *, markdown: bool) -> None:
    """``Hugging Face Daily Papers - 2026-03-25`` (a day's or a search's page), or the week, the
    month or nothing beside the title for the other kinds."""
    title = "# Hugging Face Daily Papers" if markdown else "Hugging Face Daily Papers"
    if spec.kind in ("daily", "search"):
        page.spaced(f"{title} - {spec.listing_date.isoformat()}")
    else:
        page.spaced(title + (f" - {day_header(spec)}" if day_header(spec) else ""))


def _labelled_fields(f: CardFacts) -> list[tuple[str, str]]:
    """(label, value) of the fields a scraper writes for a paper, from the API's own record."""
    who = ("Organization", f.org[0]) if f.org else ("Authors", ", ".join(display(a) for a in f.row.authors))
    fields = [who] if who[1] else []
    fields += [
        ("URL", f"{HF}/papers/{f.arxiv_id}"),
        ("Upvotes", str(f.upvotes)),
        ("Published", f.published.isoformat()),
    ]
    return fields


def _abstract_as_written(f: CardFacts) -> str:
    """The abstract's own lines, blank lines between paragraphs kept, as a script writes the text."""
    return "\n".join(line.rstrip() for line in (f.row.abstract or "").replace("\r", "\n").split("\n")).strip()


def render_labelled(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """A user's own scraper writing plain text (assumed, the form a script around the daily papers
    API takes): a header line with the day, then per paper ``Title:``, ``Authors:`` (names; an
    organisation as ``Organization:``), ``URL:``, ``Upvotes:``, ``Published:`` (ISO) and
    ``Abstract:`` with the abstract's own lines (none when it is empty); a blank line between
    papers. No capture date, no comment count."""
    shows = ALL_FIELDS - {"n_comments"}
    page = _Page()
    _labelled_header(page, spec, markdown=False)

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        page.add(f"Title: {f.title}")
        page.add(*(f"{label}: {value}" for label, value in _labelled_fields(f)))
        if f.abstract:
            page.add(f"Abstract: {_abstract_as_written(f)}")
        page.add("")

    cards = _write_cards(page, spec, rows, shows, card)
    return _rendered("labelled", spec, page.text(), cards, shows, set(), day=spec.kind in ("daily", "search"))


def render_labelled_md(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """The same scraper writing Markdown (assumed): ``# Hugging Face Daily Papers - <day>``, then
    per paper ``## [Title](paper page)``, bold labels ``**Authors:** …`` one per line (two spaces
    before each break), the abstract as its own paragraphs under ``**Abstract:**``, and ``---``.
    Nothing is escaped: such scripts write the text as it comes."""
    shows = ALL_FIELDS - {"n_comments"}
    page = _Page()
    _labelled_header(page, spec, markdown=True)

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        page.spaced(f"## [{f.title}]({HF}/papers/{f.arxiv_id})")
        page.spaced("\n".join(f"**{label}:** {value}  " for label, value in _labelled_fields(f)))
        if f.abstract:
            page.spaced(f"**Abstract:** {_abstract_as_written(f)}")
        page.spaced("---")

    cards = _write_cards(page, spec, rows, shows, card)
    day = spec.kind in ("daily", "search")
    return _rendered("labelled_md", spec, page.text(), cards, shows, set(), day=day)


def render_api_script(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """A script around the site's API writing a text file, as the public repository
    InMatrix/ai-papers-reader's ``src/fetch_papers.py`` does: per paper ``Title:``, ``PDF:`` with the
    arXiv PDF link and ``Summary:`` on one line, then ``---``; no header, no day, nothing else
    (the script drops the summary's line breaks; here they become spaces)."""
    shows = frozenset({"title", "abstract", "arxiv_id"})
    page = _Page()

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        page.add(f"Title: {f.title}", f"PDF: https://arxiv.org/pdf/{f.arxiv_id}")
        page.add(f"Summary: {f.abstract}", "---")

    cards = _write_cards(page, spec, rows, shows, card)
    return _rendered("api_script", spec, page.text(), cards, shows, set(), day=False)


def _digest_day(spec: PageSpec) -> str:
    """The day a digest names in its heading: the listing day, or the week / month for those kinds."""
    return spec.listing_date.isoformat() if spec.kind in ("daily", "search") else day_header(spec) or ""


def render_digest_ranked(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """A daily digest a script commits to a repository, as ts87/hugging-face-daily-papers's
    ``scripts/fetch_daily_papers.py`` writes it (a public repository): ``# Hugging Face Daily Papers -
    <day>``, the source line, then per paper ``## <rank>. Title``, ``- Votes: N``, ``- URL:`` on the
    hf-mirror.com mirror of the site, and the abstract wrapped at 96 columns (none where the row
    has none)."""
    shows = frozenset({"title", "abstract", "arxiv_id", "upvotes"})
    page = _Page()
    page.spaced(f"# Hugging Face Daily Papers - {_digest_day(spec)}")
    page.spaced(f"Source: https://hf-mirror.com/papers/date/{spec.listing_date.isoformat()}")
    rank = iter(range(1, 10**6))

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        page.spaced(f"## {next(rank)}. {f.title}")
        page.spaced(f"- Votes: {f.upvotes}\n- URL: https://hf-mirror.com/papers/{f.arxiv_id}")
        if f.abstract:
            page.spaced(
                "\n".join(textwrap.wrap(f.abstract, 96, break_long_words=False, break_on_hyphens=False))
            )

    cards = _write_cards(page, spec, rows, shows, card)
    return _rendered(
        "digest_ranked", spec, page.text(), cards, shows, set(), day=spec.kind in ("daily", "search")
    )


def render_digest_links(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """A digest mailed and saved as Markdown, as LinghaoChan/hf-daily-autoemail's
    ``src/daily_papers_abstract_extractor.py`` writes it (a public repository): ``# Daily Papers Summary
    for <day>``, then per paper ``## Title``, ``**Authors:** names`` (``Unknown`` without them), a line of
    links ``[Open in Hugging Face](…) | [Open PDF](…)``, the abstract on one line and ``![image](img)``."""
    shows = frozenset({"title", "abstract", "arxiv_id", "n_authors"})
    page = _Page()
    page.spaced(f"# Daily Papers Summary for {_digest_day(spec)}")

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        names = ", ".join(display(a) for a in f.row.authors) if f.n_authors else "Unknown"
        page.spaced(f"## {f.title}")
        page.spaced(f"**Authors:** {names}")
        page.spaced(
            f"[Open in Hugging Face]({HF}/papers/{f.arxiv_id}) | [Open PDF](https://arxiv.org/pdf/{f.arxiv_id})"
        )
        if f.abstract:
            page.spaced(f.abstract)
        page.spaced("![image](img)")

    cards = _write_cards(page, spec, rows, shows, card)
    return _rendered(
        "digest_links", spec, page.text(), cards, shows, set(), day=spec.kind in ("daily", "search")
    )


def render_digest_bilingual(spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """A digest with labels in list items and a Chinese heading over the abstract, as
    fratert691/auto-hf-papers's ``app/render.py`` writes it (a public repository): a header of
    ``- Generated at:`` / ``- Source:`` / ``- Rule:`` / ``- Result:`` items, then per paper ``## <rank>.
    Title``, ``- Qualified By:``, ``- Hugging Face Upvotes:``, ``- GitHub Stars:``, ``- Authors:`` (when
    known), ``- Hugging Face:`` (the paper's page), ``- GitHub:`` (when known), ``简介：`` and the
    abstract."""
    shows = frozenset({"title", "abstract", "arxiv_id", "upvotes", "n_authors"})
    page = _Page()
    page.spaced(f"# Hugging Face Papers Digest - {_digest_day(spec)}")
    page.spaced(
        f"- Generated at: {spec.captured.isoformat()} 01:05:09 UTC\n"
        "- Source: Hugging Face Daily Papers page plus GitHub repository API\n"
        "- Rule: include papers with `upvotes > 10` or `GitHub stars > 100`\n"
        f"- Result: {len(rows)} selected from {len(rows)} papers"
    )
    rank = iter(range(1, 10**6))

    def card(page: _Page, f: CardFacts, spec: PageSpec) -> None:
        page.spaced(f"## {next(rank)}. {f.title}")
        items = ["- Qualified By: HF upvotes", f"- Hugging Face Upvotes: {f.upvotes}"]
        items.append(f"- GitHub Stars: {f.row.stars if f.row.github_links else 'N/A'}")
        if f.n_authors:
            items.append(f"- Authors: {', '.join(display(a) for a in f.row.authors)}")
        items.append(f"- Hugging Face: {HF}/papers/{f.arxiv_id}")
        if f.row.github_links:
            items.append(f"- GitHub: {f.row.github_links[0]}")
        page.spaced("\n".join(items))
        page.spaced("简介：")
        if f.abstract:
            page.spaced(f.abstract)

    cards = _write_cards(page, spec, rows, shows, card)
    day = spec.kind in ("daily", "search")
    return _rendered("digest_bilingual", spec, page.text(), cards, shows, set(), day=day)


Renderer = Callable[[PageSpec, Sequence[Row]], Rendered]
RENDERERS: dict[str, Renderer] = {
    "clip": render_clip,
    "firecrawl": render_firecrawl,
    "text_dump": render_text_dump,
    "text_dump_norefs": lambda spec, rows: render_text_dump(spec, rows, references=False),
    "text_dump_fenced": render_fenced,
    "structured": render_structured,
    "minimal_md": render_minimal_md,
    "minimal_md_nolink": lambda spec, rows: render_minimal_md(spec, rows, linked=False),
    "spaced": render_spaced,
    "compact": render_compact,
    "collapsible": render_collapsible,
    "labelled": render_labelled,
    "labelled_md": render_labelled_md,
    "api_script": render_api_script,
    "digest_ranked": render_digest_ranked,
    "digest_links": render_digest_links,
    "digest_bilingual": render_digest_bilingual,
}
STYLES = tuple(RENDERERS)
# Styles whose cards carry their arXiv id (a paper link or a reference definition).
ID_STYLES = (
    "clip",
    "firecrawl",
    "text_dump",
    "text_dump_fenced",
    "structured",
    "minimal_md",
    "collapsible",
    "labelled",
    "labelled_md",
    "api_script",
    "digest_ranked",
    "digest_links",
    "digest_bilingual",
)
FILE_SUFFIX = {
    "firecrawl": ".md",
    "structured": ".md",
    "minimal_md": ".md",
    "minimal_md_nolink": ".md",
    "collapsible": ".md",
    "labelled_md": ".md",
    "digest_ranked": ".md",
    "digest_links": ".md",
    "digest_bilingual": ".md",
}


def render(style: str, spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """Render ``rows`` as one page of ``style``; a spec with ``truncate_after`` cuts the capture."""
    rendered = RENDERERS[style](spec, rows)
    if spec.truncate_after is not None:
        rendered = truncate(rendered, spec.truncate_after)
    return rendered
