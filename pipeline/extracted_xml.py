"""A page saved as trafilatura's XML (``trafilatura.extract(html, output_format="xml")``, its CLI's
``--xml``): the text it extracted as ``<doc>`` / ``<main>`` with ``<head rend="h3">`` headings,
``<p>`` paragraphs, ``<list>`` / ``<item>`` and ``<ref target="…">`` links, pretty-printed or all on
one line.

Read as text, its tags were the papers (``<p>`` a title, ``<ref target=…>`` an abstract: 240
invented records on 30 real days). Here the document is written as the Markdown it stands for, one
block a line, and read like any Markdown page; ``origin`` maps each Markdown line back to the line
of the file its block starts on, so records keep the file's lines.

Only a ``<doc>`` holding ``<main>`` is such a document; one that is no well-formed XML (a capture
cut short) is left to the text readers, as before.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field

_DOC_START = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?<doc[\s>]")
# Its XML-TEI (``output_format="xmltei"``): the text under <text>/<body>, headings as <ab rend="h3">.
_TEI_START = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?<TEI[\s>]")
_HEADING_LEVEL = re.compile(r"^h([1-6])$")
# Elements whose text stands as a block of its own.
_BLOCKS = frozenset({"head", "ab", "p", "item", "quote", "code", "cell", "row", "lb"})


def is_extracted_xml(text: str) -> bool:
    """Whether the text is trafilatura's XML of a page (``<doc …>`` around ``<main>``, or its TEI
    around a ``<body>``)."""
    head = text[:500]
    if _DOC_START.match(head) is not None:
        return "<main" in text
    return _TEI_START.match(head) is not None and "<body" in text


@dataclass
class _Writer:
    """Markdown blocks built from expat's events: each block's text and the line it starts on."""

    blocks: list[tuple[int, str]] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    prefix: str = ""
    line: int = 1
    link: list[str | None] = field(default_factory=list)  # targets of the open <ref> elements

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append((self.line, self.prefix + text))
        self.parts, self.prefix = [], ""


def extracted_markdown(text: str) -> tuple[list[str], list[int]] | None:
    """The document as Markdown lines (a blank line between blocks) and, per line, the file's line
    its block starts on; None when it is no well-formed XML."""
    writer = _Writer()
    parser = xml.parsers.expat.ParserCreate()

    header = [0]  # depth inside TEI's <teiHeader>: the document's metadata, not its text

    def start(name: str, attributes: dict[str, str]) -> None:
        if name == "teiHeader" or header[0]:
            header[0] += 1
            return
        if name in _BLOCKS:
            writer.flush()
            writer.line = parser.CurrentLineNumber
            level = _HEADING_LEVEL.match(attributes.get("rend", ""))
            if name == "head" or (name == "ab" and level):
                writer.prefix = "#" * int(level[1] if level else 2) + " "
            elif name == "item":
                writer.prefix = "- "
        elif name == "ref":
            writer.link.append(attributes.get("target"))
            writer.parts.append("[")
        elif name == "graphic":
            writer.parts.append(" ")

    def end(name: str) -> None:
        if header[0]:
            header[0] -= 1
            return
        if name in _BLOCKS:
            writer.flush()
        elif name == "ref":
            target = writer.link.pop() if writer.link else None
            writer.parts.append(f"]({target})" if target else "]")

    def characters(data: str) -> None:
        if header[0]:
            return
        if not writer.parts:
            writer.line = parser.CurrentLineNumber
        writer.parts.append(data.replace("[", "\\[").replace("]", "\\]") if writer.link else data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(text.encode("utf-8"), True)
    except xml.parsers.expat.ExpatError:
        return None
    writer.flush()
    lines: list[str] = []
    origin: list[int] = []
    for line, block in writer.blocks:
        lines += [block, ""]
        origin += [line, line]
    return lines, origin
