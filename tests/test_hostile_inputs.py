"""Hostile input: one bad file never stops a run, says what to fix, and costs no good record.

Every test puts one hostile file (built here from bytes, so the fixture is visible in the test) next to
a bundled sample page, runs the real core pipeline (``build_all``: ingest, papers, warehouse) and
checks through the published warehouse that

* the bad thing is reported with a specific reason (``source_files.status``/``error``/``warnings``,
  or ``rejects`` rows with line numbers), and
* every good record is still there: all 70 of the sample page, plus the good records of the bad file.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import pipeline.content_parse
import pipeline.ingest
import pipeline.raw_scan
import pipeline.storage
from conftest import ABSTRACT, HEADER, HEADER_LINES, build_all, spaced
from pipeline.config import BUNDLED_RAW_DIR, PROJECT_ROOT
from pipeline.ingest import refresh_source_files
from pipeline.warehouse import open_read_only
from tests.support import real_rows
from tests.support.exporters import PageSpec, render
from tests.support.html_export import HTML_TO_TEXT_DIR, html_to_text_pages, render_hf_html
from tests.support.real_rows import display

SAMPLE = BUNDLED_RAW_DIR / "003_918e6ff5596678c3.txt"
SAMPLE_RECORDS = 70
GOOD = "good.txt"


def good_page(*titles: str) -> str:
    return spaced(*[part for title in titles for part in (title, ABSTRACT)])


def query(settings, sql, params=None):
    with open_read_only(settings) as con:
        return con.execute(sql, params or []).fetchall()


def build(
    settings, raw_dir: Path, files: dict[str, bytes | str], *, warehouse: bool = True
) -> dict[str, dict]:
    """Write the sample page and ``files`` into the raw dir, run the core, return source_files rows.

    ``warehouse=False`` runs only the ingest stage and reads ``source_files.parquet``: enough for
    cases decided per file (status/error), and ~1 s faster per test than building the warehouse.
    """
    shutil.copy2(SAMPLE, raw_dir / GOOD)
    for name, data in files.items():
        path = raw_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    if not warehouse:
        refresh_source_files(settings, workers=1)
        return manifest(settings)
    build_all(settings)
    return source_files(settings)


def manifest(settings) -> dict[str, dict]:
    """``source_files.parquet`` by file name, read without DuckDB."""
    return {r["source_file"]: r for r in pq.read_table(settings.source_files_path).to_pylist()}


def shard_titles(settings, row: dict) -> list[str]:
    """Titles in the sightings shard of a manifest row's content."""
    table = pq.read_table(settings.parquet_dir / "sightings" / f"{row['sha256']}.parquet")
    return table.column("title").to_pylist()


def source_files(settings) -> dict[str, dict]:
    with open_read_only(settings) as con:
        cursor = con.execute("SELECT * FROM source_files")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def titles_of(settings, source_file: str) -> list[str]:
    rows = query(
        settings, "SELECT title FROM sightings WHERE source_file = ? ORDER BY position", [source_file]
    )
    return [r[0] for r in rows]


def rejects_of(settings, source_file: str) -> list[tuple[int, str, str]]:
    return query(
        settings,
        "SELECT line_number, reason, text FROM rejects WHERE source_file = ? ORDER BY line_number",
        [source_file],
    )


def assert_sample_kept(settings) -> None:
    """The good page next to the bad file lost nothing (in the warehouse, or the Parquet if not built)."""
    if not settings.warehouse_path.exists():
        row = manifest(settings)[GOOD]
        assert (row["status"], row["n_records"]) == ("ok", SAMPLE_RECORDS)
        assert len(shard_titles(settings, row)) == SAMPLE_RECORDS
        return
    rows = query(settings, "SELECT status, n_records FROM source_files WHERE source_file = ?", [GOOD])
    assert rows == [("ok", SAMPLE_RECORDS)]
    assert len(titles_of(settings, GOOD)) == SAMPLE_RECORDS


def assert_bad(row: dict, status: str, *needles: str) -> None:
    assert row["status"] == status, row
    assert row["n_records"] == 0
    for needle in needles:
        assert needle in row["error"], row["error"]


# ---------------------------------------------------------------------------------------------
# nothing in the file


def test_empty_file(settings, raw_dir):
    rows = build(settings, raw_dir, {"empty.txt": b""}, warehouse=False)
    assert_bad(rows["empty.txt"], "empty", "file is empty")
    assert_sample_kept(settings)


def test_page_header_only(settings, raw_dir):
    rows = build(settings, raw_dir, {"header.txt": HEADER}, warehouse=False)
    assert_bad(rows["header.txt"], "no_records", "only header/navigation text")
    assert_sample_kept(settings)


def test_only_whitespace(settings, raw_dir):
    rows = build(settings, raw_dir, {"blank.txt": " \n\r\n\t \u00a0\n".encode()}, warehouse=False)
    assert_bad(rows["blank.txt"], "empty", "only whitespace")
    assert_sample_kept(settings)


# ---------------------------------------------------------------------------------------------
# not text


