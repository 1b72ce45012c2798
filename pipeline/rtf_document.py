"""A page saved as RTF: its text, each hyperlink kept as a Markdown link.

Rich text is what a page copied from the browser becomes when pasted into TextEdit, WordPad or Word
and saved (``.rtf``), and what ``pandoc -t rtf`` writes. The text is read with ``striprtf`` (control
words, font and colour tables and ``\\uN`` escapes are its job); a link is an RTF field,
``{\\field{\\*\\fldinst{HYPERLINK "url"}}{\\fldrslt text}}``, whose instruction striprtf drops with
the other hidden destinations. So each hyperlink's shown text is first wrapped as ``[text](url)``
inside the RTF, and the card reader then finds the papers' links as in any Markdown page. pandoc's
notes of the images it did not embed (``[image: src]``) are Markdown images again.
"""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

RTF_MAGIC = b"{\\rtf"
# pandoc's RTF writer puts an image it does not embed as a note of its source: a Markdown image
_IMAGE_NOTE = re.compile(r"\[image: (?P<src>[^\]\s]*)\]")
_HYPERLINK = re.compile(
    r'\{\\field\s*\{\\\*\\fldinst\s*\{?[^{}"]*?HYPERLINK\s+"(?P<url>[^"]*)"[^{}]*\}?\s*\}\s*\{\\fldrslt\s*'
)


def rtf_text(data: bytes) -> str:
    """The text of an RTF document (its bytes are ASCII: other characters are escapes)."""
    text = rtf_to_text(_links_marked(data.decode("latin-1")), errors="replace")
    # RTF writes a character beyond the BMP as two \uN escapes, a surrogate pair: join them
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _IMAGE_NOTE.sub(r"![](\g<src>)", text) if "[image: " in text else text


def _links_marked(rtf: str) -> str:
    """Each HYPERLINK field replaced by its result written as ``[text](url)``."""
    out: list[str] = []
    done = 0
    for match in _HYPERLINK.finditer(rtf):
        if match.start() < done:
            continue  # a field inside a link's text
        result_end, closed = _group_end(rtf, match.end())
        after = result_end
        while after < len(rtf) and rtf[after] in " \r\n":
            after += 1
        field_end = after + 1 if after < len(rtf) and rtf[after] == "}" else result_end
        shown = rtf[match.end() : result_end - 1 if closed else result_end]
        out += [rtf[done : match.start()], "{[", shown, "](", match["url"].replace(")", "%29"), ")}"]
        done = field_end
    out.append(rtf[done:])
    return "".join(out)


def _group_end(rtf: str, start: int) -> tuple[int, bool]:
    """The index just past the brace that closes the group open at ``start`` (inside it), and
    whether one does (a file cut short leaves the group open: then the end of the file)."""
    depth, i = 1, start
    while i < len(rtf) and depth:
        char = rtf[i]
        if char == "\\":
            i += 2
            continue
        depth += char == "{"
        depth -= char == "}"
        i += 1
    return min(i, len(rtf)), depth == 0
