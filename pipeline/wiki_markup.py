"""Lightweight markup other than Markdown, rewritten as Markdown for the card reader: what pandoc
writes for ``-t org``, ``-t rst``, ``-t mediawiki``, ``-t dokuwiki``, ``-t asciidoc``, ``-t textile``
and ``-t jira`` of a saved listing (Emacs' org-web-tools reads a page through pandoc into Org), and
what a user's own notes in those formats look like.

Each syntax is recognised by its link to a paper (Org ``[[/papers/<id>][Title]]``, a wiki's
``[[papers/<id>|Title]]``, AsciiDoc ``link:/papers/<id>[Title]``, Textile ``"Title":/papers/<id>``,
Jira ``[Title|/papers/<id>]``, reStructuredText ```Title </papers/<id>>`__``), at least
``MIN_LINKS`` of them. Its links become Markdown links (images inside them kept as Markdown
images, a wiki's page-relative ``papers/<id>`` made root-relative, a link wrapped over lines
joined), its headings Markdown headings, and its furniture (Org property drawers, reStructuredText's
container directives and substitution definitions, Jira anchors, the ``<div>`` tags pandoc keeps,
DokuWiki's ``%%`` escapes, AsciiDoc's ``{plus}`` and passthroughs) is taken off. The page keeps
its line count, so line numbers stay those of the file.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from html import unescape

from pipeline.html_listing import escape_markdown
from pipeline.page_items import escape_link_text
from pipeline.pandoc_markdown import put_back_moved_text, smart_dashes

MIN_LINKS = 3
HEAD_CHARS = 60_000

_ID = r"\d{4}\.\d{4,5}"
_PAPER = rf"(?:https?://(?:www\.)?huggingface\.co)?/?papers/{_ID}"
_OPENINGS = {  # what a page must hold for the syntax's links to be counted
    "org": ("[[",),
    "wiki": ("[[",),
    "asciidoc": ("link:",),
    "textile": ('":',),
    "jira": ("|/papers/", "|http"),
    "rst": (">`_",),
}
_SIGNS = {
    "org": re.compile(rf"\[\[{_PAPER}[^\]]*\]\["),
    "wiki": re.compile(rf"\[\[{_PAPER}[^\]|]*\|"),
    "asciidoc": re.compile(rf"link:{_PAPER}[^\s\[]*\["),  # pandoc writes the site's root-relative links so
    "textile": re.compile(rf"\":{_PAPER}"),
    "jira": re.compile(rf"\|{_PAPER}[^\]|]*\]"),
    "rst": re.compile(rf"<{_PAPER}[^>]*>`__?"),
}
# images in each syntax (the source is the first group that matched): MediaWiki ``[[File:src|alt]]``,
# Org ``[[src.png]]``, DokuWiki ``{{src}}``, AsciiDoc ``image:src[alt]``, Textile and Jira ``!src!``
_IMAGE_FILE = r"\.(?:png|jpe?g|gif|svg|webp)"
_IMAGES = re.compile(
    r"\[\[(?:File:|Image:)([^\[\]|]+)(?:\|[^\[\]]*)?\]\]"
    rf"|\[\[([^\[\]|]*{_IMAGE_FILE}|data:[^\]]*)\]\]"
    r"|\{\{([^{}|]*)(?:\|[^{}]*)?\}\}|image:([^\s\[]+)\[[^\]]*\]|!((?:https?://|/|data:)[^!\s|]*)(?:\|[^!]*)?!"
)


def markup_syntax(text: str) -> str | None:
    """Which of the syntaxes the page is written in, or None (Markdown, text, anything else).

    Judged on the page's first ``HEAD_CHARS`` characters (a listing shows its first cards there):
    a page with Markdown links to papers is Markdown; otherwise a syntax's links are counted only
    when its opening characters are there (most pages hold none)."""
    head = text[:HEAD_CHARS]
    if "](/papers/" in head or "](https://huggingface.co/papers/" in head:
        return None
    best, most = None, MIN_LINKS - 1
    for name, opening in _OPENINGS.items():
        if any(mark in head for mark in opening):
            count = len(_SIGNS[name].findall(head))
            if count > most:
                best, most = name, count
    return best


def markup_to_markdown(lines: list[str], syntax: str) -> list[str]:
    """The page's lines in Markdown, one for one."""
    if syntax == "rst":
        return put_back_moved_text(_headings_linked_again(_rst(lines)))
    rewrite = _REWRITES[syntax]
    out = []
    in_drawer = False
    for line in _wrapped_links_joined(lines, _bracket_open):
        stripped = line.strip()
        if syntax == "org" and stripped.upper() == ":PROPERTIES:":
            in_drawer = True
        if in_drawer:
            in_drawer = stripped.upper() != ":END:"
            out.append("")
            continue
        out.append(rewrite(_HTML_TAG.sub("", line) if "<" in line else line))
    return put_back_moved_text(_headings_linked_again(out))