def test_random_bytes(settings, raw_dir):
    rows = build(settings, raw_dir, {"noise.txt": random.Random(12).randbytes(4096)}, warehouse=False)
    assert_bad(rows["noise.txt"], "binary", "binary data, not text")
    assert_sample_kept(settings)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(64), "a PNG image"),
    ],
    ids=["pdf", "png"],
)
def test_binary_format_saved_as_txt(settings, raw_dir, data, what):
    rows = build(settings, raw_dir, {"download.txt": data}, warehouse=False)
    assert_bad(rows["download.txt"], "binary", f"file is {what}, not a text listing page")
    assert_sample_kept(settings)


# ---------------------------------------------------------------------------------------------
# HTML error pages


@pytest.mark.parametrize(
    ("page", "needles"),
    [
        (
            "<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many "
            "Requests</h1></center><hr><center>nginx</center></body></html>\n",
            ["'429 Too Many Requests'", "rate limited"],
        ),
        (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Hugging Face - Log in'
            '</title></head><body><form action="/login" method="POST"><input name="username">'
            '<input name="password" type="password"><button>Login</button></form></body></html>\n',
            ["'Hugging Face - Log in'", "login page"],
        ),
        (
            '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
            '<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">'
            "<noscript>Enable JavaScript and cookies to continue</noscript>"
            '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8"></script>'
            "</div><div>Performance &amp; security by Cloudflare</div></body></html>\n",
            ["'Just a moment...'", "bot protection"],
        ),
    ],
    ids=["429", "login", "cloudflare"],
)
def test_html_error_page(settings, raw_dir, page, needles):
    rows = build(settings, raw_dir, {"error_page.txt": page}, warehouse=False)
    assert_bad(rows["error_page.txt"], "html", "HTML page titled", "instead of a listing", *needles)
    assert_sample_kept(settings)


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
@pytest.mark.parametrize("style", ["spaced", "minimal_md_nolink", "text_dump_norefs"])
def test_text_with_html_tags_in_its_cards_is_read_not_thrown_away(settings, raw_dir, style):
    """A scraper that wrote each element's inner HTML into its text (``<b>Title</b>``,
    ``<p>abstract</p>``): the page is a listing with tags in it, not an HTML page saved instead of
    one. Its cards are read with the tags dropped (an abstract's own ``<think>`` is text); a
    fragment of an error page without a document start still gives no paper."""
    day = real_rows.sample_days(3)[2]
    rows = [r for r in real_rows.rows_by_day()[day] if len(display(r.abstract)) >= 300][:12]
    tagged = [
        replace(r, title=f"<b>{r.title}</b>", abstract=f"<p>{display(r.abstract)} Uses <think> tags.</p>")
        for r in rows
    ]
    spec = PageSpec(listing_date=day, captured=day)
    fragment = (
        "<div class='error'><p>Access denied</p>\n<p>You do not have permission to view this page.</p>"
        "<p>Reference 18.2f</p>\n<p>Please sign in</p><span>Hugging Face</span></div>\n"
    )
    files = {"tagged.txt": render(style, spec, tagged).text, "plain.txt": render(style, spec, rows).text}
    built = build(settings, raw_dir, {**files, "fragment.txt": fragment})
    row = built["tagged.txt"]
    assert row["status"] == "ok" and "HTML tags" in row["warnings"], row
    # the same cards as the page without tags
    assert row["n_records"] == built["plain.txt"]["n_records"] == len(rows)
    assert titles_of(settings, "tagged.txt") == titles_of(settings, "plain.txt")
    shown = query(
        settings,
        "SELECT p.abstract FROM papers AS p JOIN sightings AS s USING (paper_id) "
        "WHERE s.source_file = 'tagged.txt' ORDER BY s.position LIMIT 1",
    )
    assert shown[0][0].endswith("Uses <think> tags."), shown
    assert_bad(built["fragment.txt"], "html", "instead of a listing")
    assert_sample_kept(settings)


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_html_listing_saved_as_is_is_read(settings, raw_dir):
    """The listing's own HTML (wget, a scraper keeping the response) is not an error page: its cards
    are read, and a login page beside it is still reported."""
    day = real_rows.sample_days(3)[1]
    rows = real_rows.rows_by_day()[day][:20]
    page, facts = render_hf_html(PageSpec(listing_date=day, captured=day + timedelta(days=1)), rows)
    login = (
        '<!DOCTYPE html><html><head><title>Hugging Face - Log in</title></head><body><form action="/login">'
        '<input name="username"></form><a href="/papers/2401.00001">x</a></body></html>\n'
    )
    built = build(settings, raw_dir, {"listing.html": page, "login.html": login})
    assert built["listing.html"]["status"] == "ok"
    assert built["listing.html"]["n_records"] == len(facts) and built["listing.html"]["n_rejects"] == 0
    assert titles_of(settings, "listing.html") == [f.title for f in facts]
    assert_bad(built["login.html"], "html", "HTML page titled 'Hugging Face - Log in'", "login page")


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_title_in_capitals_gives_way_to_its_own_case(settings, raw_dir):
    """html-to-text writes titles in capitals; the same papers on a firecrawl page show their case."""
    stem, spec, rows = html_to_text_pages()[0]
    shouted = (HTML_TO_TEXT_DIR / f"{stem}.txt").read_text(encoding="utf-8")
    # the same listing day on both pages (the file name gives the capture date), the capitals first by name
    files = {f"{spec.captured}_shouted.txt": shouted, "b_firecrawl.md": render("firecrawl", spec, rows).text}
    build(settings, raw_dir, files)
    titles = dict(query(settings, "SELECT arxiv_id, title FROM papers WHERE arxiv_id IS NOT NULL"))
    assert {row.arxiv_id: display(row.title) for row in rows}.items() <= titles.items()
    assert titles_of(settings, f"{spec.captured}_shouted.txt") == [display(row.title).upper() for row in rows]


