"""Parameters shared by every task of one ingest, and what is derived from them.

The working directory of a run is keyed by the ingest date, a fingerprint of the dump's
listing and the shard and split counts: a re-run after a failure reuses the shards already
cleaned, and a changed dump never reuses stale ones.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import luigi

from pipeline.config import Settings, load_settings
from pipeline.readers import DumpListing, dump_fingerprint, list_dump
from pipeline.stats import Stats
from pipeline.storage import Storage
from pipeline.warehouse import WORK_DIR, date_partition

# One listing per (dump, date) per process: every task of a run needs the fingerprint, and a
# dump of hundreds of thousands of files should be listed once, not once per task.
_LISTINGS: dict[tuple[str, dt.date], ListedDump] = {}
STATS_FILE = "stats.json"


@dataclass(frozen=True)
class ListedDump:
    """A dump's listing and what the tasks derive from it, each computed once.

    Luigi asks every task for its output and requirements many times, and each answer needs
    the fingerprint and the shard count: computed per call, they went over the whole
    listing about 300 times in an ingest of 793 files (0.08 s), more for a larger dump.
    """

    listing: DumpListing
    fingerprint: str
    total_bytes: int

    @classmethod
    def of(cls, listing: DumpListing) -> ListedDump:
        """The listing with its fingerprint and total size."""
        return cls(listing, dump_fingerprint(listing),
                   sum(size for _, size, _, _ in listing.files))


def listed_dump(dump: str, date: dt.date) -> ListedDump:
    """The cached listing of `dump` for this run, with its fingerprint and size."""
    key = (dump, date)
    if key not in _LISTINGS:
        _LISTINGS[key] = ListedDump.of(list_dump(Storage(dump)))
    return _LISTINGS[key]


def dump_listing(dump: str, date: dt.date) -> DumpListing:
    """The cached listing of `dump` for this run."""
    return listed_dump(dump, date).listing


def auto_shard_count(total_bytes: int, settings: Settings) -> int:
    """One shard per SHARD_TARGET_BYTES of input, at least one, at most MAX_SHARDS."""
    wanted = math.ceil(total_bytes / settings.getint("SHARD_TARGET_BYTES"))
    return max(1, min(settings.getint("MAX_SHARDS"), wanted))


class IngestParameters:
    """Mixin with the parameters that identify one ingest (a dump for a date)."""

    dump = luigi.Parameter(description="Directory (local path or URI) holding the raw dump.")
    warehouse = luigi.Parameter(description="Warehouse root (local path or URI).")
    date = luigi.DateParameter(description="Ingest date: the partition this run publishes.")
    shards = luigi.IntParameter(
        default=0, description="Number of shards; 0 picks one per SHARD_TARGET_BYTES of input.")

    def ingest_kwargs(self) -> dict[str, object]:
        """The shared parameters, for building the tasks this one requires."""
        return {"dump": self.dump, "warehouse": self.warehouse, "date": self.date,
                "shards": self.shards}

    @property
    def settings(self) -> Settings:
        """Pipeline settings (defaults plus the INGEST_SETTINGS module, if any)."""
        return load_settings()

    @property
    def listing(self) -> DumpListing:
        """The dump's files, listed once per process."""
        return dump_listing(self.dump, self.date)

    @property
    def fingerprint(self) -> str:
        """Fingerprint of the dump's listing."""
        return listed_dump(self.dump, self.date).fingerprint

    @property
    def shard_count(self) -> int:
        """`shards`, or the automatic count when it is 0."""
        return self.shards or auto_shard_count(listed_dump(self.dump, self.date).total_bytes,
                                               self.settings)

    @property
    def split_count(self) -> int:
        """How many tasks split the dump: SPLIT_TASKS, fewer for a dump of few shards.

        Like the shard count it depends only on the dump, never on the worker count, so the
        output is the same however many workers run.
        """
        return max(1, min(self.settings.getint("SPLIT_TASKS"), self.shard_count))

    def warehouse_storage(self) -> Storage:
        """The warehouse root."""
        return Storage(self.warehouse)

    def work_storage(self) -> Storage:
        """This run's private working directory under `_work/`."""
        key = f"{self.fingerprint[:16]}-s{self.shard_count}-p{self.split_count}"
        return self.warehouse_storage().child(WORK_DIR, date_partition(self.date), key)

    def write_output(self, directory: str, produce: Callable[[Storage], Stats]) -> None:
        """Run `produce` into a temporary directory, then rename it to `directory`.

        `produce` writes into the storage it is given and returns its stats; the task's own
        time is added under `task/<TaskName>` and the stats are written next to the output,
        so the directory existing means the task is complete.
        """
        start = time.perf_counter()
        work = self.work_storage()
        with work.staged_directory(directory) as tmp:
            stats = produce(work.child(tmp))
            stats.add_time(f"task/{type(self).__name__}", time.perf_counter() - start)
            write_stats(work, tmp, stats)


def write_stats(storage: Storage, directory: str, stats: Stats) -> None:
    """Write a task's stats next to its output."""
    storage.write_bytes(stats.to_json().encode(), f"{directory}/{STATS_FILE}")


def read_stats(storage: Storage, directory: str) -> Stats:
    """Read the stats a task wrote."""
    return Stats.from_mapping(json.loads(storage.read_bytes(f"{directory}/{STATS_FILE}")))
