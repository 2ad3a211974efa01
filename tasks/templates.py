"""Cross-document learning as its own step: a map over shards, then one reduce over the dump.

CollectLineStats (one per shard) records each document's line keys; LearnTemplates finds the
lines repeated across different stories. CleanShard reads the result through the
TEMPLATE_LINES_FILE setting.
"""

from __future__ import annotations

import time

import luigi
import pyarrow as pa

from pipeline.shards import LINE_STATS_FILE, collect_line_stats, shard_file
from pipeline.stats import Stats
from pipeline.templates import learn_templates
from tasks.params import IngestParameters, read_stats, write_stats
from tasks.split import SPLIT_DIR, SplitDump
from tasks.targets import StorageTarget

TEMPLATES_DIR = "templates"
TEMPLATES_FILE = "template_lines.parquet"


def line_stats_dir(index: int) -> str:
    """Output directory of one shard's line statistics, relative to the work directory."""
    return f"line_stats/shard-{index:05d}"


class CollectLineStats(IngestParameters, luigi.Task):
    """The map step: every document's line keys for one shard."""

    shard_index = luigi.IntParameter(description="Which shard of the split to read.")

    def requires(self) -> SplitDump:
        """The split that holds this shard."""
        return SplitDump(**self.ingest_kwargs())

    def output(self) -> StorageTarget:
        """This shard's line statistics."""
        return StorageTarget(self.work_storage(), line_stats_dir(self.shard_index))

    def run(self) -> None:
        """Write the statistics to a temporary directory, then rename it into place."""
        start = time.perf_counter()
        work = self.work_storage()
        with work.staged_directory(line_stats_dir(self.shard_index)) as tmp:
            collect_line_stats(work.child(SPLIT_DIR), shard_file(self.shard_index),
                               work.child(tmp), self.settings)
            stats = Stats()
            stats.add_time("task/CollectLineStats", time.perf_counter() - start)
            write_stats(work, tmp, stats)


class LearnTemplates(IngestParameters, luigi.Task):
    """The reduce step: the dump's template lines, from all shards' line statistics."""

    def requires(self) -> list[CollectLineStats]:
        """Every shard's line statistics."""
        return [CollectLineStats(shard_index=i, **self.ingest_kwargs())
                for i in range(self.shard_count)]

    def output(self) -> StorageTarget:
        """The template-lines directory."""
        return StorageTarget(self.work_storage(), TEMPLATES_DIR)

    def run(self) -> None:
        """Read every shard's statistics and write the template lines."""
        start = time.perf_counter()
        work = self.work_storage()
        stats = Stats()
        tables = [work.read_table(line_stats_dir(i), LINE_STATS_FILE)
                  for i in range(self.shard_count)]
        with work.staged_directory(TEMPLATES_DIR) as tmp:
            templates = learn_templates(pa.concat_tables(tables))
            work.write_table(templates, tmp, TEMPLATES_FILE)
            stats.inc("templates/lines", templates.num_rows)
            for i in range(self.shard_count):
                stats.merge(read_stats(work, line_stats_dir(i)))
            stats.add_time("task/LearnTemplates", time.perf_counter() - start)
            write_stats(work, tmp, stats)

    def template_file_uri(self) -> str:
        """Where CleanShard finds the template lines."""
        return self.work_storage().uri(TEMPLATES_DIR, TEMPLATES_FILE)