# ---------------------------------------------------------------------------------------------
# truncated pages


def test_page_cut_off_after_a_title(settings, raw_dir):
    text = spaced("Good One", ABSTRACT, "Good Two", ABSTRACT, "Cut Off Title")
    rows = build(settings, raw_dir, {"cut.txt": text})
    assert rows["cut.txt"]["status"] == "ok" and rows["cut.txt"]["n_rejects"] == 1
    assert titles_of(settings, "cut.txt") == ["Good One", "Good Two"]
    assert rejects_of(settings, "cut.txt") == [
        (HEADER_LINES + 9, "title without abstract at end of page (page cut off?)", "Cut Off Title")
    ]
    assert_sample_kept(settings)


def test_page_cut_mid_abstract(settings, raw_dir):
    text = spaced("Good One", ABSTRACT, "Cut Paper", "We study a problem th")
    rows = build(settings, raw_dir, {"cut.txt": text})
    assert rows["cut.txt"]["status"] == "ok"
    assert titles_of(settings, "cut.txt") == ["Good One", "Cut Paper"]
    # The partial abstract is kept (listings are read as they are), but the file says it looks cut.
    assert query(settings, "SELECT raw_abstract FROM sightings WHERE title = 'Cut Paper'") == [
        ("We study a problem th",)
    ]
    assert "page cut off?" in rows["cut.txt"]["warnings"]
    assert_sample_kept(settings)


# ---------------------------------------------------------------------------------------------
# size


def test_one_enormous_line(settings, raw_dir):
    huge = "junk " * 800_000  # 4 MB, no newline
    text = spaced("Good One", ABSTRACT, "Title Before Junk", huge, "Good Two", ABSTRACT)
    rows = build(settings, raw_dir, {"huge_line.txt": text})
    assert rows["huge_line.txt"]["status"] == "ok"
    assert titles_of(settings, "huge_line.txt") == ["Good One", "Good Two"]
    rejects = rejects_of(settings, "huge_line.txt")
    assert [(line, reason) for line, reason, _ in rejects] == [
        (HEADER_LINES + 5, "title without abstract (next paragraph is not an abstract)"),
        (HEADER_LINES + 7, "paragraph of 3,999,999 characters is too long to be an abstract"),
    ]
    assert rejects[1][2].endswith("[3,998,000 more characters]")  # a reject never stores megabytes
    assert_sample_kept(settings)


def _alias_bomb(levels: int) -> str:
    """YAML records whose ``extra`` fields are aliases of aliases: 9**levels values when written out
    (the YAML form of the "billion laughs"), in a kilobyte."""
    record = "- title: Paper {name}\n  summary: An abstract.\n  extra: &{name} [{values}]\n"
    doc = "papers:\n" + record.format(name="a", values=", ".join(["lol"] * 9))
    for previous, name in zip("abcdefghijklmnop", "bcdefghijklmnop"[:levels], strict=False):
        doc += record.format(name=name, values=", ".join(["*" + previous] * 9))
    return doc


def test_yaml_whose_aliases_expand_without_end_does_not_stall_the_run(settings, raw_dir):
    """Nine levels of nine aliases are 9**10 values written out: reading them hung the ingest. Such a
    file is not read as YAML (its text gives what it gives), and the sample page is published."""
    rows = build(settings, raw_dir, {"bomb.yaml": _alias_bomb(9)})
    assert rows["bomb.yaml"]["layout"] != "yaml"
    assert_sample_kept(settings)


def test_yaml_with_a_few_aliases_is_still_read(settings, raw_dir):
    """safe_dump writes an alias where one object appears twice: that is YAML records all the same."""
    rows = build(settings, raw_dir, {"aliased.yaml": _alias_bomb(1)})
    assert rows["aliased.yaml"]["layout"] == "yaml"
    assert titles_of(settings, "aliased.yaml") == ["Paper a", "Paper b"]
    assert_sample_kept(settings)


def test_file_over_the_page_limit_is_too_large(settings, raw_dir, monkeypatch):
    monkeypatch.setattr(pipeline.raw_scan, "MAX_PAGE_BYTES", 150_000)
    big = good_page(*[f"Big Paper {i}" for i in range(800)])
    assert len(big) > 150_000
    rows = build(settings, raw_dir, {"big.txt": big}, warehouse=False)
    assert_bad(rows["big.txt"], "too_large", "over the 150,000-byte page limit", "PAPERLAKE_MAX_PAGE_BYTES")
    assert_sample_kept(settings)


