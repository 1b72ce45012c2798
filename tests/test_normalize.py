"""Display cleaning and match keys: the fast paths must give exactly what the plain rules give.

``pipeline.normalize`` takes shortcuts for speed (``str.split`` instead of a whitespace regex, an
ASCII path without Unicode normalisation). A changed key would silently split or merge papers, so
these tests hold the shortcuts to the straightforward definitions below on arbitrary text.
"""

import html
import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import clean_display, match_key

_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_TRAILING_MARKERS = re.compile(r"(?:\s*[*†‡§¶])+\s*$")
_TRUNCATION = re.compile(
    r"\s*(?:(?:\.\.\.|…)(?:\s*\(?(?:read|see|show)\s+more\)?)?|[\[(]\s*(?:\.\.\.|…)\s*[\])]"
    r"|\(?(?:read|see|show)\s+more\)?)\s*$",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_LOOKALIKES = str.maketrans(
    {"×": "x", "−": "-", "∶": ":", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l"}
)


def reference_clean_display(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    return _TRAILING_MARKERS.sub("", _SPACES.sub(" ", text).strip())


def reference_match_key(text: str) -> str:
    text = _TRUNCATION.sub("", reference_clean_display(text))
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    if not text.isascii():
        text = text.translate(_LOOKALIKES)
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        text = text.translate(_LOOKALIKES)  # "ǽ" decomposes to "æ", which folds on to "ae"
    return _NON_WORD.sub(" ", text).strip()


# Text that exercises the shortcuts: ASCII punctuation, odd spaces, markers, ellipses, accents, CJK.
_TRICKY = st.lists(
    st.one_of(
        st.characters(max_codepoint=127),
        st.sampled_from(list("\u00a0\u2009\u3000\u200b\u00ad*†‡§¶…×−éüñøł́ｆｉ漢字ﬁ&;")),
        st.sampled_from(["&amp;", "...", "&#233;", " ... ", " *", "&nbsp;"]),
        # truncation markers, and look-alikes of their endings that are not one
        st.sampled_from(
            ["… (read more)", " [ … ]", "(...)", "... see  MORE", "Show more)", " (variant 3)", "]"]
        ),
        st.characters(),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_TRICKY)
def test_clean_display_equals_the_plain_rules(text):
    assert clean_display(text) == reference_clean_display(text)


@settings(max_examples=600, deadline=None)
@given(_TRICKY)
def test_match_key_equals_the_plain_rules(text):
    assert match_key(text) == reference_match_key(text)


def test_keys_fold_what_a_reader_would_call_the_same_title():
    same = [
        "Scaling&nbsp;Laws — for LLMs*",
        "scaling laws for LLMs",
        "SCALING LAWS: FOR LLMS...",
        "Scaling\u00a0Laws\u2009for \u200bLLMs †",
    ]
    assert {match_key(t) for t in same} == {"scaling laws for llms"}
    assert match_key("Padé Approximants") == match_key("Pade Approximants")
    assert match_key("2.7× faster") == match_key("2.7x faster")
    assert match_key("Encyclopǽdia") == match_key("Encyclopaedia")


def test_keys_keep_what_makes_titles_different():
    assert match_key("Language Model Cascades") != match_key("Language Model Cascade")
    assert match_key("漢字 Models") == "漢字 models"
    assert clean_display("  Title with   gaps *") == "Title with gaps"


def test_folding_one_character_at_a_time_is_safe():
    """match_key folds each distinct character once; that equals whole-string folding only if a
    folded character never folds further. Check every code point that can appear in text."""
    from pipeline.normalize import _fold_char

    unstable = [hex(c) for c in range(0x80, 0x30000) if _fold_char(_fold_char(chr(c))) != _fold_char(chr(c))]
    assert unstable == []
