"""The ``sqlite3`` shell's output modes over real days, kept as fixtures (``tests/fixtures/sqlite_shell/``).

A scraper that stores its rows in SQLite and prints them with the shell (``sqlite3 -header -box
papers.db 'SELECT …' > papers.txt``) writes one of these. The shell is not a Python library, so its
output is written once and kept:

    python -m tests.support.sqlite_shell     # needs the sqlite3 command (Debian: sqlite3)
"""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd

from tests.support import real_rows
from tests.support.real_rows import Row, display

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sqlite_shell"
MODES = ("box", "table", "column", "line", "html")
DAYS = (date(2026, 1, 13), date(2026, 5, 7))


def frame(rows: tuple[Row, ...]) -> pd.DataFrame:
    """A scraper's table of the day: what the fixtures hold, and what the tests expect back."""
    return pd.DataFrame(
        [
            {
                "title": display(row.title),
                "arxiv_id": row.arxiv_id,
                "authors": ", ".join(row.authors),
                "upvotes": row.stars,
                "summary": display(row.abstract),
            }
            for row in rows
        ]
    )


def fixture(day: date, mode: str) -> Path:
    return FIXTURES / f"{day.isoformat()}_{mode}.txt"


def write_fixtures() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for day in DAYS:
        with tempfile.TemporaryDirectory() as scratch:
            db = Path(scratch) / "papers.db"
            with sqlite3.connect(db) as con:
                frame(real_rows.rows_by_day()[day]).to_sql("papers", con, index=False)
            for mode in MODES:
                shown = subprocess.run(
                    ["sqlite3", "-header", f"-{mode}", str(db), "SELECT * FROM papers"],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                fixture(day, mode).write_text(shown, encoding="utf-8")


if __name__ == "__main__":
    write_fixtures()