def test_file_growing_past_the_limit_while_listed_is_too_large(settings, raw_dir, monkeypatch):
    """The size check at scan time is not enough: a file may grow before it is read."""
    monkeypatch.setattr(pipeline.raw_scan, "MAX_PAGE_BYTES", 150_000)
    shutil.copy2(SAMPLE, raw_dir / GOOD)
    grows = raw_dir / "grows.txt"
    grows.write_text(good_page("Small"))
    scan = pipeline.ingest.scan_raw_dir

    def scan_then_grow(path):
        entries = scan(path)
        grows.write_text(good_page(*[f"Big Paper {i}" for i in range(800)]))
        return entries

    monkeypatch.setattr(pipeline.ingest, "scan_raw_dir", scan_then_grow)
    build_all(settings)
    row = source_files(settings)["grows.txt"]
    assert_bad(row, "too_large", "over the 150,000-byte page limit")
    assert_sample_kept(settings)


# 50 MB takes ~30 s, nearly all of it in normalize.clean_display/match_key regexes (~300 ns per
# character); the default keeps the suite fast and still proves linear memory. Set 50 to run the full size.
BIG_MB = int(os.environ.get("PAPERLAKE_TEST_BIG_MB", "8"))
_BIG_SCRIPT = """
import json, resource, sys
from pathlib import Path
from pipeline.config import Settings
from pipeline.ingest import refresh_source_files
raw, data, mb = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
record = ("Paper number {i}: a study of scale\\n\\nWe study a problem that matters and release code. "
          + "Experiments on five datasets show consistent gains over strong baselines. " * 20 + "\\n\\n")
with open(raw / "big.txt", "w") as out:
    out.write("new\\n\\nSubscribe\\n\\nMar 14\\n\\n")
    size = i = 0
    while size < mb * 1024 * 1024:
        size += out.write(record.format(i=i))
        i += 1
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = refresh_source_files(Settings.from_env(raw, data), workers=1)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"written": i, "records": report.records, "by_status": report.by_status,
                  "peak_growth": (peak - base) * 1024, "size": size}))
"""


def test_very_large_valid_file_is_parsed_in_bounded_memory(tmp_path):
    """A big page (50 MB = ~32,000 records) parses completely; peak memory stays a small multiple of it.

    Runs in a fresh interpreter so that ``ru_maxrss`` measures this parse and nothing else.
    ``PAPERLAKE_TEST_BIG_MB`` changes the size.
    """
    raw = tmp_path / "raw"
    raw.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", _BIG_SCRIPT, str(raw), str(tmp_path / "data"), str(BIG_MB)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(result.stdout)
    assert out["records"] == out["written"] and out["by_status"] == {"ok": 1}
    # Measured at 50 MB: ~650 MB peak growth (~12x: bytes, text, records, match keys and the Arrow
    # table coexist while the shard is written). Linear, not quadratic; the bound catches a regression.
    assert out["peak_growth"] < 16 * out["size"], out


# ---------------------------------------------------------------------------------------------
# encodings and bytes


def test_invalid_utf8_in_the_middle_of_a_page(settings, raw_dir):
    text = good_page("Café “One”", "Broken Title", "Naïve — Three")
    data = text.encode().replace(b"Broken", b"Bro\xff\xfeken")
    rows = build(settings, raw_dir, {"bad_utf8.txt": data})
    row = rows["bad_utf8.txt"]
    assert (row["status"], row["encoding"]) == ("ok", "utf-8")
    assert "2 invalid UTF-8 byte sequence(s) replaced with U+FFFD" in row["warnings"]
    assert f"line {HEADER_LINES + 5}" in row["warnings"]  # where to look
    assert titles_of(settings, "bad_utf8.txt") == ["Café “One”", "Bro\ufffd\ufffdken Title", "Naïve — Three"]
    assert_sample_kept(settings)


def test_invalid_utf8_in_an_ascii_page_is_reported(settings, raw_dir):
    """Pure ASCII plus one stray byte: decoded (as cp1252), and the odd byte is named, not hidden."""
    data = good_page("One", "Broken Title", "Three").encode().replace(b"Broken", b"Bro\x81ken")
    rows = build(settings, raw_dir, {"stray.txt": data})
    row = rows["stray.txt"]
    assert row["status"] == "ok" and row["n_records"] == 3
    assert (
        row["warnings"]
        and "not valid UTF-8" in row["warnings"]
        and f"line {HEADER_LINES + 5}" in (row["warnings"])
    )
    assert_sample_kept(settings)


def test_cp1252_smart_quotes(settings, raw_dir):
    text = good_page("The “Smart” Model’s Quotes – Explained", "Plain Title")
    rows = build(settings, raw_dir, {"cp1252.txt": text.encode("cp1252")})
    assert (rows["cp1252.txt"]["status"], rows["cp1252.txt"]["encoding"]) == ("ok", "cp1252")
    assert titles_of(settings, "cp1252.txt") == ["The “Smart” Model’s Quotes – Explained", "Plain Title"]
    assert_sample_kept(settings)


def test_utf16_with_bom(settings, raw_dir):
    text = good_page("Ünïcode Paper", "Second Paper")
    rows = build(settings, raw_dir, {"utf16.txt": text.encode("utf-16")})
    assert (rows["utf16.txt"]["status"], rows["utf16.txt"]["encoding"]) == ("ok", "utf-16-le")
    assert titles_of(settings, "utf16.txt") == ["Ünïcode Paper", "Second Paper"]
    assert_sample_kept(settings)


