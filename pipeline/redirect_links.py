"""Links a document wrapped in a redirector, written back as the address they lead to.

Google Docs writes every link of a document it exports as a web page through Google's redirector
(``https://www.google.com/url?q=https://huggingface.co/papers/2511.21631&sa=D&source=editors…``),
and a page received by mail through Microsoft's Outlook arrives with Safe Links
(``https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fhuggingface.co%2F…&data=…``).
Such a link names no paper: a day pasted into a document and downloaded as HTML gave no paper's id
and its Markdown links were read as titles (1,003 invented records on 25 real days, published as
``ok``). The target is the ``q`` or ``url`` parameter, percent-decoded."""

from __future__ import annotations

import re
from urllib.parse import unquote

_STOP = r"[^\s\"'<>()\[\]]"  # what an address in Markdown, HTML or text runs on with
# the target: an address, up to the next parameter (``&``, ``&amp;``) or the link's end
_TARGET = rf"https?(?::|%3A){_STOP}*?(?=&|\s|[\"'<>()\[\]]|$)"
_GOOGLE = rf"https?://(?:www\.)?google\.[a-z]{{2,3}}(?:\.[a-z]{{2}})?/url\?(?:{_STOP}*?[?&;])?q="
_OUTLOOK = rf"https?://[a-z0-9-]+\.safelinks\.protection\.outlook\.com/\?(?:{_STOP}*?[&;])?url="
_REDIRECT = re.compile(
    rf"{_GOOGLE}(?P<google>{_TARGET}){_STOP}*|{_OUTLOOK}(?P<outlook>{_TARGET}){_STOP}*", re.IGNORECASE
)


def redirects_unwrapped(text: str) -> str:
    """``text`` with each redirector's link written as its target (unchanged without one)."""
    if "google." not in text and "safelinks." not in text:
        return text
    return _REDIRECT.sub(lambda match: unquote(match["google"] or match["outlook"]), text)
