"""What a mirroring tool's folders say about a page: the address it fetched, when it was captured.

Tools that save many pages at once put each under the path of its URL: ``wget -x`` / ``wget -r``
(``huggingface.co/papers/date/2025-12-15``, ``…/2025-12-15.html`` with ``-E``), HTTrack, and the
Wayback Machine's downloaders (wayback_machine_downloader:
``websites/huggingface.co/papers/date/2025-12-15/index.html``; waybackpack:
``20251216093015/huggingface.co/papers/date/2025-12-15/index.html``, under the capture's
timestamp). The page itself is the site's HTML, which names no address of its own, and its file is
an ``index.html`` with no date in its name: its day header and the mtime of the download were all
that dated it.

``mirrored_url`` gives such a file the address its folders spell (a daily page's URL names its
listing day; the address gives the page kind and a search's query), and ``folder_date`` the date a
folder names: an archive's capture timestamp (``20251216093015``), else the nearest folder named by
a date (a user's ``2025-12-15/``), for a file whose own name holds none.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePosixPath

from pipeline.dates import date_from_name
from pipeline.web_archive import timestamp_day

# The site's address as a mirror's folders write it: the host, then the path under /papers.
_SITE_PATH = re.compile(r"(?:^|/)(?:www\.)?huggingface\.co/(?P<path>papers(?:[/?@][^#]*)?)$")
_INDEX_OR_EXTENSION = re.compile(r"(?:/index)?\.(?:html?|xhtml|txt|md)$|/$", re.IGNORECASE)
_ARCHIVE_TIMESTAMP = re.compile(r"^(?:19|20)\d{12}$")  # YYYYMMDDhhmmss


def mirrored_url(source_file: str) -> str | None:
    """The site address a file's path spells (``…/huggingface.co/papers/date/2025-12-15/index.html``
    -> ``https://huggingface.co/papers/date/2025-12-15``), or None."""
    if "huggingface.co/papers" not in source_file:
        return None
    match = _SITE_PATH.search(_INDEX_OR_EXTENSION.sub("", source_file))
    if match is None:
        return None
    path = match["path"]
    if path.startswith("papers@"):  # wget --restrict-file-names=windows writes a query's ? as @
        path = "papers?" + path[len("papers@") :]
    return f"https://huggingface.co/{path}"


def folder_date(source_file: str) -> date | None:
    """The date a folder above the file names: a web archive's capture timestamp anywhere in the
    path, else the nearest folder named by a date."""
    folders = PurePosixPath(source_file).parts[:-1]
    for folder in folders:
        if _ARCHIVE_TIMESTAMP.match(folder) and (day := timestamp_day(folder)):
            return day
    return next((named for folder in reversed(folders) if (named := date_from_name(folder))), None)