# A reader in Japan, China, Taiwan or Korea keeping a note in their language beside each paper, with
# a tool that saves in the system's legacy code page.
NOTES_IN = {
    "shift_jis": "この論文は推論能力の評価について述べている。",
    "gb18030": "这篇论文讨论了大型语言模型的推理能力评估。",
    "big5": "這篇論文討論了大型語言模型的推理能力評估。",
    "euc_kr": "이 논문은 대규모 언어 모델의 추론 능력 평가를 다룬다.",
}


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
@pytest.mark.parametrize("codec", list(NOTES_IN))
def test_a_page_in_an_east_asian_legacy_encoding_keeps_its_text(settings, raw_dir, codec):
    """A real day with a note in an East Asian script under each title, saved as Shift-JIS, GB18030,
    Big5 or EUC-KR: read card for card as the same text saved in UTF-8 (before: decoded as cp1252,
    its notes mojibake)."""
    day = real_rows.sample_days(25)[0]
    rows = real_rows.rows_by_day()[day]
    text = render("minimal_md", PageSpec(listing_date=day, captured=day), rows).text
    noted = "\n".join(
        f"{line}\n\n{NOTES_IN[codec]}" if line.startswith("### ") else line for line in text.split("\n")
    )
    written = noted.encode(codec, errors="replace")  # what the code page lacks (an emoji, a `·`) is `?`
    files = build(settings, raw_dir, {"noted.md": written, "utf8.md": written.decode(codec).encode()})
    assert files["noted.md"]["status"] == "ok" and files["noted.md"]["encoding"] != "cp1252"
    sql = "SELECT position, title, raw_abstract FROM sightings WHERE source_file = ? ORDER BY 1"
    noted_cards = query(settings, sql, ["noted.md"])
    assert noted_cards == query(settings, sql, ["utf8.md"])
    assert len(noted_cards) == len(rows)
    assert any(NOTES_IN[codec] in (abstract or "") for _, _, abstract in noted_cards)
    assert_sample_kept(settings)


def test_mixed_crlf_and_lf(settings, raw_dir):
    lines = good_page("First Paper", "Second Paper", "Third Paper").split("\n")
    text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines))
    rows = build(settings, raw_dir, {"mixed.txt": text.replace("\r\n\r\n", "\r\n\r\r\n")})
    assert rows["mixed.txt"]["status"] == "ok" and rows["mixed.txt"]["n_rejects"] == 0
    assert titles_of(settings, "mixed.txt") == ["First Paper", "Second Paper", "Third Paper"]
    assert query(settings, "SELECT DISTINCT raw_abstract FROM sightings WHERE source_file = 'mixed.txt'") == [
        (ABSTRACT,)
    ]
    assert_sample_kept(settings)


def test_nul_bytes(settings, raw_dir):
    data = good_page("Nul\x00 Title", "Second Paper").encode()
    rows = build(settings, raw_dir, {"nul.txt": data})
    assert rows["nul.txt"]["status"] == "ok"
    assert "1 NUL character(s) removed" in rows["nul.txt"]["warnings"]
    assert titles_of(settings, "nul.txt") == ["Nul Title", "Second Paper"]
    assert_sample_kept(settings)


# ---------------------------------------------------------------------------------------------
# records that do not pair up


def test_title_without_abstract_between_two_good_records(settings, raw_dir):
    text = spaced("Good One", ABSTRACT, "Lonely Title", "Good Two", ABSTRACT)
    rows = build(settings, raw_dir, {"lonely.txt": text})
    assert (rows["lonely.txt"]["status"], rows["lonely.txt"]["n_rejects"]) == ("ok", 1)
    assert titles_of(settings, "lonely.txt") == ["Good One", "Good Two"]
    assert rejects_of(settings, "lonely.txt") == [
        (HEADER_LINES + 5, "title without abstract (followed by another title)", "Lonely Title")
    ]
    assert_sample_kept(settings)


def test_two_titles_in_a_row_in_the_compact_layout(settings, raw_dir):
    text = (
        "Get trending papers in your email inbox!\nSubscribeGood One\n"
        + f"{ABSTRACT}\nOrphan Title\nGood Two\n{ABSTRACT}\n"
    )
    rows = build(settings, raw_dir, {"compact.txt": text})
    assert rows["compact.txt"]["layout"] == "compact"
    assert titles_of(settings, "compact.txt") == ["Good One", "Good Two"]
    assert rejects_of(settings, "compact.txt") == [
        (4, "title without abstract (followed by another title)", "Orphan Title")
    ]
    assert_sample_kept(settings)


def test_two_compact_pages_saved_into_one_file(settings, raw_dir):
    """The header glued to a title is removed after every header, and only there: a paper really
    titled ``SubscribeGPT`` keeps its name."""
    header = "Get trending papers in your email inbox!\nSubscribe"
    text = f"{header}Good One\n{ABSTRACT}\nSubscribeGPT: Chat\n{ABSTRACT}\n{header}Good Two\n{ABSTRACT}\n"
    rows = build(settings, raw_dir, {"twice.txt": text}, warehouse=False)
    assert (rows["twice.txt"]["status"], rows["twice.txt"]["n_rejects"]) == ("ok", 0)
    assert shard_titles(settings, rows["twice.txt"]) == ["Good One", "SubscribeGPT: Chat", "Good Two"]
    assert_sample_kept(settings)


