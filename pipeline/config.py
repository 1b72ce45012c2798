"""Where paperlake reads pages from and writes everything to.

Two environment variables configure the whole product, so the CLI, the Dagster UI, the sensor and
the tests always agree on the same folders:

* ``PAPERLAKE_RAW_DIR``  - folder of raw listing pages (default: the bundled ``data/raw``), or an
  object-storage prefix such as ``s3://bucket/pages`` (endpoint and credentials from the standard
  ``AWS_*`` variables; see ``pipeline.storage``).
* ``PAPERLAKE_DATA_DIR`` - folder for Parquet, the warehouse and Dagster's home (default: ``var/``
  in the repository, git-ignored).
* ``PAPERLAKE_PARQUET_URI`` - optional: where the canonical Parquet dataset goes instead of
  ``<data dir>/parquet``, e.g. ``s3://bucket/lake``. The lock, DuckDB's spill files, the warehouse
  and Dagster's home stay in the (local) data dir.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.storage import Location, to_location

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
BUNDLED_RAW_DIR = PROJECT_ROOT / "data" / "raw"
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"


@dataclass(frozen=True)
class Settings:
    """Resolved folders of one paperlake deployment."""

    raw_dir: Location  # a local Path, or a UPath for an object-storage prefix
    data_dir: Path
    parquet_location: Location | None = None  # PAPERLAKE_PARQUET_URI; None: <data dir>/parquet

    @classmethod
    def from_env(
        cls,
        raw_dir: str | os.PathLike | None = None,
        data_dir: str | os.PathLike | None = None,
        parquet_uri: str | os.PathLike | None = None,
    ) -> Settings:
        """Explicit arguments win, then the environment, then the bundled defaults."""
        raw = raw_dir or os.environ.get("PAPERLAKE_RAW_DIR") or BUNDLED_RAW_DIR
        data = data_dir or os.environ.get("PAPERLAKE_DATA_DIR") or DEFAULT_DATA_DIR
        parquet = parquet_uri or os.environ.get("PAPERLAKE_PARQUET_URI") or None
        return cls(
            raw_dir=to_location(raw),
            data_dir=Path(data).expanduser().resolve(),
            parquet_location=to_location(parquet) if parquet else None,
        )

    # Layout of the data dir. Everything under parquet/ is the canonical dataset; the warehouse is a
    # published, read-only product rebuilt from it.
    @property
    def parquet_dir(self) -> Location:
        """The canonical dataset: ``<data dir>/parquet``, or ``PAPERLAKE_PARQUET_URI`` if set."""
        return self.parquet_location if self.parquet_location is not None else self.data_dir / "parquet"

    @property
    def pages_dir(self) -> Location:
        """Content-addressed parse results: one folder entry per distinct page content (sha256)."""
        return self.parquet_dir / "pages"

    @property
    def source_files_path(self) -> Location:
        return self.parquet_dir / "source_files.parquet"

    @property
    def papers_path(self) -> Location:
        return self.parquet_dir / "papers.parquet"

    @property
    def paper_keys_path(self) -> Location:
        return self.parquet_dir / "paper_keys.parquet"

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def keep_standby(self) -> bool:
        """Keep the replaced warehouse as ``warehouse.duckdb.standby`` for the next incremental build to
        patch instead of copying the published file (``pipeline.standby``); ``PAPERLAKE_WAREHOUSE_STANDBY=0``
        trades that speed for the disk space of a second warehouse."""
        setting = os.environ.get("PAPERLAKE_WAREHOUSE_STANDBY", "1").strip().lower()
        return setting not in {"0", "false", "no", "off"}

    @property
    def dagster_home(self) -> Path:
        return self.data_dir / "dagster_home"

    @property
    def refresh_log_path(self) -> Path:
        """One JSON line per refresh run from the command line (``pipeline.refresh_log``)."""
        return self.data_dir / "refresh_log.jsonl"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / ".paperlake.lock"

    @property
    def duckdb_temp_dir(self) -> Path:
        """Where DuckDB spills when a build needs more than its memory limit."""
        return self.data_dir / "duckdb_tmp"

    @property
    def duckdb_memory_limit(self) -> str | None:
        """DuckDB's memory limit for builds (``PAPERLAKE_DUCKDB_MEMORY``, e.g. ``4GB``); None = paperlake's
        default, a quarter of the machine's memory and at most 2 GiB (3 GiB for the papers stage's identity;
        ``pipeline.sql.default_memory_limit``).

        Measured at 20,000 pages (docs/scaling.md): without a limit (DuckDB's own default is 80% of
        RAM) the warehouse build grew to 21 GB; under the default the builds spill to
        ``duckdb_temp_dir`` and the warehouse's topic scoring works batch by batch.
        """
        return os.environ.get("PAPERLAKE_DUCKDB_MEMORY") or None
