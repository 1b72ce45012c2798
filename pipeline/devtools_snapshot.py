"""A page saved as the text snapshot of Chrome DevTools MCP's ``take_snapshot`` (the accessibility
tree an AI agent reads through Google's DevTools MCP server, Puppeteer's "interesting" nodes)::

    ## Latest page snapshot
    uid=1_0 RootWebArea "Daily Papers - Hugging Face" url="https://huggingface.co/papers/date/2025-12-05"
      uid=1_43 link "0" url="https://huggingface.co/login?next=%2Fpapers%2F2512.04324"
      uid=1_45 link "DAComp: Benchmarking Data Agents …" url="https://huggingface.co/papers/2512.04324"
      uid=1_49 "·"
      uid=1_50 "Dec 5"

One element a line, indented two spaces a level: ``uid=…``, the role (none for text), the name in
quotes (not escaped: it may hold quotes itself), then attributes (``url="…"``, ``level="3"``,
flags). Read as text, every line was a paper or a reject. Here each element becomes the Markdown
block a converter would write for it (``[name](url)``, ``### name``, the text), read like any
Markdown page with the snapshot's line numbers; the root's URL is the page's (its day).

Puppeteer's ``page.accessibility.snapshot()`` saved as JSON (``{"role": "RootWebArea", "name": …,
"url": …, "children": [...]}``) is the same tree: its nodes are the snapshot's elements,
written the same way (before: the whole file one reject, "an export without a list of papers").
"""

from __future__ import annotations

import json
import re

from pipeline.aria_snapshot import FORM_CONTROLS
from pipeline.page_items import escape_link_text

# uid=1_45 (the element's id in the snapshot) opens every line of the tree.
_LINE = re.compile(r"^(?P<indent> *)uid=\d+_\d+(?: (?P<rest>.*))?$")
_FIRST = re.compile(r"^uid=\d+_\d+ RootWebArea\b", re.M)
# Attributes Puppeteer's serialised nodes carry, at the end of a line (values never hold quotes).
_ATTRIBUTE = re.compile(
    r" (?:(?:url|level|value|description|keyshortcuts|roledescription|valuetext|checked|pressed|valuemin"
    r'|valuemax|autocomplete|haspopup|invalid|orientation)="[^"]*"|disableable|disabled|expandable|expanded'
    r"|focusable|focused|selectable|selected|modal|multiline|multiselectable|readonly|required"
    r"|\[selected in the DevTools Elements panel\])$"
)
_VALUE = re.compile(r' (url|level)="([^"]*)"')
_ROLE = re.compile(r"^(?P<role>[A-Za-z]+)(?: |$)")
_HEADER = re.compile(r"^#{1,3} ")


def is_devtools_snapshot(text: str) -> bool:
    """Whether the text is a DevTools MCP snapshot: a ``uid=… RootWebArea`` line near its start,
    and ``uid=`` lines for most of the lines after it."""
    head = text[:4000]
    first = _FIRST.search(head) if "RootWebArea" in head else None
    if first is None:
        return False
    lines = [line for line in head[first.start() :].splitlines() if line.strip()]
    return sum(1 for line in lines if _LINE.match(line)) >= 0.8 * len(lines)


def _element(rest: str) -> tuple[str, str, dict[str, str]]:
    """(role, name, attributes) of a line's text after its uid."""
    attributes: dict[str, str] = {}
    while (match := _ATTRIBUTE.search(rest)) is not None:
        if value := _VALUE.fullmatch(match[0]):
            attributes[value[1]] = value[2]
        rest = rest[: match.start()]
    role = ""
    if (match := _ROLE.match(rest)) is not None:
        role, rest = match["role"], rest[match.end() :]
    name = rest[1:-1] if len(rest) >= 2 and rest[0] == rest[-1] == '"' else rest
    return role, name, attributes


# One element of the tree: (the file's line, indent, role, name, attributes).
_Element = tuple[int, int, str, str, dict[str, str]]


