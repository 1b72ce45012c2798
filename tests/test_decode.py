"""Decoding whatever bytes a scraper saved."""

import gzip

import pytest

from pipeline.decode import decode_page

TEXT = "Title “quoted” — café\n\nAbstract with naïve text.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
)
def test_text_in_any_common_encoding_decodes_to_the_same_text(data, encoding):
    page = decode_page(data)
    assert page.problem is None
    assert page.encoding == encoding
    assert page.text.replace("\r\n", "\n") == TEXT


def test_windows_page_with_one_byte_cp1252_leaves_undefined_keeps_its_quotes():
    data = TEXT.encode("cp1252") + b"stray \x81 byte\n"
    page = decode_page(data)
    assert page.problem is None and page.encoding == "cp1252"
    assert page.text.startswith("Title “quoted” — café") and "stray \ufffd byte" in page.text
    assert "1 byte(s) undefined in cp1252" in page.warnings[0]


def test_invalid_utf8_in_the_middle_keeps_the_rest_and_warns():
    data = "Ünïcode title\n\n".encode() + b"bad \xff\xfe byte " + "é abstract\n".encode()
    page = decode_page(data)
    assert page.problem is None and page.encoding == "utf-8"
    assert "Ünïcode title" in page.text and "é abstract" in page.text
    assert "invalid UTF-8" in page.warnings[0]


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (gzip.compress(b"hello"), "gzip"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (bytes(range(256)) * 40, "binary"),
    ],
)
def test_binary_files_are_named_not_parsed(data, needle):
    page = decode_page(data)
    assert page.text is None and page.problem == "binary"
    assert needle in page.error


@pytest.mark.parametrize(("data", "error"), [(b"", "empty"), (b" \n\r\n\t ", "whitespace")])
def test_empty_and_whitespace_files(data, error):
    page = decode_page(data)
    assert page.problem == "empty" and error in page.error


def test_stray_nul_bytes_are_removed_with_a_warning():
    page = decode_page(b"Title\x00 one\n\nAbstract text here.\n")
    assert page.text == "Title one\n\nAbstract text here.\n"
    assert "NUL" in page.warnings[0]
