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


def with_story_columns(table: pa.Table, story_map: pa.Table) -> pa.Table:
    """`table` with `story_id` and `duplicate_of` filled from the grouping task's map.

    Looked up by position (not a join), so the rows keep their order.
    """
    positions = pc.index_in(table["doc_id"], value_set=story_map["doc_id"])
    if positions.null_count:
        raise ValueError(f"{positions.null_count} articles are missing from the story map")
    for name in ("story_id", "duplicate_of"):
        column = pc.take(story_map[name], positions)
        table = table.set_column(table.schema.get_field_index(name),
                                 table.schema.field(name), column)
    return table


def stage_articles(shard: Storage, path: str, part: str, warehouse: Storage, *, run_id: str,
                   date: dt.date, ingested_at: dt.datetime,
                   story_map: pa.Table) -> dict[str, int]:
    """Stage one cleaned shard's articles, one file per language; returns rows per language."""
    table = with_story_columns(shard.read_table(path), story_map)
    schema = file_schema("articles")
    root = f"{staging_root(run_id)}/{partition_path('articles', date)}"
    counts: dict[str, int] = {}
    for language in sorted(pc.unique(table["language"]).to_pylist()):
        rows = table.filter(pc.equal(table["language"], language))
        out = with_run_columns(rows, schema, run_id, ingested_at)
        warehouse.write_table(out, f"{root}/language={language}/{part}.parquet")
        counts[language] = out.num_rows
    return counts


def stage_stories(work: Storage, path: str, warehouse: Storage, *, run_id: str,
                  date: dt.date) -> int:
    """Stage the date's stories (skipped when there are none); returns the row count."""
    table = work.read_table(path)
    if table.num_rows == 0:
        return 0
    out = with_run_columns(table, file_schema("stories"), run_id)
    warehouse.write_table(out, f"{staging_root(run_id)}/{partition_path('stories', date)}/"
                               "part-00000.parquet")
    return out.num_rows


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
