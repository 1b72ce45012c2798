"""Listing pages as users save them with an HTML converter: real rows rendered as the HTML
huggingface.co serves, then turned into text by the real tools.

Many users do not use a clipper: they fetch the page and run a library over it. The HTML below has
the card markup that the real clip and firecrawl captures in ``../shared/real-pages/`` show (a vote
button linking to the login page, the title as an ``h3`` link, the abstract inside a link to the
paper, author avatars and ``N authors`` or the organisation, ``·``, the date, a comment link), with
root-relative hrefs as the site writes them (``/papers/2410.05434``) and a thumbnail per card. What
each converter then writes is the tool's own output, not a guess at it:

* ``html2text``: html2text's defaults (inline links, lines wrapped at 78 columns, breaking after
  hyphens, inside titles, abstracts and URLs);
* ``html2text_nowrap``: the same with ``body_width=0``;
* ``markdownify``: markdownify with ATX headings (root-relative links kept as written);
* ``html_to_markdown``: the Rust-based html-to-markdown (icons inlined as ``data:`` URI images);
* ``inner_text``: BeautifulSoup's ``get_text("\\n", strip=True)``, one line per text node and no
  links, as a browser's ``innerText`` or Selenium's ``.text`` gives it;
* ``get_text``: BeautifulSoup's ``get_text()`` with no argument, the text nodes as they stand in the
  HTML (adjacent elements glued: the site's two subscription lines become one);
* ``saved_html``: the HTML itself, as ``wget`` or a scraper keeping the response saves it, read the
  way ingest reads an HTML listing (``pipeline.html_listing``).

The page shows no capture date and no URL, as these tools write none.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from tests.support.exporters import (
    ALL_FIELDS,
    HF,
    CardFacts,
    PageSpec,
    Rendered,
    _check_date,
    _expected,
    _rendered,
    card_facts,
    day_header,
    fmt_paper_date,
    page_url,
)
from tests.support.real_rows import Row, rows_by_day, sample_days


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _card(f: CardFacts, spec: PageSpec) -> str:
    paper = f"/papers/{f.arxiv_id}"
    parts = [
        '<article class="relative flex flex-col overflow-hidden rounded-xl border">',
        f'<a href="{paper}" class="block"><img src="https://cdn-thumbnails.huggingface.co/'
        f'social-thumbnails/papers/{f.arxiv_id}.png" alt="" loading="lazy"></a>',
        '<div class="flex gap-2 px-3 py-2">',
        f'<div class="shadow-alternate"><a href="/login?next=%2Fpapers%2F{f.arxiv_id}">'
        f'<svg viewBox="0 0 12 12"><path d="M5 1"></path></svg><div class="leading-none">{f.upvotes}</div>'
        "</a></div>",
        '<div class="w-full">',
        f'<h3 class="mb-1 text-lg/6 font-semibold"><a href="{paper}">{_e(f.title)}</a></h3>',
    ]
    if f.abstract:
        parts.append(f'<a href="{paper}" class="text-sm"><p class="line-clamp-3">{_e(f.abstract)}</p></a>')
    parts.append('<div class="flex flex-wrap items-center gap-2.5 text-sm text-gray-500">')
    if f.org:
        name, slug = f.org
        parts.append(
            f'<a href="/{slug}" class="flex"><img alt="{slug}" src="https://cdn-avatars.huggingface.co/v1/production/uploads/{slug}.png">{_e(name)}</a>'
        )
    elif f.n_authors:
        avatars = "".join(
            f'<li class="-mr-2"><img alt="" src="https://cdn-avatars.huggingface.co/{f.arxiv_id}-{i}.png"></li>'
            for i in range(min(f.n_authors, 3))
        )
        parts.append(
            f'<a href="{paper}" class="flex items-center"><ul class="flex flex-row-reverse">{avatars}</ul>'
            f'<div class="ml-3">{f.n_authors} authors</div></a>'
        )
    parts += ["<div>·</div>", f"<div>{fmt_paper_date(f.published, spec.captured)}</div>"]
    if f.n_comments:
        parts.append(f'<a href="{paper}#community"><svg viewBox="0 0 32 32"></svg>{f.n_comments}</a>')
    parts.append("</div></div></div></article>")
    return "\n".join(parts)


# Submitters for the spring-2026 cards (handles of the real capture): the rows keep none of their own.
_SUBMITTERS_2026 = ("taesiri", "AdinaY", "NoamIssachar", "Kaichengalex", "yunhuijang")


def submitter_2026(f: CardFacts) -> str:
    """The user a spring-2026 card of ``f`` names as its submitter (one of a few, by its id)."""
    return _SUBMITTERS_2026[int(f.arxiv_id.replace(".", "")) % len(_SUBMITTERS_2026)]


def _card_2026(f: CardFacts, spec: PageSpec, *, linked_title: bool) -> str:
    """A card as the site drew them in spring 2026, after the one real capture kept here (the
    Obsidian Web Clipper's, ``tests/fixtures/found/obsidian_clip_2026-04-17.md``): a thumbnail (an
    image, or a video) linked to the paper, ``Submitted by`` with the user's avatar and name, the
    title (its link, which that clipper drops, kept where ``linked_title``), the authors' avatars,
    ``·`` and ``N authors`` linked to the paper or the organisation linked to its page, then the
    vote count linked to the paper (only where there are votes) and the comment count linked to its
    ``#community`` (always). No abstract, no date."""
    paper = f"/papers/{f.arxiv_id}"
    uploads, thumbnails = (
        "https://cdn-uploads.huggingface.co/production/uploads",
        "https://cdn-thumbnails.huggingface.co",
    )
    thumbnail = (
        f'<video src="{uploads}/{f.arxiv_id}.mp4" controls=""></video>'
        if int(f.arxiv_id[-1]) % 3 == 0
        else f'<img src="{thumbnails}/social-thumbnails/papers/{f.arxiv_id}.png" alt="">'
    )
    title = f'<a href="{paper}">{_e(f.title)}</a>' if linked_title else _e(f.title)
    user = submitter_2026(f)
    parts = [
        '<article class="relative flex flex-col">',
        f'<a href="{paper}" title="View paper">{thumbnail}</a>',
        '<div class="flex items-center gap-1"><span>Submitted by</span> <img alt="" '
        f'src="https://cdn-avatars.huggingface.co/{user}.png"> <span>{user}</span></div>',
        f'<h3 class="mb-1 text-lg font-semibold">{title}</h3>',
    ]
    if f.org:
        name, slug = f.org
        parts.append(
            f'<a href="/{slug}" class="flex"><img alt="" src="https://cdn-avatars.huggingface.co/{slug}.png">'
            f"<span>{_e(name)}</span></a>"
        )
    elif f.n_authors:
        avatars = "".join(
            f'<li><img alt="" src="https://cdn-avatars.huggingface.co/{f.arxiv_id}-{i}.png"></li>'
            for i in range(min(f.n_authors, 3))
        )
        parts.append(
            f'<a href="{paper}" class="flex"><ul class="flex">{avatars}</ul><span>·</span>'
            f"<span>{f.n_authors} authors</span></a>"
        )
    counts = [f'<a href="{paper}" class="btn">{f.upvotes}</a>'] if f.upvotes else []
    counts.append(f'<a href="{paper}#community" class="btn"><svg></svg>{f.n_comments or 0}</a>')
    parts += ['<div class="flex gap-2">' + " ".join(counts) + "</div>", "</article>"]
    return "\n".join(parts)


