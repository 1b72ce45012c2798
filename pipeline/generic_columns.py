"""Columns a no-code scraper named after nothing: their fields read from their values.

Octoparse names the fields a user clicked ``Title``, ``Title_URL`` where it can tell, else
``Text``, ``Field1``, ``Field2``; ParseHub ``selection2``, ``selection3`` (CSV:
``selection1_selection2``); Data Miner ``col1``. The named columns give a paper its title and
link, and the rest of the card (its abstract, its votes) stood in columns no reader looked at: the
records were published without them. Where the named columns hold no abstract, the generic column
of the longest text (longer than the titles) is the abstract; where they hold no vote count, the
one generic column of whole numbers filled on most rows is the votes, and then the one filled on
fewer rows the comments' count (a card without comments shows none); a column of ``5 authors``
is the author count. Only generic columns: a column a person named (``Citations``,
``My notes``) is never taken for a field it does not name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from statistics import median
from typing import Any

_GENERIC_WORDS = frozenset(
    {"field", "text", "column", "col", "data", "value", "item", "number", "content", "selection", "element"}
)
_WORD = re.compile(r"[a-z]+")
COUNT = re.compile(r"^\d{1,7}(?:\.0)?$")  # a count in a cell (a float column writes 12.0)
_AUTHORS = re.compile(r"^\d{1,4} authors?$", re.IGNORECASE)
MIN_FILLED = 0.8  # of the records, for the votes' column
MIN_ABSTRACT_CHARS = 40  # median characters of the abstract's column


def is_generic(key: str) -> bool:
    """``Field1``, ``Text``, ``Text 2``, ``selection3``, ``selection1_selection2``, ``col4``."""
    words = _WORD.findall(key.lower())
    return bool(words) and all(word in _GENERIC_WORDS for word in words)


def generic_roles(
    records: list[dict[str, Any]], has: Callable[[str], bool], title_chars: float
) -> dict[str, str]:
    """Generic key -> ``abstract`` / ``upvotes`` / ``numcomments`` / ``authors`` for ``records``
    (dicts of one table), for the fields ``has(field)`` says the named keys lack; ``title_chars``:
    the titles' median length."""
    keys = [key for key in dict.fromkeys(k for record in records for k in record) if is_generic(str(key))]
    if not keys:
        return {}
    cells = {
        key: [str(value).strip() for r in records if (value := r.get(key)) not in (None, "")] for key in keys
    }
    roles: dict[str, str] = {}
    if not has("abstract"):
        texts = {
            key: median(map(len, values))
            for key, values in cells.items()
            if values and sum(not COUNT.match(v) and " " in v for v in values) >= MIN_FILLED * len(values)
        }
        long = [key for key, chars in texts.items() if chars >= max(MIN_ABSTRACT_CHARS, title_chars)]
        if long:
            roles[max(long, key=texts.__getitem__)] = "abstract"
    if not has("upvotes"):
        counts = [
            key
            for key, values in cells.items()
            if key not in roles
            and len(values) >= MIN_FILLED * len(records)
            and all(COUNT.match(value) for value in values)
        ]
        if len(counts) == 1:
            roles[counts[0]] = "upvotes"
    if not has("numcomments") and "upvotes" in roles.values():
        # the comments' count: shown only on cards that have comments, so filled on fewer rows
        sparse = [
            key
            for key, values in cells.items()
            if key not in roles and values and all(COUNT.match(value) for value in values)
        ]
        if len(sparse) == 1 and len(cells[sparse[0]]) < MIN_FILLED * len(records):
            roles[sparse[0]] = "numcomments"
    if not has("authors"):
        counted = [
            key
            for key, values in cells.items()
            if key not in roles and values and all(map(_AUTHORS.match, values))
        ]
        if len(counted) == 1:
            roles[counted[0]] = "authors"
    return roles
