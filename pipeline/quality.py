"""Data-quality rules that need no warehouse: reject rates of the parsed pages.

A layout change upstream shows up as pages that suddenly yield rejects instead of records. One odd
file among many is reported (warning); a jump in the overall reject share blocks the downstream
build so nobody publishes a warehouse silently missing most of a day's papers. The share is taken
without the few mostly-rejected files (one, or up to a twentieth of the files with text, holding at
most a third of the paragraphs), which the warning names: a digest whose cards carry extra bullets
must not hold back everyone's pages, while a change that breaks many files still blocks.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pyarrow as pa

MAX_OVERALL_REJECT_RATE = float(os.environ.get("PAPERLAKE_MAX_REJECT_RATE", "0.05"))
SUSPECT_MIN_LINKS = 5  # a page showing this many paper ids ...
SUSPECT_CARD_SHARE = 0.5  # ... of which fewer than this share became cards looks broken
SUSPECT_MIN_REJECTS = 10  # at least this many rejects ...
SUSPECT_REJECT_RATIO = 2.0  # ... and this many times as many rejects as records looks broken
COLLAPSE_SHARE = 0.5  # more than this share of a run's new or changed files suspect: the batch collapsed
# the site's paper links, absolute or root-relative as converters keep them ("](/papers/…", "[/papers/…]"):
# found by their literal "/papers/" (a pattern starting with an alternation is tried at every
# character: 4.2 of 55 CPU s of a 2,000-page ingest), then told apart by what stands before it
_PAPER_PATH_IDS = re.compile(r"/papers/(\d{4}\.\d{4,5})")
FILE_REJECT_RATE = 0.5  # a file is flagged when at least half of its paragraphs were rejected
FILE_MIN_REJECTS = 3
ODD_FILES_SHARE = 0.05  # flagged files left out of the overall share: one, or up to this share of the files
ODD_PARAGRAPHS_SHARE = 1 / 3  # ... holding at most this share of all paragraphs (they are no corpus)
FLAT_MAX_LINES = 3  # a page's text on at most this many lines ...
FLAT_MIN_CHARS = 5_000  # ... one of them at least this long, has lost its line breaks


@dataclass
class RejectRate:
    records: int
    rejects: int
    flagged_files: list[dict]  # source_file, n_records, n_rejects, rate
    set_aside: list[dict] = field(default_factory=list)  # the few flagged files the rate leaves out

    @property
    def rate(self) -> float:
        """The reject share of the files' paragraphs, without the files set aside."""
        records = self.records - sum(f["n_records"] for f in self.set_aside)
        rejects = self.rejects - sum(f["n_rejects"] for f in self.set_aside)
        return rejects / (records + rejects) if records + rejects else 0.0

    def describe(self) -> str:
        text = f"{self.rejects} rejects vs {self.records} records"
        if self.set_aside:
            text += (
                f"; {self.rate:.1%} rejected without the {len(self.set_aside)} mostly-rejected file(s), "
                "whose records are published and whose rejects are kept"
            )
        else:
            text += f" ({self.rate:.1%} rejected)"
        if self.flagged_files:
            names = ", ".join(f"{f['source_file']} ({f['rate']:.0%})" for f in self.flagged_files[:5])
            more = len(self.flagged_files) - 5
            text += f"; mostly-rejected files: {names}" + (f" and {more} more" if more > 0 else "")
        return text


def reject_rate(manifest: pa.Table) -> RejectRate:
    """Overall and per-file reject rates over files that held text (status ok or no_records)."""
    records = rejects = files = 0
    flagged = []
    cols = ["source_file", "status", "n_records", "n_rejects"]
    for row in manifest.select(cols).to_pylist():
        if row["status"] not in ("ok", "no_records"):
            continue
        files += row["n_records"] + row["n_rejects"] > 0  # files with text read: an empty one counts not
        records += row["n_records"]
        rejects += row["n_rejects"]
        total = row["n_records"] + row["n_rejects"]
        rate = row["n_rejects"] / total if total else 0.0
        if row["n_rejects"] >= FILE_MIN_REJECTS and rate >= FILE_REJECT_RATE:
            flagged.append({**row, "rate": rate})
    paragraphs = sum(f["n_records"] + f["n_rejects"] for f in flagged)
    odd = (
        files > 1
        and len(flagged) <= max(1, ODD_FILES_SHARE * files)
        and paragraphs <= ODD_PARAGRAPHS_SHARE * (records + rejects)
    )
    return RejectRate(records, rejects, flagged, flagged if odd else [])


