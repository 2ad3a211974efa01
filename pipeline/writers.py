"""Streaming Parquet output: records are buffered and written a record batch at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.storage import Storage

T = TypeVar("T")

# A buffer is flushed at this many raw bytes even before it has a full batch of records, so
# that memory stays bounded when many shard files are open at once.
MAX_BUFFER_BYTES = 1024 * 1024
# The files written here are the DAG's working files: written once, read once by the next
# task on the same machine, deleted at publish. Compressing them (and dictionary-encoding
# columns of mostly distinct texts) cost five times the writing itself and slowed reading
# too, for disk space held only minutes; the warehouse's own files stay zstd (storage.py).
WORK_FILE_COMPRESSION = "none"
# Nor do they carry column statistics (min/max per page and row group): they are read whole,
# in order, never filtered, and computing the statistics (string comparisons over every text)
# was a fifth of the writing. What is read back is the same.
WORK_FILE_STATISTICS = False


def work_file_writer(storage: Storage, schema: pa.Schema, path: str) -> pq.ParquetWriter:
    """A Parquet writer for one of the DAG's working files (see WORK_FILE_COMPRESSION)."""
    return storage.parquet_writer(schema, path, compression=WORK_FILE_COMPRESSION,
                                  use_dictionary=False, write_statistics=WORK_FILE_STATISTICS)


def write_work_table(storage: Storage, table: pa.Table, path: str) -> None:
    """Write a whole table as a working file, as BatchWriter writes them."""
    with work_file_writer(storage, table.schema, path) as writer:
        writer.write_table(table)


class BatchWriter(Generic[T]):
    """Buffers records and appends them to one Parquet file in batches.

    The file is created on entry, so a writer that receives no records still leaves a valid,
    empty file with the right schema (readers downstream never have to special-case it).
    """

    def __init__(self, storage: Storage, path: str, schema: pa.Schema,
                 to_batch: Callable[[Sequence[T]], pa.RecordBatch], batch_size: int) -> None:
        self.storage = storage
        self.path = path
        self.schema = schema
        self.to_batch = to_batch
        self.batch_size = batch_size
        self.buffer: list[T] = []
        self.buffered_bytes = 0
        self.rows = 0
        self._writer: Any = None

    def __enter__(self) -> BatchWriter[T]:
        self._writer = work_file_writer(self.storage, self.schema, self.path)
        return self

    def add(self, record: T, size: int = 0) -> None:
        """Buffer one record (`size` is its approximate byte size, for the byte bound)."""
        self.buffer.append(record)
        self.buffered_bytes += size
        if len(self.buffer) >= self.batch_size or self.buffered_bytes >= MAX_BUFFER_BYTES:
            self.flush()

    def write_batch(self, batch: pa.RecordBatch) -> None:
        """Append an already-built record batch (after any buffered records)."""
        self.flush()
        if batch.num_rows:
            self._writer.write_batch(batch)
            self.rows += batch.num_rows

    def flush(self) -> None:
        """Write the buffered records as one record batch."""
        if self.buffer:
            self._writer.write_batch(self.to_batch(self.buffer))
            self.rows += len(self.buffer)
            self.buffer.clear()
            self.buffered_bytes = 0

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.flush()
        self._writer.close()
