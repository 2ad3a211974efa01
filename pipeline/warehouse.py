"""Warehouse layout and atomic publication of one ingest date.

Layout (hive-style, see README "Warehouse contract"):

    articles/ingest_date=D/language=xx/part-NNNNN.parquet
    rejects/ingest_date=D/part-*.parquet
    stories/ingest_date=D/part-00000.parquet   one row per story with articles on D
    runs/ingest_date=D/part-00000.parquet      one row: the run that produced D's contents
    _staging/<run_id>/...                      built here, outside every published table
    _work/...                                  intermediate task outputs (see tasks/)

Publishing a date renames each staged `ingest_date=D` directory into place, moving the
previous one aside first. A reader sees the old partition or the new one, never a mix and
never a temporary file; DuckDB's `**/*.parquet` globs under a table never meet `_staging`.
The `runs` partition moves last, so its row marks a date whose tables are all in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyarrow as pa

from pipeline.schema import TABLES, file_schema
from pipeline.storage import Storage

STAGING_DIR = "_staging"
WORK_DIR = "_work"
RUN_FILE = "part-00000.parquet"
# Order of the renames: `runs` last, because its row is the date's "published" marker.
PUBLISH_ORDER = ("articles", "rejects", "stories", "runs")


def date_partition(date: dt.date) -> str:
    """The hive directory name of an ingest date."""
    return f"ingest_date={date.isoformat()}"


def partition_path(table: str, date: dt.date) -> str:
    """Path of a table's date partition, relative to the warehouse root."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}")
    return f"{table}/{date_partition(date)}"


@dataclass(frozen=True)
class PublishedRun:
    """What the warehouse says about the run that produced a date's current contents."""

    run_id: str
    dump: str
    dump_fingerprint: str
    row: dict


def published_run(warehouse: Storage, date: dt.date) -> PublishedRun | None:
    """The run recorded for `date`, or None if nothing is published for it."""
    path = f"{partition_path('runs', date)}/{RUN_FILE}"
    if not warehouse.exists(path):
        return None
    row = warehouse.read_table(path).to_pylist()[0]
    return PublishedRun(row["run_id"], row["dump"], row["dump_fingerprint"], row)


class DateAlreadyIngested(RuntimeError):
    """The date holds the output of a different dump, and overwrite was not asked for."""


def check_date_is_free(warehouse: Storage, date: dt.date, fingerprint: str,
                       overwrite: bool) -> PublishedRun | None:
    """Refuse to replace a date published from a different dump unless `overwrite` is set.

    Returns the published run, if any, so callers can report it.
    """
    current = published_run(warehouse, date)
    if current and not overwrite and current.dump_fingerprint != fingerprint:
        raise DateAlreadyIngested(
            f"ingest_date={date} already holds run {current.run_id} from dump {current.dump} "
            f"(fingerprint {current.dump_fingerprint[:12]}), and this dump differs "
            f"(fingerprint {fingerprint[:12]}). Re-run with OVERWRITE=1 (--overwrite) to "
            "replace that date."
        )
    return current


def staging_root(run_id: str) -> str:
    """Where a run builds its partitions before publishing them."""
    return f"{STAGING_DIR}/{run_id}"


def publish_staged(warehouse: Storage, date: dt.date, run_id: str) -> None:
    """Swap the run's staged partitions of `date` into place, table by table, `runs` last.

    A table with no staged partition (no rejects, say) still loses its old partition, so an
    overwrite never leaves rows of the previous run behind.
    """
    root = staging_root(run_id)
    for table in PUBLISH_ORDER:
        final = partition_path(table, date)
        staged = f"{root}/{final}"
        replaced = f"{root}/replaced/{table}"
        if warehouse.exists(final):
            warehouse.move(final, replaced)
        if warehouse.exists(staged):
            warehouse.move(staged, final)
    warehouse.delete(root)
    delete_if_empty(warehouse, STAGING_DIR)


def delete_if_empty(storage: Storage, directory: str) -> None:
    """Remove `directory` if nothing is left in it (another run may still be using it)."""
    if not storage.list_files(directory) and not storage.list_dirs(directory):
        storage.delete(directory)


def write_run_row(warehouse: Storage, run_id: str, date: dt.date, row: dict) -> None:
    """Stage the one-row `runs` partition for `date`."""
    table = pa.Table.from_pylist([row], schema=file_schema("runs"))
    path = f"{staging_root(run_id)}/{partition_path('runs', date)}/{RUN_FILE}"
    warehouse.write_table(table, path)
