"""The line-by-line fast path of page_items gives exactly what markdown-it gives for whole paragraphs.

page_items reads plain lines, simple link lines and plain reference definitions itself, and gives
markdown-it only the rest (pipeline/page_items.py, SPLIT_PARAGRAPHS). A user must never see the
difference: on every page the tests have (real pages, the bundled samples, fixtures, and real days
rendered in every exporter's style and through every HTML converter) the items are the same with
the fast path on and off.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import page_items
from pipeline.decode import decode_page
from pipeline.parse import split_lines
from tests.support import real_rows
from tests.support.exporters import STYLES, PageSpec, render
from tests.support.html_export import CONVERTERS, render_converted

ROOT = Path(__file__).resolve().parents[1]


def _pages() -> list[tuple[str, str]]:
    pages = []
    folders = [real_rows.REAL_PAGES, ROOT / "data" / "raw", ROOT / "tests" / "fixtures"]
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file() and path.suffix in (".txt", ".md"):
                # as the ingest decodes a file (a PDF's text holds NULs, which decoding drops)
                text = decode_page(path.read_bytes()).text or ""
                pages.append((str(path.relative_to(folder.parent)), text))
    if real_rows.available():
        for day, rows in list(real_rows.rows_by_day().items())[::6]:
            for style in STYLES:
                spec = PageSpec(listing_date=day, captured=day)
                pages.append((f"{day} {style}", render(style, spec, rows).text))
            for converter in CONVERTERS:
                spec = PageSpec(listing_date=day, captured=day)
                pages.append((f"{day} {converter}", render_converted(converter, spec, rows[:20]).text))
    return pages


def _items(text: str, fast: bool, monkeypatch: pytest.MonkeyPatch) -> list[page_items.Item]:
    monkeypatch.setattr(page_items, "SPLIT_PARAGRAPHS", fast)
    return page_items.page_items(split_lines(text))


def test_fast_path_gives_the_same_items_on_every_page(monkeypatch):
    pages = _pages()
    assert len(pages) > 100
    differing = [
        name for name, text in pages if _items(text, True, monkeypatch) != _items(text, False, monkeypatch)
    ]
    assert differing == []


@pytest.mark.parametrize(
    "line",
    [
        "[Title](https://huggingface.co/papers/2401.00001) · [-] 19",
        "[-] 19 and [x](javascript:alert(1)) and [](https://huggingface.co/papers/2401.00002)",
        "[Read](<https://a.org/x y>) [ref][12] [shortcut] ![img](https://a.org/i.png) [a]()",
        'a*b* c_d_ `code` \\[escaped\\] &amp; <https://auto.link> [t](/rel "title")',
        "[- ![](https://a.org/1.png) - ![](https://a.org/2.jpg) - 3 authors](https://huggingface.co/papers/2401.00001)",
        "[![Org](https://a.org/o.png)Org Name](https://huggingface.co/org) · [![](https://a.org/x.png)](https://b.org)",
        "Wow! ![alt](https://a.org/i.png) [Great!][12] [Really!](https://a.org) ! [x]! ![]() [![]()](/p)",
        '[![a](https://a.org/i.png "t")](https://a.org) [![a [b]](https://a.org/i.png)](/a) ![x](y z)',
        "[a ![b](c) ![d](e)f](https://a.org/g) ![](https://a.org/h)![](https://a.org/i)",
    ],
)
def test_fast_path_equals_markdown_it_on_tricky_lines(line, monkeypatch):
    text = f"Paragraph start\n{line}\nparagraph end\n\n[12]: https://huggingface.co/papers/2401.00003\n"
    assert _items(text, True, monkeypatch) == _items(text, False, monkeypatch)


@pytest.mark.parametrize(
    "heading",
    [
        "### [Title](https://huggingface.co/papers/2401.00001)",
        "## [Title][12] and the research community",
        "#   Spaced title   ##",
        "### C#",
        "### #",
        "###",
        "####### seven is no heading",
        "#hashtag",
        "### Title\u00a0",
        "### **Bold** title",
        "   ## [shortcut] [x][nope]",
    ],
)
def test_heading_fast_path_equals_markdown_it(heading, monkeypatch):
    for text in (
        f"{heading}\nAbstract line one\n### Next\nline [t](https://a.org/x)\n\n[12]: https://huggingface.co/papers/2401.00003\n",
        f"Before\n{heading}\n\n- a list\n{heading}\n",
        f"{heading}\n\n  [1]: https://a.org\n  [ ]: https://b.org\n",
    ):
        assert _items(text, True, monkeypatch) == _items(text, False, monkeypatch)
