"""Any text rendering of a listing page -> a flat list of items: text runs and the links in them.

Exporters write the same page as Markdown (firecrawl, structured extractions, minimal captures),
as a plain-text dump with reference-style links (``[Title][32]`` and ``[32]: https://…`` at the end),
or as "clip" text where every link is its text on one line and the bare URL on the next. One reader
turns all of them into :class:`Item` s so that finding paper cards (``pipeline.cards``) never looks
at syntax.

Markdown is parsed with markdown-it-py: a CommonMark parser (links, reference definitions, escapes,
images, headings, lists, code fences) that is already installed with Dagster's dependencies, pure
Python, and gives source line maps for every block. Three things real exports do that CommonMark does
not expect are fixed before parsing, keeping the original line numbers:

* a link whose text runs over several lines, blank ones too (``[`` / blank / ``2 authors](…)``, an
  avatar list ``[- ![](…)\\`` / ``- 3 authors](…)``, an abstract hard-wrapped inside ``[`` … ``][33]``)
  is joined into one line, so no line inside it becomes a list item or a paragraph of its own;
* a reference whose definition the capture lost gets a placeholder, so ``[Title][32]`` is still a
  link (to nothing) and never shows its brackets;
* a whole dump inside a code fence is read as the page; HTML anchors between cards are dropped;
* emphasis is kept as written except around a whole line (``**[Title](…)**``), because plain-text
  exports carry abstracts with literal asterisks.

Indented code blocks and underlined (setext) headings are switched off: a dump indented four spaces
is text, not code, and a title that is just "=" or "-" under a line does not make that line a heading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from pipeline.normalize import clean_display

MISSING_REF = "#paperlake-missing-reference"
MAX_LINK_LINES = 80  # a link's text is joined over at most this many lines


def _markdown(*, references: bool) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).disable(["code", "lheading"])
    if not references:  # tried on every paragraph that starts with "[": a third of parsing time
        md.disable("reference")
    md.normalizeLink = lambda url: url  # hrefs are percent-decoded here anyway (cards need the raw id)
    return md


_MD = _markdown(references=True)
_MD_NO_REFERENCES = _markdown(references=False)
# A reference's label is written tight (``[Title][32]``): ``x)[ 1 ][ "key" ]`` is code an abstract
# quotes, and a placeholder definition for its " key " would make a link of it.
_REF_USE = re.compile(r"\]\s?\[(?!\s)([^\[\]]{1,40})(?<!\s)\]")
_REF_DEF = re.compile(r"^ {0,3}\[([^\[\]]{1,40})\]:\s*\S")
# Media elements with their attributes, and their closing tags: a video thumbnail kept as HTML inside
# its link (defuddle: ``[<video src="…mp4" controls=""></video>](paper)``) shows no text. A bare
# ``<video>`` is left alone: abstracts name such tokens.
_HTML_TAG = re.compile(
    r"</?(?:a|span|div|br|p|img|sup|sub|em|strong|b|i|u|section|article|header|footer|nav|main|li|ul|ol"
    r"|h[1-6]|time|button|svg|path)\b[^<>]*>"
    r"|<(?:video|audio|source|iframe|picture)\s[^<>]*>|</(?:video|audio|iframe|picture)>",
    re.IGNORECASE,
)
_TAG_ONLY_LINE = re.compile(rf"^\s*(?:{_HTML_TAG.pattern}\s*)+$", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BARE_URL = re.compile(r"^<?(https?://\S+?)>?$")
# "90\%", "\$5", "\{x\}" in an abstract are LaTeX the site shows as written, not Markdown escapes:
# the backslash is doubled so that the parser gives it back.
_LATEX_ESCAPE = re.compile(r"\\(?=[%$&{}^@])")
# "Engage\  with": the backslash of an arXiv line break before two spaces; a single "\ " (a shell
# line continuation quoted in an abstract) is text.
_BACKSLASH_SPACE = re.compile(r"\\+(?=\s\s)")


@dataclass
class Link:
    text: str
    href: str  # percent-decoded


@dataclass
class Item:
    """One line of content (or a paragraph of prose lines), with the links it holds."""

    line: int  # 1-based line in the original file
    text: str  # all its text, links' text included, images left out, whitespace tidied
    links: list[Link] = field(default_factory=list)
    plain: str = ""  # the text outside links
    heading: int = 0  # heading level, 0 when not a heading
    list_item: bool = False
    raw: str = ""  # the source lines it came from
    block: int = -1  # which Markdown block (paragraph, heading, list item) it is part of
    joined: bool = False  # a link spread over several source lines, joined (``[`` / ``65`` / ``][35]``)

    @property
    def bare_url(self) -> str | None:
        """The URL when the item is nothing but a URL written out (clip exports do this)."""
        if self.links or not self.text.startswith(("http", "<http")):  # the regex's start, cheaply
            return None
        match = _BARE_URL.match(self.text)
        return match[1] if match else None


def page_items(lines: list[str], start: int = 0, *, markdown: bool = True) -> list[Item]:
    """Items of ``lines[start:]`` in page order; lines are the decoded page's lines.

    A paragraph with no Markdown syntax at all (most of a clip export: titles, abstracts, bare URLs)
    becomes items directly; markdown-it parses only the paragraphs that need it, with the page's
    reference definitions shared. Pure-Python Markdown parsing is most of the time a page takes.
    ``markdown=False`` reads every line as text: a page that is not Markdown, where backticks,
    brackets and asterisks are the abstracts' own characters."""
    if not markdown:
        page = _Page(lines[start:], list(range(start + 1, len(lines) + 1)), set())
        for first, end in paragraph_spans(page.body):
            page.add_plain(first, end)
        return page.items
    body, origin = _unfence(lines[start:], list(range(start + 1, len(lines) + 1)))
    body, origin, joined = _join_open_links(body, origin)
    latex = not _escapes_everything(body)
    body = [_without_tags_and_latex(line, latex=latex) for line in body]
    as_read = body
    definitions = [line for line in body if _is_definition(line)]  # the escapes leave them as they are
    if _numbered_references(body, definitions):
        body = [_literal_brackets_escaped(line) if "[" in line else line for line in body]
    placeholders = _placeholder_references(body)
    md = _MD if placeholders or definitions else _MD_NO_REFERENCES
    page = _Page(body, origin, joined, as_read)
    if any(_is_fence(line) for line in body):  # a fence may hold blank lines: parse it whole
        page.add_tokens(md.parse("\n".join(body) + placeholders), 0)
        return page.items
    env = _references(definitions, placeholders, md)
    for first, end in paragraph_spans(body):
        lines = body[first:end]
        plain = [_PLAIN_LINE.match(line) is not None for line in lines]
        if all(plain):
            page.add_plain(first, end)
        elif SPLIT_PARAGRAPHS and _inline_only(lines):
            page.add_lines(first, end, md, env, plain)
        elif SPLIT_PARAGRAPHS and _references_only(lines):
            continue  # a dump's link list: entered by _references, nothing to show
        elif not (SPLIT_PARAGRAPHS and page.add_with_headings(first, end, md, env)):
            page.add_tokens(md.parse("\n".join(lines), env), first)
    return page.items


