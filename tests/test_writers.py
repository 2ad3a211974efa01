"""Working files: what BatchWriter writes reads back as written, without statistics."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.storage import Storage
from pipeline.writers import BatchWriter, write_work_table

SCHEMA = pa.schema([
    pa.field("name", pa.string()),
    pa.field("day", pa.date32()),
    pa.field("counts", pa.map_(pa.string(), pa.int32())),
])
ROWS = [("é", dt.date(2026, 11, 23), [("a", 1)]), (None, None, []), ("z\n", None, None)]


def rows_batch(rows: list[tuple]) -> pa.RecordBatch:
    """The rows as a batch of SCHEMA."""
    return pa.RecordBatch.from_pydict({name: [row[i] for row in rows]
                                       for i, name in enumerate(SCHEMA.names)}, schema=SCHEMA)


def test_batches_read_back_as_written_without_statistics(tmp_path):
    storage = Storage(str(tmp_path))
    with BatchWriter[tuple](storage, "deep/er/file.parquet", SCHEMA, rows_batch, 2) as writer:
        for row in ROWS:
            writer.add(row)
    path = tmp_path / "deep" / "er" / "file.parquet"
    assert pq.read_table(path).equals(pa.Table.from_batches([rows_batch(ROWS)]))
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_row_groups == 2
    assert not any(metadata.row_group(group).column(column).is_stats_set
                   for group in range(metadata.num_row_groups)
                   for column in range(metadata.num_columns))


def test_an_empty_writer_and_a_whole_table_leave_readable_files(tmp_path):
    storage = Storage(str(tmp_path))
    with BatchWriter[tuple](storage, "empty.parquet", SCHEMA, rows_batch, 2):
        pass
    assert pq.read_table(tmp_path / "empty.parquet").schema.equals(SCHEMA)
    table = pa.Table.from_batches([rows_batch(ROWS)])
    write_work_table(storage, table, "whole.parquet")
    assert pq.read_table(tmp_path / "whole.parquet").equals(table)
