"""Recognise an HTML page saved instead of the listing (rate limits, logins, bot walls)."""

from __future__ import annotations

import html
import re

_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<\?xml)", re.IGNORECASE)
_TAGS = re.compile(r"</?(?:html|head|body|div|script|meta|title|p|span|a)\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")  # any element's tag, not a "<1 GB" in the text
# Anchors an HTML-to-Markdown extraction leaves between cards (<a id="source-section-4"></a>): markup in
# a Markdown page, not an HTML page.
_ANCHOR = re.compile(r"<a\s+(?:id|name)=[\"'][^\"']*[\"']\s*>\s*</a>", re.IGNORECASE)
# A paper's address, or a Markdown link to its root-relative path (pandoc's gfm keeps the cards'
# <div>s around Markdown links to ``/papers/<id>``: Markdown with raw HTML, not an HTML page)
_PAPER_LINKS = re.compile(r"(?:huggingface\.co|\]\()/papers/\d{4}\.\d{4,5}")
# HTML's own elements only: an abstract's <think> or <answer> is text. With the backslash a Markdown
# writer escaped a tag with.
HTML_ELEMENT_TAG = re.compile(
    r"\\?</?(?:a|abbr|article|b|blockquote|br|center|code|del|div|em|font|h[1-6]|header|hr|i|img|ins|"
    r"li|mark|nav|ol|p|pre|q|s|section|small|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul)"
    r"\b[^<>\n]*>",
    re.IGNORECASE,
)
# A text page with markup in it is read as a listing only when its text gives this many cards: an
# error page fragment (a login form, a notice) must not become a paper.
MIN_CARDS_IN_MARKED_UP_TEXT = 3


def text_without_tags(text: str) -> str | None:
    """The text of a page that is text with HTML tags in it (a scraper that wrote each element's
    inner HTML into its own template: ``<b>Title</b>``, ``<p>abstract</p>``), each tag dropped
    where it stands so every line keeps its number; None for a document that starts as HTML
    (a saved page is read by ``pipeline.html_listing`` or reported by ``html_problem``)."""
    if _HTML_START.match(text[:20_000]):
        return None
    return HTML_ELEMENT_TAG.sub("", text)


FRAGMENT_TAG_SHARE = 0.9  # of a text's lines that open with a tag, for it to be HTML without a root


def is_html_fragment(text: str) -> bool:
    """Whether the text is HTML without ``<html>`` (an email's body, a page a script assembles):
    nearly every line opens with a tag. Markdown holding raw HTML (pandoc's GitHub Markdown) has
    lines of text between its tags."""
    if text.lstrip()[:1] != "<":
        return False
    lines = [line for line in text[:200_000].split("\n") if line.strip()][:400]
    return sum(1 for line in lines if line.lstrip().startswith("<")) >= FRAGMENT_TAG_SHARE * len(lines)


def html_problem(text: str) -> str | None:
    """A sentence naming the HTML page, or None when the text is not HTML markup."""
    head = text[:20_000]
    few_tags = len(_TAGS.findall(_ANCHOR.sub("", head))) < 5
    if not _HTML_START.match(head) and (few_tags or len(_PAPER_LINKS.findall(text)) >= 3):
        return None
    label = None
    for pattern in (_TITLE, _H1):
        match = pattern.search(head)
        if match:
            label = html.unescape(ANY_TAG.sub("", match[1])).strip()
            label = re.sub(r"\s+", " ", label)[:200]
            if label:
                break
    what = f" titled {label!r}" if label else ""
    hint = ""
    lowered = head.lower()
    if "429" in lowered or "too many requests" in lowered:
        hint = " (rate limited: slow the scraper down and fetch again)"
    elif "cloudflare" in lowered or "just a moment" in lowered or "cf-chl" in lowered:
        hint = " (bot protection page: fetch again from a browser session)"
    elif "login" in lowered or "sign in" in lowered or "log in" in lowered:
        hint = " (login page: the scraper was not signed in)"
    return f"HTML page{what} instead of a listing{hint}"
