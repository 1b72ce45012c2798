"""Turn a page's raw bytes into text, or say precisely why it is not text.

Scrapers save pages in whatever encoding the browser or HTTP client chose: UTF-8 with or without a
BOM, UTF-16 with a BOM, cp1252 smart quotes, or a mix of valid UTF-8 and stray bytes. Downloads also
break: an error page, a gzip body saved with a .txt name, a PDF, an image. This module never raises
on any byte string; it returns the text and how it was decoded, or a specific problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Magic numbers of formats that end up saved as ".txt" when a download goes wrong.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"RIFF", "a RIFF (WebP/WAV) file"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# C0 controls other than tab, LF, VT, FF, CR; DEL; and the C1 controls, which no text page holds but
# which random bytes decoded as latin-1 are full of (without them noise scores barely 11% controls).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass
class DecodedPage:
    """Result of decoding. ``text`` is None exactly when ``problem`` is set."""

    text: str | None
    encoding: str
    problem: str | None = None  # a status word: "empty" or "binary"
    error: str | None = None  # a sentence for the user
    warnings: list[str] = field(default_factory=list)


def _utf16_without_bom(data: bytes) -> str | None:
    """Recognise BOM-less UTF-16 text by its pattern of NUL bytes (ASCII text in 2-byte units)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def decode_page(data: bytes) -> DecodedPage:
    """Decode a page's bytes; never raises."""
    if not data.strip():
        return DecodedPage(None, "", "empty", "file is empty" if not data else "file holds only whitespace")

    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            page = DecodedPage(text.lstrip("\ufeff"), codec)
            return _check_text(page)

    for magic, what in _MAGIC:
        if data.startswith(magic):
            return DecodedPage(None, "", "binary", f"file is {what}, not a text listing page")

    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec:
            return _check_text(DecodedPage(data.decode(codec, errors="replace"), codec))

    try:
        return _check_text(DecodedPage(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass

    # Not valid UTF-8. Mostly-valid UTF-8 with stray bytes keeps UTF-8 (replacing the bad bytes);
    # text with no valid multi-byte sequence at all is a legacy single-byte encoding.
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    good_non_ascii = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if good_non_ascii > bad:
        page = DecodedPage(lenient, "utf-8")
        page.warnings.append(
            f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD (first {_where_not_utf8(data)})"
        )
        return _check_text(page)
    if (codec := _multibyte_legacy(data)) is not None:
        page = DecodedPage(data.decode(codec), codec)
        where = _where_not_utf8(data)
        page.warnings.append(
            f"file is not valid UTF-8; decoded as {codec}, the encoding its text fits (first {where})"
        )
        return _check_text(page)
    try:
        page = DecodedPage(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        # A byte cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). Judge binary-or-text on the
        # latin-1 view, where 0x80-0x9F are C1 controls (noise), then show the text as cp1252 with
        # that byte replaced: latin-1 would turn every smart quote of a Windows page into a control.
        noise_check = _check_text(DecodedPage(data.decode("latin-1"), "latin-1"))
        if noise_check.text is None:
            return noise_check
        page = DecodedPage(data.decode("cp1252", errors="replace"), "cp1252")
        undefined = page.text.count("\ufffd")
        page.warnings.append(f"{undefined} byte(s) undefined in cp1252 replaced with U+FFFD")
    # Right for a legacy page, wrong for a UTF-8 page with one stray byte: say which byte decided.
    where = _where_not_utf8(data)
    page.warnings.append(f"file is not valid UTF-8; decoded as {page.encoding} (first {where})")
    return _check_text(page)


# Encodings whose byte sequences are distinctive enough to be detected: East Asian pages saved by a
# legacy tool (Shift-JIS, GB18030, Big5, EUC-KR, ...) and UTF-16 without a BOM. A Western page's
# few accented bytes fit any single-byte code page (a detector took cp1252 pages for cp1250), so
# those stay cp1252, the most likely.
_DETECTABLE = (
    "cp932",
    "shift_jis",
    "euc_jp",
    "iso2022_jp",
    "gb18030",
    "gbk",
    "gb2312",
    "hz",
    "big5",
    "big5hkscs",
    "cp950",
    "cp949",
    "euc_kr",
    "johab",
    "utf_16_le",
    "utf_16_be",
    "utf_32_le",
    "utf_32_be",
)
_DETECTION_SAMPLE = 65536
_MIN_WIDE_CHARS = 20
_IN_RUNS_SHARE = 0.6


def _multibyte_legacy(data: bytes) -> str | None:
    """The East Asian encoding (or BOM-less UTF-16) that decodes the whole of ``data`` into text
    whose characters beyond ASCII come in runs, as words of such a script do; else None.

    charset-normalizer, told to consider these encodings only, proposes one from the first 64 KiB.
    Its proposal is kept only for a page with ``_MIN_WIDE_CHARS`` such characters, most of them
    next to another: a Western page in cp1252 whose accents all stand inside words (``Müller``,
    ``élève``) also decodes as GB18030, but into single characters between Latin letters."""
    from charset_normalizer import from_bytes  # imported only for the rare page that is not UTF-8

    best = from_bytes(data[:_DETECTION_SAMPLE], cp_isolation=list(_DETECTABLE)).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:_DETECTION_SAMPLE]
    wide = [i for i, ch in enumerate(sample) if not ch.isascii() and not ch.isspace()]
    if len(wide) < _MIN_WIDE_CHARS:
        return None
    at = set(wide)
    in_runs = sum(i - 1 in at or i + 1 in at for i in wide)
    return best.encoding if in_runs >= _IN_RUNS_SHARE * len(wide) else None


def _where_not_utf8(data: bytes) -> str:
    """``"non-UTF-8 byte at line 12, byte 345"``: where to look in an editor or a hex dump."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return f"non-UTF-8 byte at line {line}, byte {exc.start}"
    return "non-UTF-8 byte: none"


def _check_text(page: DecodedPage) -> DecodedPage:
    """Reject text that is mostly control characters; strip the odd NUL with a warning. A terminal's
    colour codes and overstrikes are taken off first (``pipeline.terminal_text``)."""
    text = page.text or ""
    if "\x1b" in text[:65536] or "\x08" in text[:65536]:
        from pipeline.terminal_text import screen_text  # (only such files pay for its imports)

        text, note = screen_text(text)
        page.warnings.append(f"captured from a terminal: {note}")
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    replacement = sample.count("\ufffd")
    if sample and (controls + replacement) / len(sample) > 0.10:
        return DecodedPage(
            None,
            page.encoding,
            "binary",
            f"file is binary data, not text ({controls + replacement} of the first "
            f"{len(sample)} characters are control or undecodable bytes)",
        )
    if "\x00" in text:
        n = text.count("\x00")
        text = text.replace("\x00", "")
        page.warnings.append(f"{n} NUL character(s) removed")
    if not text.strip():
        return DecodedPage(None, page.encoding, "empty", "file holds only whitespace")
    page.text = text
    return page
