"""The warehouse's data checks: which table each one tests, and running them on a build.

Each check is one SQL file of ``sql/checks`` that returns the failing rows (none = pass). They run
on the *unpublished* build (write, audit, publish): a failing blocking check keeps the last good
warehouse published. In a full build they scan whole tables; in a patched one, the rows the patch
wrote (``run_checks(patched=True)``).
The Dagster layer attaches each check to the asset of its table, so the UI shows it on that table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from pipeline.sql import run_file, sql_text


@dataclass(frozen=True)
class Check:
    name: str
    table: str  # the warehouse table it tests
    description: str
    blocking: bool = True  # a failure keeps the previous warehouse published

    @property
    def sql(self) -> str:
        return f"checks/{self.name}.sql"


CHECKS: tuple[Check, ...] = (
    Check("unique_source_files", "source_files", "Each raw file listed once, with a name and a status."),
    Check(
        "source_files_accounted",
        "source_files",
        "Each file's n_records equals its rows in sightings: nothing silently dropped.",
    ),
    Check("unique_sighting_keys", "sightings", "(source_file, position) is unique and not null."),
    Check(
        "sightings_match_papers",
        "sightings",
        "Every sighting's paper_id is in papers, every paper has sightings, n_sightings agrees.",
    ),
    Check(
        "listing_dates_in_capture_window",
        "sightings",
        "listing_date lies within the year before the page's capture date (one day of slack), or "
        "further back where only the mtime dated the page and its arXiv ids place it, or where an "
        "export's record names its own full listing day.",
    ),
    Check("unique_paper_ids", "papers", "paper_id occurs once in papers."),
    Check("non_empty_titles", "papers", "No paper or sighting has a blank title (abstracts may be missing)."),
    Check(
        "paper_topics_in_taxonomy",
        "papers",
        "Every paper's topic and topics come from the taxonomy (topics), primary topic first.",
    ),
    Check("topic_scores_match", "paper_topic_scores", "Scores only for known papers and taxonomy topics."),
    Check("links_match_papers", "paper_links", "Links belong to known papers; one row per link per paper."),
    Check("aliases_match_papers", "paper_aliases", "Every record key maps to one known paper."),
    Check(
        "rejects_accounted",
        "rejects",
        "Each file's n_rejects equals its rows in rejects; no reject of an unknown file.",
    ),
)


@dataclass
class CheckOutcome:
    name: str
    failures: int
    sample: list[tuple] = field(default_factory=list)
    table: str = ""
    blocking: bool = True

    @property
    def passed(self) -> bool:
        return self.failures == 0


def run_checks(con: duckdb.DuckDBPyConnection, *, patched: bool = False) -> list[CheckOutcome]:
    """Run every check on the database ``con`` points at; each returns its failing rows.

    ``patched``: ``con`` holds a patched copy of a build that passed every check, and the temp tables
    of the patch (sql/delta); the checks then look only at the rows of the files and papers the patch
    wrote, each against the whole tables it refers to (sql/checks/_scope_patched_rows.sql). Over
    whole tables they grew with the corpus: 1.9 s of a one-page refresh at 20,000 pages.
    """
    run_file(con, "checks/_scope_patched_rows.sql" if patched else "checks/_scope_all_rows.sql")
    outcomes = []
    for check in CHECKS:
        rows = con.execute(sql_text(check.sql)).fetchall()
        outcomes.append(CheckOutcome(check.name, len(rows), rows[:5], check.table, check.blocking))
    return outcomes


def blocking_failures(outcomes: list[CheckOutcome]) -> list[CheckOutcome]:
    """The failed checks that must keep this build from being published."""
    return [c for c in outcomes if c.blocking and not c.passed]


def describe_failures(failed: list[CheckOutcome]) -> str:
    """One sentence naming each failed check, its table and a sample of its failing rows."""
    parts = [f"{c.name} on {c.table} ({c.failures} failing rows, e.g. {c.sample[:2]!r})" for c in failed]
    return "; ".join(parts)