def _wrapped_links_joined(lines: list[str], still_open: Callable[[str], bool], reach: int = 4) -> list[str]:
    """A link the writer wrapped over lines (pandoc wraps at 72 columns, inside a link's text too:
    ``link:/uwnlp[…]University`` / ``of Washington NLP]``) joined on its first line, for as long as
    ``still_open`` says the text so far leaves it open; the lines it took are left blank, so the
    page keeps its line count."""
    lines = list(lines)
    for i, line in enumerate(lines):
        if not still_open(line):
            continue
        last, text = i, line.rstrip()
        while still_open(text) and last + 1 < len(lines) and last - i < reach and lines[last + 1].strip():
            last += 1
            text += " " + lines[last].strip()
        if last > i and not still_open(text):
            lines[i] = text
            lines[i + 1 : last + 1] = [""] * (last - i)
    return lines


def _bracket_open(text: str) -> bool:
    return text.count("[") > text.count("]")


def _backtick_open(text: str) -> bool:  # reStructuredText: `Title <url>`__
    return text.count("`") % 2 == 1


_EMPTY_PAPER_LINK = re.compile(rf"^\s*\[\]\(({_PAPER})\)\s*$")
_PLAIN_HEADING = re.compile(r"^(#{1,6})\s+([^\[\]]+?)\s*$")


def _headings_linked_again(lines: list[str]) -> list[str]:
    """A heading whose link the writer could not keep (DokuWiki's headings hold no link), with the
    link left empty on one of the next lines (``#### Title`` / blank / ``[](/papers/<id>)``): the
    heading links the paper again and the empty link goes."""
    for i, line in enumerate(lines):
        heading = _PLAIN_HEADING.match(line) if line.startswith("#") else None
        if heading is None:
            continue
        for j in range(i + 1, min(i + 3, len(lines))):
            if link := _EMPTY_PAPER_LINK.match(lines[j]):
                lines[i], lines[j] = f"{heading[1]} [{escape_link_text(heading[2])}]({link[1]})", ""
                break
            if lines[j].strip():
                break
    return lines


_PAGE_NAME = re.compile(r"[a-z0-9_-]+(?:[/?]|$)")  # "papers/2512.23959", "login?next=…", "google"


def _link(url: str, text: str) -> str:
    url = url.strip().replace("%%//%%", "//")
    if _PAGE_NAME.match(url):
        url = "/" + url  # a wiki's page name: the site's root-relative path
    return f"[{_link_text(text)}]({url.replace(' ', '%20')})"


def _link_text(text: str) -> str:
    """A link's text as Markdown: its words escaped, its images as Markdown images."""
    out, at = [], 0
    for match in _IMAGES.finditer(text):
        out += [escape_link_text(" ".join(text[at : match.start()].split())), _image(match)]
        at = match.end()
    out.append(escape_link_text(" ".join(text[at:].split())))
    return "".join(part for part in out if part)


def _image(match: re.Match[str]) -> str:
    """A Markdown image (as pandoc's Markdown writer keeps it), nothing for an inlined icon."""
    source = next(group for group in match.groups() if group is not None).strip()
    return "" if source.startswith("data:") else f"![]({source})"


# --- Org -------------------------------------------------------------------------------------------
_ORG_LINK = re.compile(r"\[\[([^\[\]]+)\]\[((?:[^\[\]]|\[\[[^\[\]]*\]\])*)\]\]")
_ORG_BARE = re.compile(r"\[\[([^\[\]]+)\]\]")
_ORG_HEADING = re.compile(r"^(\*{1,6})\s+")


