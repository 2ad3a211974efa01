"""Turn cleaned shards into the staged partitions of one ingest date.

Run columns (`run_id`, `ingested_at`) are added here rather than during cleaning, so a shard
cleaned by an earlier, interrupted attempt can be reused as is.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.schema import file_schema
from pipeline.storage import Storage
from pipeline.warehouse import partition_path, staging_root


def with_run_columns(table: pa.Table, schema: pa.Schema, run_id: str,
                     ingested_at: dt.datetime | None = None) -> pa.Table:
    """`table` with the run columns filled, laid out as `schema` (extra columns dropped)."""
    constants = {
        "run_id": pa.scalar(run_id, pa.string()),
        "ingested_at": pa.scalar(ingested_at, pa.timestamp("us", tz="UTC")),
    }
    arrays = [pa.repeat(constants[f.name], table.num_rows) if f.name in constants
              else table[f.name] for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def stage_articles(shard: Storage, path: str, part: str, warehouse: Storage, *, run_id: str,
                   date: dt.date, ingested_at: dt.datetime) -> dict[str, int]:
    """Stage one cleaned shard's articles, one file per language; returns rows per language."""
    table = shard.read_table(path)
    schema = file_schema("articles")
    root = f"{staging_root(run_id)}/{partition_path('articles', date)}"
    counts: dict[str, int] = {}
    for language in sorted(pc.unique(table["language"]).to_pylist()):
        rows = table.filter(pc.equal(table["language"], language))
        out = with_run_columns(rows, schema, run_id, ingested_at)
        warehouse.write_table(out, f"{root}/language={language}/{part}.parquet")
        counts[language] = out.num_rows
    return counts


def stage_rejects(shard: Storage, path: str, part: str, warehouse: Storage, *, run_id: str,
                  date: dt.date) -> int:
    """Stage one file of rejects (skipped when empty); returns its row count."""
    table = shard.read_table(path)
    if table.num_rows == 0:
        return 0
    out = with_run_columns(table, file_schema("rejects"), run_id)
    root = f"{staging_root(run_id)}/{partition_path('rejects', date)}"
    warehouse.write_table(out, f"{root}/{part}.parquet")
    return out.num_rows