def flattened_reason(text: str) -> str | None:
    """Why a page with no card read has none, when its text lost its line breaks, or None.

    Some extractors join a page's text into one line (trafilatura's ``html2txt`` and ``baseline``,
    BeautifulSoup's ``get_text(" ")``): nothing then tells where a title ends and its abstract
    starts, so no card can be read without guessing. The page is kept (its text is a reject) and
    the user is told how to save it instead."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or len(lines) > FLAT_MAX_LINES:
        return None
    longest = max(len(line) for line in lines)
    if longest < FLAT_MIN_CHARS:
        return None
    return (
        f"the page's text is on {len(lines)} line(s), the longest {longest:,} characters: the tool that "
        "saved it joined the page's text into one line (e.g. trafilatura's html2txt or BeautifulSoup's "
        "get_text(' ')), so nothing tells a title from its abstract; save the page with its line breaks "
        "(get_text('\\n'), trafilatura's extract, a browser's Save as Text) and refresh"
    )


def paper_link_ids(text: str) -> set[str]:
    """The arXiv ids of the site's paper links in ``text``: ``huggingface.co/papers/<id>``, or
    ``/papers/<id>`` after a bracket, a parenthesis or a space (a converter's root-relative link)."""
    ids = set()
    for match in _PAPER_PATH_IDS.finditer(text):
        at = match.start()
        before = text[at - 1 : at]  # "" at the start of the text
        if text.endswith("huggingface.co", 0, at) or (before != "" and (before in "([" or before.isspace())):
            ids.add(match[1])
    return ids


def suspect_reason(text: str, n_records: int, n_rejects: int, linked_papers: int = 0) -> str | None:
    """Why a page's extraction looks broken, or None. A page whose cards show paper links but of
    which few were read, or whose card-like blocks were mostly rejected, is quarantined (its
    records are not published) rather than allowed to publish a fraction of its papers.
    ``linked_papers``: the papers an HTML page links, counted in the HTML (its text, written from
    it, keeps only links that show text)."""
    ids = max(len(paper_link_ids(text)), linked_papers)
    if ids >= SUSPECT_MIN_LINKS and n_records < SUSPECT_CARD_SHARE * ids:
        return (
            f"extraction looks broken: the page links {ids} papers but only {n_records} paper cards "
            "were read; the file is quarantined (status suspect), see its rejects"
        )
    if n_rejects >= SUSPECT_MIN_REJECTS and n_rejects > SUSPECT_REJECT_RATIO * n_records:
        return (
            f"extraction looks broken: {n_rejects} card-like blocks rejected against {n_records} "
            "records; the file is quarantined (status suspect), see its rejects"
        )
    return None


@dataclass
class BatchHealth:
    """Suspect files overall and among the files this run added or changed."""

    suspect_files: list[dict]  # source_file, error
    touched: int
    touched_suspect: int

    @property
    def collapsed(self) -> bool:
        return self.touched >= 2 and self.touched_suspect > COLLAPSE_SHARE * self.touched

    def describe(self) -> str:
        if not self.suspect_files:
            return "no file is suspect"
        names = ", ".join(f["source_file"] for f in self.suspect_files[:5])
        more = len(self.suspect_files) - 5
        text = f"{len(self.suspect_files)} suspect file(s), quarantined: {names}" + (
            f" and {more} more" if more > 0 else ""
        )
        if self.collapsed:
            text += (
                f". {self.touched_suspect} of the {self.touched} files new or changed in this run look "
                "broken: the exporter or its settings probably changed; look at these files' rejects "
                "(paperlake sql \"SELECT * FROM rejects WHERE source_file = '...'\") before publishing"
            )
        return text


def batch_health(manifest: pa.Table) -> BatchHealth:
    """Suspect (quarantined) files, and how many of this run's new or changed files they are."""
    cols = ["source_file", "status", "change", "error", "quarantined_sha256"]
    suspect, touched, touched_suspect = [], 0, 0
    for row in manifest.select(cols).to_pylist():
        is_suspect = row["status"] == "suspect" or row["quarantined_sha256"] is not None
        if is_suspect:
            suspect.append({"source_file": row["source_file"], "error": row["error"]})
        if row["change"] in ("new", "changed") and row["status"] not in ("duplicate", "ignored"):
            touched += 1
            touched_suspect += int(is_suspect)
    return BatchHealth(suspect, touched, touched_suspect)


@dataclass
class IngestCheck:
    """One check of the parsed pages, as both the Dagster asset and a command-line refresh report it."""

    name: str
    passed: bool
    blocking: bool  # a failure stops the refresh before papers and warehouse are rebuilt
    description: str
    metadata: dict


def ingest_checks(manifest: pa.Table) -> list[IngestCheck]:
    """The reject-rate and batch-health checks over the files' manifest, blocking ones first."""
    rates = reject_rate(manifest)
    health = batch_health(manifest)
    return [
        IngestCheck(
            "reject_rate",
            rates.rate <= MAX_OVERALL_REJECT_RATE,
            True,
            rates.describe(),
            {
                "reject_rate": rates.rate,
                "rejects": rates.rejects,
                "records": rates.records,
                "files_set_aside": [f["source_file"] for f in rates.set_aside],
            },
        ),
        IngestCheck(
            "batch_not_collapsed",
            not health.collapsed,
            True,
            health.describe(),
            {"touched": health.touched, "touched_suspect": health.touched_suspect},
        ),
        IngestCheck(
            "files_mostly_rejected",
            not rates.flagged_files,
            False,
            rates.describe(),
            {"flagged_files": rates.flagged_files[:100]},
        ),
        IngestCheck(
            "suspect_files",
            not health.suspect_files,
            False,
            health.describe(),
            {"suspect_files": health.suspect_files[:100]},
        ),
    ]