def render_hf_html_2026(
    spec: PageSpec, rows: Sequence[Row], *, linked_title: bool
) -> tuple[str, list[CardFacts]]:
    """The daily page of ``render_hf_html`` with the cards of spring 2026 (``_card_2026``)."""
    return render_hf_html(spec, rows, card=lambda f, spec: _card_2026(f, spec, linked_title=linked_title))


def render_hf_html(
    spec: PageSpec, rows: Sequence[Row], *, card: Callable[[CardFacts, PageSpec], str] | None = None
) -> tuple[str, list[CardFacts]]:
    """A daily listing page's HTML with one card per row (chrome, header, day switcher, footer);
    ``card`` draws each card (the site's cards of 2025-26 by default)."""
    card = card or _card
    facts = [card_facts(row) for row in rows]
    for f in facts:
        _check_date(f, spec.captured)
    day = spec.listing_date
    previous = (day - timedelta(days=1)).isoformat()
    header = day_header(spec) or ""
    nav = "".join(
        f'<li><a href="/{p}">{label}</a></li>'
        for p, label in (
            ("models", "Models"),
            ("datasets", "Datasets"),
            ("spaces", "Spaces"),
            ("docs", "Docs"),
            ("pricing", "Pricing"),
            ("login", "Log In"),
            ("join", "Sign Up"),
        )
    )
    page = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title>
<script>window.hubConfig = {{}}</script><style>.x{{}}</style></head>
<body><header><nav><a href="/"><img alt="Hugging Face's logo" src="/front/assets/huggingface_logo.svg">
<span>Hugging Face</span></a><ul>{nav}</ul></nav></header>
<main><section class="container"><div><span>new</span>
<p>Get trending papers in your email inbox once a day!</p><p>Get trending papers in your email inbox!</p>
<a href="/login?next=%2Fpapers">Subscribe</a></div>
<h1>Daily Papers</h1>
<h2>by <a href="/akhaliq"><img alt="" src="/front/assets/papers-by.png">AK</a> and the research community</h2>
<ul><li><a href="/papers/date/{day.isoformat()}">Daily</a></li>
<li><a href="/papers/week/2026-W01">Weekly</a></li>
<li><a href="/papers/month/{day:%Y-%m}">Monthly</a></li></ul>
<a href="/papers/trending">Trending Papers</a>
<div><a href="/papers/date/{previous}"><svg></svg></a><span>{header}</span></div></section>
<section class="grid">
{chr(10).join(card(f, spec) for f in facts)}
</section><div><a href="/papers/date/{previous}">Previous</a></div></main>
<footer><ul><li><a href="/terms-of-service">TOS</a></li><li><a href="/privacy">Privacy</a></li>
<li><a href="/huggingface">About</a></li><li><a href="https://apply.workable.com/huggingface/">Careers</a></li></ul>
</footer></body></html>
"""
    return page, facts


def _html2text(body_width: int, **options: bool) -> Callable[[str], str]:
    """html2text with a line width (0: unwrapped) and its other options as a user sets them:
    ``ignore_links`` (link text kept, targets dropped: "clean" Markdown), ``inline_links`` off with
    ``links_each_paragraph`` (reference links, defined after each paragraph), ``images_to_alt``
    (an image as its alt text: an organisation's avatar glued inside its link, ``[cis-lmuCIS, LMU
    Munich](/cis-lmu)``)."""

    def convert(page: str) -> str:
        import html2text

        converter = html2text.HTML2Text()
        converter.body_width = body_width
        for name, value in options.items():
            setattr(converter, name, value)
        return converter.handle(page)

    return convert


def _markdownify(page: str) -> str:
    from markdownify import markdownify

    return markdownify(page, heading_style="ATX")


def _html_to_markdown(page: str) -> str:
    from html_to_markdown import convert

    return convert(page).content


def _bs4_text(*args: str, **options: bool) -> Callable[[str], str]:
    """BeautifulSoup's ``get_text`` of the page without its scripts and styles, called as a
    scraper calls it: ``("\n", strip=True)`` (one line per text node), or with no argument."""

    def convert(page: str) -> str:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(page, "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        return soup.get_text(*args, **options)

    return convert


def _saved_html(page: str) -> str:
    from pipeline.html_listing import listing_markdown
    from pipeline.web_archive import archived_copy

    if archived := archived_copy(page):  # as ingest reads a copy from the web archive
        page = archived.text
    text = listing_markdown(page)
    if text is None:
        raise AssertionError("the rendered listing was not recognised as a listing")
    return text


CONVERTERS: dict[str, Callable[[str], str]] = {
    "html2text": _html2text(78),
    "html2text_nowrap": _html2text(0),
    "html2text_nolinks": _html2text(78, ignore_links=True),
    # LangChain's Html2TextTransformer (and what LLM pipelines built on it keep): html2text with its
    # defaults but ignore_links and ignore_images
    "html2text_langchain": _html2text(78, ignore_links=True, ignore_images=True),
    "html2text_paragraph_links": _html2text(78, inline_links=False, links_each_paragraph=True),
    "html2text_images_to_alt": _html2text(0, images_to_alt=True),
    "markdownify": _markdownify,
    "html_to_markdown": _html_to_markdown,
    "inner_text": _bs4_text("\n", strip=True),
    "get_text": _bs4_text(),
    "saved_html": _saved_html,
}
# What a card still shows after each converter: text keeps no link, so no arXiv id (the organisation
# shows by name only).
SHOWS = {name: ALL_FIELDS for name in CONVERTERS} | {
    "inner_text": ALL_FIELDS - {"arxiv_id"},
    "get_text": ALL_FIELDS - {"arxiv_id"},
    "html2text_nolinks": ALL_FIELDS - {"arxiv_id"},
    "html2text_langchain": ALL_FIELDS - {"arxiv_id"},
}


def render_converted(converter: str, spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """The page's HTML through ``converter``, with what a parser must read back from it."""
    page, facts = render_hf_html(spec, rows)
    return expected_page(converter, spec, facts, CONVERTERS[converter](page), SHOWS[converter])


def expected_page(
    style: str,
    spec: PageSpec,
    facts: Sequence[CardFacts],
    text: str,
    shows: frozenset[str] = ALL_FIELDS,
    *,
    title_in_capitals: bool = False,
    page_date_shown: bool = True,
) -> Rendered:
    """What a parser must read from ``text``, the listing of ``facts`` as a converter wrote it.

    The converter decides where lines break, so a card's line span is not known: every expected
    card spans the whole page (the hand-written styles check line numbers). ``title_in_capitals``:
    the converter writes headings, so titles, in capitals."""
    n_lines = text.count("\n") + 1
    cards = [_expected(f, shows, 1, n_lines, spec.captured, capture_shown=False) for f in facts]
    if title_in_capitals:
        cards = [replace(card, title=card.title.upper()) for card in cards]
    return _rendered(style, spec, text, cards, shows, set(), day=page_date_shown)


WAYBACK = "https://web.archive.org"
_WAYBACK_REF = re.compile(r'(?P<attr>href|src)="(?P<target>[^"]*)"')


