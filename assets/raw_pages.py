"""``raw_pages``: the scrapers' folder, an observable source asset.

Each observation records a data version: a fingerprint of the folder's file names, sizes and mtimes
(no file is read, so observing 20,000 pages takes a directory scan). The UI's raw_pages timeline
then shows when pages changed, and Dagster marks the assets built from an older version as stale.
The raw-pages sensor records an observation whenever the fingerprint changes; "Observe" in the UI
records one on demand.
"""

from __future__ import annotations

import hashlib

from dagster import DataVersion, observable_source_asset

from assets.resources import PaperlakeResource
from pipeline.ingest import scan_raw_dir

GROUP = "paperlake"


def raw_dir_state(paperlake: PaperlakeResource) -> str:
    """Fingerprint of the raw folder from file names, sizes and mtimes - no file is read."""
    digest = hashlib.sha256()
    for entry in scan_raw_dir(paperlake.settings().raw_dir):
        digest.update(f"{entry.source_file}\0{entry.size_bytes}\0{entry.mtime_ns}\0{entry.status}\n".encode())
    return digest.hexdigest()[:32]


@observable_source_asset(
    group_name=GROUP,
    description="Listing pages saved as text in PAPERLAKE_RAW_DIR (external: written by scrapers). "
    "Its data version is a fingerprint of the folder's file names, sizes and mtimes.",
)
def raw_pages(paperlake: PaperlakeResource) -> DataVersion:
    return DataVersion(raw_dir_state(paperlake))
