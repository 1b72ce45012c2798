"""paperlake's plain-Python core: reading pages, normalising, identity, dates, topics, the warehouse.

Nothing in this package imports Dagster; the Dagster layer lives in ``assets/`` and calls in here.
"""
