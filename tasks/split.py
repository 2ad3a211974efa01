"""SplitDump: the dump's records into hash-assigned shards, with stable doc_ids.

Reading and hashing a large dump is the one step every other task waits for, so it runs as
several tasks, each over a consecutive share of the dump's files (about equal bytes). Task
`part` writes its records of shard i to `split/part-<part>/shard-<i>.parquet`; reading the
parts in order gives each shard's records in the dump's own order.
"""

from __future__ import annotations

import luigi

from pipeline.readers import split_listing
from pipeline.shards import split_dump
from pipeline.storage import Storage
from tasks.params import IngestParameters
from tasks.targets import StorageTarget

SPLIT_DIR = "split"


def split_dir(part: int) -> str:
    """Output directory of split task `part`, relative to the work directory."""
    return f"{SPLIT_DIR}/part-{part:03d}"


class SplitDump(IngestParameters, luigi.Task):
    """Read one share of the dump and write its records into `shard_count` Parquet shards."""

    part = luigi.IntParameter(default=0, description="Which share of the dump's files to read.")

    def output(self) -> StorageTarget:
        """This share's split directory."""
        return StorageTarget(self.work_storage(), split_dir(self.part))

    def run(self) -> None:
        """Split into a temporary directory, then rename it into place."""
        share = split_listing(self.listing, self.split_count)[self.part]
        self.write_output(split_dir(self.part), lambda out: split_dump(
            Storage(self.dump), out, self.shard_count, self.settings, share))


def all_splits(task: IngestParameters) -> list[SplitDump]:
    """Every split task of `task`'s ingest, in dump order."""
    return [SplitDump(part=part, **task.ingest_kwargs()) for part in range(task.split_count)]