def _archived_refs(page: str, rewrite: Callable[[str, str], str]) -> str:
    """Every ``href`` and ``src`` of ``page`` as an archive writes it: ``rewrite(attribute, the
    address made absolute on the site)`` gives the new attribute; fragments and inline data stay."""

    def one(match: re.Match[str]) -> str:
        target = match["target"]
        if target.startswith(("#", "data:", "javascript:")):
            return match[0]
        return rewrite(match["attr"], f"{HF}{target}" if target.startswith("/") else target)

    return _WAYBACK_REF.sub(one, page)


def wayback_copy(page: str, url: str, captured: datetime, *, saved_by_browser: bool = False) -> str:
    """``page`` as the Internet Archive's Wayback Machine serves its capture of ``url`` at
    ``captured``, modelled on real copies (public repositories keep saved ones; a 2017 and a 2023
    capture were compared): its playback scripts in the head naming the capture
    (``__wm.wombat(url, timestamp, …)``), its toolbar after ``<body>`` with the banner line
    ``The Wayback Machine - https://web.archive.org/web/<timestamp>/<url>``, every link and image
    rewritten to the archive's copy (``/web/<timestamp>/https://huggingface.co/papers/…``, images
    with ``im_``), and its closing comments. ``saved_by_browser``: the links absolute
    (``https://web.archive.org/web/…``), as "Save page as" writes them."""
    stamp = captured.strftime("%Y%m%d%H%M%S")
    host = WAYBACK if saved_by_browser else ""

    def archived(attr: str, original: str) -> str:
        kind = "im_" if attr == "src" else ""
        return f'{attr}="{host}/web/{stamp}{kind}/{original}"'

    static = f"{WAYBACK}/_static"
    head = (
        f'<head><script type="text/javascript" src="{static}/js/bundle-playback.js?v=1B2M2Y8A" '
        'charset="utf-8"></script>\n'
        f'<script type="text/javascript" src="{static}/js/wombat.js?v=1B2M2Y8A" charset="utf-8"></script>\n'
        '<script type="text/javascript">\n  __wm.init("https://web.archive.org/web");\n'
        f'  __wm.wombat("{url}","{stamp}","{WAYBACK}/","web","{static}/",\n\t      "1764851696");\n'
        "</script>\n"
        f'<link rel="stylesheet" type="text/css" href="{static}/css/banner-styles.css?v=S1zqJCYt" />\n'
        "<!-- End Wayback Rewrite JS Include -->\n"
    )
    toolbar = (
        "<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<script>__wm.rw(0);</script>\n"
        '<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;">\n</div>'
        f'<div id="wm-ipp-print">The Wayback Machine - {WAYBACK}/web/{stamp}/{url}</div>\n'
        f'<script type="text/javascript">//<![CDATA[\n__wm.bt(700,27,25,2,"web","{url}","{stamp}",1996,'
        '"/_static/",["/_static/css/banner-styles.css?v=S1zqJCYt"], false);\n  __wm.rw(1);\n//]]></script>\n'
        "<!-- END WAYBACK TOOLBAR INSERT -->\n"
    )
    closing = (
        f"<!--\n     FILE ARCHIVED ON {captured:%H:%M:%S %b %d, %Y} AND RETRIEVED FROM THE\n"
        "     INTERNET ARCHIVE ON 10:11:12 Dec 06, 2026.\n"
        "     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.\n-->\n"
        "<!--\nplayback timings (ms):\n  captures_list: 0.55\n  load_resource: 97.3\n-->"
    )
    page = _archived_refs(page, archived).replace("<head>", head, 1)
    page = re.sub(r"<body[^>]*>", lambda body: f"{body[0]}{toolbar}", page, count=1)
    return page + closing


def archive_today_copy(page: str, url: str, captured: datetime, snapshot: str = "Pe55U") -> str:
    """``page`` as archive.today (archive.ph) keeps its snapshot of ``url``. What is real: the
    header's text, in its order (a real capture's text, kept in a public repository's tests: the
    page's host, ``archived 24 Sep 2026 01:26:47 UTC``, ``archive.today`` / ``webpage capture``,
    ``Saved from``, ``All snapshots from host …``, ``Webpage`` ``Screenshot``, the share box and
    the ``{{cite web | … | url = … | archivedate = … }}`` it offers) and its links leading out
    through ``https://archive.ph/o/<id>/<address>`` (seen in several real captures). The HTML
    around them is modelled: a table for the header, as a clipper kept one, scripts dropped,
    images stored under the snapshot (their address lost)."""
    at = f"{captured:%d %b %Y %H:%M:%S} UTC".lstrip("0")
    archived = f"https://archive.ph/{snapshot}"

    def outlink(attr: str, original: str) -> str:
        if attr == "src":
            return f'src="{archived}/{hashlib.sha1(original.encode()).hexdigest()}.png"'
        return f'href="https://archive.ph/o/{snapshot}/{original}"'

    body = _archived_refs(re.sub(r"<script>.*?</script>", "", page, flags=re.S), outlink)
    cite = (
        f"{{{{cite web | title = Daily Papers - Hugging Face | url = {url} | date = {captured:%Y-%m-%d} "
        f"| archiveurl = http://archive.today/{snapshot} | archivedate = {captured:%Y-%m-%d} }}}}"
    )
    header = (
        f'<div id="HEADER"><div><a href="{archived}"><img src="{archived}/scr.png"></a>'
        f"Daily Papers - Hugging Face<br>huggingface.co<br>archived {at}</div>"
        '<table><tr><td><a href="https://archive.today/">archive.today<br>webpage capture</a></td>'
        f'<td>Saved from</td><td><input value="{url}"></td><td>no other snapshots from this url</td>'
        f"<td>{at}</td></tr><tr><td>All snapshots</td><td><b>from host</b> "
        '<a href="https://archive.ph/huggingface.co">huggingface.co</a></td></tr>'
        f'<tr><td><a href="{archived}">Webpage</a> <a href="{archived}/image">Screenshot</a></td></tr>'
        f'<tr><td><a href="{archived}/share">share</a> <a href="https://archive.ph/download/{snapshot}.zip">'
        f'download .zip</a> <a href="{archived}/abuse">report bug or abuse</a> '
        '<a href="https://liberapay.com/archiveis/donate">Buy me a coffee</a></td></tr></table>'
        "<div><p>Reddit</p><p>VKontakte</p><p>Twitter</p><p>Pinboard</p><p>Livejournal</p>"
        "<p>short link</p><p>long link</p><p>markdown</p><p>html code</p>"
        f"<p>huggingface.co archived {at}</p><p>wiki code</p><p>{cite}</p></div></div>"
    )
    return re.sub(r"<body[^>]*>", lambda tag: f"{tag[0]}{header}", body, count=1)


def render_wayback(
    converter: str, spec: PageSpec, rows: Sequence[Row], *, saved_by_browser: bool = False
) -> Rendered:
    """A real day's page as the Wayback Machine's capture of its daily URL (on the spec's capture
    day) saved through ``converter``, with what a parser must read back from it."""
    page, facts = render_hf_html(spec, rows)
    captured = datetime.combine(spec.captured, time(9, 30, 15))
    copy = wayback_copy(page, page_url(spec), captured, saved_by_browser=saved_by_browser)
    return _archived(f"wayback:{converter}", spec, facts, CONVERTERS[converter](copy), SHOWS[converter])


