"""Dates on pages: yearless page dates, capture dates, and per-paper dates.

Listing pages print ``Mar 14`` without a year. The year comes from when the page was captured: a
``YYYY-MM-DD`` in the file name, else the ``exported:`` front matter, else the file's mtime. The
listing date is the latest date with that month/day on or before the day after the capture date
(``Dec 31`` captured 2026-01-02 is 2025-12-31; ``Feb 29`` goes back to the latest leap year). The
one day of slack is for clocks, not calendars: a capture date is a UTC day (mtime) or the saver's
local day (file name), while the site dates its page in its own zone, so ``Mar 14`` saved at 08:00
on Mar 14 in Tokyo has a UTC capture date of Mar 13 and is this year's page, not last year's.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
MONTHS["sept"] = 9

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
PAGE_DATE = re.compile(rf"^(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}})$", re.IGNORECASE)
FULL_DATE = re.compile(  # "Oct 7, 2024", "Published on Oct 7, 2024", "7 Oct 2024"
    rf"^(?:published on\s+)?(?:(?P<month>{_MONTH_ALT})\.?\s+(?P<day>\d{{1,2}}),?"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_ALT})\.?,?)\s+(?P<year>\d{{4}})$",
    re.IGNORECASE,
)
CAPTURE_SKEW_DAYS = 1  # a page may be dated up to this many days after its capture date (time zones)
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
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
        month, day = match["month"] or match["month2"], match["day"] or match["day2"]
        return date(int(match["year"]), MONTHS[month.lower()], int(day))
    except ValueError:
        return None


def date_from_name(name: str) -> date | None:
    """A ``YYYY-MM-DD`` (or ``YYYYMMDD``) date embedded in a file name, if it is a real date.

    Digits inside a content hash (``000_8e20241008ab….txt``) are not a date: a match that is part of
    a run of 12 or more hex characters with a letter in it is skipped."""
    for match in _NAME_DATE.finditer(name):
        if _inside_hash(name, match.start(), match.end()):
            continue
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
    return None


def _inside_hash(name: str, start: int, end: int) -> bool:
    """Whether name[start:end] lies in a run of >= 12 hex characters that has a letter beside it."""
    left, right = start, end
    while left > 0 and name[left - 1] in _HEX_DIGITS:
        left -= 1
    while right < len(name) and name[right] in _HEX_DIGITS:
        right += 1
    beside = name[left:start] + name[end:right]
    return right - left >= 12 and name[left:right].isalnum() and any(c.isalpha() for c in beside)


def iso_utc_day(value: str) -> date | None:
    """The UTC day of an ISO timestamp (``2026-10-02T10:00:00.000Z``, ``…+02:00``) or an ISO day
    (a timestamp without a zone is taken as written); None for anything else."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def date_from_mtime(mtime: float) -> date:
    return datetime.fromtimestamp(mtime, tz=UTC).date()


def infer_listing_date(month: int, day: int, captured: date) -> date:
    """Latest date with this month/day on or before the day after ``captured`` (CAPTURE_SKEW_DAYS).

    Raises ValueError for a month/day that exists in no year (e.g. Apr 31).
    """
    if not (1 <= month <= 12) or not (1 <= day <= 31):
        raise ValueError(f"no such date: month {month}, day {day}")
    latest = captured + timedelta(days=CAPTURE_SKEW_DAYS)
    if month == 2 and day == 29:
        year = latest.year
        while True:
            if calendar.isleap(year) and date(year, 2, 29) <= latest:
                return date(year, 2, 29)
            year -= 1
    if day > calendar.monthrange(2001, month)[1]:
        raise ValueError(f"no such date: month {month}, day {day}")
    candidate = date(latest.year, month, day)
    return candidate if candidate <= latest else date(latest.year - 1, month, day)


def newest_id_month(arxiv_ids: Iterable[str | None]) -> str | None:
    """The newest YYMM among new-style arXiv ids (``2512.01234`` -> ``2512``), or None."""
    months = [a[:4] for a in arxiv_ids if a and len(a) >= 9 and a[4] == "." and a[:4].isdigit()]
    return max(months, default=None)


def listing_date_by_ids(month: int, day: int, id_month: str | None, captured: date) -> date | None:
    """The listing day nearest the newest arXiv id month of its cards (a daily listing shows papers
    submitted in the days before it), not after the capture; None without ids."""
    if not id_month:
        return None
    try:
        found = year_near(month, day, 2000 + int(id_month[:2]), int(id_month[2:]))
    except ValueError:
        return None
    return found if found is not None and found <= captured + timedelta(days=CAPTURE_SKEW_DAYS) else None


def year_near(month: int, day: int, year: int, ref_month: int) -> date | None:
    """The date with this month/day nearest to the middle of ``year``-``ref_month``.

    A card's yearless ``May 29`` next to arXiv id 2606.00683 (June 2026) is 2026-05-29, and ``Jan 3``
    next to 2512.01234 is 2026-01-03: the listing date lies near the arXiv submission month."""
    reference = date(year, ref_month, 15) if 1 <= ref_month <= 12 else date(year, 7, 1)
    best: date | None = None
    for candidate_year in (year - 1, year, year + 1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - reference).days) < abs((best - reference).days):
            best = candidate
    return best
