"""The one resource every asset uses: where the raw pages are and where data goes."""

from __future__ import annotations

from dagster import ConfigurableResource

from pipeline.config import Settings


class PaperlakeResource(ConfigurableResource):
    """Folders of this deployment. Empty values fall back to PAPERLAKE_RAW_DIR / PAPERLAKE_DATA_DIR /
    PAPERLAKE_PARQUET_URI, then to the bundled pages, ``var/`` and ``<data dir>/parquet`` (read at
    run time, so the UI and the CLI agree)."""

    raw_dir: str = ""
    data_dir: str = ""
    parquet_uri: str = ""  # the Parquet dataset elsewhere, e.g. s3://bucket/lake
    workers: int = 0  # parse processes; 0 = one per core

    def settings(self) -> Settings:
        return Settings.from_env(self.raw_dir or None, self.data_dir or None, self.parquet_uri or None)

    def worker_count(self) -> int | None:
        return self.workers or None
