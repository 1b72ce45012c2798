"""paperlake's Dagster layer: assets, checks, sensor, schedule, resources and Definitions.

Thin on purpose: every asset calls one function of ``pipeline`` and reports what it did.
"""