def test_abstract_without_title(settings, raw_dir):
    text = spaced("Good One", ABSTRACT, ABSTRACT.replace("We study", "They study"), "Good Two", ABSTRACT)
    rows = build(settings, raw_dir, {"orphan.txt": text})
    assert titles_of(settings, "orphan.txt") == ["Good One", "Good Two"]
    assert [(line, reason) for line, reason, _ in rejects_of(settings, "orphan.txt")] == [
        (HEADER_LINES + 5, "abstract without a title")
    ]
    assert rows["orphan.txt"]["n_rejects"] == 1
    assert_sample_kept(settings)


def test_page_of_nothing_but_rejects_is_no_records(settings, raw_dir):
    rows = build(settings, raw_dir, {"orphans.txt": spaced(ABSTRACT, "Lonely Title")})
    assert_bad(rows["orphans.txt"], "no_records", "no title/abstract pairs found (2 paragraph(s) rejected")
    assert len(rejects_of(settings, "orphans.txt")) == 2
    assert_sample_kept(settings)


@pytest.mark.skipif(not real_rows.available(), reason=real_rows.MISSING_MESSAGE)
def test_page_joined_into_one_line_says_how_to_save_it(settings, raw_dir):
    """A real day's page as BeautifulSoup's ``get_text(" ", strip=True)`` (or trafilatura's
    ``html2txt``) saves it: every card on one line. No card is guessed out of it; the file says
    what happened and how to save it instead, and a reject shows its text."""
    from bs4 import BeautifulSoup

    day = real_rows.sample_days(3)[0]
    page, facts = render_hf_html(
        PageSpec(listing_date=day, captured=day + timedelta(days=1)), real_rows.rows_by_day()[day]
    )
    flat = BeautifulSoup(page, "html.parser").get_text(" ", strip=True)
    assert facts[0].title in flat and "\n" not in flat
    rows = build(settings, raw_dir, {"flat.txt": flat})
    assert_bad(rows["flat.txt"], "no_records", "text is on 1 line(s)", "get_text('\\n')")
    (reject,) = rejects_of(settings, "flat.txt")
    assert reject[2].startswith(flat[:1500])  # the reject shows the text; the file itself is kept
    assert_sample_kept(settings)


# ---------------------------------------------------------------------------------------------
# the same content under several names, and content that moves


def test_same_page_saved_twice_is_counted_once(settings, raw_dir):
    rows = build(settings, raw_dir, {"good_copy.txt": SAMPLE.read_bytes()})
    row = rows["good_copy.txt"]
    assert (row["status"], row["duplicate_of"], row["n_records"]) == ("duplicate", GOOD, 0)
    assert "same content as good.txt" in row["error"]
    assert query(settings, "SELECT count(*) FROM sightings")[0][0] == SAMPLE_RECORDS
    assert_sample_kept(settings)


def test_renamed_file_is_not_parsed_again(settings, raw_dir):
    build(settings, raw_dir, {"before.txt": good_page("Renamed Paper")})
    os.rename(raw_dir / "before.txt", raw_dir / "after.txt")
    ingest, _, _ = build_all(settings)
    assert (ingest.new, ingest.deleted, ingest.parsed, ingest.deleted_files) == (1, 1, 0, ["before.txt"])
    assert set(source_files(settings)) == {GOOD, "after.txt"}
    assert titles_of(settings, "after.txt") == ["Renamed Paper"]
    assert_sample_kept(settings)


def test_file_changing_while_read_is_unstable_then_picked_up(settings, raw_dir, monkeypatch):
    """A scraper still writing the page: the read sees a different file than the stat before it."""
    shutil.copy2(SAMPLE, raw_dir / GOOD)
    growing = raw_dir / "growing.txt"
    growing.write_text(good_page("First Paper"))
    real_open = open

    def open_while_writer_appends(path, *args, **kwargs):
        if Path(path) == growing:
            with real_open(growing, "a") as writer:  # another process appends mid-read
                writer.write("\nSecond Paper\n\n" + ABSTRACT + "\n")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.storage, "open", open_while_writer_appends, raising=False)
    build_all(settings)
    row = source_files(settings)["growing.txt"]
    assert (row["status"], row["n_records"]) == ("unstable", 0)
    assert "changed while it was being read" in row["error"] and "next refresh" in row["error"]
    assert_sample_kept(settings)

    monkeypatch.undo()  # the writer has finished
    ingest, _, _ = build_all(settings)
    assert ingest.hashed == 1  # only the unstable file is read again
    assert source_files(settings)["growing.txt"]["status"] == "ok"
    assert titles_of(settings, "growing.txt") == ["First Paper", "Second Paper"]


def test_file_deleted_between_scan_and_read(settings, raw_dir, monkeypatch):
    shutil.copy2(SAMPLE, raw_dir / GOOD)
    doomed = raw_dir / "doomed.txt"
    doomed.write_text(good_page("Doomed Paper"))
    scan = pipeline.ingest.scan_raw_dir

    def scan_then_delete(path):
        entries = scan(path)
        doomed.unlink()
        return entries

    monkeypatch.setattr(pipeline.ingest, "scan_raw_dir", scan_then_delete)
    refresh_source_files(settings, workers=1)
    assert_bad(manifest(settings)["doomed.txt"], "unreadable", "cannot read file: No such file or directory")
    assert_sample_kept(settings)
    monkeypatch.undo()
    refresh_source_files(settings, workers=1)
    assert set(manifest(settings)) == {GOOD}  # gone for good: dropped from the manifest