# Whether page_items may read a paragraph line by line: plain lines and lines whose only Markdown is
# simple links as they are, the rest with markdown-it (tests/test_page_items_fast.py holds the two
# ways equal on every page the tests have).
SPLIT_PARAGRAPHS = True


def _is_fence(line: str) -> bool:
    """A code fence line; the regex only on lines starting as one can (few do)."""
    return line.startswith((" ", "`", "~")) and _FENCE.match(line) is not None


def _is_definition(line: str) -> bool:
    """A reference definition's start (``[12]: …``); the regex only where one can be."""
    return line.startswith((" ", "[")) and _REF_DEF.match(line) is not None


def _references(definitions: list[str], placeholders: str, md: MarkdownIt) -> dict:
    """markdown-it's environment holding the page's reference definitions (``env["references"]``).

    Plain definitions (``[12]: https://…``, most of a dump's link list) are entered directly, as
    markdown-it enters them (the first definition of a label wins); the others and the placeholders
    for lost definitions are parsed."""
    env: dict = {"references": {}}
    others = []
    for line in definitions:
        match = _REFERENCE_LINE.match(line) if SPLIT_PARAGRAPHS else None
        if match is None:
            others.append(line)
        elif (label := normalizeReference(match["label"])) and label not in env["references"]:
            env["references"][label] = {"title": "", "href": match["href"], "map": None}
    if others or placeholders:
        md.parse("\n\n".join(others) + placeholders, env)
    return env


def _references_only(lines: list[str]) -> bool:
    """A paragraph of plain reference definitions only (a dump's link list): markdown-it makes no
    tokens of it, and ``_references`` has entered every one (a label that normalises to nothing is
    no definition to markdown-it but text, so such a paragraph is parsed)."""
    for line in lines:
        match = _REFERENCE_LINE.match(line)
        if match is None or not normalizeReference(match["label"]):
            return False
    return True


# An ATX heading whose text starts and ends with a character that is not a space (so markdown-it's
# trimming has nothing to do) and has no closing "#"s: page_items reads it itself when it is simple.
_SIMPLE_HEADING = re.compile(r"^ {0,3}(?P<level>#{1,6})[ \t]+(?P<content>[^\s#]|\S.*[^\s#])[ \t]*$")


