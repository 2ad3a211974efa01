"""CleanShard: one shard through the item pipeline, into cleaned articles and rejects."""

from __future__ import annotations

import luigi

from pipeline.shards import clean_shard, shard_file
from tasks.params import IngestParameters
from tasks.split import SPLIT_DIR, SplitDump
from tasks.targets import StorageTarget
from tasks.templates import LearnTemplates


def clean_dir(index: int) -> str:
    """Output directory of shard `index`, relative to the work directory."""
    return f"clean/shard-{index:05d}"


class CleanShard(IngestParameters, luigi.Task):
    """Clean shard `shard_index`; one task per shard, never one per article."""

    shard_index = luigi.IntParameter(description="Which shard of the split to clean.")

    def requires(self) -> dict[str, luigi.Task]:
        """The split that holds this shard, and the dump's template lines."""
        return {"split": SplitDump(**self.ingest_kwargs()),
                "templates": LearnTemplates(**self.ingest_kwargs())}

    def output(self) -> StorageTarget:
        """This shard's cleaned directory."""
        return StorageTarget(self.work_storage(), clean_dir(self.shard_index))

    def run(self) -> None:
        """Clean into a temporary directory, then rename it into place."""
        templates = self.requires()["templates"].template_file_uri()
        settings = self.settings.with_overrides({"TEMPLATE_LINES_FILE": templates},
                                                source="LearnTemplates")
        split = self.work_storage().child(SPLIT_DIR)
        self.write_output(clean_dir(self.shard_index), lambda out: clean_shard(
            split, shard_file(self.shard_index), out, settings))