def _org(line: str) -> str:
    if "--" in line:  # pandoc's Org writes an en dash as -- and an em dash as --- (a literal -- too: rarer)
        line = smart_dashes(line)
    line = _ORG_LINK.sub(lambda m: _link(m[1], m[2]), line)
    line = _ORG_BARE.sub(lambda m: _image(m) if _is_image(m[1]) else f"<{m[1]}>", line)
    return _ORG_HEADING.sub(lambda m: "#" * len(m[1]) + " ", line)


def _is_image(target: str) -> bool:
    return target.startswith("data:") or bool(re.search(rf"{_IMAGE_FILE}$", target))


# --- MediaWiki and DokuWiki -------------------------------------------------------------------------
_WIKI_LINK = re.compile(r"\[\[([^\[\]|]+)\|((?:[^\[\]]|\[\[[^\[\]]*\]\]|\{\{[^{}]*\}\})*)\]\]")
_EXTERNAL = re.compile(r"(?<!\[)\[(https?://[^\s\]]+)(?: ([^\]]*))?\](?!\])")
_WIKI_HEADING = re.compile(r"^\s*(={1,6})\s*(.*?)\s*\1\s*$")
_HTML_TAG = re.compile(r"</?(?:div|span|p|br|section|nav|header|footer|main|ul|li|small|sup|sub)\b[^<>]*>")


def _wiki(line: str) -> str:
    line = line.replace("%%", "")
    line = _WIKI_LINK.sub(lambda m: _link(m[1], m[2]), line)
    line = _EXTERNAL.sub(lambda m: _link(m[1], m[2] or ""), line)
    line = _IMAGES.sub(_image, line).replace("'''", "").replace("''", "")
    heading = _WIKI_HEADING.match(line)
    if heading:  # DokuWiki counts its levels the other way round: a title's level is all that matters
        line = "#" * len(heading[1]) + " " + heading[2]
    return line


# --- AsciiDoc ---------------------------------------------------------------------------------------
_ASCIIDOC_LINK = re.compile(r"(?:link:([^\s\[]+)|(https?://[^\s\[]+))\[((?:[^\[\]]|\[[^\[\]]*\])*)\]")
_ASCIIDOC_PASSTHROUGH = re.compile(r"\+\+(.+?)\+\+")  # "++[++CLS++]++": characters AsciiDoc would read
_ASCIIDOC_HEADING = re.compile(r"^(={1,6})\s+")


def _asciidoc(line: str) -> str:
    if "++" in line:  # passthroughs first: "C{plus}{plus}" must not open one
        line = _ASCIIDOC_PASSTHROUGH.sub(lambda m: escape_markdown(m[1]), line)
    line = line.replace("{plus}", "+")
    line = _ASCIIDOC_LINK.sub(lambda m: _link(m[1] or m[2], m[3]), line)
    return _ASCIIDOC_HEADING.sub(lambda m: "#" * len(m[1]) + " ", line)


# --- Textile and Jira -------------------------------------------------------------------------------
# a link's end is where its URL ends: a space, or (pandoc writes "…/2026-01-04Jan 5") a month after a digit
_MONTH_AFTER_DIGIT = rf"(?<=\d)(?:{'|'.join(calendar.month_abbr[1:])})\b"
_TEXTILE_LINK = re.compile(
    rf"\"(?:\([^)]*\))?((?:[^\"]|!\S[^!]*!)*)\":(\S+?)(?=[\s,;]|$|{_MONTH_AFTER_DIGIT})"
)
_BLOCK_HEADING = re.compile(r"^h([1-6])(?:\([^)]*\)|\{[^}]*\}|\[[^\]]*\])*\.\s+")
_JIRA_LINK = re.compile(r"\[((?:[^\[\]|]|!\S[^!]*!)*)\|([^\[\]|\s]+)\]|\[([^\[\]|\s]+)\]")
_JIRA_ESCAPE = re.compile(r"\\([^\w\s\[\]|\\])")
_JIRA_ANCHOR = re.compile(r"\{anchor:[^}]*\}")


def _textile(line: str) -> str:
    line = unescape(_IMAGES.sub(_image, _TEXTILE_LINK.sub(lambda m: _link(m[2], m[1]), line)))
    return _BLOCK_HEADING.sub(lambda m: "#" * int(m[1]) + " ", line)