# A line that starts a block of its own in Markdown (heading, list item, quote, rule, fence, table
# row) or a reference definition: a paragraph holding one is parsed whole.
_BLOCK_START = re.compile(r"^[ \t]*(?:[#>=|~`+*-]|\d{1,9}[.)](?:\s|$))|^ {0,3}\[[^\[\]]{1,40}\]:")
# A reference definition markdown-it surely takes as one (a plain destination, no title).
_PLAIN_HREF = r"(?:https?://|/|#)[^\s()<>\\]*|[^\s()<>\\:]+"  # no scheme markdown-it refuses
_REFERENCE_LINE = re.compile(
    rf"^ {{0,3}}\[(?P<label>[^\[\]\\]{{1,40}})\]:[ \t]*(?P<href>{_PLAIN_HREF})[ \t]*$"
)
# Text that Markdown leaves as written, inside or outside a link.
_TEXT = r"[^\[\]<>*_`\\&!]"
# Text, "!" included unless it starts an image. Possessive (no backtracking): a piece that fails
# to match fails at once instead of giving back a kilobyte abstract one character at a time.
_TEXT_RUN = rf"(?:{_TEXT}++|!(?!\[))++"
# An image with plain alt text and destination (no title): an avatar (``![](https://…)``). It shows
# no text; inside a link it marks the link as there (``[![](avatar)](https://huggingface.co/org)``).
_IMAGE = rf"!\[{_TEXT}*\]\((?:{_PLAIN_HREF})?\)"
_IMAGE_RE = re.compile(_IMAGE)
# One piece of a simple line: text, an image, or brackets (their text read once) followed by a plain
# destination (an inline link, no title), by a label (a full reference link), or by neither
# (brackets that are no link, checked against the page's references). _simple_runs says which
# bracket texts are simple for each.
_SIMPLE_PIECE = re.compile(
    rf"(?P<text>{_TEXT_RUN})"
    rf"|(?P<image>{_IMAGE})"
    rf"|\[(?P<inner>(?:{_TEXT_RUN}|{_IMAGE})*+)\]"
    rf"(?:\((?P<href>{_PLAIN_HREF}|)\)|\[(?P<ref>{_TEXT}{{1,40}})\]|(?![(\[]))"
)


def _inline_only(lines: list[str]) -> bool:
    """A paragraph whose Markdown is inline only and never spans a plain line: no line starts a block
    and no code span (the one inline construct whose text may run over lines as one run) is open.
    Its plain lines (most of an abstract) then skip the parser: markdown-it reads inline text one
    character at a time in Python, and a card's one link line used to cost its whole paragraph that.
    Links over several lines were joined into one line before (``_join_open_links``)."""
    return not any("`" in line or _BLOCK_START.match(line) for line in lines)


def _runs(flags: list[bool]) -> Iterator[tuple[int, int, bool]]:
    """(first, end, flag) of each run of equal flags."""
    start = 0
    for index in range(1, len(flags) + 1):
        if index == len(flags) or flags[index] != flags[start]:
            yield start, index, flags[start]
            start = index


# A line Markdown leaves as it is: no link, emphasis, code, escape or HTML character, and no block
# marker (heading, list, quote, rule) at its start.
_PLAIN_LINE = re.compile(r"^(?![ \t]*(?:[#>=|~`+*-]|\d{1,9}[.)](?:\s|$)))[^\[\]<>*_`\\&]*$")


def paragraph_spans(body: list[str]) -> Iterator[tuple[int, int]]:
    """(first, end) line indices of each run of non-blank lines."""
    first = None
    for index, line in enumerate(body):
        if line.strip():
            if first is None:
                first = index
        elif first is not None:
            yield first, index
            first = None
    if first is not None:
        yield first, len(body)


