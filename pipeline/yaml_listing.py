"""A listing saved as YAML: a scraper's records dumped with ``yaml.safe_dump`` (a list of papers,
or one under a key such as ``papers:``), or a table written column by column.

    - title: 'FORGE: …'
      arxiv_id: '2604.07413'
      summary: We present …

The papers are found as in a JSON listing (``pipeline.json_listing``: the longest list of mappings
that look like papers, wherever it sits, or columns that name a paper's fields); each paper's line is
the line its mapping starts on. Read as text, such a file gave a record per ``title:`` line at best,
with the next field for its abstract. Only a text that starts like YAML records and has a
``title:`` field is tried; a page of ``Title: …`` lines without list items (a labelled page, whose
repeated keys YAML would fold into one) is left to ``pipeline.labelled_listing``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from pipeline.json_listing import columns_as_rows, listing_path
from pipeline.record_fields import StructuredListing, leading_lines, listing_of, papers_listing

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where PyYAML has it
MAX_NODES = 5_000_000  # values in the document with its aliases written out: more is no listing
# The first line of YAML records: a list item holding a field, or a key over a list (``papers:``).
_START = re.compile(r"^(?:-\s+[\"']?[A-Za-z_][\w -]*[\"']?:(?:\s|$)|[\"']?[A-Za-z_][\w -]*[\"']?:\s*$)")
_TITLE_FIELD = re.compile(r"^\s*(?:-\s+)?[\"']?(?:title|paper_?title)[\"']?:\s", re.IGNORECASE | re.MULTILINE)


def parse_yaml_listing(text: str) -> StructuredListing | None:
    """The papers of a YAML listing; None when ``text`` does not read as one. Never raises."""
    first = next((line for line in leading_lines(text, 10) if _content(line)), "")
    if not _START.match(first) or not _TITLE_FIELD.search(text):
        return None
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None or _expanded_size(node) > MAX_NODES:
            return None  # aliases of aliases ("billion laughs") would expand without end below
        document = _plain(loader.construct_document(node))
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None
    finally:
        loader.dispose()
    path = listing_path(document)
    if path is None:
        rows = columns_as_rows(document)
        return listing_of([(1, row) for row in rows], text) if rows else None
    listing = document
    for key in path:
        listing = listing[key]
        node = _child(node, key)
    lines = [item.start_mark.line + 1 for item in node.value] if isinstance(node, SequenceNode) else []
    if len(lines) != len(listing):
        lines = [1] * len(listing)
    return papers_listing(list(zip(lines, listing, strict=True)), text)


def _expanded_size(root: Node) -> int:
    """How many nodes the document has with every alias written out (an alias is its anchor's node
    again: YAML's graph, counted as the tree a reader walks); stops counting past ``MAX_NODES``."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            sizes[id(node)] = min(MAX_NODES + 1, 1 + sum(sizes[id(child)] for child in children))
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(("#", "%YAML")) and stripped != "---"


def _child(node: Node | None, key: Any) -> Node | None:
    if isinstance(node, MappingNode):
        return next((value for name, value in node.value if name.value == str(key)), None)
    return None


def _plain(value: Any) -> Any:
    """YAML's dates as ISO text, as a JSON export writes them (the field readers take text)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