def test_writer_thread_racing_the_read_never_loses_records(settings, raw_dir):
    """A real concurrent writer: whatever a refresh saw, the next quiet refresh has everything."""
    shutil.copy2(SAMPLE, raw_dir / GOOD)
    target = raw_dir / "live.txt"
    target.write_text(HEADER)
    titles = [f"Live Paper {i}" for i in range(200)]

    def writer():
        with open(target, "a") as out:
            for title in titles:
                out.write(f"{title}\n\n{ABSTRACT}\n\n")
                out.flush()

    thread = threading.Thread(target=writer)
    thread.start()
    while thread.is_alive():
        refresh_source_files(settings, workers=1)  # must never raise, whatever it catches
    thread.join()
    build_all(settings)
    assert source_files(settings)["live.txt"]["status"] == "ok"
    assert titles_of(settings, "live.txt") == titles
    assert_sample_kept(settings)


# ---------------------------------------------------------------------------------------------
# the file system


def test_folders_nested_deeper_than_pythons_recursion_limit_are_walked(settings, raw_dir):
    """A mirror's folder tree a thousand levels deep (before: the scan's recursion overflowed and
    failed the whole refresh)."""
    levels = sys.getrecursionlimit() + 50
    folders = [raw_dir]
    for _ in range(levels):  # one at a time: pathlib's mkdir(parents=True) recurses, as rmtree does
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    page = "/".join(["d"] * levels) + "/page.txt"
    try:
        rows = build(settings, raw_dir, {page: good_page("Deep Paper")}, warehouse=False)
        assert rows[page]["status"] == "ok"
        assert_sample_kept(settings)
    finally:
        (raw_dir / page).unlink(missing_ok=True)
        for folder in reversed(folders[1:]):
            folder.rmdir()


def test_a_file_that_trips_a_reader_is_quarantined_and_the_rest_published(settings, raw_dir, monkeypatch):
    """A bug in one reader, met on one file, must not stop everyone's refresh: that file gets status
    ``parse_error`` with the exception and where it was raised, the others are published."""
    real_parse = pipeline.content_parse.parse_page

    def parse_page(text: str):
        if "Trips The Reader" in text:
            raise KeyError("a reader's bug")
        return real_parse(text)

    monkeypatch.setattr(pipeline.content_parse, "parse_page", parse_page)
    rows = build(settings, raw_dir, {"odd.txt": good_page("Trips The Reader")})
    assert_bad(rows["odd.txt"], "parse_error", 'KeyError: "a reader\'s bug"', "test_hostile_inputs.py:")
    assert_sample_kept(settings)


def test_nested_folders_are_walked(settings, raw_dir):
    rows = build(settings, raw_dir, {"2024/10/deep page.txt": good_page("Deep Paper")})
    assert rows["2024/10/deep page.txt"]["status"] == "ok"
    assert titles_of(settings, "2024/10/deep page.txt") == ["Deep Paper"]
    assert_sample_kept(settings)


def test_symlink_inside_the_raw_dir_is_a_duplicate_of_the_real_file(settings, raw_dir):
    (raw_dir / "pages").mkdir()
    (raw_dir / "pages" / "real.txt").write_text(good_page("Linked Paper"))
    (raw_dir / "a_link.txt").symlink_to(raw_dir / "pages" / "real.txt")  # sorts before the real file
    rows = build(settings, raw_dir, {})
    assert rows["pages/real.txt"]["status"] == "ok"
    link = rows["a_link.txt"]
    assert (link["status"], link["duplicate_of"], link["n_records"]) == ("duplicate", "pages/real.txt", 0)
    assert titles_of(settings, "pages/real.txt") == ["Linked Paper"]
    assert query(settings, "SELECT count(*) FROM sightings WHERE title = 'Linked Paper'") == [(1,)]
    assert_sample_kept(settings)