@dataclass
class _Page:
    """Items being collected, with the preprocessed lines and where each came from."""

    body: list[str]
    origin: list[int]
    joined: set[int]
    as_read: list[str] | None = None  # the lines before escapes the parse needs: each item's raw text
    items: list[Item] = field(default_factory=list)

    def raw(self, index: int) -> str:
        lines = self.body if self.as_read is None else self.as_read
        return lines[index] if index < len(lines) else ""

    def add_plain(self, first: int, end: int, block: int | None = None) -> None:
        for index in range(first, end):
            line = self.body[index]
            text = clean_display(line)
            if text:
                block_of = first if block is None else block
                item = Item(self.origin[index], text, [], text, raw=self.raw(index), block=block_of)
                item.joined = index in self.joined
                self.items.append(item)

    def add_lines(
        self, first: int, end: int, md: MarkdownIt, env: dict, plain: list[bool] | None = None
    ) -> None:
        """One paragraph whose Markdown is inline only, line by line: plain and simple lines as they
        are, each run of other lines through markdown-it; every item names the paragraph.
        ``plain``: which of its lines are plain, when the caller knows (the test scans a line)."""
        if plain is None:
            plain = [_PLAIN_LINE.match(line) is not None for line in self.body[first:end]]
        hard_from = None
        for index in range(first, end + 1):
            line = self.body[index] if index < end else ""
            runs = None
            if index < end and not plain[index - first]:
                runs = _simple_runs(line, env)
                if runs is None:
                    hard_from = index if hard_from is None else hard_from
                    continue
            if hard_from is not None:
                tokens = md.parse("\n".join(self.body[hard_from:index]), env)
                self.add_tokens(tokens, hard_from, block=first)
                hard_from = None
            if index == end:
                break
            if runs is None:
                self.add_plain(index, index + 1, block=first)
            else:
                item = _item(runs, self.origin[index], self.raw(index))
                if item is not None:
                    item.block, item.joined = first, index in self.joined
                    self.items.append(item)

    def add_with_headings(self, first: int, end: int, md: MarkdownIt, env: dict) -> bool:
        """A paragraph of simple ATX headings (``### [Title](…)``, ``## Title``) and inline-only
        lines, read without parsing it whole: a heading is a block of its own and ends a paragraph,
        so markdown-it gives each heading line one item and each run of lines between them the
        items of a paragraph of its own. False (nothing added) for any other paragraph."""
        lines = self.body[first:end]
        headings = {index: _SIMPLE_HEADING.match(line) for index, line in enumerate(lines, start=first)}
        if not any(headings.values()):
            return False
        others = [line for index, line in enumerate(lines, start=first) if headings[index] is None]
        if not _inline_only(others):
            return False
        runs_of = {}
        for index, match in headings.items():
            if match is not None:
                runs = _simple_runs(match["content"], env)
                if runs is None:
                    return False
                runs_of[index] = (runs, len(match["level"]))
        for run_first, run_end, is_heading in _runs([headings[i] is not None for i in range(first, end)]):
            run_first, run_end = first + run_first, first + run_end
            if not is_heading:
                self.add_lines(run_first, run_end, md, env)
                continue
            for index in range(run_first, run_end):
                runs, level = runs_of[index]
                item = _item(runs, self.origin[index], self.raw(index))
                if item is not None:
                    item.heading, item.block, item.joined = level, index, index in self.joined
                    self.items.append(item)
        return True

    def add_tokens(self, tokens: list[Token], offset: int, block: int | None = None) -> None:
        """Items of parsed tokens; ``block`` names the paragraph when the tokens are part of one."""
        heading = 0
        list_depth = 0
        last = len(self.origin) - 1
        for token in tokens:
            if token.type == "heading_open":
                heading = int(token.tag[1:])
            elif token.type == "heading_close":
                heading = 0
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif token.type == "inline" and token.map:
                first = offset + token.map[0]
                for line_offset, runs in _lines_of(token.children or []):
                    index = min(first + line_offset, last)
                    item = _item(runs, self.origin[index], self.raw(index))
                    if item is not None:
                        item.heading, item.list_item = heading, list_depth > 0
                        item.block = first if block is None else block
                        item.joined = index in self.joined
                        self.items.append(item)
            elif token.type in ("fence", "code_block") and token.map:
                for line_offset, line in enumerate(token.content.split("\n")):
                    if line.strip():
                        index = min(offset + token.map[0] + 1 + line_offset, last)
                        self.items.append(
                            Item(self.origin[index], clean_display(line), plain=line.strip(), raw=line)
                        )


