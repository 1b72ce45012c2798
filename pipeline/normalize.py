"""Cleaning text for display and keys for matching - two different jobs, kept apart.

Display text stays as close to the page as possible (entities decoded, whitespace tidied, a trailing
footnote marker dropped). Match keys are aggressive (NFKC, casefold, quotes/dashes unified,
punctuation removed) and are never shown to anyone: they only decide what counts as "the same".
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata

# Every whitespace-like character a browser copy can produce, including NBSP and the odd spaces.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_TRAILING_MARKERS = re.compile(r"(?:\s*[*†‡§¶])+\s*$")
_TRUNCATION = re.compile(r"(?:\s*(?:\.\.\.|…)\s*)$")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
# Symbols that scrapers and editors swap for ASCII look-alikes (punctuation is dropped anyway).
_LOOKALIKES = str.maketrans(
    {"×": "x", "−": "-", "∶": ":", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l"}
)
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5})(?:v\d+)?$|^([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")


def clean_display(text: str) -> str:
    """Text for people: decode HTML entities, tidy whitespace, drop trailing footnote markers."""
    if "&" in text:
        text = html.unescape(text)
    text = _SPACES.sub(" ", text).strip()
    return _TRAILING_MARKERS.sub("", text)


def match_key(text: str) -> str:
    """Key for matching: NFKC, casefold, accents folded, no punctuation/markers/invisible characters.

    ``"Scaling&nbsp;Laws — for LLMs*"`` and ``"scaling laws for LLMs"`` get the same key.
    """
    text = clean_display(text)
    text = _TRUNCATION.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():  # fold accents and look-alikes: "Padé"/"Pade", "2.7×"/"2.7x"
        text = text.translate(_LOOKALIKES)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


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