def render_archive_today(converter: str, spec: PageSpec, rows: Sequence[Row]) -> Rendered:
    """A real day's page as archive.today's snapshot of its daily URL saved through ``converter``."""
    page, facts = render_hf_html(spec, rows)
    copy = archive_today_copy(page, page_url(spec), datetime.combine(spec.captured, time(9, 30, 15)))
    text = CONVERTERS[converter](copy)
    return _archived(f"archive_today:{converter}", spec, facts, text, SHOWS[converter])


def _archived(
    style: str, spec: PageSpec, facts: Sequence[CardFacts], text: str, shows: frozenset[str]
) -> Rendered:
    """What a parser must read from an archive's copy: the page's cards, and the capture's day and
    the listing's kind, which the archive states."""
    rendered = expected_page(style, spec, facts, text, shows)
    return replace(
        rendered,
        captured_at=spec.captured,
        page_kind=spec.kind,
        query=spec.query,
        page_facts_shown=rendered.page_facts_shown | {"captured_at", "page_kind"},
    )


# html-to-text (Node) pages, kept as fixtures: the tests need no Node. Written by
# ``python -m tests.support.html_export`` (needs ``node`` and ``npm``).
HTML_TO_TEXT_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "html_to_text"
HTML_TO_TEXT_OPTIONS = {
    "wrapped": "{}",
    "nowrap": "{wordwrap: false}",
    # a crawler's usual settings: absolute links (a link without text is its bare target), images
    # kept or skipped; and every link's target dropped, images kept
    "baseurl": "{selectors: [{selector: 'a', options: {baseUrl: 'https://huggingface.co'}}]}",
    "baseurl-noimg": "{wordwrap: false, selectors: [{selector: 'a', options: {baseUrl: 'https://huggingface.co'}},"
    " {selector: 'img', format: 'skip'}]}",
    "nohref": "{selectors: [{selector: 'a', options: {ignoreHref: true}}]}",
    # targets written bare after their text: ``TITLE /papers/<id>``
    "nobrackets": "{selectors: [{selector: 'a', options: {linkBrackets: false}}]}",
}


FixturePage = tuple[str, PageSpec, list[Row]]  # (file stem, spec, rows)


def _day_pages(days: Sequence[date], suffix: str = "") -> list[FixturePage]:
    """A fixture page per real day: its first 20 rows, captured the day after; the stem is the day
    (and ``_suffix``)."""
    pages = []
    for day in days:
        spec = PageSpec(listing_date=day, captured=day + timedelta(days=1))
        pages.append(
            (day.isoformat() + (f"_{suffix}" if suffix else ""), spec, list(rows_by_day()[day][:20]))
        )
    return pages


def html_to_text_pages() -> list[FixturePage]:
    """The fixture pages: 5 real days wrapped at 80 columns, 2 not, and 2 with each crawler setting
    and with targets bare."""
    days = sample_days(25)
    return (
        _day_pages(days[::5], "wrapped")
        + _day_pages(days[2::12], "nowrap")
        + _day_pages(days[3::12], "baseurl")
        + _day_pages(days[4::12], "baseurl-noimg")
        + _day_pages(days[6::12], "nohref")
        + _day_pages(days[7::12], "nobrackets")
    )


def write_html_to_text_fixtures(folder: Path = HTML_TO_TEXT_DIR) -> None:
    """Convert each fixture page's HTML with html-to-text (installed into a scratch folder)."""
    import json
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(["npm", "install", "--silent", "html-to-text@9"], cwd=scratch, check=True)
        folder.mkdir(parents=True, exist_ok=True)
        for stem, spec, rows in html_to_text_pages():
            page, _ = render_hf_html(spec, rows)
            options = HTML_TO_TEXT_OPTIONS[stem.rsplit("_", 1)[1]]
            script = (
                "const {convert} = require('html-to-text');"
                f"process.stdout.write(convert(require('fs').readFileSync(0, 'utf8'), {options}));"
            )
            done = subprocess.run(
                ["node", "-e", script], cwd=scratch, input=page, capture_output=True, text=True, check=True
            )
            (folder / f"{stem}.txt").write_text(done.stdout, encoding="utf-8")
        listed = subprocess.run(["npm", "ls", "html-to-text", "--json"], cwd=scratch, capture_output=True)
        version = json.loads(listed.stdout)["dependencies"]["html-to-text"]["version"]
        (folder / "VERSION").write_text(f"html-to-text {version}\n")


# Microsoft's MarkItDown (the HTML-to-Markdown step many LLM ingestion pipelines use), kept as
# fixtures: ``python -m tests.support.html_export markitdown`` (installs ``markitdown`` into a scratch
# venv; it pulls onnxruntime, too heavy for the test install). It writes markdownify's Markdown with
# link targets percent-quoted: a Wayback copy's ``/web/<timestamp>/https%3A//huggingface.co/…``.
MARKITDOWN_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "markitdown"


def markitdown_pages() -> list[FixturePage]:
    """The fixture pages: 3 real days as the site serves them, and 2 as the Wayback Machine does."""
    days = sample_days(25)
    return _day_pages(days[1::10], "site") + _day_pages(days[5::10], "wayback")


def markitdown_source(stem: str, spec: PageSpec, rows: Sequence[Row]) -> str:
    """The HTML a fixture page was converted from."""
    page, _ = render_hf_html(spec, rows)
    if stem.endswith("_wayback"):
        page = wayback_copy(page, page_url(spec), datetime.combine(spec.captured, time(9, 30, 15)))
    return page


def write_markitdown_fixtures(folder: Path = MARKITDOWN_DIR) -> None:
    """Convert each fixture page's HTML with MarkItDown, installed into a scratch venv."""
    import subprocess
    import sys
    import tempfile

    script = (
        "import io, sys; from markitdown import MarkItDown, __version__ as v; "
        "sys.stdout.write(MarkItDown().convert_stream(io.BytesIO(sys.stdin.buffer.read()), "
        "file_extension='.html').text_content if sys.argv[1:] != ['version'] else v)"
    )
    with tempfile.TemporaryDirectory() as scratch:
        python = Path(scratch) / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", scratch], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "markitdown"], check=True)
        folder.mkdir(parents=True, exist_ok=True)
        for stem, spec, rows in markitdown_pages():
            html = markitdown_source(stem, spec, rows)
            done = subprocess.run(
                [python, "-c", script], input=html.encode(), capture_output=True, check=True
            )
            (folder / f"{stem}.md").write_bytes(done.stdout)
        version = subprocess.run(
            [python, "-c", script, "version"], capture_output=True, text=True, check=True
        )
        (folder / "VERSION").write_text(f"markitdown {version.stdout}\n")


