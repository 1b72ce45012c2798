"""The ``source_files`` manifest (``parquet/source_files.parquet``): every raw file, its content hash,
status and dates, as the last ingest found it. The ingest writes it; the papers and warehouse stages
read it to know which shards are current, without loading the ingest or the parser.
"""

from __future__ import annotations

import hashlib
import logging

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.config import Settings
from pipeline.parser_version import PARSER_VERSION
from pipeline.storage import read_parquet_table

log = logging.getLogger("paperlake")  # repairs the user should see (the CLI prints them)

SOURCE_FILE_SCHEMA = pa.schema(
    [
        ("source_file", pa.string()),
        ("sha256", pa.string()),
        ("size_bytes", pa.int64()),
        ("mtime", pa.timestamp("us", tz="UTC")),
        ("mtime_ns", pa.int64()),
        ("layout", pa.string()),
        ("encoding", pa.string()),
        ("status", pa.string()),
        ("n_records", pa.int32()),
        ("n_rejects", pa.int32()),
        ("error", pa.string()),
        ("warnings", pa.string()),
        ("duplicate_of", pa.string()),
        ("captured_at", pa.date32()),
        ("capture_source", pa.string()),
        ("page_date_text", pa.string()),
        ("listing_date", pa.date32()),
        ("date_source", pa.string()),
        ("exported", pa.date32()),
        ("parser_version", pa.int32()),
        ("change", pa.string()),
        ("page_kind", pa.string()),
        ("search_query", pa.string()),
        ("page_url", pa.string()),
        ("quarantined_sha256", pa.string()),
    ]
)

# Content statuses (decided by the bytes alone) and file statuses (decided by the file system).
CONTENT_STATUSES = ("ok", "no_records", "document", "suspect", "empty", "binary", "html", "parse_error")
# Contents whose text is kept: their records (ok) and rejects are in shards.
TEXT_STATUSES = ("ok", "no_records", "document", "suspect")
FILE_STATUSES = ("duplicate", "unreadable", "too_large", "unstable", "ignored")


def read_manifest(settings: Settings) -> pa.Table | None:
    """The ``source_files`` manifest, or None when there is none yet or it is damaged.

    A damaged manifest (cut short, overwritten) is rebuilt by the next ingest from the raw folder and
    the shards, which are keyed by content: every file is hashed again, no page is parsed again.
    """
    try:
        return read_parquet_table(settings.source_files_path)
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException) as exc:
        log.warning(
            "%s is damaged (%s): rebuilding it from the raw folder (pages are hashed, not parsed, again)",
            settings.source_files_path,
            " ".join(str(exc).split()),
        )
        return None


def manifest_fingerprint(table: pa.Table) -> str:
    """Hash of everything downstream depends on: which content is where, and its dates."""
    cols = [
        "source_file",
        "sha256",
        "status",
        "duplicate_of",
        "listing_date",
        "captured_at",
        "date_source",
        "quarantined_sha256",
    ]
    return _table_digest(table.select(cols), f"parser={PARSER_VERSION}")


# Metadata key of the manifest: a hash of every column but ``change``. The warehouse's source_files
# table shows them all (size, mtime, ...), so it is rebuilt when any of them changes - a touched
# but unchanged page used to leave a stale mtime - while papers follow ``manifest_fingerprint``.
ROWS_FINGERPRINT = "paperlake_rows_fingerprint"


def rows_fingerprint(table: pa.Table) -> str:
    """Hash of every manifest column except the per-run ``change``, in file order."""
    return _table_digest(table.drop_columns(["change"]), "rows")


def _table_digest(table: pa.Table, salt: str) -> str:
    """sha256 of the rows sorted by source_file, as Arrow IPC bytes: one pass in C over the columns
    (hashing each row's ``repr`` cost 0.3 s for 20,000 files on every refresh). Another pyarrow may
    write other bytes: that costs one rebuild, never a wrong skip."""
    ordered = table.take(pc.sort_indices(table, [("source_file", "ascending")]))
    ordered = ordered.replace_schema_metadata(None).combine_chunks()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, ordered.schema) as writer:
        writer.write_table(ordered)
    digest = hashlib.sha256(salt.encode())
    digest.update(sink.getvalue())
    return digest.hexdigest()[:32]
