"""Data-quality rules that need no warehouse: reject rates of the parsed pages.

A layout change upstream shows up as pages that suddenly yield rejects instead of records. One odd
file among many is reported (warning); a jump in the overall reject share blocks the downstream
build so nobody publishes a warehouse silently missing most of a day's papers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pyarrow as pa

MAX_OVERALL_REJECT_RATE = float(os.environ.get("PAPERLAKE_MAX_REJECT_RATE", "0.05"))
FILE_REJECT_RATE = 0.5  # a file is flagged when at least half of its paragraphs were rejected
FILE_MIN_REJECTS = 3


@dataclass
class RejectRate:
    records: int
    rejects: int
    flagged_files: list[dict]  # source_file, n_records, n_rejects, rate

    @property
    def rate(self) -> float:
        total = self.records + self.rejects
        return self.rejects / total if total else 0.0

    def describe(self) -> str:
        text = f"{self.rejects} rejects vs {self.records} records ({self.rate:.1%} rejected)"
        if self.flagged_files:
            names = ", ".join(f"{f['source_file']} ({f['rate']:.0%})" for f in self.flagged_files[:5])
            more = len(self.flagged_files) - 5
            text += f"; mostly-rejected files: {names}" + (f" and {more} more" if more > 0 else "")
        return text


def reject_rate(manifest: pa.Table) -> RejectRate:
    """Overall and per-file reject rates over files that held text (status ok or no_records)."""
    records = rejects = 0
    flagged = []
    cols = ["source_file", "status", "n_records", "n_rejects"]
    for row in manifest.select(cols).to_pylist():
        if row["status"] not in ("ok", "no_records"):
            continue
        records += row["n_records"]
        rejects += row["n_rejects"]
        total = row["n_records"] + row["n_rejects"]
        rate = row["n_rejects"] / total if total else 0.0
        if row["n_rejects"] >= FILE_MIN_REJECTS and rate >= FILE_REJECT_RATE:
            flagged.append({**row, "rate": rate})
    return RejectRate(records, rejects, flagged)
