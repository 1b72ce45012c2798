"""A page saved as an ARIA snapshot: the YAML tree of roles, names and links that Playwright's
``aria_snapshot()`` returns, and that the Playwright MCP server's ``browser_snapshot`` shows an AI
agent and writes to ``.playwright-mcp/*.snapshot.yml`` (``mode="ai"``: ``[ref=e12]`` on every
element, ``generic`` for every ``div``)::

    - article [ref=e42]:
      - link "35" [ref=e45] [cursor=pointer]:
        - /url: /login?next=%2Fpapers%2F2601.16746
      - heading [level=3] [ref=e49]:
        - 'link "SWE-Pruner: Self-Adaptive Context Pruning" [ref=e50] [cursor=pointer]':
          - /url: /papers/2601.16746

Read as text, its list items were the papers (24 records for 18 cards on a real day, none of them
right). Here the tree is written as the Markdown a converter makes of the same page, one element
a block (``### [Title](/papers/…)``, ``[35](/login?…)``, the abstract's paragraph, ``· Jan 26``),
and read like any Markdown page; ``origin`` maps each Markdown line to the snapshot's line of its
element, so records keep the file's lines. A snapshot inside an MCP answer (``- Page URL: …`` and
a fenced ``yaml`` block) keeps the lines around it: the page's URL tells its day.

A text is taken for a snapshot only when its first item names an ARIA role and it parses as YAML
(PyYAML, the snapshot's own format); anything else is left to the text readers.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pipeline.page_items import escape_link_text

# Roles a snapshot's first element has in practice (the page's landmarks and wrappers).
_FIRST_ROLES = (
    "generic|document|banner|main|navigation|region|article|heading|link|list|listitem|paragraph"
    "|contentinfo|complementary|group|section|img|text|button|table|form|search|dialog|separator"
)
_FIRST_ITEM = re.compile(rf"^- ['\"]?(?:{_FIRST_ROLES})(?:$|:| \"| \[)", re.M)
# What only a snapshot writes: a link's target as a property, an element's ref, a heading's level.
_MARKERS = ("- /url: ", "[ref=e", "[level=")
# ``role "name" [attr] [attr=value]`` (the name JSON-quoted; absent for unnamed elements).
_KEY = re.compile(r'^(?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?(?P<attrs>(?: \[[^\]]*\])*)\s*$')
_LEVEL = re.compile(r"\[level=(\d)\]")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where PyYAML has it
_FENCE = re.compile(r"^```(?:ya?ml)?\s*$")
# Form controls: what they name is the page's chrome, never a card's text (the DevTools snapshot's
# reader skips them too).
FORM_CONTROLS = frozenset(
    {"textbox", "searchbox", "combobox", "checkbox", "radio", "slider", "spinbutton", "switch"}
)
_SKIPPED = FORM_CONTROLS | {"separator"}
_INLINE = frozenset(
    {"text", "img", "link", "strong", "emphasis", "code", "time", "mark", "superscript", "subscript"}
)


def is_aria_snapshot(text: str) -> bool:
    """Whether the text is (or holds, in a fenced block) an ARIA snapshot: it carries a snapshot's
    markers (a ``- /url:`` property, a ``[ref=e…]`` or a ``[level=…]``), its first list item at the
    left margin names a role, and list items make most of its lines."""
    head = text[:3000]
    if not any(marker in head for marker in _MARKERS):
        return False
    first = _FIRST_ITEM.search(head)
    if first is None:
        return False
    lines = [line for line in head[first.start() :].splitlines() if line.strip()]
    items = sum(1 for line in lines if line.lstrip().startswith("- "))
    return items >= 3 and items >= 0.8 * len(lines)


@dataclass
class _Writer:
    """Markdown blocks, each with the snapshot line (0-based, in the YAML text) it comes from."""

    blocks: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.blocks.append((line, text))


def aria_markdown(text: str) -> tuple[list[str], list[int]] | None:
    """The snapshot as Markdown lines (a blank line between blocks) and, per line, the file's line
    (1-based) its element stands on; None when no snapshot in the text parses as YAML."""
    lines = text.split("\n")
    span = _snapshot_span(lines)
    if span is None:
        return None
    start, end = span
    root = _tree(lines[start:end])
    if root is None:
        return None
    writer = _Writer()
    try:
        for node in root.value:
            _block(node, writer)
    except RecursionError:  # nested deeper than any page's DOM: no snapshot a browser wrote
        return None
    out: list[str] = []
    origin: list[int] = []
    for number, line in enumerate(lines[:start], start=1):  # an MCP answer's "- Page URL: …"
        key, _, rest = line.strip().removeprefix("- ").partition(": ")
        if key and rest.strip() and not key.startswith(("#", "`")):
            out += [f"{key}: {rest.strip()}", ""]
            origin += [number, number]
    for line, block in writer.blocks:
        out += [block, ""]
        origin += [start + line + 1, start + line + 1]
    return out, origin


def _tree(lines: list[str]) -> SequenceNode | None:
    """The snapshot's YAML tree; a snapshot cut short (a capture that stopped mid-line) is read up
    to the line before the error, so the cards it holds are kept."""
    for _ in range(3):
        try:
            root = yaml.compose("\n".join(lines), Loader=_LOADER)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            if mark is None or mark.line < 1 or mark.line >= len(lines):
                return None
            lines = lines[: mark.line]
            continue
        except yaml.YAMLError:
            return None
        return root if isinstance(root, SequenceNode) else None
    return None


def _snapshot_span(lines: list[str]) -> tuple[int, int] | None:
    """The lines of the snapshot itself: from its first role item to the end of the file, or to the
    fence that closes the fenced block it stands in."""
    start = next((i for i, line in enumerate(lines) if _FIRST_ITEM.match(line)), None)
    if start is None:
        return None
    fenced = start > 0 and any(_FENCE.match(line.strip()) for line in lines[:start])
    end = len(lines)
    if fenced:
        end = next((i for i in range(start, len(lines)) if lines[i].strip() == "```"), len(lines))
    return start, end


def _parts(node: Node) -> tuple[str, str, str, Node | None]:
    """(role, name, attributes, value) of one item: ``role "name" [attrs]`` alone, or as the key
    of a one-entry mapping whose value is its text or its children."""
    if isinstance(node, MappingNode) and len(node.value) == 1:
        key, value = node.value[0]
        key_text = key.value if isinstance(key, ScalarNode) else ""
    elif isinstance(node, ScalarNode):
        key_text, value = node.value, None
    else:
        return "", "", "", None
    if key_text.startswith("/"):  # a property (/url, /placeholder): its parent reads it
        return key_text, "", "", value
    match = _KEY.match(key_text)
    if match is None:
        return "", key_text, "", value
    name = match["name"] or ""
    if "\\" in name:
        with contextlib.suppress(ValueError):
            name = json.loads(f'"{name}"')
    return match["role"], name, match["attrs"] or "", value


def _children(value: Node | None) -> list[Node]:
    return value.value if isinstance(value, SequenceNode) else []


def _scalar(value: Node | None) -> str:
    return value.value if isinstance(value, ScalarNode) else ""


def _url(value: Node | None) -> str | None:
    for child in _children(value):
        role, _, _, child_value = _parts(child)
        if role == "/url":
            return _scalar(child_value)
    return None


def _inline(node: Node, in_link: bool = False) -> str:
    """An element as inline Markdown: a link as ``[text](url)``, an image as ``![alt]()``, text as
    itself (brackets escaped inside a link's text)."""
    role, name, _, value = _parts(node)
    if role.startswith("/") or role in _SKIPPED:
        return ""
    if role == "link":
        label = _inner(value, in_link=True) or escape_link_text(name or _scalar(value))
        url = _url(value)
        return f"[{label}]({url})" if url else label
    if role == "img":
        return f"![{escape_link_text(name)}]()" if name else ""
    own = _inner(value, in_link) or _scalar(value) or name
    return escape_link_text(own) if in_link and not _children(value) else own


def _inner(value: Node | None, in_link: bool = False) -> str:
    """The children of an element as one line of inline Markdown."""
    return " ".join(part for part in (_inline(child, in_link) for child in _children(value)) if part)


def _block(node: Node, writer: _Writer) -> None:
    """An element as Markdown blocks: a heading, a paragraph, a list item, a link or text of its
    own; any other element (article, generic, list, main …) as the blocks of its children."""
    role, name, attrs, value = _parts(node)
    line = node.start_mark.line
    if role.startswith("/") or role in _SKIPPED:
        return
    if role == "heading":
        level = _LEVEL.search(attrs)
        text = _inner(value) or _scalar(value) or name
        writer.add(line, "#" * int(level[1] if level else 2) + " " + text)
    elif role == "paragraph" or role in _INLINE:
        writer.add(line, _inline(node))
    elif role == "listitem" and all(_parts(child)[0] in _INLINE for child in _children(value)):
        writer.add(line, "* " + _inline(node))
    elif _children(value):
        for child in _children(value):
            _block(child, writer)
    else:
        writer.add(line, _scalar(value) or (name if role in ("generic", "button", "cell") else ""))