def _unfence(lines: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """A page whose content is inside one code fence (a dump pasted as a code block) is read as
    if the fence were not there; fences around a snippet inside a page stay."""
    opens = [i for i, line in enumerate(lines) if _is_fence(line)]
    if len(opens) < 2:
        return lines, origin
    first, last = opens[0], opens[-1]
    inside = sum(1 for line in lines[first + 1 : last] if line.strip())
    outside = sum(1 for line in lines[:first] + lines[last + 1 :] if line.strip())
    fenced = "".join(lines[first:last])
    linked = "](" in fenced or "][" in fenced  # inline or reference links (a text dump's ``[Title][13]``)
    if inside < 5 or inside < 4 * outside or (not linked and inside < 50):
        return lines, origin
    keep = [i for i in range(len(lines)) if i not in (first, last)]
    return [lines[i] for i in keep], [origin[i] for i in keep]


def _join_open_links(lines: list[str], origin: list[int]) -> tuple[list[str], list[int], set[int]]:
    """Join a link whose ``[`` … ``](url)`` or ``[`` … ``][ref]`` spans several lines into one line.

    Only a line that opens a bracket it does not close starts a join, and only when the bracket is
    closed as a link within MAX_LINK_LINES lines; blank lines inside are dropped. Anything else (a
    stray ``[`` in prose) is left as it was."""
    out_lines: list[str] = []
    out_origin: list[int] = []
    joined: set[int] = set()  # indices of output lines made of several input lines
    i = 0
    while i < len(lines):
        line = lines[i]
        depth = _bracket_depth(line) if "[" in line else 0
        end = _link_close(lines, i, depth) if depth > 0 and _opens_link(line) else None
        if end is None and "](" in line and _url_continues(lines, i):
            end = i + 1
        elif end is not None and _url_continues(lines, end):  # its text and then its URL wrapped
            end += 1
        if end is None:
            out_lines.append(line)
            out_origin.append(origin[i])
            i += 1
            continue
        # A line of the link ending in "\\" is a hard break (firecrawl): the break marker goes.
        parts = [s.strip() for s in lines[i : end + 1] if s.strip()]
        last = len(parts) - 1
        parts = [p[:-2].rstrip() if p.endswith("\\\\") and k < last else p for k, p in enumerate(parts)]
        indent = line[: len(line) - len(line.lstrip())]
        joined.add(len(out_lines))
        out_lines.append(indent + _join_wrapped(parts))
        out_origin.append(origin[i])
        i = end + 1
    return out_lines, out_origin, joined


# Where a wrapping tool (html2text's default 78 columns) broke a line without a space to restore: after
# a hyphenated word's hyphen (``Vision-`` / ``Language``: textwrap breaks after hyphens) and inside a
# link's URL (``…/social-`` / ``thumbnails/…png)``). A hyphen before ``and`` / ``or`` / ``to`` is a
# suspended one (``compute- and memory-bound``): the space stays.
_BROKEN_AT_HYPHEN = re.compile(r"[^\W\d_]-$")
_AFTER_SUSPENDED_HYPHEN = re.compile(r"(?:and|or|to|nor|vs\.?|versus)(?:\s|$)")


def _hyphen_break(before: str, after: str) -> bool:
    """Whether a line ending in ``before`` and going on with ``after`` broke a hyphenated word."""
    return bool(
        _BROKEN_AT_HYPHEN.search(before) and after[:1].isalpha() and not _AFTER_SUSPENDED_HYPHEN.match(after)
    )


_OPEN_URL = re.compile(r"\]\(<?(?:https?://|/)[^\s()<>]*$")
_URL_END = re.compile(r"[^\s()<>\[\]]*\)")


def _url_continues(lines: list[str], i: int) -> bool:
    """A link whose brackets close on line ``i`` but whose URL was wrapped onto the next line
    (``[Stanford University](/Stanford-`` / ``University)``)."""
    return (
        i + 1 < len(lines)
        and "](" in lines[i]
        and _OPEN_URL.search(lines[i]) is not None
        and _URL_END.match(lines[i + 1]) is not None
    )


def _join_wrapped(parts: list[str]) -> str:
    """The lines of one wrapped link as one line: a space between lines, none where the break was
    inside a word or a URL."""
    pieces = [parts[0]]
    for before, part in pairwise(parts):  # the break is between two lines: only the first is searched
        glued = _OPEN_URL.search(before) or _hyphen_break(before, part)
        pieces.append(part if glued else " " + part)
    return "".join(pieces)


def _opens_link(line: str) -> bool:
    """The unclosed bracket starts the line's content (``[``, ``- [``, ``### [``, ``[- ![](…)``)."""
    stripped = line.lstrip(" #*->+").lstrip()
    return stripped.startswith("[") or ("[" in stripped and stripped.rstrip().endswith(("[", "\\")))


# A backslash and the character it escapes, or a bracket: the regex skips the text between in C.
_BRACKET_OR_ESCAPE = re.compile(r"\\.|[\[\]]", re.DOTALL)


def _brackets(line: str) -> Iterator[tuple[int, str]]:
    """(position, bracket) of every unescaped ``[`` and ``]`` in a line."""
    for match in _BRACKET_OR_ESCAPE.finditer(line):
        char = match[0]
        if char in "[]":
            yield match.start(), char


def _bracket_depth(line: str) -> int:
    depth = 0
    for _, char in _brackets(line):
        depth = depth + 1 if char == "[" else max(depth - 1, 0)
    return depth


def _link_close(lines: list[str], start: int, depth: int) -> int | None:
    """Index of the line where the bracket open at the end of ``lines[start]`` closes as a link."""
    for j in range(start + 1, min(len(lines), start + MAX_LINK_LINES)):
        line = lines[j]
        for k, char in _brackets(line):
            depth += 1 if char == "[" else -1
            if depth == 0:
                return j if line[k + 1 : k + 2] in ("(", "[") else None
    return None


# An escape only a writer that escapes every punctuation mark puts inside a line (markdownify with
# escape_misc, its default up to 0.12; html2text --escape-all): "Power \& Participation" there is
# a Markdown escape, not LaTeX.
_MISC_ESCAPE = re.compile(r"(?<!\\)\\[+=~|<>!\-]")
MIN_MISC_ESCAPES = 4


def _escapes_everything(lines: list[str]) -> bool:
    """Whether ``MIN_MISC_ESCAPES`` such escapes stand after a line's first character (at a line's
    start every writer escapes a ``-`` or ``+`` that would open a list)."""
    found = 0
    for line in lines:
        if "\\" in line:
            found += len(_MISC_ESCAPE.findall(line, len(line) - len(line.lstrip()) + 1))
            if found >= MIN_MISC_ESCAPES:
                return True
    return False


def _without_tags_and_latex(line: str, *, latex: bool = True) -> str:
    """A line of HTML tags only is blank; an icon inlined as a data: URI image is dropped (its
    base64 is no text, and inside a link it hid the link's text from the fast path), and so are a
    reference-style image (``![][image4]``: Google Docs writes every image so, its data URI in a
    definition at the end; a thumbnail's link was read as an empty title) and an image an
    extraction wrote as a bracketed note; an empty link inside a link (markdownify's video) is left
    out of it; LaTeX escapes are doubled, unless ``latex`` is
    False (a page whose writer escaped every punctuation mark) (the regexes are tried only on lines
    holding their first characters: most lines hold none)."""
    if "<" in line and _TAG_ONLY_LINE.match(line):
        return ""
    if "](data:" in line:
        line = _DATA_IMAGE.sub("", line)
    if "![" in line and "][" in line:  # Google Docs' Markdown: ``![][image4]``, its data URI at the end
        line = _REFERENCE_IMAGE.sub("", line)
    if "[" in line and _IMAGE_NOTE.search(line):
        line = _IMAGE_NOTE.sub("", line)
    if "[[](" in line:  # markdownify's video thumbnail: "[[](….mp4)](paper)", a link in a link
        line = _EMPTY_LINK_IN_LINK.sub("[](", line)
    return _LATEX_ESCAPE.sub(r"\\\\", line) if latex and "\\" in line else line


_EMPTY_LINK_IN_LINK = re.compile(r"\[\[\]\([^()\s]*\)\]\(")
_DATA_IMAGE = re.compile(r"!\[[^\]]*\]\(data:[^)\s]*\)")
_REFERENCE_IMAGE = re.compile(r"!\[[^\[\]]*\]\[[^\[\]]*\]")
# An image an extraction wrote as a bracketed note ("[图片：无替代文本]", image: no alt text; "[Image: logo]")
_IMAGE_NOTE = re.compile(r"\[(?:图片|圖片|image:|img:|picture:)[^\[\]\n]{0,60}\]", re.IGNORECASE)


_INLINE_LINK = re.compile(r"\]\(\s*<?(?:https?://|/)")
# A full reference to a numbered definition (``[Title][32]``), and what closes a link's or an image's
# text: that label, or an inline link's URL.
_NUMBERED_USE = re.compile(r"\]\[\d+\]")
_TEXT_CLOSE = re.compile(r"\[\d+\]|\(")
MIN_NUMBERED_REFERENCES = 3


def _numbered_references(lines: list[str], definitions: list[str]) -> bool:
    """A dump whose links are full references to numbered definitions (html2text without inline
    links). Such a writer never writes a shortcut reference nor a link inside a link's text (HTML
    does not nest them), and leaves an abstract's own brackets unescaped: ``[1] We emphasize``,
    ``feedback[1][2]``, ``[Paper] [HF checkpoints]``, a summary's ``[@name](https://…)``. CommonMark
    reads those as links (to definition 1, or to a placeholder for a lost definition) and, inside
    the abstract's link, breaks it: cards lost their abstract to ``150``."""
    uses = 0
    for line in lines:
        if "][" in line:
            uses += len(_NUMBERED_USE.findall(line))
            if uses >= MIN_NUMBERED_REFERENCES:
                return all(m[1].isdigit() for m in map(_REF_DEF.match, definitions) if m)
    return False


def _literal_brackets_escaped(line: str) -> str:
    """``line`` of such a dump with the brackets that are no link syntax escaped (``\\[1\\]``).

    Syntax: a link's text closed by a numbered label or a URL, outside any other link's text (an
    image inside one is syntax too: a thumbnail's ``[![][7]][8]``, or turndown's ``[![](…png)][16]``),
    and the label after it. Every other matched pair is text."""
    if _is_definition(line):
        return line
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for position, char in _brackets(line):
        if char == "[":
            stack.append(position)
        elif stack:
            pairs.append((stack.pop(), position))
    pairs.sort()
    syntax: list[tuple[int, int]] = []  # link and image texts kept as syntax, outermost first
    labels: set[int] = set()  # opening positions of their labels
    escaped: list[int] = []
    closing = {end for _, end in pairs}
    for start, end in pairs:
        label = (
            line[start - 1 : start] == "]" and start - 1 not in closing and line[start + 1 : end].isdigit()
        )
        if start in labels or label:
            continue  # a full reference's label (``label``: of a link whose text began on an earlier line)
        inside = next((s for s in reversed(syntax) if s[0] < start < s[1]), None)
        image = start > 0 and line[start - 1] == "!"
        closes = _TEXT_CLOSE.match(line, end + 1)
        if closes and (inside is None or image):
            syntax.append((start, end))
            if closes[0] != "(":
                labels.add(end + 1)
        else:
            escaped += [start, end]
    if not escaped:
        return line
    out, last = [], 0
    for position in sorted(escaped):
        out += [line[last:position], "\\"]
        last = position
    return "".join([*out, line[last:]])


def _placeholder_references(lines: list[str]) -> str:
    """Definitions for references used but never defined (the capture lost its link list). A page
    that writes its links inline (at least as many as it leaves undefined) has no list to lose:
    there ``[1][2]`` is an abstract's citation."""
    inline = sum(1 for line in lines if "](" in line and _INLINE_LINK.search(line))
    defined = {m[1].lower() for m in map(_REF_DEF.match, filter(_is_definition, lines)) if m}
    used = {
        match[1].lower()
        for line in lines
        if "]" in line
        for match in _REF_USE.finditer(line)
        # ``[Title] [32]``: a dump's; ``[Paper] [HF checkpoints]``: an abstract's own brackets
        if match[0][1] != " " or match[1].isdigit()
    }
    missing = sorted(used - defined)
    if inline >= len(missing):  # a page of inline links (one quoted in a dump does not count)
        return ""
    return "".join(f"\n\n[{label}]: {MISSING_REF}" for label in missing)


_LINK_TEXT_SPECIAL = re.compile(r"([\\\[\]])")


def escape_link_text(text: str) -> str:
    """``text`` with its brackets and backslashes escaped: written inside a Markdown link's brackets
    (as the rewrites of html-to-text, crawl4ai, pandoc and digest pages do), it reads back as itself."""
    return _LINK_TEXT_SPECIAL.sub(r"\\\1", text)


# Where a root-relative href points: the pages are Hugging Face listings, and a converter run on the
# saved HTML (markdownify, trafilatura) keeps its hrefs as written (``/papers/2410.05434``).
SITE = "https://huggingface.co"


@functools.lru_cache(maxsize=4096)
def unquote_href(href: str) -> str:
    """An href percent-decoded and made absolute, cached: a page repeats its hrefs (every card's vote
    button links the same login URL, and a paper's link stands by its title and by its abstract)."""
    href = unquote(href)
    if href.startswith("//"):
        return "https:" + href
    if href.startswith("/"):
        return SITE + href
    return href


_Run = tuple[str, str | None, int]  # text, the href of the link it is in (or None), which link


def _lines_of(children: list[Token]) -> list[tuple[int, list[_Run]]]:
    """An inline token's children as source lines: (line offset, runs of text).

    A line break splits only outside a link; the link's text keeps its breaks as spaces. Images are
    left out (avatars and thumbnails carry no card field)."""
    lines: list[tuple[int, list[_Run]]] = []
    runs: list[_Run] = []
    offset = 0
    href: str | None = None
    start = 0
    link_no = 0
    for i, child in enumerate(children):
        kind = child.type
        if kind == "link_open":
            href = unquote_href(str(child.attrs.get("href") or ""))
            link_no += 1
        elif kind == "link_close":
            href = None
        elif kind in ("softbreak", "hardbreak"):
            _drop_break_backslash(runs)  # firecrawl ends a hard-wrapped line with "\\"
            if href is None:
                lines.append((start, runs))
                runs, start = [], offset + 1
            elif not (kind == "softbreak" and runs and _hyphen_break(runs[-1][0], _next_text(children, i))):
                runs.append((" ", href, link_no))  # none where a wrap broke a hyphenated word
            offset += 1
        elif kind in ("text", "html_inline"):
            runs.append((child.content, href, link_no))
        elif kind == "code_inline":
            runs.append((child.markup + child.content + child.markup, href, link_no))
        elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
            runs.append((child.markup, href, link_no))  # kept as written: unwrap_emphasis decides
        elif kind == "image" and href is not None:
            runs.append(("", href, link_no))  # an avatar link: the link is there, its text empty
    lines.append((start, runs))
    return lines


def _next_text(children: list[Token], index: int) -> str:
    """The text right after the token at ``index`` ("" when the next token is not text)."""
    following = children[index + 1] if index + 1 < len(children) else None
    return following.content if following is not None and following.type == "text" else ""


def _drop_break_backslash(runs: list[_Run]) -> None:
    """A backslash right before a line break is a break marker, not text."""
    if runs and runs[-1][0].endswith("\\"):
        text, href, link_no = runs[-1]
        runs[-1] = (text.rstrip("\\"), href, link_no)


def _simple_runs(line: str, env: dict) -> list[_Run] | None:
    """The runs markdown-it would give a line whose Markdown is simple links only; None for any
    other line (markdown-it reads it).

    Simple: text without characters that start Markdown, images, inline links ``[text](url)`` to a
    plain destination (their text may hold images), full references ``[text][label]`` to a defined
    label (no image in the text), and brackets that are no link (``[-]``: not followed by a
    destination, not a defined label, no ``!`` inside). A link with empty text gives no run, as in
    markdown-it."""
    references = env.get("references", {})
    runs: list[_Run] = []
    position, link_no = 0, 0
    text = line.strip()
    while position < len(text):
        match = _SIMPLE_PIECE.match(text, position)
        if match is None:
            return None
        position = match.end()
        if match["text"] is not None:
            runs.append((match["text"], None, 0))
        elif match["image"] is not None:
            continue  # an image outside a link shows nothing
        elif match["href"] is not None:
            link_no += 1
            if match["inner"]:
                runs.extend(_link_runs(match["inner"], unquote_href(match["href"]), link_no))
        elif match["ref"] is not None:
            target = references.get(normalizeReference(match["ref"]))
            if target is None or "![" in match["inner"]:
                return None
            link_no += 1
            if match["inner"]:
                runs.append((match["inner"], unquote_href(target["href"]), link_no))
        else:
            bracketed = match["inner"]
            if "!" in bracketed or normalizeReference(bracketed) in references or not bracketed.strip():
                return None  # an image or "!", a shortcut reference, or "[]": markdown-it decides
            runs.append((f"[{bracketed}]", None, 0))
    return runs


def _link_runs(text: str, href: str, link_no: int) -> list[_Run]:
    """The runs of a link's text as markdown-it gives them: its text, and an empty run for each
    image in it (``_lines_of``)."""
    if "![" not in text:
        return [(text, href, link_no)]
    runs: list[_Run] = []
    for k, piece in enumerate(_IMAGE_RE.split(text)):
        if k:
            runs.append(("", href, link_no))  # the image before this piece
        if piece:
            runs.append((piece, href, link_no))
    return runs


def _item(runs: list[_Run], line: int, raw: str) -> Item | None:
    links: list[Link] = []
    texts: list[str] = []
    plain: list[str] = []
    last_link = 0
    for text, href, link_no in runs:
        if "\\" in text:  # each regex only where its first character is
            text = _BACKSLASH_SPACE.sub(" ", text)
        if "<" in text:
            text = _HTML_TAG.sub("", text)
        texts.append(text)
        if href is None:
            plain.append(text)
        elif link_no == last_link:
            links[-1].text += text
        else:
            links.append(Link(text, href))
            last_link = link_no
    for link in links:
        link.text = _shown(link.text)
    joined = _shown("".join(texts))
    if not joined and not links:
        return None
    return Item(line, joined, links, _shown("".join(plain)), raw=raw)


def _shown(text: str) -> str:
    """What a run of text shows: emphasis around all of it is taken off before a trailing footnote
    marker is, or ``**Title**`` lost its closing ``**`` as a marker and kept the opening one."""
    text = clean_display(text, markers=False)
    if text and (text[0] in "*_" or text[-1] in "*_"):
        text = unwrap_emphasis(text)
    return clean_display(text)


def unwrap_emphasis(text: str) -> str:
    """``**Title**`` -> ``Title``: emphasis around a whole title or line is styling. Emphasis inside
    text is kept as written (``the **CAR** ratio``): plain-text exporters write abstracts that use
    asterisks, and Markdown exporters escape the ones the text has."""
    if not text or (text[0] not in "*_" and text[-1] not in "*_"):
        return text
    for marker in ("**", "__", "*", "_"):
        inner = text[len(marker) : -len(marker)]
        wrapped = text.startswith(marker) and text.endswith(marker) and marker not in inner
        if len(text) > 2 * len(marker) and wrapped:
            return inner.strip()
    if text.strip("*_ ") == "":
        return ""  # only the markers around a link: "**[Title](…)**" leaves "****" outside it
    return text
