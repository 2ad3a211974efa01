"""SplitDump: the dump's records into hash-assigned shards, with stable doc_ids."""

from __future__ import annotations

import time

import luigi

from pipeline.shards import split_dump
from pipeline.storage import Storage
from tasks.params import IngestParameters, write_stats
from tasks.targets import StorageTarget

SPLIT_DIR = "split"


class SplitDump(IngestParameters, luigi.Task):
    """Read the dump once and write `shard_count` Parquet shards plus the unreadable files."""

    def output(self) -> StorageTarget:
        """The split directory of this run."""
        return StorageTarget(self.work_storage(), SPLIT_DIR)

    def run(self) -> None:
        """Split into a temporary directory, then rename it into place."""
        start = time.perf_counter()
        work = self.work_storage()
        with work.staged_directory(SPLIT_DIR) as tmp:
            stats = split_dump(Storage(self.dump), work.child(tmp), self.shard_count,
                               self.settings)
            stats.add_time("task/SplitDump", time.perf_counter() - start)
            write_stats(work, tmp, stats)
