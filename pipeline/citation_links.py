"""Links written as numbered citations, as crawl4ai's ``markdown_with_citations`` (the form it offers
for LLM input) writes them, rewritten as Markdown links for the card reader.

crawl4ai puts ``⟨n⟩`` right after a link's text (``### Qwen3-VL Technical Report⟨17⟩``,
``0⟨18⟩``, an abstract's last words then ``⟨17⟩``) and lists the targets at the end of the page
(``⟨17⟩ https://huggingface.co/papers/2511.21631: Qwen3-VL Technical Report``). So, on a page with
at least ``MIN_REFERENCES`` such list entries, each marker becomes a Markdown link over the text
before it on its line (after the previous marker; a heading's ``#`` or a bullet stays outside), a
marker with no text before it (an icon's link) is dropped, and the list itself is left blank: the
page keeps its line count, so line numbers stay those of the file.
"""

from __future__ import annotations

import re

from pipeline.page_items import escape_link_text

MIN_REFERENCES = 3

_REFERENCE = re.compile(r"^\s*⟨(\d+)⟩\s+(\S+?)(?::\s.*|:)?\s*$")
_MARKER = re.compile(r"⟨(\d+)⟩")
_PREFIX = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+)?)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)\s]*\)")


def has_citation_links(lines: list[str]) -> bool:
    """Whether the page ends with a list of ``⟨n⟩ url`` references."""
    found = 0
    for line in lines:
        if line.lstrip().startswith("⟨") and _REFERENCE.match(line):
            found += 1
            if found >= MIN_REFERENCES:
                return True
    return False


def citations_to_markdown(lines: list[str]) -> list[str]:
    """The page's lines with ``text⟨n⟩`` citations as Markdown links (same number of lines)."""
    targets: dict[str, str] = {}
    out = list(lines)
    for i, line in enumerate(lines):
        reference = _REFERENCE.match(line) if line.lstrip().startswith("⟨") else None
        if reference and reference[2].startswith(("http://", "https://", "/")):
            targets[reference[1]] = reference[2]
            out[i] = ""
    for i, line in enumerate(out):
        if "⟨" in line:
            out[i] = _linked(line, targets)
    return out


def _linked(line: str, targets: dict[str, str]) -> str:
    prefix = _PREFIX.match(line)[1]
    rest, pieces, start = line[len(prefix) :], [prefix], 0
    for marker in _MARKER.finditer(rest):
        text, url = rest[start : marker.start()], targets.get(marker[1])
        start = marker.end()
        if url is None:  # a citation the list does not hold: left as written
            pieces.append(text + marker[0])
        elif label := _IMAGE.sub("", text).strip():  # images (thumbnails, avatars) show no text
            lead = text[: len(text) - len(text.lstrip())]
            pieces.append(f"{lead}[{escape_link_text(label)}]({url})")
        else:
            pieces.append(text)  # an icon's link, nothing to show
    pieces.append(rest[start:])
    return "".join(pieces)
