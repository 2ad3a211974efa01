"""Stories of the ingest dates just before this one, read back from the warehouse.

A daily run matches its articles against them, so a story that continues keeps its id. Only
earlier dates are read: re-running a date never matches it against its own previous output.
"""

from __future__ import annotations

import datetime as dt

from pipeline.schema import file_schema
from pipeline.storage import Storage
from pipeline.stories.grouping import Story
from pipeline.stories.tables import latest_first, stories_from_table
from pipeline.warehouse import partition_path


def recent_stories(warehouse: Storage, date: dt.date, lookback_days: int) -> list[Story]:
    """Stories published for the `lookback_days` ingest dates before `date`, newest first."""
    found: list[Story] = []
    for days_back in range(lookback_days, 0, -1):
        directory = partition_path("stories", date - dt.timedelta(days=days_back))
        if not warehouse.exists(directory):
            continue
        for info in sorted(warehouse.list_files(directory), key=lambda i: i.path):
            if info.path.endswith(".parquet"):
                table = warehouse.read_table(warehouse.relative(info.path),
                                             columns=file_schema("stories").names)
                found += stories_from_table(table)
    return latest_first(found)
