"""SplitDump: the dump's records into hash-assigned shards, with stable doc_ids."""

from __future__ import annotations

import luigi

from pipeline.shards import split_dump
from pipeline.storage import Storage
from tasks.params import IngestParameters
from tasks.targets import StorageTarget

SPLIT_DIR = "split"


class SplitDump(IngestParameters, luigi.Task):
    """Read the dump once and write `shard_count` Parquet shards plus the unreadable files."""

    def output(self) -> StorageTarget:
        """The split directory of this run."""
        return StorageTarget(self.work_storage(), SPLIT_DIR)

    def run(self) -> None:
        """Split into a temporary directory, then rename it into place."""
        self.write_output(SPLIT_DIR, lambda out: split_dump(
            Storage(self.dump), out, self.shard_count, self.settings))
