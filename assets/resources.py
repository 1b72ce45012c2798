"""The one resource every asset uses: where the raw pages are and where data goes."""

from __future__ import annotations

from dagster import ConfigurableResource

from pipeline.config import Settings


class PaperlakeResource(ConfigurableResource):
    """Folders of this deployment. Empty values fall back to PAPERLAKE_RAW_DIR / PAPERLAKE_DATA_DIR,
    then to the bundled pages and ``var/`` (read at run time, so the UI and the CLI agree)."""

    raw_dir: str = ""
    data_dir: str = ""
    workers: int = 0  # parse processes; 0 = one per core

    def settings(self) -> Settings:
        return Settings.from_env(self.raw_dir or None, self.data_dir or None)

    def worker_count(self) -> int | None:
        return self.workers or None