# defuddle's Markdown of the pages (the extraction engine of the Obsidian Web Clipper), kept as
# fixtures: ``python -m tests.support.html_export defuddle`` (needs ``node`` and ``npm``). The
# ``clipper`` pages are the Web Clipper's default note (its front matter over defuddle's Markdown),
# the ``markdown`` pages defuddle's own ``markdown: true`` output; both with defuddle's defaults,
# which drop some cards as low-scoring content (the tool's choice: the cards it keeps are read).
DEFUDDLE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "defuddle"
DEFUDDLE_VERSION = "0.19.4"
_DEFUDDLE_SCRIPT = """
import fs from 'fs';
import { createRequire } from 'module';
import { JSDOM } from 'jsdom';
import { Defuddle } from 'defuddle/node';
const require = createRequire(import.meta.url);
// the Node build of the clipper's createMarkdownContent (not among the package's exports)
const { createMarkdownContent } = require(process.cwd() + '/node_modules/defuddle/dist/markdown.js');
const [form, url, created] = process.argv.slice(2);
const doc = new JSDOM(fs.readFileSync(0, 'utf8'), { url }).window.document;
const q = (s) => JSON.stringify(s ?? '');
if (form === 'markdown') {
  process.stdout.write((await Defuddle(doc, url, { markdown: true })).content);
} else {
  const r = await Defuddle(doc, url, {});
  const note = ['---', `title: ${q(r.title)}`, `source: ${q(url)}`, 'author:',
    ...(r.author ? [`  - ${q('[[' + r.author + ']]')}`] : []), `published: ${r.published || ''}`.trimEnd(),
    `created: ${created}`, `description: ${q(r.description)}`, 'tags:', '  - "clippings"', '---'];
  process.stdout.write(note.join('\\n') + '\\n' + createMarkdownContent(r.content, url));
}
"""


def defuddle_pages() -> list[FixturePage]:
    """The fixture pages: 3 real days as the Web Clipper's note, 2 as defuddle's Markdown."""
    days = sample_days(25)
    return _day_pages(days[3::8], "clipper") + _day_pages(days[7::9], "markdown")


def write_defuddle_fixtures(folder: Path = DEFUDDLE_DIR) -> None:
    """Convert each fixture page's HTML with defuddle (installed into a scratch folder with jsdom)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(
            ["npm", "install", "--silent", f"defuddle@{DEFUDDLE_VERSION}", "jsdom@29"],
            cwd=scratch,
            check=True,
        )
        (Path(scratch) / "convert.mjs").write_text(_DEFUDDLE_SCRIPT, encoding="utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        for stem, spec, rows in defuddle_pages():
            page, _ = render_hf_html(spec, rows)
            day, form = stem.rsplit("_", 1)
            command = [
                "node",
                "convert.mjs",
                form,
                f"https://huggingface.co/papers/date/{day}",
                spec.captured.isoformat(),
            ]
            done = subprocess.run(
                command, cwd=scratch, input=page, capture_output=True, text=True, check=True
            )
            (folder / f"{stem}.md").write_text(done.stdout, encoding="utf-8")
        (folder / "VERSION").write_text(f"defuddle {DEFUDDLE_VERSION}\n")


# turndown's Markdown with every link a reference named by its text (``linkStyle: "referenced"``,
# ``linkReferenceStyle: "collapsed"`` or ``"shortcut"``; the other options MarkDownload's), as a
# "copy as Markdown" extension writes the page: kept as fixtures, ``python -m
# tests.support.html_export turndown`` (needs ``node`` and ``npm``).
TURNDOWN_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "turndown"
TURNDOWN_VERSION = "7.2.5"
_TURNDOWN_SCRIPT = """
const fs = require('fs');
const { JSDOM } = require('jsdom');
const TurndownService = require('turndown');
const { gfm } = require('turndown-plugin-gfm');
const [style, url] = process.argv.slice(2);
const doc = new JSDOM(fs.readFileSync(0, 'utf8'), { url }).window.document;
doc.querySelectorAll('script,style').forEach((node) => node.remove());
doc.querySelectorAll('a[href]').forEach((a) => a.setAttribute('href', a.href));  // absolute, as MarkDownload
doc.querySelectorAll('img[src]').forEach((img) => img.setAttribute('src', img.src));
const service = new TurndownService({ headingStyle: 'atx', hr: '___', bulletListMarker: '-',
  codeBlockStyle: 'fenced', emDelimiter: '_', strongDelimiter: '**', linkStyle: 'referenced',
  linkReferenceStyle: style });
