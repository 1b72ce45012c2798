"""A day printed to PDF from the browser and read back by a PDF-to-text tool
(``tests/fixtures/printed_pdf/``). paperlake does not read its cards well yet; what it must not do
is publish the print's furniture as papers: the page's address, ``5/34``, ``12/7/26, 7:46 AM``,
a card's ``5 authors · Dec 4`` line. Before, two of these files were published ``ok`` with such
titles among 30-37 records."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.content_parse import summarise_bytes
from pipeline.misread_titles import REASON

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "printed_pdf").glob("*.txt"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_a_printed_pages_text_publishes_no_header_footer_or_date_line_as_a_paper(path: Path) -> None:
    summary, sightings, rejects = summarise_bytes(path.read_bytes(), "0" * 64)
    titles = [] if sightings is None else sightings.column("title").to_pylist()
    furniture = [t for t in titles if t.startswith("http") or t.split("/")[0].isdigit() or "·" in t]
    assert furniture == []
    assert REASON in rejects.column("reason").to_pylist()
    assert summary.status == "suspect", summary.error  # most of it unread: quarantined, not published
