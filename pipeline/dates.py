"""Dates on pages: yearless page dates, capture dates, and per-paper dates.

Listing pages print ``Mar 14`` without a year. The year comes from when the page was captured: a
``YYYY-MM-DD`` in the file name, else the ``exported:`` front matter, else the file's mtime. The
listing date is the latest date with that month/day on or before the capture date (``Dec 31``
captured 2026-01-02 is 2025-12-31; ``Feb 29`` goes back to the latest leap year).
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
MONTHS["sept"] = 9

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
PAGE_DATE = re.compile(rf"^(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}})$", re.IGNORECASE)
FULL_DATE = re.compile(
    rf"^(?:published on\s+)?(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})$",
    re.IGNORECASE,
)
_NAME_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[-_.]?(?P<m>0[1-9]|1[0-2])[-_.]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)


def parse_page_date(text: str) -> tuple[int, int] | None:
    """``"Mar 14"`` -> ``(3, 14)``; None when the line is not a valid yearless date."""
    match = PAGE_DATE.match(text.strip())
    if not match:
        return None
    month = MONTHS[match["month"].lower()]
    day = int(match["day"])
    if day < 1 or day > (29 if month == 2 else calendar.monthrange(2001, month)[1]):
        return None
    return month, day


def parse_full_date(text: str) -> date | None:
    """``"Oct 7, 2024"`` -> ``date(2024, 10, 7)``; None when not a valid full date."""
    match = FULL_DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None


def date_from_name(name: str) -> date | None:
    """A ``YYYY-MM-DD`` (or ``YYYYMMDD``) date embedded in a file name, if it is a real date."""
    for match in _NAME_DATE.finditer(name):
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return None


def date_from_mtime(mtime: float) -> date:
    return datetime.fromtimestamp(mtime, tz=UTC).date()


def infer_listing_date(month: int, day: int, captured: date) -> date:
    """Latest date with this month/day on or before ``captured``.

    Raises ValueError for a month/day that exists in no year (e.g. Apr 31).
    """
    if not (1 <= month <= 12) or not (1 <= day <= 31):
        raise ValueError(f"no such date: month {month}, day {day}")
    if month == 2 and day == 29:
        year = captured.year
        while True:
            if calendar.isleap(year) and date(year, 2, 29) <= captured:
                return date(year, 2, 29)
            year -= 1
    if day > calendar.monthrange(2001, month)[1]:
        raise ValueError(f"no such date: month {month}, day {day}")
    candidate = date(captured.year, month, day)
    return candidate if candidate <= captured else date(captured.year - 1, month, day)