def test_symlinks_pointing_outside_are_ignored_not_followed(settings, raw_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(good_page("Outside Paper"))
    (raw_dir / "out_link.txt").symlink_to(outside / "secret.txt")
    (raw_dir / "out_folder").symlink_to(outside, target_is_directory=True)
    (raw_dir / "broken.txt").symlink_to(tmp_path / "missing.txt")
    rows = build(settings, raw_dir, {}, warehouse=False)
    assert_bad(rows["out_link.txt"], "ignored", "symlink points outside the raw dir", "not followed")
    assert_bad(rows["out_folder"], "ignored", "symlink to a folder; not followed")
    assert_bad(rows["broken.txt"], "ignored", "broken symlink")
    assert [name for name, row in rows.items() if row["status"] == "ok"] == [GOOD]  # nothing followed
    assert_sample_kept(settings)


def test_hidden_files_and_folders_are_ignored_visibly(settings, raw_dir):
    rows = build(
        settings,
        raw_dir,
        {".hidden.txt": good_page("Hidden Paper"), ".cache/page.txt": good_page("Cached Paper")},
        warehouse=False,
    )
    assert_bad(rows[".hidden.txt"], "ignored", "hidden file")
    assert_bad(rows[".cache"], "ignored", "hidden folder")
    assert ".cache/page.txt" not in rows
    assert [name for name, row in rows.items() if row["status"] == "ok"] == [GOOD]
    assert_sample_kept(settings)


@pytest.mark.parametrize("name", ["page.txt.swp", "page.txt~", ".page.txt.swp", "page.txt.crdownload"])
def test_editor_swap_and_partial_files_are_ignored(settings, raw_dir, name):
    rows = build(settings, raw_dir, {name: good_page("Swap Paper")}, warehouse=False)
    expected = "hidden file" if name.startswith(".") else "editor swap or partial download file"
    assert_bad(rows[name], "ignored", expected)
    assert_sample_kept(settings)


@pytest.mark.parametrize("name", ["my page (1).txt", "café 論文 ✓.txt", "tab\tand 'quote'.txt"])
def test_names_with_spaces_and_non_ascii(settings, raw_dir, name):
    rows = build(settings, raw_dir, {name: good_page("Named Paper")}, warehouse=False)
    assert rows[name]["status"] == "ok"
    assert shard_titles(settings, rows[name]) == ["Named Paper"]
    assert_sample_kept(settings)


def test_a_folder_that_cannot_be_listed_is_named_and_the_rest_is_read(settings, raw_dir, monkeypatch):
    """What the kernel does for a non-root user in a chmod 000 subfolder: listing it raises EACCES.
    The folder gets its own row saying so (its pages are not silently missing); the others are read."""
    (raw_dir / "team").mkdir()
    (raw_dir / "team" / "page.txt").write_text(good_page("Team Paper"))
    (raw_dir / "open").mkdir()
    (raw_dir / "open" / "page.txt").write_text(good_page("Open Paper"))
    real_scandir = os.scandir

    def deny(path="."):
        if Path(path).name == "team":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(pipeline.ingest.os, "scandir", deny)
    rows = build(settings, raw_dir, {}, warehouse=False)
    assert_bad(rows["team"], "unreadable", "cannot list folder: Permission denied")
    assert rows["open/page.txt"]["status"] == "ok"
    assert_sample_kept(settings)


def test_file_name_that_is_not_utf8(settings, raw_dir):
    """A name saved in latin-1 on Linux (bytes, not text) must not crash writing the manifest."""
    shutil.copy2(SAMPLE, raw_dir / GOOD)
    with open(os.path.join(os.fsencode(raw_dir), b"caf\xe9.txt"), "w") as out:
        out.write(good_page("Latin Name Paper"))
    build_all(settings)
    rows = source_files(settings)
    assert rows["caf\\xe9.txt"]["status"] == "ok"
    assert titles_of(settings, "caf\\xe9.txt") == ["Latin Name Paper"]
    assert_sample_kept(settings)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway; see the simulated test")
def test_unreadable_file_chmod(settings, raw_dir):
    (raw_dir / "locked.txt").write_text(good_page("Locked Paper"))
    (raw_dir / "locked.txt").chmod(0)
    try:
        rows = build(settings, raw_dir, {}, warehouse=False)
    finally:
        (raw_dir / "locked.txt").chmod(0o644)
    assert_bad(rows["locked.txt"], "unreadable", "cannot read file: Permission denied")
    assert_sample_kept(settings)


def test_unreadable_file_simulated(settings, raw_dir, monkeypatch):
    """What the kernel does for a non-root reader of a chmod 000 file: open() raises EACCES."""
    real_open = open

    def deny(path, *args, **kwargs):
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(pipeline.storage, "open", deny, raising=False)
    rows = build(settings, raw_dir, {"locked.txt": good_page("Locked Paper")})
    assert_bad(rows["locked.txt"], "unreadable", "cannot read file: Permission denied")
    assert_sample_kept(settings)

    monkeypatch.undo()  # permissions fixed: the next refresh reads it
    build_all(settings)
    assert source_files(settings)["locked.txt"]["status"] == "ok"


# ---------------------------------------------------------------------------------------------
# text that breaks naive SQL or string handling


def test_sql_quotes_backslashes_percent_emoji_and_rtl_marks_are_stored_verbatim(settings, raw_dir):
    hostile = [
        "O'Brien's \"Model\"; DROP TABLE papers; --",
        "100% \\ faster: C:\\new\\table and %s %d {0} $1",
        "Emoji 🚀🧠 and RTL \u200fعربي\u200f mark \u202eoverride\u202c",
    ]
    rows = build(settings, raw_dir, {"hostile.txt": good_page(*hostile)})
    assert rows["hostile.txt"]["status"] == "ok"
    for title in hostile:
        found = query(settings, "SELECT raw_title, title FROM sightings WHERE raw_title = ?", [title])
        assert found == [(title, title)]
        assert query(settings, "SELECT count(*) FROM papers WHERE title = ?", [title]) == [(1,)]
    assert_sample_kept(settings)


def test_manifest_on_disk_matches_the_warehouse(settings, raw_dir):
    """The Parquet manifest (readable without DuckDB) carries the same statuses and errors."""
    rows = build(settings, raw_dir, {"empty.txt": b"", "page.pdf.txt": b"%PDF-1.4\n"})
    on_disk = {r["source_file"]: r for r in pq.read_table(settings.source_files_path).to_pylist()}
    assert {k: (v["status"], v["error"]) for k, v in on_disk.items()} == {
        k: (v["status"], v["error"]) for k, v in rows.items()
    }