def _jira(line: str) -> str:
    line = _JIRA_ANCHOR.sub("", line)
    if "\\" in line:  # Jira's escapes (\(RL\), \!) as Markdown's; brackets and bars stay for the links
        line = _JIRA_ESCAPE.sub(lambda m: escape_markdown(m[1]), line)
    line = _IMAGES.sub(_image, _JIRA_LINK.sub(lambda m: _link(m[2], m[1]) if m[2] else _link(m[3], ""), line))
    return _BLOCK_HEADING.sub(lambda m: "#" * int(m[1]) + " ", line)


# --- reStructuredText ------------------------------------------------------------------------------
_RST_LINK = re.compile(r"`((?:[^`<]|\\<)*?)\s*<([^<>`\s]+)>`__?")
_RST_SUBSTITUTION = re.compile(r"\|([^|\s][^|]*)\|(?:\\ )?")
_RST_DEFINITION = re.compile(r"^\.\. \|([^|]+)\| image:: (\S+)\s*$")
_RST_TARGET = re.compile(r"^\s+:target: (\S+)\s*$")
_RST_DIRECTIVE = re.compile(r"^\.\. (?:\|[^|]+\| )?[\w-]+::")  # also a substitution's definition
_RST_RUBRIC = re.compile(r"^\.\. rubric:: ")
_RST_OPTION = re.compile(r"^:[\w-]+:(?:\s|$)")
_RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
_RST_LEVELS = "=-~^\"'`#*+"


def _rst(lines: list[str]) -> list[str]:
    """pandoc's reStructuredText as Markdown: its container directives and options dropped, the
    indentation they nest by taken off (four spaces are a code block in Markdown), a rubric a
    heading, a section title underlined a heading, links written over lines joined, and each
    substitution (``|image4|``) replaced by the image it names, inside the link its ``:target:``
    gives (the vote button: ``[](/login?next=…)``, the count pandoc put after it is moved back)."""
    images = _rst_substitutions(lines)
    lines = _wrapped_links_joined(lines, _backtick_open)
    out: list[str] = []
    after_directive = False
    for line in lines:
        text = line.strip()
        if not text:
            out.append("")
            after_directive = False
            continue
        if _RST_RUBRIC.match(text):
            text, after_directive = "### " + text[len(".. rubric:: ") :], False
        elif _RST_DIRECTIVE.match(text) or _RST_OPTION.match(text) or after_directive:
            # a directive, its options, its argument pandoc wrapped onto the next line
            out.append("")
            after_directive = bool(_RST_DIRECTIVE.match(text)) or after_directive
            continue
        if (underline := _RST_UNDERLINE.match(text)) and out and out[-1].strip():
            level = min(_RST_LEVELS.index(underline[1]) + 1, 6)
            out[-1] = "#" * level + " " + out[-1].lstrip("# ")
            out.append("")
            continue
        text = _RST_SUBSTITUTION.sub(lambda m: images.get(m[1], m[0]), text)
        out.append(_RST_LINK.sub(lambda m: _rst_link(m[2], m[1]), text))
    return out


def _rst_link(url: str, text: str) -> str:
    """A link whose text may hold an image a substitution put there (``![](…) AK``)."""
    image = re.match(r"^(!\[\]\([^)]*\))\s*", text)
    rest = text[image.end() :] if image else text
    return f"[{image[1] if image else ''}{escape_link_text(' '.join(rest.split()))}]({url})"


def _rst_substitutions(lines: list[str]) -> dict[str, str]:
    """``.. |name| image:: src`` (and its ``:target:``) -> the Markdown it stands for; an inlined
    icon (a ``data:`` URI) shows nothing, inside its link."""
    found = {}
    for i, line in enumerate(lines):
        if line.startswith(".. |") and (definition := _RST_DEFINITION.match(line)):
            name, source = definition[1], definition[2]
            image = "" if source.startswith("data:") else f"![]({source})"
            target = _RST_TARGET.match(lines[i + 1]) if i + 1 < len(lines) else None
            found[name] = f"[{image}]({target[1]})" if target else image
    return found


_REWRITES: dict[str, Callable[[str], str]] = {
    "org": _org,
    "wiki": _wiki,
    "asciidoc": _asciidoc,
    "textile": _textile,
    "jira": _jira,
}
