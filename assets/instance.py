"""The persistent Dagster instance paperlake runs against, so CLI runs show up in the UI."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config import Settings

DAGSTER_YAML = """\
# Written by paperlake. One writer at a time: every asset that writes the data dir is in the
# paperlake_writer pool. Under `dagster dev` the daemon frees a killed run's slot after a minute;
# `paperlake refresh` (no daemon) frees the slots of runs whose process is gone before it starts.
concurrency:
  pools:
    default_limit: 1
  runs:
    max_concurrent_runs: 1
run_monitoring:
  enabled: true
  free_slots_after_run_end_seconds: 60
telemetry:
  enabled: false
"""


def ensure_dagster_home(settings: Settings) -> Path:
    """Use $DAGSTER_HOME if set, else ``<data dir>/dagster_home``; write dagster.yaml if missing."""
    home = Path(os.environ.get("DAGSTER_HOME") or settings.dagster_home)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return home
