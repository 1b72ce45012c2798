"""Logseq's hiccup blocks written back as Markdown.

Logseq converts pasted HTML to Markdown, except a link around an image: that it keeps as an Org
export block of hiccup (Clojure's vectors for HTML), inside its Markdown page::

    #+BEGIN_EXPORT hiccup
    [:a {:href "https://huggingface.co/papers/2512.02834"} [:ul {} [:li {} [:img {…}]]] [:div {} "5 authors"]]
    #+END_EXPORT

A card's thumbnail, its authors' avatars with the author count and the organisation's avatar with
its name are such links. Read as text, the block was a paragraph of brackets taken for an
abstract, and the count inside it lost. Each block becomes the Markdown an HTML converter writes
for the same link (``[![](…) 5 authors](https://…)``) on the block's first line, the text around
its markers kept; the lines it took are left blank, so the page keeps its line count.
"""

from __future__ import annotations

import re

_BEGIN = "#+BEGIN_EXPORT hiccup"
_END = "#+END_EXPORT"
# One token; commas are whitespace in Clojure's data ({:alt "", :src "…"}).
_TOKEN = re.compile(
    r'[\s,]*(?:(?P<open>[\[{(])|(?P<close>[\]})])|"(?P<string>(?:[^"\\]|\\.)*)"|(?P<atom>[^\s,\[\]{}()"]+))'
)
MAX_BLOCK_LINES = 40


def hiccup_to_markdown(lines: list[str]) -> list[str]:
    """``lines`` with each hiccup export block written as Markdown (see the module)."""
    out = list(lines)
    i = 0
    while i < len(lines):
        start = lines[i].find(_BEGIN)
        end = _block_end(lines, i) if start >= 0 else None
        if end is None:
            i += 1
            continue
        head, close = lines[i][:start], lines[end].find(_END, start + len(_BEGIN) if end == i else 0)
        if end == i:
            inner = [lines[i][start + len(_BEGIN) : close]]
        else:
            inner = [lines[i][start + len(_BEGIN) :], *lines[i + 1 : end], lines[end][:close]]
        tail = lines[end][close + len(_END) :]
        markdown = _markdown(" ".join(inner))
        if markdown is None:  # not hiccup after all: left as written
            i = end + 1
            continue
        out[i] = head + markdown + tail
        for j in range(i + 1, end + 1):
            out[j] = ""
        i = end + 1
    return out


def _block_end(lines: list[str], start: int) -> int | None:
    for j in range(start, min(start + MAX_BLOCK_LINES, len(lines))):
        if _END in (lines[j] if j > start else lines[j][lines[j].find(_BEGIN) + len(_BEGIN) :]):
            return j
    return None


def _markdown(source: str) -> str | None:
    """The hiccup's elements as Markdown on one line, or None where it does not parse."""
    try:
        nodes, position = [], 0
        while source[position:].strip():
            node, position = _read(source, position)
            nodes.append(node)
    except (ValueError, IndexError):
        return None
    return " ".join(filter(None, (_render(node) for node in nodes))).strip()


def _read(source: str, position: int) -> tuple[object, int]:
    """One value of the hiccup at ``position``: a vector or list (a Python list), a map (a dict),
    a string, or an atom (a keyword such as ``:a`` or ``:href``, kept as written)."""
    match = _TOKEN.match(source, position)
    if match is None or match["close"]:
        raise ValueError(f"hiccup: unexpected text at {position}")
    if match["string"] is not None:
        return re.sub(r"\\(.)", r"\1", match["string"]), match.end()
    if match["atom"] is not None:
        return match["atom"], match.end()
    items, position = [], match.end()
    while True:
        close = _TOKEN.match(source, position)
        if close is None:
            raise ValueError("hiccup: not closed")
        if close["close"]:
            position = close.end()
            break
        item, position = _read(source, position)
        items.append(item)
    if match["open"] == "{":
        return dict(zip(items[::2], items[1::2], strict=False)), position
    return items, position


def _render(node: object) -> str:
    if isinstance(node, str):
        return "" if node.startswith(":") else node
    if not isinstance(node, list) or not node or not isinstance(node[0], str):
        return ""
    tag = node[0].lstrip(":").split(".")[0].split("#")[0]
    attributes = node[1] if len(node) > 1 and isinstance(node[1], dict) else {}
    children = node[2:] if attributes or (len(node) > 1 and isinstance(node[1], dict)) else node[1:]
    if tag == "img":
        return f"![{attributes.get(':alt', '')}]({attributes.get(':src', '')})"
    inner = " ".join(filter(None, (_render(child) for child in children)))
    if tag == "a" and attributes.get(":href"):
        return f"[{inner}]({attributes[':href']})"
    return inner
