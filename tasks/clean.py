"""CleanShard: one shard's prepared articles through the remaining stages, into cleaned articles."""

from __future__ import annotations

import luigi

from pipeline.shards import clean_shard
from tasks.params import IngestParameters
from tasks.targets import StorageTarget
from tasks.templates import CollectLineStats, LearnTemplates, line_stats_dir


def clean_dir(index: int) -> str:
    """Output directory of shard `index`, relative to the work directory."""
    return f"clean/shard-{index:05d}"


class CleanShard(IngestParameters, luigi.Task):
    """Clean shard `shard_index`; one task per shard, never one per article."""

    shard_index = luigi.IntParameter(description="Which shard of the split to clean.")

    def requires(self) -> dict[str, luigi.Task]:
        """This shard's prepared articles, and the dump's template lines."""
        return {"prepared": CollectLineStats(shard_index=self.shard_index,
                                             **self.ingest_kwargs()),
                "templates": LearnTemplates(**self.ingest_kwargs())}

    def output(self) -> StorageTarget:
        """This shard's cleaned directory."""
        return StorageTarget(self.work_storage(), clean_dir(self.shard_index))

    def run(self) -> None:
        """Clean into a temporary directory, then rename it into place."""
        templates = self.requires()["templates"].template_file_uri()
        settings = self.settings.with_overrides({"TEMPLATE_LINES_FILE": templates},
                                                source="LearnTemplates")
        prepared = self.work_storage().child(line_stats_dir(self.shard_index))
        self.write_output(clean_dir(self.shard_index), lambda out: clean_shard(
            prepared, out, settings))
