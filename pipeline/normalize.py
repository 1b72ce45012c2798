"""Cleaning text for display and keys for matching - two different jobs, kept apart.

Display text stays as close to the page as possible (entities decoded, whitespace tidied, a trailing
footnote marker dropped). Match keys are aggressive (NFKC, casefold, quotes/dashes unified,
punctuation removed) and are never shown to anyone: they only decide what counts as "the same".
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import string
import unicodedata

_MARKER_CHARS = "*†‡§¶"
_TRAILING_MARKERS = re.compile(r"(?:\s*[*†‡§¶])+\s*$")
# How a listing marks an abstract it cut: "…", "...", "[…]", "(...)", "Read more", "… see more".
_TRUNCATION = re.compile(
    r"\s*(?:(?:\.\.\.|…)(?:\s*\(?(?:read|see|show)\s+more\)?)?|[\[(]\s*(?:\.\.\.|…)\s*[\])]"
    r"|\(?(?:read|see|show)\s+more\)?)\s*$",
    re.IGNORECASE,
)
_TRUNCATION_ENDS = ("...", "…", "]", ")")
# After clean_display (single spaces) a marker is at most 16 characters ("... (show more)"), so a
# text whose last 20 hold no "...", "…" or "more" has none: titles ending in ")" skip the regex.
_TRUNCATION_TAIL = 20
_NON_WORD = re.compile(r"[\W_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# ASCII bytes for keys: letters lower-cased, digits kept, everything else a space (as [\W_]+ does).
_ASCII_KEY_BYTES = bytes.maketrans(
    bytes(range(128)),
    bytes(ord(c.lower()) if c in string.ascii_letters + string.digits else 32 for c in map(chr, range(128))),
)
# ASCII bytes as _NON_WORD sees them: letters and digits kept (case too), everything else a space.
_ASCII_WORD_BYTES = bytes.maketrans(
    bytes(range(128)),
    bytes(ord(c) if c in string.ascii_letters + string.digits else 32 for c in map(chr, range(128))),
)
_SPACE_RUN = re.compile(rb"  +")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
# Symbols that scrapers and editors swap for ASCII look-alikes (punctuation is dropped anyway).
_LOOKALIKES = str.maketrans(
    {"×": "x", "−": "-", "∶": ":", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l"}
)
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$|^([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")


def clean_display(text: str, *, markers: bool = True) -> str:
    """Text for people: decode HTML entities, tidy whitespace, drop trailing footnote markers
    (not with ``markers=False``: Markdown's emphasis around the whole text ends in ``*`` too).

    ``str.split()`` splits on exactly the characters ``str.isspace`` knows (NBSP and the typographic
    spaces included), and text that is already tidy (printable, single spaces) is left alone: both
    are far cheaper than a regex substitution on kilobyte abstracts.
    """
    if "&" in text:
        text = html.unescape(text)
    if not _is_tidy(text):
        text = " ".join(text.split())
    if markers and text and text[-1] in _MARKER_CHARS:
        text = _TRAILING_MARKERS.sub("", text)
    return text


def _is_tidy(text: str) -> bool:
    """No whitespace but single inner spaces (``isprintable`` is False for every other space)."""
    return text.isprintable() and "  " not in text and not text.startswith(" ") and not text.endswith(" ")


def match_key(text: str) -> str:
    """Key for matching: NFKC, casefold, accents folded, no punctuation/markers/invisible characters.

    ``"Scaling&nbsp;Laws — for LLMs*"`` and ``"scaling laws for LLMs"`` get the same key. Pure-ASCII
    text (most of every page) takes a byte-level fast path; a test holds both paths to the plain
    definition (tests/test_normalize.py).
    """
    text = clean_display(text)
    if (text.endswith(_TRUNCATION_ENDS) or text[-4:].lower() == "more") and _may_be_cut(text):
        text = _TRUNCATION.sub("", text)
    if text.isascii():
        return _ascii_key(text, _ASCII_KEY_BYTES)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    # Fold accents and look-alikes ("Padé"/"Pade", "2.7×"/"2.7x") one distinct character at a time:
    # a page holds few distinct non-ASCII characters, and str.replace beats a per-character loop.
    # What a character folds to is already keyed (punctuation a space), so that text left ASCII
    # (most of it) takes the byte-level path below instead of the regex, three times slower.
    for char in set(_NON_ASCII.findall(text)):
        keyed = _key_char(char)
        if keyed != char:
            text = text.replace(char, keyed)
    if text.isascii():
        return _ascii_key(text, _ASCII_WORD_BYTES)
    return _NON_WORD.sub(" ", text).strip()


def _may_be_cut(text: str) -> bool:
    tail = text[-_TRUNCATION_TAIL:]
    return "..." in tail or "…" in tail or "more" in tail.lower()


def _ascii_key(text: str, table: bytes) -> str:
    """ASCII text through a byte table that makes every non-word character a space, runs of spaces
    one and none at the ends (as ``" ".join(s.split())``, which is slower on long abstracts)."""
    return _SPACE_RUN.sub(b" ", text.encode("ascii").translate(table)).strip(b" ").decode("ascii")


@functools.lru_cache(maxsize=65536)
def _key_char(char: str) -> str:
    """A character folded (``_fold_char``), and each character of that which is not a word
    character (``[\\W_]``: ``str.isalnum`` is re's definition of a word character less ``_``) a space."""
    return "".join(c if c.isalnum() else " " for c in _fold_char(char))


@functools.lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    """One character decomposed (NFKD), combining marks dropped, look-alikes mapped to ASCII.

    Decomposition works per character and the dropped marks are the only characters canonical
    reordering moves, so folding character by character equals folding the whole string. Look-alikes
    are mapped after decomposing too, so "ǽ" folds like "æ" (to "ae") and folding is idempotent.
    """
    decomposed = unicodedata.normalize("NFKD", char.translate(_LOOKALIKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LOOKALIKES)


def normalize_arxiv_id(raw: str | None) -> str | None:
    """``2410.05258v2`` -> ``2410.05258``; anything that is not an arXiv id -> None."""
    if not raw:
        return None
    raw = raw.strip().rstrip("/")
    match = _ARXIV_ID.match(raw)
    if not match:
        return None
    return match.group(1) or match.group(2)


def content_key(title_key: str, abstract_key: str) -> str:
    """Stable short hash of a record's normalised title and abstract."""
    digest = hashlib.sha1(f"{title_key}\x1f{abstract_key}".encode()).hexdigest()
    return f"h:{digest[:20]}"


def record_key(arxiv_id: str | None, title_key: str, abstract_key: str) -> str:
    """Identity of one sighting before clustering: the arXiv id when known, else the content."""
    if arxiv_id:
        return f"arxiv:{arxiv_id}"
    return content_key(title_key, abstract_key)