service.use(gfm);
process.stdout.write(service.turndown(doc.body.innerHTML));
"""


def turndown_pages() -> list[FixturePage]:
    """The fixture pages: 2 real days with collapsed references, 2 with shortcut ones, 2 with full
    ones (``[text][16]``: a thumbnail's inline image inside a numbered reference)."""
    days = sample_days(25)
    return (
        _day_pages(days[4::11], "collapsed")
        + _day_pages(days[9::11], "shortcut")
        + _day_pages(days[6::11], "full")
    )


def write_turndown_fixtures(folder: Path = TURNDOWN_DIR) -> None:
    """Convert each fixture page's HTML with turndown (installed into a scratch folder)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        packages = [f"turndown@{TURNDOWN_VERSION}", "turndown-plugin-gfm@1.0.2", "jsdom@29"]
        subprocess.run(["npm", "install", "--silent", *packages], cwd=scratch, check=True)
        (Path(scratch) / "convert.js").write_text(_TURNDOWN_SCRIPT, encoding="utf-8")
        folder.mkdir(parents=True, exist_ok=True)
        for stem, spec, rows in turndown_pages():
            page, _ = render_hf_html(spec, rows)
            day, style = stem.rsplit("_", 1)
            command = ["node", "convert.js", style, f"https://huggingface.co/papers/date/{day}"]
            done = subprocess.run(
                command, cwd=scratch, input=page, capture_output=True, text=True, check=True
            )
            (folder / f"{stem}.md").write_text(done.stdout, encoding="utf-8")
        (folder / "VERSION").write_text(f"turndown {TURNDOWN_VERSION}, turndown-plugin-gfm 1.0.2\n")


# crawl4ai pages with its numbered citations (markdown_with_citations and the references list), kept
# as fixtures too: ``pip install crawl4ai`` then ``python -m tests.support.html_export crawl4ai``.
CRAWL4AI_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "crawl4ai"


def crawl4ai_pages() -> list[FixturePage]:
    """The fixture pages: 4 real days."""
    return _day_pages(sample_days(25)[1::6])


def write_crawl4ai_fixtures(folder: Path = CRAWL4AI_DIR) -> None:
    """Convert each fixture page's HTML with crawl4ai's default Markdown generator."""
    from importlib.metadata import version

    from crawl4ai.markdown_generation_strategy import DefaultMarkdownGenerator

    folder.mkdir(parents=True, exist_ok=True)
    generator = DefaultMarkdownGenerator()
    for stem, spec, rows in crawl4ai_pages():
        page, _ = render_hf_html(spec, rows)
        result = generator.generate_markdown(page, base_url=f"https://huggingface.co/papers/date/{stem}")
        text = result.markdown_with_citations + "\n\n" + result.references_markdown
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    (folder / "VERSION").write_text(f"crawl4ai {version('crawl4ai')}\n")


# pandoc's output for the pages (pandoc -f html -t <format>): its Markdown, GitHub Markdown, and the
# lightweight markups a user may convert to (Org, as Emacs' org-web-tools does; reStructuredText;
# AsciiDoc; MediaWiki and DokuWiki; Textile; Jira), kept as fixtures: ``pip install pypandoc_binary`` then
# ``python -m tests.support.html_export pandoc``. Format -> the fixture's file extension.
PANDOC_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "pandoc"
PANDOC_FORMATS = {
    "markdown": "md",
    "gfm": "md",
    "org": "org",
    "asciidoc": "adoc",
    "mediawiki": "wiki",
    "dokuwiki": "txt",
    "textile": "textile",
    "jira": "jira",
    "rst": "rst",
}


# pandoc's own Markdown with every link a reference (``--reference-links``): a link's text is its
# label where it is plain text (``[Title]``, shortcut), else a number (``[![][7]][8]``); the
# definitions, wrapped and with attribute blocks, listed at the end.
PANDOC_OPTIONS = {"reflinks": ("markdown", ["--reference-links"]), "gfmplain": ("gfm-raw_html", [])}
PANDOC_REFLINK_DAYS = (date(2025, 12, 4), date(2026, 3, 4))
# GitHub Markdown without raw HTML: the vote count stands alone after the vote button's icon link
PANDOC_PLAIN_GFM_DAYS = (date(2025, 12, 4), date(2026, 4, 2))


def pandoc_fixture(stem: str) -> Path:
    """The fixture file of a page (``<day>_<format>``)."""
    writer = stem.split("_", 1)[1]
    extension = PANDOC_FORMATS.get(writer) or PANDOC_WRAPPED_FORMATS.get(writer) or "md"
    return PANDOC_DIR / f"{stem}.{extension}"


# Two more days in pandoc's own Markdown: titles and abstracts whose characters it escapes
# (``Benchmark\^2``, ``\$\pi_0\$``, ``\@librarian-bot``, a text's own ``--`` as ``\--``).
PANDOC_ESCAPE_DAYS = (date(2025, 12, 4), date(2026, 1, 9))


# Days in CommonMark as pandoc writes it by default (wrapped at 72 columns), where a wrap put a
# paper's URL at the start of a line inside an abstract ("📄 Paper:" / "https://arxiv.org/abs/…").
PANDOC_WRAPPED_FORMATS = {"markdown_strict": "md"}
PANDOC_WRAP_DAYS = (date(2025, 12, 4), date(2025, 12, 5))


def pandoc_pages() -> list[FixturePage]:
    """The fixture pages: 3 real days in each format, the escape days in pandoc's Markdown, the
    wrap days in its strict Markdown, the reference-link days and GitHub Markdown without raw HTML."""
    pages = [page for fmt in PANDOC_FORMATS for page in _day_pages(sample_days(25)[3::8], fmt)]
    return (
        pages
        + _day_pages(PANDOC_ESCAPE_DAYS, "markdown")
        + _day_pages(PANDOC_WRAP_DAYS, "markdown_strict")
        + _day_pages(PANDOC_REFLINK_DAYS, "reflinks")
        + _day_pages(PANDOC_PLAIN_GFM_DAYS, "gfmplain")
    )


def write_pandoc_fixtures(folder: Path = PANDOC_DIR) -> None:
    """Convert each fixture page's HTML with pandoc (the binary pypandoc_binary ships)."""
    import pypandoc

    folder.mkdir(parents=True, exist_ok=True)
    for stem, spec, rows in pandoc_pages():
        page, _ = render_hf_html(spec, rows)
        writer = stem.split("_", 1)[1]
        to, options = PANDOC_OPTIONS.get(writer, (writer, []))
        text = pypandoc.convert_text(page, to, format="html", extra_args=options)
        (folder / pandoc_fixture(stem).name).write_text(text, encoding="utf-8")
    (folder / "VERSION").write_text(f"pandoc {pypandoc.get_pandoc_version()}\n")


# Chromium's innerText of the pages (what Playwright's inner_text("body") or Selenium's .text give),
# kept as fixtures: ``python -m tests.support.html_export chromium`` (Debian's chromium).
CHROMIUM_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "chromium_inner_text"


def chromium_pages() -> list[FixturePage]:
    """The fixture pages: 4 real days."""
    return _day_pages(sample_days(25)[5::6])


def _write_from_chromium(folder: Path, saved: Callable[[Any, str], dict[str, str]]) -> None:
    """Each fixture page's HTML loaded in Chromium (Playwright); ``saved(tab, stem)`` names the files
    to write for it and their text."""
    from playwright.sync_api import sync_playwright

    from tests.support.ui_screenshot import launch_chromium

    folder.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        tab = browser.new_page()
        for stem, spec, rows in chromium_pages():
            tab.set_content(render_hf_html(spec, rows)[0], wait_until="domcontentloaded")
            for name, text in saved(tab, stem).items():
                (folder / name).write_text(text, encoding="utf-8")
        (folder / "VERSION").write_text(f"chromium {browser.version}\n")
        browser.close()


def write_chromium_fixtures(folder: Path = CHROMIUM_DIR) -> None:
    """Each fixture page's HTML loaded in Chromium, its body's innerText saved."""
    _write_from_chromium(folder, lambda tab, stem: {f"{stem}.txt": tab.inner_text("body")})


# Playwright's ARIA snapshots of the pages (``aria_snapshot()`` and ``aria_snapshot(mode="ai")``, the
# form the Playwright MCP server shows an agent and saves as ``.playwright-mcp/*.snapshot.yml``),
# kept as fixtures: ``python -m tests.support.html_export aria`` (Debian's chromium).
ARIA_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "aria_snapshots"
ARIA_MODES = ("default", "ai")


def aria_fixture(stem: str, mode: str) -> Path:
    return ARIA_DIR / f"{stem}_{mode}.snapshot.yml"


def mcp_answer(url: str, snapshot: str) -> str:
    """A snapshot as the Playwright MCP server's ``browser_snapshot`` answers it (its page state:
    URL, title, then the snapshot in a fenced ``yaml`` block)."""
    return (
        f"### Page state\n- Page URL: {url}\n- Page Title: Daily Papers - Hugging Face\n"
        f"- Page Snapshot:\n```yaml\n{snapshot}\n```\n"
    )


def write_aria_fixtures(folder: Path = ARIA_DIR) -> None:
    """Each fixture page's HTML loaded in Chromium, the page's ARIA snapshot saved in both modes."""

    def snapshots(tab: Any, stem: str) -> dict[str, str]:
        return {aria_fixture(stem, mode).name: tab.aria_snapshot(mode=mode) for mode in ARIA_MODES}

    _write_from_chromium(folder, snapshots)


# Chrome DevTools MCP's ``take_snapshot`` of the pages (the accessibility tree as text that an AI
# agent reads through Google's DevTools MCP server), kept as fixtures: ``python -m
# tests.support.html_export devtools`` (needs ``node``, ``npm`` and Debian's chromium). The pages are
# served on loopback under the site's daily URL (Chromium resolves huggingface.co to it), so the
# snapshot's URLs are the site's, as when an agent opens the listing.
DEVTOOLS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "devtools_snapshots"
DEVTOOLS_MCP_VERSION = "1.11.0"
_DEVTOOLS_SCRIPT = """
import fs from 'fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
const [port, outDir, ...days] = process.argv.slice(2);
const transport = new StdioClientTransport({
  command: 'node_modules/.bin/chrome-devtools-mcp',
  args: ['--headless', '--isolated', '--executablePath', '/usr/bin/chromium', '--chromeArg=--no-sandbox',
         `--chromeArg=--host-resolver-rules=MAP huggingface.co 127.0.0.1:${port}`,
         '--usageStatistics=false', '--performanceCrux=false'],
});
const client = new Client({ name: 'paperlake-fixtures', version: '1.0.0' });
await client.connect(transport);
for (const day of days) {
  const url = `http://huggingface.co/papers/date/${day}`;
  await client.callTool({ name: 'navigate_page', arguments: { url, type: 'url', pageId: 1 } });
  const snapshot = await client.callTool({ name: 'take_snapshot', arguments: { pageId: 1 } });
  fs.writeFileSync(`${outDir}/${day}.txt`, snapshot.content.map((part) => part.text ?? '').join('\\n'));
}
await client.close();
"""


def devtools_pages() -> list[FixturePage]:
    """The fixture pages: the 4 real days of the Chromium fixtures."""
    return chromium_pages()


def write_devtools_fixtures(folder: Path = DEVTOOLS_DIR) -> None:
    """Each fixture page served under its daily URL, opened and snapshotted by chrome-devtools-mcp
    (installed into a scratch folder) through an MCP client."""
    import http.server
    import subprocess
    import tempfile
    import threading

    pages = {
        spec.listing_date.isoformat(): render_hf_html(spec, rows)[0] for _, spec, rows in devtools_pages()
    }

    class Site(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path.removeprefix("/papers/date/"), "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            packages = [f"chrome-devtools-mcp@{DEVTOOLS_MCP_VERSION}", "@modelcontextprotocol/sdk@1"]
            subprocess.run(["npm", "install", "--silent", *packages], cwd=scratch, check=True)
            (Path(scratch) / "snapshot.mjs").write_text(_DEVTOOLS_SCRIPT)
            port = str(server.server_address[1])
            subprocess.run(["node", "snapshot.mjs", port, str(folder), *pages], cwd=scratch, check=True)
    finally:
        server.shutdown()
    (folder / "VERSION").write_text(f"chrome-devtools-mcp {DEVTOOLS_MCP_VERSION}\n")


# Text browsers' dumps of the pages (lynx, w3m, elinks, links: Debian packages), kept as fixtures:
# ``python -m tests.support.html_export text_browsers``. Each dumps the page as if it had fetched it
# from the site (a <base> of the page's URL), except ``lynx_file``: a saved page, its links file://.
TEXT_BROWSER_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "text_browsers"
TEXT_BROWSERS: dict[str, list[str]] = {
    "lynx": ["lynx", "-dump", "-force_html", "-stdin"],
    "lynx_file": ["lynx", "-dump", "-force_html", "-stdin"],
    "w3m": ["w3m", "-dump", "-T", "text/html"],
    "w3m_numbered": ["w3m", "-dump", "-o", "display_link_number=1", "-T", "text/html"],
    "elinks": ["elinks", "-dump", "-no-home", "-force-html", "-dump-charset", "UTF-8"],
    "links": ["links", "-dump", "-codepage", "utf-8"],
    # wide terminals: only long abstracts wrap, titles and most lines fit whole
    "w3m_wide": ["w3m", "-dump", "-cols", "200", "-T", "text/html"],
    "links_wide": ["links", "-dump", "-width", "200", "-codepage", "utf-8"],
    # Emacs' eww (its renderer shr, 80 columns, as a terminal shows it), the buffer saved: IN OUT
    "emacs_shr": ["emacs", "--batch", "-l"],
}
_WIDE = ("w3m_wide", "links_wide")
# Days whose thumbnails' placeholders fell between a comment count and the next card's votes.
WIDE_DUMP_DAYS = (date(2026, 4, 9), date(2026, 6, 2))
# shr counts a wide emoji two columns (2026-01-13: "… understanding! ✨" then "Highlights:")
EMACS_DAYS = (date(2025, 12, 4), date(2026, 1, 13), date(2026, 3, 14))
_SHR_SCRIPT = """(require 'shr)
(setq shr-use-fonts nil)
(let ((in (nth 0 command-line-args-left)) (out (nth 1 command-line-args-left)))
  (with-temp-buffer
    (set-buffer-multibyte t)
    (let ((coding-system-for-read 'utf-8)) (insert-file-contents in))
    (let ((dom (libxml-parse-html-region (point-min) (point-max))))
      (erase-buffer)
      (shr-insert-document dom))
    (let ((coding-system-for-write 'utf-8)) (write-region (point-min) (point-max) out)))
  (setq command-line-args-left nil))
"""
TEXT_BROWSER_VERSIONS = {
    "lynx": ["lynx", "-version"],
    "w3m": ["w3m", "-version"],
    "elinks": ["elinks", "-version"],
    "links": ["links", "-version"],
    "emacs": ["emacs", "--version"],
}


def text_browser_pages() -> list[FixturePage]:
    """The fixture pages: 3 real days per browser (and way of saving)."""
    days = sample_days(25)
    narrow = [tool for tool in TEXT_BROWSERS if tool not in (*_WIDE, "emacs_shr")]
    pages = [page for n, tool in enumerate(narrow) for page in _day_pages(days[n % 4 :: 9], tool)]
    pages += _day_pages(EMACS_DAYS, "emacs_shr")
    return pages + [page for tool in _WIDE for page in _day_pages(WIDE_DUMP_DAYS, tool)]


def text_browser_of(stem: str) -> str:
    return stem.split("_", 1)[1]


def dump_with_text_browser(tool: str, spec: PageSpec, rows: Sequence[Row]) -> bytes:
    """The page's HTML as ``tool`` (a key of ``TEXT_BROWSERS``) dumps it; the browser must be
    installed."""
    import subprocess
    import tempfile

    page, _ = render_hf_html(spec, rows)
    if tool != "lynx_file":
        url = f"https://huggingface.co/papers/date/{spec.listing_date.isoformat()}"
        page = page.replace("<head>", f'<head><base href="{url}">', 1)
    command = TEXT_BROWSERS[tool]
    with tempfile.TemporaryDirectory() as scratch:
        saved = Path(scratch) / "page.html"
        if command[0] == "links":  # reads a file, not stdin
            saved.write_text(page, encoding="utf-8")
            command = [*command, str(saved)]
        if command[0] == "emacs":  # renders a file into a file
            saved.write_text(page, encoding="utf-8")
            (script := Path(scratch) / "shr.el").write_text(_SHR_SCRIPT)
            out = Path(scratch) / "page.txt"
            subprocess.run([*command, str(script), str(saved), str(out)], capture_output=True, check=True)
            return out.read_bytes()
        return subprocess.run(command, input=page.encode(), capture_output=True, check=True).stdout


def write_text_browser_fixtures(folder: Path = TEXT_BROWSER_DIR) -> None:
    """Dump each fixture page's HTML with its text browser."""
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    for stem, spec, rows in text_browser_pages():
        (folder / f"{stem}.txt").write_bytes(dump_with_text_browser(text_browser_of(stem), spec, rows))
    versions = []
    for command in TEXT_BROWSER_VERSIONS.values():
        shown = subprocess.run(command, capture_output=True, text=True, errors="replace").stdout
        versions.append(shown.strip().splitlines()[0])
    (folder / "VERSION").write_text("\n".join(versions) + "\n")


# What the Python text extractors scrapers use write, kept as fixtures: ``pip install trafilatura
# lxml_html_clean inscriptis markitdown resiliparse`` (in a scratch venv), then ``python -m
# tests.support.html_export extractors [TOOL...]`` (all of them, or only these).
#
# * ``inscriptis``: ``inscriptis.get_text`` (the page's text laid out as a browser would, no links);
# * ``resiliparse``: ``resiliparse.extract.html2text.extract_plain_text`` with its defaults (the
#   page's text, list bullets, no links), the extractor of large web-text pipelines;
# * ``resiliparse_links``: the same with ``links=True`` (each link's target after it: ``text (url)``);
# * ``markitdown``: Microsoft's MarkItDown of the saved HTML file (Markdown with links);
# * ``trafilatura_md``: ``trafilatura.extract(output_format="markdown", include_links=True)``;
# * ``trafilatura_txt``: ``trafilatura.extract`` (plain text, its default);
# * ``trafilatura_xml``: ``trafilatura.extract(output_format="xml", include_links=True)`` (its CLI's
#   ``--xml``: ``<doc>`` / ``<main>`` / ``<head>`` / ``<p>`` / ``<ref target=…>``);
# * ``trafilatura_tei``: the same as XML-TEI (``output_format="xmltei"``: a ``<teiHeader>`` of
#   metadata, then ``<text>`` / ``<body>`` with ``<ab rend="h3">`` headings);
# * ``html2text_rs_md`` / ``html2text_rs_rich``: html2text-rs (the Rust crate ``html2text``'s
#   Python binding, ``pip install html2text-rs``): ``text_markdown`` (reference links) and
#   ``text_rich`` (no links), both wrapped at 100 columns, a long title's heading repeated on its
#   second line (``### … Boosting`` / ``### Reinforcement Learning``).
#
# trafilatura extracts what it takes for the article: some of the cards, each as its title and
# abstract (no votes, authors or dates), and drops the page's day. Its expected cards are the ones
# it kept.
EXTRACTORS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "python_extractors"
EXTRACTORS = (
    "inscriptis",
    "markitdown",
    "trafilatura_md",
    "trafilatura_txt",
    "trafilatura_xml",
    "trafilatura_tei",
    "resiliparse",
    "resiliparse_links",
    "html2text_rs_md",
    "html2text_rs_rich",
)
# they keep some cards and no page day
SELECTIVE_EXTRACTORS = frozenset({"trafilatura_md", "trafilatura_txt", "trafilatura_xml", "trafilatura_tei"})
EXTRACTOR_SHOWS = {
    "inscriptis": ALL_FIELDS - {"arxiv_id"},
    "markitdown": ALL_FIELDS,
    "trafilatura_md": frozenset({"title", "abstract", "arxiv_id"}),
    "trafilatura_txt": frozenset({"title", "abstract"}),
    "trafilatura_xml": frozenset({"title", "abstract", "arxiv_id"}),
    "trafilatura_tei": frozenset({"title", "abstract", "arxiv_id"}),
    "resiliparse": ALL_FIELDS - {"arxiv_id"},
    "resiliparse_links": ALL_FIELDS,
    "html2text_rs_md": ALL_FIELDS,
    "html2text_rs_rich": ALL_FIELDS - {"arxiv_id"},
}


def extractor_pages() -> list[FixturePage]:
    """The fixture pages: 3 real days of at least 24 cards (20 shown) through each extractor."""
    days = [day for day in sample_days(25) if len(rows_by_day()[day]) >= 24][1::4]
    return [page for tool in EXTRACTORS for page in _day_pages(days, tool)]


def extractor_of(stem: str) -> str:
    return next(tool for tool in EXTRACTORS if stem.endswith(f"_{tool}"))


def expected_extractor_page(stem: str, spec: PageSpec, rows: Sequence[Row], text: str) -> Rendered:
    """What a parser must read from an extractor's page: every card it kept, the fields it shows."""
    tool = extractor_of(stem)
    _, facts = render_hf_html(spec, rows)
    selective = tool in SELECTIVE_EXTRACTORS
    if selective:
        facts = [f for f in facts if f.title in text or html.escape(f.title, quote=False) in text]
    return expected_page(tool, spec, facts, text, EXTRACTOR_SHOWS[tool], page_date_shown=not selective)


def write_extractor_fixtures(folder: Path = EXTRACTORS_DIR, tools: Sequence[str] = EXTRACTORS) -> None:
    """Convert each fixture page's HTML with each of these extractors (imported here, only those
    asked for: they are not test dependencies), and note their versions in ``VERSION``."""
    import importlib
    import tempfile
    from importlib.metadata import version

    def resiliparse(**options):
        module = "resiliparse.extract.html2text"
        return lambda page, path: importlib.import_module(module).extract_plain_text(page, **options)

    convert = {
        "inscriptis": lambda page, path: importlib.import_module("inscriptis").get_text(page),
        "markitdown": lambda page, path: (
            importlib.import_module("markitdown").MarkItDown().convert(str(path)).text_content
        ),
        "trafilatura_md": lambda page, path: importlib.import_module("trafilatura").extract(
            page, output_format="markdown", include_links=True
        ),
        "trafilatura_txt": lambda page, path: importlib.import_module("trafilatura").extract(page),
        "trafilatura_xml": lambda page, path: importlib.import_module("trafilatura").extract(
            page, output_format="xml", include_links=True
        ),
        "trafilatura_tei": lambda page, path: importlib.import_module("trafilatura").extract(
            page, output_format="xmltei", include_links=True
        ),
        "resiliparse": resiliparse(),
        "resiliparse_links": resiliparse(links=True),
        "html2text_rs_md": lambda page, path: importlib.import_module("html2text_rs").text_markdown(page),
        "html2text_rs_rich": lambda page, path: importlib.import_module("html2text_rs").text_rich(page),
    }
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for stem, spec, rows in extractor_pages():
            if extractor_of(stem) not in tools:
                continue
            page, _ = render_hf_html(spec, rows)
            saved = Path(scratch) / f"{stem}.html"
            saved.write_text(page, encoding="utf-8")
            text = convert[extractor_of(stem)](page, saved) or ""
            (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    versions = dict(line.split(" ", 1) for line in (folder / "VERSION").read_text().splitlines() if line)
    for tool in tools:
        package = "html2text_rs" if tool.startswith("html2text_rs") else tool.split("_")[0]
        versions[package] = version(package)
    (folder / "VERSION").write_text("".join(f"{name} {v}\n" for name, v in sorted(versions.items())))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["crawl4ai"]:
        write_crawl4ai_fixtures()
    elif sys.argv[1:] == ["pandoc"]:
        write_pandoc_fixtures()
    elif sys.argv[1:] == ["turndown"]:
        write_turndown_fixtures()
    elif sys.argv[1:] == ["defuddle"]:
        write_defuddle_fixtures()
    elif sys.argv[1:] == ["chromium"]:
        write_chromium_fixtures()
    elif sys.argv[1:] == ["aria"]:
        write_aria_fixtures()
    elif sys.argv[1:] == ["devtools"]:
        write_devtools_fixtures()
    elif sys.argv[1:] == ["markitdown"]:
        write_markitdown_fixtures()
    elif sys.argv[1:] == ["text_browsers"]:
        write_text_browser_fixtures()
    elif sys.argv[1:2] == ["extractors"]:
        write_extractor_fixtures(tools=sys.argv[2:] or EXTRACTORS)
    else:
        write_html_to_text_fixtures()
