"""Cross-document learning as its own step: a map over shards, then one reduce over the dump.

CollectLineStats (one per shard) records each document's line keys; LearnTemplates finds the
lines repeated across different stories. CleanShard reads the result through the
TEMPLATE_LINES_FILE setting.
"""

from __future__ import annotations

import luigi
import pyarrow as pa

from pipeline.shards import LINE_STATS_FILE, collect_line_stats, shard_file
from pipeline.stats import Stats
from pipeline.storage import Storage
from pipeline.templates import learn_templates
from tasks.params import IngestParameters, read_stats
from tasks.split import SplitDump, all_splits, split_dir
from tasks.targets import StorageTarget

TEMPLATES_DIR = "templates"
TEMPLATES_FILE = "template_lines.parquet"


def line_stats_dir(index: int) -> str:
    """Output directory of one shard's line statistics, relative to the work directory."""
    return f"line_stats/shard-{index:05d}"


class CollectLineStats(IngestParameters, luigi.Task):
    """The map step: every document's line keys for one shard.

    It runs the stages before TEMPLATE_STAGE to see the lines, and keeps what they made (the
    prepared articles and their rejects) for CleanShard, which carries on from there.
    """

    shard_index = luigi.IntParameter(description="Which shard of the split to read.")

    def requires(self) -> list[SplitDump]:
        """Every split task: each holds part of this shard."""
        return all_splits(self)

    def output(self) -> StorageTarget:
        """This shard's line statistics."""
        return StorageTarget(self.work_storage(), line_stats_dir(self.shard_index))

    def run(self) -> None:
        """Write the statistics to a temporary directory, then rename it into place."""
        work = self.work_storage()
        splits = [work.child(split_dir(part)) for part in range(self.split_count)]
        self.write_output(line_stats_dir(self.shard_index), lambda out: collect_line_stats(
            splits, shard_file(self.shard_index), out, self.settings))


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
        work = self.work_storage()

        def produce(out: Storage) -> Stats:
            tables = [work.read_table(line_stats_dir(i), LINE_STATS_FILE)
                      for i in range(self.shard_count)]
            templates = learn_templates(pa.concat_tables(tables))
            out.write_table(templates, TEMPLATES_FILE)
            stats = Stats()
            stats.inc("templates/lines", templates.num_rows)
            for i in range(self.shard_count):
                stats.merge(read_stats(work, line_stats_dir(i)))
            return stats

        self.write_output(TEMPLATES_DIR, produce)

    def template_file_uri(self) -> str:
        """Where CleanShard finds the template lines."""
        return self.work_storage().uri(TEMPLATES_DIR, TEMPLATES_FILE)

