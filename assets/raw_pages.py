"""``raw_pages``: the scrapers' folder, an observable source asset.

Each observation records a data version: a fingerprint of the folder's file names, sizes and mtimes
(no file is read, so observing 20,000 pages takes a directory scan). The UI's raw_pages timeline
then shows when pages changed, and Dagster marks the assets built from an older version as stale.
The raw-pages sensor records an observation whenever the fingerprint changes; "Observe" in the UI
records one on demand.
"""

from __future__ import annotations

import warnings

from dagster import BetaWarning, DataVersion, observable_source_asset

from assets.resources import PaperlakeResource
from pipeline.raw_scan import raw_listing_state, scan_raw_dir

GROUP = "paperlake"


def raw_dir_state(paperlake: PaperlakeResource) -> str:
    """Fingerprint of the raw folder from file names, sizes and mtimes - no file is read."""
    return raw_listing_state(scan_raw_dir(paperlake.settings().raw_dir))


def _observe_raw_pages(paperlake: PaperlakeResource) -> DataVersion:
    return DataVersion(raw_dir_state(paperlake))


# Dagster marks observable source assets as beta and warns each time one is declared: that warning
# would be printed by every `paperlake refresh`, where it tells a user nothing.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", BetaWarning)
    raw_pages = observable_source_asset(
        name="raw_pages",
        group_name=GROUP,
        description="Listing pages saved as text in PAPERLAKE_RAW_DIR (external: written by scrapers). "
        "Its data version is a fingerprint of the folder's file names, sizes and mtimes.",
    )(_observe_raw_pages)