def devtools_markdown(text: str) -> tuple[list[str], list[int]] | None:
    """The snapshot as Markdown lines (a blank line between blocks) and, per line, the file's line
    (1-based) its element stands on; None when no line of it is an element."""
    out: list[str] = []
    origin: list[int] = []
    elements: list[_Element] = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _LINE.match(line)
        if match is not None:
            elements.append((number, len(match["indent"]), *_element(match["rest"] or "")))
        elif line.strip() and not _HEADER.match(line) and not elements:  # an answer's "Page URL: …"
            out += [line.strip(), ""]
            origin += [number, number]
    if not elements:
        return None
    lines, lines_origin = _blocks(elements)
    return out + lines, origin + lines_origin


def _blocks(elements: list[_Element]) -> tuple[list[str], list[int]]:
    """The elements as Markdown blocks (a blank line after each) and each line's line in the file."""
    out: list[str] = []
    origin: list[int] = []
    skip_below: int | None = None  # indent of a link or heading whose name already says its children
    for at, (number, indent, role, name, attributes) in enumerate(elements):
        if skip_below is not None and indent > skip_below:
            continue
        skip_below = None
        block = ""
        if role == "RootWebArea":
            block = f"url: {attributes['url']}" if attributes.get("url") else ""
        elif role == "link":
            label = _link_label(name, elements, at)
            block = f"[{label}]({attributes['url']})" if attributes.get("url") else name
            skip_below = indent
        elif role == "heading":
            block = "#" * int(attributes.get("level") or 2) + " " + name
            skip_below = indent if name else None
        elif role in ("image", "img"):
            block = f"![{escape_link_text(name)}]()" if name else ""
        elif role not in FORM_CONTROLS and name.strip():
            block = name
        block = " ".join(block.split())
        if block:
            out += [block, ""]
            origin += [number, number]
    return out, origin


def _link_label(name: str, elements: list[_Element], at: int) -> str:
    """A link's text as Markdown: its name, whose start is the alt text of an image inside it (an
    organisation's avatar before its name) written as that image, as a converter writes it."""
    indent = elements[at][1]
    for _, child_indent, role, alt, _ in elements[at + 1 :]:
        if child_indent <= indent:
            break
        if role in ("image", "img") and alt and name.startswith(alt + " "):
            return f"![{escape_link_text(alt)}]()" + escape_link_text(name[len(alt) + 1 :])
    return escape_link_text(name)


def is_accessibility_json(text: str) -> bool:
    """Whether the text is an accessibility tree saved as JSON (Puppeteer's snapshot): an object
    whose root names the role RootWebArea."""
    head = text[:2000]
    return head.lstrip()[:1] == "{" and '"RootWebArea"' in head and '"role"' in head


def accessibility_json_markdown(text: str) -> tuple[list[str], list[int]] | None:
    """The JSON tree as Markdown lines and each one's line in the file (the line of its node's
    ``"role"``: nodes are written in the tree's order); None when it is no such tree."""
    try:
        tree = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(tree, dict) or tree.get("role") != "RootWebArea":
        return None
    role_lines = [number for number, line in enumerate(text.split("\n"), start=1) if '"role"' in line]
    elements: list[_Element] = []
    stack: list[tuple[int, object]] = [(0, tree)]
    while stack:
        depth, node = stack.pop()
        if not isinstance(node, dict):
            continue
        at = len(elements)
        elements.append(
            (
                role_lines[at] if at < len(role_lines) else at + 1,
                2 * depth,
                str(node.get("role") or "generic"),
                " ".join(str(node.get("name") or "").split()),
                {key: str(node[key]) for key in ("url", "level") if node.get(key) not in (None, "")},
            )
        )
        children = node.get("children")
        if isinstance(children, list):
            stack.extend((depth + 1, child) for child in reversed(children))
    return _blocks(elements)
